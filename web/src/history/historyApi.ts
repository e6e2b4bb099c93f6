import { queryString, request } from '../api/client'
import type { Customer, Page } from '../api/types'

export const HISTORY_SUBJECTS = ['customer', 'contact', 'note', 'task', 'document'] as const
export type HistorySubject = (typeof HISTORY_SUBJECTS)[number]

export type HistoryAction = 'created' | 'updated' | 'trashed' | 'restored' | 'value_restored' | 'version_added'
export type HistoryChannel = 'web' | 'api_token' | 'import' | 'cli'

export interface FieldChange {
  field: string
  /** The field's value as the API shows it (null when empty); relations are whole values. */
  before: unknown
  after: unknown
}

export interface HistoryEntry {
  id: number
  subject: HistorySubject
  subject_id: number
  subject_label: string
  action: HistoryAction
  changes: FieldChange[]
  actor: { id: number; display_name: string } | null
  channel: HistoryChannel
  channel_detail: string | null
  restored_from: number | null
  at: string
}

export const HISTORY_PAGE_SIZE = 50

export async function listHistory(
  customerId: number,
  subject: HistorySubject | null,
  cursor: string | null,
): Promise<Page<HistoryEntry>> {
  const { data } = await request<Page<HistoryEntry>>(
    `/customers/${customerId}/history` + queryString({ subject, limit: HISTORY_PAGE_SIZE, cursor }),
  )
  return data
}

/** Copies the entry's `before` value of one customer field back; `version` is the customer's version on screen. */
export async function restoreValue(customerId: number, entryId: number, field: string, version: number): Promise<Customer> {
  const { data } = await request<Customer>(`/customers/${customerId}/history/${entryId}/restore`, {
    method: 'POST',
    body: { field },
    headers: { 'If-Match': `"${version}"` },
  })
  return data
}
