import { useId, type InputHTMLAttributes, type ReactNode } from 'react'

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode
  error?: string
  hint?: string
  /** A stable id lets tests and labels in other places point at the input. */
  id?: string
  multiline?: boolean
  onValueChange?: (value: string) => void
}

/** A labelled input whose server error is announced and tied to it with aria-describedby. */
export function Field({ label, error, hint, id, multiline, onValueChange, className, ...inputProps }: FieldProps) {
  const generatedId = useId()
  const inputId = id ?? generatedId
  const errorId = `${inputId}-error`
  const hintId = `${inputId}-hint`
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined
  const common = {
    id: inputId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  }
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {multiline ? (
        <textarea
          {...common}
          name={inputProps.name}
          value={inputProps.value as string}
          disabled={inputProps.disabled}
          rows={4}
          onChange={(event) => onValueChange?.(event.target.value)}
        />
      ) : (
        <input
          {...inputProps}
          {...common}
          onChange={(event) => {
            inputProps.onChange?.(event)
            onValueChange?.(event.target.value)
          }}
        />
      )}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}
