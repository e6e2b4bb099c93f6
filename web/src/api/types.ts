export type CustomerKind = 'company' | 'person'
export type CustomerStatus = 'lead' | 'active' | 'inactive'

export interface Address {
  street: string
  city: string
  postal_code: string
  country: string
}

export interface Contact {
  id?: number
  name: string
  role: string
  email: string
  phone: string
  /** Free text about the person (at most 2000 characters); older servers leave it out. */
  note?: string | null
}

export interface Customer {
  id: number
  kind: CustomerKind
  name: string
  first_name: string | null
  last_name: string | null
  ico: string | null
  dic: string | null
  email: string | null
  phone: string | null
  web: string | null
  billing_address: Address | null
  delivery_address: Address | null
  status: CustomerStatus
  owner_id: number | null
  tags: string[]
  note: string | null
  contacts: Contact[]
  version: number
  created_at: string
  updated_at: string
  deleted_at?: string | null
}

export interface User {
  id: number
  username: string
  display_name: string
  is_admin?: boolean
  /** False for a deactivated user: still shown on old records, but cannot be assigned. */
  active?: boolean
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: Record<string, string>
  /** Same keys as `errors`: a stable code per field error, which the UI translates. */
  error_codes?: Record<string, string>
  current_version?: number
}

export type SortKey = 'name' | 'created' | 'updated'
export type SortOrder = 'asc' | 'desc'

export interface CustomerQuery {
  q: string
  status: string
  owner_id: string
  tag: string
  city: string
  sort: SortKey
  order: SortOrder
}
