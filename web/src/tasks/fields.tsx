import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'
import { localizedFieldErrors } from '../lib/errors'

/** Catalog keys for the note and task fields the server may name in a 422. */
const WORK_FIELD_KEYS: Record<string, string> = {
  kind: 'notes.fields.kind',
  occurred_at: 'notes.fields.occurredAt',
  place: 'notes.fields.place',
  subject: 'notes.fields.subject',
  body: 'notes.fields.body',
  conclusions: 'notes.fields.conclusions',
  next_steps: 'notes.fields.nextSteps',
  participants: 'notes.fields.participants',
  title: 'tasks.fields.title',
  description: 'tasks.fields.description',
  assignee_id: 'tasks.fields.assignee',
  due_date: 'tasks.fields.dueDate',
  due_time: 'tasks.fields.dueTime',
  priority: 'tasks.fields.priority',
  status: 'tasks.fields.status',
  note_id: 'tasks.fields.note',
  customer_id: 'tasks.customer',
}

/** Field error codes of the notes and tasks API that the shared catalog (lib/errors.ts) does not know. */
const WORK_ERROR_KEYS: Record<string, string> = {
  'date.invalid': 'work.errors.dateInvalid',
  'time.invalid': 'work.errors.timeInvalid',
  'assignee.missing': 'work.errors.assigneeMissing',
  'assignee.inactive': 'work.errors.assigneeInactive',
  'participant.one_of': 'work.errors.participantOneOf',
  duplicate: 'work.errors.duplicate',
  'enum.kind': 'work.errors.kind',
  'enum.priority': 'work.errors.priority',
  'enum.status': 'work.errors.status',
  'customer.trashed': 'work.errors.customerTrashed',
}

/** Field path -> text in the UI language; unknown codes fall back as in localizedFieldErrors. */
export function workFieldErrors(error: unknown, t: TFunction): Record<string, string> {
  const errors = localizedFieldErrors(error, t)
  if (!(error instanceof ApiError)) return errors
  const codes = error.problem.error_codes ?? {}
  for (const path of Object.keys(errors)) {
    const key = WORK_ERROR_KEYS[codes[path] ?? '']
    if (key) errors[path] = t(key)
  }
  return errors
}

export function workFieldLabel(path: string, t: TFunction): string {
  // participants[2].contact_id and the like belong to the participants picker.
  const root = /^(\w+)/.exec(path)?.[1] ?? path
  const key = WORK_FIELD_KEYS[path] ?? WORK_FIELD_KEYS[root]
  return key ? t(key) : path
}

/** Errors at fields the form shows are repeated here too, so a screen reader hears all of them at once. */
export function WorkErrorSummary({ errors }: { errors: Record<string, string> }) {
  const { t } = useTranslation()
  if (Object.keys(errors).length === 0) return null
  return (
    <div role="alert" className="banner banner-error">
      <p>{t('form.fixErrors')}</p>
      <ul>
        {Object.entries(errors).map(([path, message]) => (
          <li key={path}>
            {workFieldLabel(path, t)}: {message}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** The first error whose path is `field` or one of its elements (participants[0].user_id). */
export function errorAt(errors: Record<string, string>, field: string): string | undefined {
  if (errors[field]) return errors[field]
  const nested = Object.entries(errors).find(([path]) => path.startsWith(`${field}[`) || path.startsWith(`${field}.`))
  return nested?.[1]
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** "2026-12-01" (+ "14:30") in the UI language; a calendar date, so it is formatted in UTC to avoid a day shift. */
export function formatDue(date: string | null, time: string | null, language: string): string {
  if (!date) return ''
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return date
  let format = dateFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' })
    dateFormats.set(language, format)
  }
  const text = format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))))
  return time ? `${text} ${time}` : text
}

/** RFC 3339 instant -> value for <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(value: string | null | undefined): string {
  const date = value ? new Date(value) : new Date()
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** The inverse of toLocalInput; an empty or unparsable input is sent as typed so the server names the field. */
export function fromLocalInput(value: string): string {
  const date = new Date(value)
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : value
}

interface SelectFieldProps {
  id: string
  label: string
  value: string
  error?: string
  onValueChange: (value: string) => void
  children: React.ReactNode
}

/** A labelled <select> with its server error tied to it, the select twin of components/Field. */
export function SelectField({ id, label, value, error, onValueChange, children }: SelectFieldProps) {
  const errorId = `${id}-error`
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onValueChange(event.target.value)}
      >
        {children}
      </select>
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}

/** After a 412 the form shows the current version; what the user typed stays readable here. */
export function UnsavedCopy({ values }: { values: [string, string][] }) {
  const { t } = useTranslation()
  const shown = values.filter(([, value]) => value.trim() !== '')
  if (shown.length === 0) return null
  return (
    <details className="unsaved-copy">
      <summary>{t('work.unsavedCopy')}</summary>
      <dl>
        {shown.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  )
}
