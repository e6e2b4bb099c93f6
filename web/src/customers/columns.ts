import type { Customer, SortKey } from '../api/types'

export const COLUMN_IDS = [
  'name',
  'kind',
  'ico',
  'email',
  'phone',
  'city',
  'status',
  'owner',
  'tags',
  'created',
  'updated',
] as const
export type ColumnId = (typeof COLUMN_IDS)[number]

export const DEFAULT_COLUMNS: ColumnId[] = ['name', 'ico', 'city', 'status', 'owner', 'updated']

/** Only these columns have a server-side keyset order; the others would sort just the loaded page. */
export const SORTABLE: Partial<Record<ColumnId, SortKey>> = { name: 'name', created: 'created', updated: 'updated' }

export const COLUMN_WIDTH: Record<ColumnId, string> = {
  name: 'minmax(14rem, 2.5fr)',
  kind: '7rem',
  ico: '7rem',
  email: 'minmax(10rem, 1.5fr)',
  phone: '10rem',
  city: 'minmax(7rem, 1fr)',
  status: '7rem',
  owner: 'minmax(7rem, 1fr)',
  tags: 'minmax(7rem, 1fr)',
  created: '11.5rem',
  updated: '11.5rem',
}

export function parseColumns(value: string | null): ColumnId[] {
  if (!value) return DEFAULT_COLUMNS
  const chosen = value.split(',').filter((id): id is ColumnId => (COLUMN_IDS as readonly string[]).includes(id))
  if (!chosen.includes('name')) chosen.unshift('name')
  return COLUMN_IDS.filter((id) => chosen.includes(id))
}

export function cityOf(customer: Customer): string {
  return customer.billing_address?.city ?? ''
}
