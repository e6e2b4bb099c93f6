import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { User } from '../api/types'
import { DebouncedInput } from '../components/DebouncedInput'
import { useFormatters } from '../lib/format'
import type { FilterParam } from './listQuery'
import { userLabel } from './useUsers'

/** One chip per field; a field may own several parameters (a date range). */
export const FILTER_FIELDS = [
  'status',
  'kind',
  'owner',
  'tags_any',
  'tags_all',
  'city',
  'country',
  'created',
  'updated',
  'open_tasks',
  'overdue_tasks',
  'last_contact',
] as const
export type FilterField = (typeof FILTER_FIELDS)[number]

const FIELD_PARAMS: Record<FilterField, FilterParam[]> = {
  status: ['status'],
  kind: ['kind'],
  owner: ['owner_id'],
  tags_any: ['tags_any'],
  tags_all: ['tags_all'],
  city: ['city'],
  country: ['country'],
  created: ['created_from', 'created_to'],
  updated: ['updated_from', 'updated_to'],
  open_tasks: ['has_open_tasks'],
  overdue_tasks: ['has_overdue_tasks'],
  last_contact: ['last_contact_older_than_days'],
}

/** What adding a chip sets at once: a checkbox filter means "yes" until unticked; the others wait for a value. */
const INITIAL: Partial<Record<FilterField, Partial<Record<FilterParam, string>>>> = {
  open_tasks: { has_open_tasks: 'true' },
  overdue_tasks: { has_overdue_tasks: 'true' },
}

const STATUSES = ['lead', 'active', 'inactive'] as const
const KINDS = ['company', 'person'] as const

export type FilterChanges = Partial<Record<FilterParam, string | null>>

interface Props {
  filters: Partial<Record<FilterParam, string>>
  users: User[]
  onChange: (changes: FilterChanges, replace?: boolean) => void
}

const splitList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

