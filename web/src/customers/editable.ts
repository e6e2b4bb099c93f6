import type { Address, Contact, Customer, CustomerKind, CustomerStatus } from '../api/types'

/** The card's form state: every field as the user types it (strings, never null). */
export interface Editable {
  kind: CustomerKind
  name: string
  first_name: string
  last_name: string
  ico: string
  dic: string
  email: string
  phone: string
  web: string
  billing_address: Address
  delivery_address: Address | null
  status: CustomerStatus
  owner_id: string
  tags: string
  note: string
  contacts: Contact[]
}

export type EditableKey = keyof Editable

export const EDITABLE_KEYS: EditableKey[] = [
  'kind',
  'name',
  'first_name',
  'last_name',
  'ico',
  'dic',
  'email',
  'phone',
  'web',
  'status',
  'owner_id',
  'billing_address',
  'delivery_address',
  'tags',
  'note',
  'contacts',
]

export const EMPTY_ADDRESS: Address = { street: '', city: '', postal_code: '', country: 'CZ' }

function address(value: Address | null | undefined): Address {
  return {
    street: value?.street ?? '',
    city: value?.city ?? '',
    postal_code: value?.postal_code ?? '',
    country: value?.country || 'CZ',
  }
}

export function toEditable(customer: Customer): Editable {
  return {
    kind: customer.kind,
    name: customer.name ?? '',
    first_name: customer.first_name ?? '',
    last_name: customer.last_name ?? '',
    ico: customer.ico ?? '',
    dic: customer.dic ?? '',
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    web: customer.web ?? '',
    billing_address: address(customer.billing_address),
    delivery_address: customer.delivery_address ? address(customer.delivery_address) : null,
    status: customer.status,
    owner_id: customer.owner_id == null ? '' : String(customer.owner_id),
    tags: (customer.tags ?? []).join(', '),
    note: customer.note ?? '',
    contacts: (customer.contacts ?? []).map((contact) => ({
      id: contact.id,
      name: contact.name ?? '',
      role: contact.role ?? '',
      email: contact.email ?? '',
      phone: contact.phone ?? '',
      note: contact.note ?? '',
    })),
  }
}

function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
}

/** Compares what the user means, not how it is typed: "a, b" and "a,b" are the same tags. */
function canonical(key: EditableKey, value: Editable[EditableKey]): string {
  if (key === 'tags') return JSON.stringify(parseTags(value as string))
  if (typeof value === 'string') return value.trim()
  return JSON.stringify(value)
}

export function sameValue(key: EditableKey, a: Editable, b: Editable): boolean {
  return canonical(key, a[key]) === canonical(key, b[key])
}

export function changedKeys(from: Editable, to: Editable): EditableKey[] {
  return EDITABLE_KEYS.filter((key) => !sameValue(key, from, to))
}

const OPTIONAL_TEXT: EditableKey[] = ['first_name', 'last_name', 'ico', 'dic', 'email', 'phone', 'web', 'note']

/** A JSON merge patch with exactly the fields the user changed relative to the version being edited. */
export function buildPatch(base: Editable, draft: Editable): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  for (const key of changedKeys(base, draft)) {
    const value = draft[key]
    if (key === 'tags') patch.tags = parseTags(value as string)
    else if (key === 'owner_id') patch.owner_id = value === '' ? null : Number(value)
    else if (key === 'contacts')
      patch.contacts = (value as Contact[]).map((contact) => {
        const { id, ...rest } = contact
        const trimmed = {
          name: rest.name.trim(),
          role: rest.role.trim(),
          email: rest.email.trim(),
          phone: rest.phone.trim(),
          // Sent only when set: an empty note is the default, and servers without the field still accept the list.
          ...(rest.note?.trim() ? { note: rest.note.trim() } : {}),
        }
        return id ? { id, ...trimmed } : trimmed
      })
    else if (OPTIONAL_TEXT.includes(key)) patch[key] = (value as string).trim() === '' ? null : (value as string).trim()
    else if (typeof value === 'string') patch[key] = value.trim()
    else patch[key] = value
  }
  // A person's display name is derived by the server from first and last name.
  if (draft.kind === 'person') delete patch.name
  return patch
}

/**
 * Puts the user's own edits (draft vs the version they started from) on top of the colleague's
 * newer version: fields the user did not touch take the colleague's value.
 */
export function rebase(oldBase: Editable, draft: Editable, theirs: Editable): Editable {
  const result = { ...theirs }
  for (const key of changedKeys(oldBase, draft)) {
    ;(result as Record<EditableKey, unknown>)[key] = draft[key]
  }
  return result
}
