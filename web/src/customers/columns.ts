import type { Customer } from '../api/types'
import type { SortField } from './listQuery'

/** The keys of src/domain/customer_columns.hpp that the list can show; exports and saved views use the same keys. */
export const COLUMN_IDS = [
  'name',
  'kind',
  'ico',
  'dic',
  'email',
  'phone',
  'web',
  'street',
  'city',
  'postal_code',
  'country',
  'status',
  'owner',
  'tags',
  'contact_name',
  'created',
  'updated',
] as const
export type ColumnId = (typeof COLUMN_IDS)[number]

export const DEFAULT_COLUMNS: ColumnId[] = ['name', 'ico', 'city', 'status', 'owner', 'updated']

/** Columns with a server-side keyset order; sorting the others would order only the loaded pages. */
export const SORTABLE: Partial<Record<ColumnId, SortField>> = {
  name: 'name',
  kind: 'kind',
  ico: 'ico',
  dic: 'dic',
  email: 'email',
  phone: 'phone',
  city: 'city',
  country: 'country',
  status: 'status',
  owner: 'owner',
  created: 'created',
  updated: 'updated',
}

export const COLUMN_WIDTH: Record<ColumnId, string> = {
  name: 'minmax(14rem, 2.5fr)',
  kind: '7rem',
  ico: '7rem',
  dic: '8.5rem',
  email: 'minmax(10rem, 1.5fr)',
  phone: '10rem',
  web: 'minmax(9rem, 1fr)',
  street: 'minmax(9rem, 1fr)',
  city: 'minmax(7rem, 1fr)',
  postal_code: '6rem',
  country: '5rem',
  status: '7rem',
  owner: 'minmax(7rem, 1fr)',
  tags: 'minmax(7rem, 1fr)',
  contact_name: 'minmax(9rem, 1fr)',
  created: '11.5rem',
  updated: '11.5rem',
}

export function isColumnId(value: string): value is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(value)
}

/** Unknown keys are dropped (an old link, a view saved with a column this UI does not show); name is always shown. */
export function normalizeColumns(keys: readonly string[]): ColumnId[] {
  const chosen = keys.filter(isColumnId)
  if (!chosen.includes('name')) chosen.unshift('name')
  return COLUMN_IDS.filter((id) => chosen.includes(id))
}

export function parseColumns(value: string | null): ColumnId[] {
  if (!value) return DEFAULT_COLUMNS
  return normalizeColumns(value.split(','))
}

/** The `cols` URL value: absent for the default set, so plain links stay short. */
export function columnsParam(columns: readonly ColumnId[]): string | null {
  const text = normalizeColumns(columns).join(',')
  return text === DEFAULT_COLUMNS.join(',') ? null : text
}

export function cityOf(customer: Customer): string {
  return customer.billing_address?.city ?? ''
}