export function FilterChips({ filters, users, onChange }: Props) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const [pending, setPending] = useState<FilterField[]>([])
  const [open, setOpen] = useState<FilterField | null>(null)
  const [focusOnOpen, setFocusOnOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const addMenuRef = useRef<HTMLDetailsElement>(null)
  const baseId = useId()

  const hasValue = (field: FilterField) => FIELD_PARAMS[field].some((param) => Boolean(filters[param]))
  const active = FILTER_FIELDS.filter((field) => hasValue(field) || pending.includes(field))
  const available = FILTER_FIELDS.filter((field) => !active.includes(field))

  useEffect(() => {
    if (!open) return
    const onPointer = (event: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(null)
    }
    document.addEventListener('mousedown', onPointer)
    return () => document.removeEventListener('mousedown', onPointer)
  }, [open])

  useEffect(() => {
    if (!open || !focusOnOpen) return
    setFocusOnOpen(false)
    // A new chip opens its editor with the first control focused, so keyboard users can set it at once.
    const panel = document.getElementById(`${baseId}-${open}-panel`)
    panel?.querySelector<HTMLElement>('input, select')?.focus()
  }, [open, focusOnOpen, baseId])

  const add = (field: FilterField) => {
    setPending((current) => [...current, field])
    if (INITIAL[field]) onChange(INITIAL[field]!)
    setOpen(field)
    setFocusOnOpen(true)
    if (addMenuRef.current) addMenuRef.current.open = false
  }

  const remove = (field: FilterField) => {
    setPending((current) => current.filter((item) => item !== field))
    if (open === field) setOpen(null)
    onChange(Object.fromEntries(FIELD_PARAMS[field].map((param) => [param, null])))
    addMenuRef.current?.querySelector('summary')?.focus()
  }

  const userName = (id: string) =>
    id === 'none' ? t('list.chips.noOwner') : userLabel(users.find((user) => String(user.id) === id)) || `#${id}`
  const day = (value: string | undefined) => {
    if (!value) return '…'
    const date = new Date(`${value}T12:00:00`)
    return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(i18n.language).format(date)
  }

  const summary = (field: FilterField): string => {
    switch (field) {
      case 'status':
        return splitList(filters.status)
          .map((status) => t(`customer.status.${status}`))
          .join(', ')
      case 'kind':
        return filters.kind ? t(`customer.kind.${filters.kind}`) : ''
      case 'owner':
        return splitList(filters.owner_id).map(userName).join(', ')
      case 'tags_any':
      case 'tags_all':
      case 'city':
      case 'country':
        return splitList(filters[field]).join(', ')
      case 'created':
      case 'updated': {
        const from = filters[`${field}_from`]
        const to = filters[`${field}_to`]
        return from || to ? `${day(from)} – ${day(to)}` : ''
      }
      case 'open_tasks':
        return filters.has_open_tasks ? t(filters.has_open_tasks === 'true' ? 'list.chips.yes' : 'list.chips.no') : ''
      case 'overdue_tasks':
        return filters.has_overdue_tasks
          ? t(filters.has_overdue_tasks === 'true' ? 'list.chips.yes' : 'list.chips.no')
          : ''
      case 'last_contact':
        return filters.last_contact_older_than_days
          ? t('list.chips.daysValue', { count: Number(filters.last_contact_older_than_days) })
          : ''
    }
  }

  const toggleListItem = (param: FilterParam, item: string, checked: boolean, order: readonly string[]) => {
    const current = new Set(splitList(filters[param]))
    if (checked) current.add(item)
    else current.delete(item)
    const ordered = [...order.filter((value) => current.has(value)), ...[...current].filter((value) => !order.includes(value))]
    onChange({ [param]: ordered.length ? ordered.join(',') : null })
  }

  const editor = (field: FilterField): ReactNode => {
    const id = (suffix: string) => `${baseId}-${field}-${suffix}`
    switch (field) {
      case 'status':
        return (
          <fieldset>
            <legend>{t('list.chips.field.status')}</legend>
            {STATUSES.map((status) => (
              <label key={status} className="checkbox">
                <input
                  type="checkbox"
                  checked={splitList(filters.status).includes(status)}
                  onChange={(event) => toggleListItem('status', status, event.target.checked, STATUSES)}
                />
                {t(`customer.status.${status}`)}
              </label>
            ))}
          </fieldset>
        )
      case 'kind':
        return (
          <fieldset>
            <legend>{t('list.chips.field.kind')}</legend>
            {KINDS.map((kind) => (
              <label key={kind} className="checkbox">
                <input
                  type="radio"
                  name={id('radio')}
                  checked={filters.kind === kind}
                  onChange={() => onChange({ kind })}
                />
                {t(`customer.kind.${kind}`)}
              </label>
            ))}
          </fieldset>
        )
      case 'owner': {
        const sorted = [...users].sort((a, b) => format.compare(userLabel(a), userLabel(b)))
        const order = ['none', ...sorted.map((user) => String(user.id))]
        return (
          <fieldset className="chip-options">
            <legend>{t('list.chips.field.owner')}</legend>
            {order.map((value) => (
              <label key={value} className="checkbox">
                <input
                  type="checkbox"
                  checked={splitList(filters.owner_id).includes(value)}
                  onChange={(event) => toggleListItem('owner_id', value, event.target.checked, order)}
                />
                {userName(value)}
              </label>
            ))}
          </fieldset>
        )
      }
      case 'tags_any':
      case 'tags_all':
      case 'city':
        return (
          <>
            <DebouncedInput
              id={id('input')}
              label={t(`list.chips.input.${field}`)}
              value={filters[field] ?? ''}
              delayMs={400}
              onCommit={(value, replace) => onChange({ [field]: value.trim() || null }, replace)}
            />
            <p className="hint">{t('list.chips.commaHint')}</p>
          </>
        )
      case 'country':
        return <CountryEditor id={id('input')} value={filters.country ?? ''} onChange={onChange} />
      case 'created':
      case 'updated':
        return (
          <div className="chip-range">
            {(['from', 'to'] as const).map((end) => {
              const param = `${field}_${end}` as FilterParam
              return (
                <div className="field" key={end}>
                  <label htmlFor={id(end)}>{t(`list.chips.range.${field}.${end}`)}</label>
                  <input
                    id={id(end)}
                    type="date"
                    value={filters[param] ?? ''}
                    onChange={(event) => onChange({ [param]: event.target.value || null })}
                  />
                </div>
              )
            })}
          </div>
        )
      case 'open_tasks':
      case 'overdue_tasks': {
        const param: FilterParam = field === 'open_tasks' ? 'has_open_tasks' : 'has_overdue_tasks'
        return (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filters[param] !== 'false'}
              onChange={(event) => onChange({ [param]: event.target.checked ? 'true' : 'false' })}
            />
            {t(`list.chips.check.${field}`)}
          </label>
        )
      }
      case 'last_contact':
        return <DaysEditor id={id('input')} value={filters.last_contact_older_than_days ?? ''} onChange={onChange} />
    }
  }

  return (
    <div className="filter-chips" ref={rootRef} role="group" aria-label={t('list.chips.groupLabel')}>
      {active.map((field) => {
        const panelId = `${baseId}-${field}-panel`
        const text = summary(field)
        const title = t(`list.chips.field.${field}`)
        return (
          <div
            key={field}
            className={`chip${open === field ? ' chip-open' : ''}`}
            data-filter={field}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && open === field) {
                event.stopPropagation()
                setOpen(null)
                rootRef.current?.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(panelId)}"]`)?.focus()
              }
            }}
          >
            <button
              type="button"
              className="chip-toggle"
              aria-expanded={open === field}
              aria-controls={panelId}
              onClick={() => setOpen(open === field ? null : field)}
            >
              <span className="chip-title">{title}:</span> {text || <span className="muted">{t('list.chips.choose')}</span>}
            </button>
            <button
              type="button"
              className="chip-remove"
              aria-label={t('list.chips.remove', { field: title })}
              onClick={() => remove(field)}
            >
              <span aria-hidden="true">×</span>
            </button>
            {open === field && (
              <div className="chip-panel" id={panelId}>
                {editor(field)}
              </div>
            )}
          </div>
        )
      })}
      {available.length > 0 && (
        <details className="menu add-filter" ref={addMenuRef}>
          <summary>{t('list.chips.add')}</summary>
          <ul className="menu-panel" aria-label={t('list.chips.add')}>
            {available.map((field) => (
              <li key={field}>
                <button type="button" className="menu-item" onClick={() => add(field)}>
                  {t(`list.chips.field.${field}`)}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

/** Only two-letter codes go to the server; anything else would be a 400 for the whole list. */
function CountryEditor({ id, value, onChange }: { id: string; value: string; onChange: Props['onChange'] }) {
  const { t } = useTranslation()
  const [error, setError] = useState(false)
  return (
    <div className={error ? 'field-invalid' : undefined}>
      <DebouncedInput
        id={id}
        label={t('list.chips.input.country')}
        value={value}
        delayMs={400}
        onCommit={(text, replace) => {
          const codes = splitList(text).map((code) => code.toUpperCase())
          const valid = codes.every((code) => /^[A-Z]{2}$/.test(code))
          setError(!valid)
          if (valid) onChange({ country: codes.length ? codes.join(',') : null }, replace)
        }}
      />
      <p className={error ? 'field-error' : 'hint'} role={error ? 'alert' : undefined}>
        {t(error ? 'list.chips.countryInvalid' : 'list.chips.countryHint')}
      </p>
    </div>
  )
}

function DaysEditor({ id, value, onChange }: { id: string; value: string; onChange: Props['onChange'] }) {
  const { t } = useTranslation()
  const [text, setText] = useState(value)
  useEffect(() => setText(value), [value])
  return (
    <div className="field">
      <label htmlFor={id}>{t('list.chips.input.last_contact')}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={36500}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          const days = Number(event.target.value)
          if (event.target.value === '') onChange({ last_contact_older_than_days: null }, true)
          else if (Number.isInteger(days) && days >= 1 && days <= 36500)
            onChange({ last_contact_older_than_days: String(days) }, true)
        }}
      />
    </div>
  )
}
