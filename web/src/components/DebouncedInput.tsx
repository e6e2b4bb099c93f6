import { useEffect, useId, useRef, useState } from 'react'

interface Props {
  label: string
  value: string
  /** `replace` is true for commits that refine one typing burst, so the burst is one history entry. */
  onCommit: (value: string, replace: boolean) => void
  delayMs?: number
  type?: 'search' | 'text'
  placeholder?: string
  id?: string
  className?: string
}

/**
 * A text box that commits what is typed with a leading-and-trailing debounce: the first keystroke
 * after a pause commits at once (so a single correction updates the list without waiting), and
 * the keystrokes of a fast burst are coalesced into one commit `delayMs` after the last of them.
 * The committed value lives outside (in the URL); when it changes from outside (the back button)
 * the box follows it, without overwriting what the user is typing at that moment.
 */
export function DebouncedInput({ label, value, onCommit, delayMs = 200, type = 'text', placeholder, id, className }: Props) {
  const generatedId = useId()
  const inputId = id ?? generatedId
  const [text, setText] = useState(value)
  const committed = useRef(value)
  const lastKeyAt = useRef(-Infinity)
  const timer = useRef<number | undefined>(undefined)

  const commit = (next: string, replace: boolean) => {
    window.clearTimeout(timer.current)
    if (next === committed.current) return
    committed.current = next
    onCommit(next, replace)
  }

  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value
      window.clearTimeout(timer.current)
      setText(value)
    }
  }, [value])

  useEffect(() => () => window.clearTimeout(timer.current), [])

  const change = (next: string) => {
    setText(next)
    const now = performance.now()
    const afterPause = now - lastKeyAt.current >= delayMs
    lastKeyAt.current = now
    if (afterPause) commit(next, false)
    else {
      window.clearTimeout(timer.current)
      timer.current = window.setTimeout(() => commit(next, true), delayMs)
    }
  }

  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type={type}
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(event) => change(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit(text, true)
        }}
      />
    </div>
  )
}
