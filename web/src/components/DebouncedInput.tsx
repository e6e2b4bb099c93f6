import { useEffect, useId, useState } from 'react'
import { useDebounced } from '../lib/useDebounced'

interface Props {
  label: string
  value: string
  onCommit: (value: string) => void
  delayMs?: number
  type?: 'search' | 'text'
  placeholder?: string
  id?: string
  className?: string
}

/**
 * A text box that commits its value after a pause in typing. The committed value lives outside
 * (in the URL), so when it changes from outside (the back button) the box follows it, without
 * ever overwriting what the user is typing at that moment.
 */
export function DebouncedInput({ label, value, onCommit, delayMs = 200, type = 'text', placeholder, id, className }: Props) {
  const generatedId = useId()
  const inputId = id ?? generatedId
  const [text, setText] = useState(value)
  const debounced = useDebounced(text, delayMs)

  useEffect(() => {
    if (debounced !== value) onCommit(debounced)
    // Only a new debounced value is a reason to commit; `value` catching up must not re-commit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced])

  useEffect(() => {
    if (value !== debounced) setText(value)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])

  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type={type}
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          // Enter commits at once, for people who type and press Enter without waiting.
          if (event.key === 'Enter' && text !== value) onCommit(text)
        }}
      />
    </div>
  )
}
