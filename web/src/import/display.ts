import type { i18n as I18n, TFunction } from 'i18next'
import type { Customer, User } from '../api/types'
import type { RowIssue } from './importApi'

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}

/**
 * The issue in the UI language when the catalog knows its code; otherwise the server's own message, so a code
 * this UI does not know yet still says what is wrong.
 */
export function issueText(issue: RowIssue, t: TFunction, i18n: I18n): string {
  const key = `import.issue.${issue.code}`
  if (issue.code && i18n.exists(key)) {
    const text = t(key)
    if (typeof text === 'string') return text
  }
  return issue.message || issue.code
}

export function columnLabel(key: string, t: TFunction): string {
  return t(`import.column.${key}`, { defaultValue: key })
}

/** A customer field as the preview shows it: the value the store will hold for that column. */
export function customerValue(customer: Customer, key: string, t: TFunction, users: Map<number, User>): string {
  const contact = customer.contacts?.[0]
  const address = customer.billing_address
  switch (key) {
    case 'kind':
      return t(`import.kind.${customer.kind}`, { defaultValue: customer.kind })
    case 'status':
      return t(`import.status.${customer.status}`, { defaultValue: customer.status })
    case 'owner': {
      if (customer.owner_id == null) return ''
      const user = users.get(customer.owner_id)
      return user ? user.display_name || user.username : `#${customer.owner_id}`
    }
    case 'tags':
      return (customer.tags ?? []).join(', ')
    case 'street':
    case 'city':
    case 'postal_code':
    case 'country':
      return address?.[key] ?? ''
    case 'contact_name':
      return contact?.name ?? ''
    case 'contact_role':
      return contact?.role ?? ''
    case 'contact_email':
      return contact?.email ?? ''
    case 'contact_phone':
      return contact?.phone ?? ''
    default: {
      const value = (customer as unknown as Record<string, unknown>)[key]
      return value == null ? '' : String(value)
    }
  }
}

/** Revert conflicts carry JSON values; strings are shown bare, lists joined, anything else as JSON. */
export function jsonValueText(value: unknown): string {
  let parsed = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      return value
    }
  }
  if (parsed == null) return ''
  if (typeof parsed === 'string') return parsed
  if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')
  return JSON.stringify(parsed)
}
