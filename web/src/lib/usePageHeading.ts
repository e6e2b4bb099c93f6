import { useEffect, useRef } from 'react'

/**
 * Moves focus to the page's <h1> after a client-side navigation and sets the document title,
 * so screen reader users hear where they landed (a SPA otherwise keeps focus on the clicked link).
 */
export function usePageHeading<T extends HTMLElement = HTMLHeadingElement>(title: string | undefined, focusKey?: unknown) {
  const ref = useRef<T>(null)
  useEffect(() => {
    if (title) document.title = `${title} · Kartotéka`
  }, [title])
  useEffect(() => {
    ref.current?.focus()
  }, [focusKey])
  return ref
}
