import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { User } from '../api/types'
import { fieldLabel } from '../customers/fieldErrors'
import { userLabel } from '../customers/useUsers'
import { formatSize } from '../documents/format'
import { useFormatters } from '../lib/format'
import type { HistorySubject } from './historyApi'

/** The field's name as the card shows it, from the existing catalogs where the card has the field. */
export function historyFieldLabel(subject: HistorySubject, field: string, t: TFunction, exists: (key: string) => boolean): string {
  if (subject === 'customer') {
    if (field === 'billing_address') return t('card.billing')
    if (field === 'delivery_address') return t('card.delivery')
    if (field === 'contacts') return t('card.contacts')
    return fieldLabel(field, t)
  }
  const key = `history.fields.${subject}.${field}`
  return exists(key) ? t(key) : fieldLabel(field, t)
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function addressLine(value: Record<string, Json>): string {
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : '')
  return [text('street'), [text('postal_code'), text('city')].filter(Boolean).join(' '), text('country')].filter(Boolean).join(', ')
}

/** One line for an element of a relation: a contact, a participant, an address, or anything else. */
function objectLine(value: Record<string, Json>, users: Map<number, User>): string {
  if ('street' in value || 'city' in value || 'postal_code' in value) return addressLine(value)
  if ('name' in value || 'email' in value) {
    return ['name', 'role', 'email', 'phone', 'note']
      .map((key) => value[key])
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join(' · ')
  }
  if (typeof value.user_id === 'number') return userLabel(users.get(value.user_id)) || `#${value.user_id}`
  return Object.entries(value)
    .filter(([key, part]) => key !== 'id' && !isEmpty(part))
    .map(([key, part]) => `${key}: ${typeof part === 'object' ? JSON.stringify(part) : String(part)}`)
    .join(', ')
}

interface Props {
  subject: HistorySubject
  field: string
  value: unknown
  users: Map<number, User>
}

/** A before/after value in words: enums from the catalogs, people by name, relations as lists, never raw JSON. */
export function HistoryValue({ subject, field, value, users }: Props) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  if (isEmpty(value)) return <span className="muted">{t('history.emptyValue')}</span>
  if (typeof value === 'boolean') return <>{value ? t('history.yes') : t('history.no')}</>

  if (typeof value === 'string') {
    const enumKey =
      subject === 'customer' && field === 'status'
        ? `customer.status.${value}`
        : subject === 'customer' && field === 'kind'
          ? `customer.kind.${value}`
          : subject === 'note' && field === 'kind'
            ? `history.values.noteKind.${value}`
            : subject === 'task' && field === 'status'
              ? `history.values.taskStatus.${value}`
              : subject === 'task' && field === 'priority'
                ? `history.values.taskPriority.${value}`
                : null
    if (enumKey && i18n.exists(enumKey)) return <>{t(enumKey)}</>
    if (field === 'occurred_at' || field.endsWith('_at')) return <time dateTime={value}>{format.dateTime(value)}</time>
    return <span className="history-text">{value}</span>
  }

  if (typeof value === 'number') {
    if (field === 'owner_id' || field === 'assignee_id' || field === 'user_id') return <>{userLabel(users.get(value)) || `#${value}`}</>
    if (subject === 'document' && field === 'size') return <>{formatSize(value, i18n.language)}</>
    return <>{format.number(value)}</>
  }

  if (Array.isArray(value)) {
    return (
      <ul className={`history-list${value.every((item) => typeof item === 'string') ? ' history-chips' : ''}`}>
        {value.map((item, index) => (
          <li key={index}>{isObject(item) ? objectLine(item, users) : String(item)}</li>
        ))}
      </ul>
    )
  }

  if (isObject(value)) return <>{objectLine(value, users) || t('history.emptyValue')}</>
  return <>{String(value)}</>
}
