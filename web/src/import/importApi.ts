import { ApiError, queryString, request, uploadWithProgress } from '../api/client'
import type { Customer } from '../api/types'

// Types and calls of the import API (notes/issue6-api.md, "HTTP"); enum values are the server's strings.

export type ImportMode = 'create' | 'upsert' | 'skip'
export type FieldPolicy = 'fill_empty' | 'overwrite' | 'keep'
export type ImportAtomicity = 'all_or_nothing' | 'valid_rows'
export type DuplicateAction = 'create' | 'update' | 'skip'
export type MatchRule = 'ico' | 'email' | 'name_city'
export type ImportStatus = 'draft' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted' | 'reverted'

export interface SheetInfo {
  name: string
  hidden: boolean
}

export interface SheetRow {
  row_number: number
  hidden: boolean
  cells: string[]
}

export interface SheetOverview {
  sheet: number
  /** 1-based row number of the suggested header; 0 when none was found. */
  header_row: number
  headers: string[]
  /** A column key per file column, or null where nothing fits. */
  suggested_mapping: (string | null)[]
  first_rows: SheetRow[]
  hidden_columns: number[]
  merged_ranges: unknown[]
}

export interface ImportDraft {
  id: number
  status: ImportStatus
  file_name: string
  format: string
  sheets: SheetInfo[]
  overview: SheetOverview
}

export interface ImportOptions {
  sheet: number
  header_row: number
  mapping: (string | null)[]
  mode: ImportMode
  field_policy: FieldPolicy
  atomicity: ImportAtomicity
  duplicate_actions: Record<string, DuplicateAction>
  duplicate_default?: DuplicateAction
}

export interface RowIssue {
  field: string
  code: string
  message: string
}

export interface RowMatch {
  rule: MatchRule
  customer_id: number | null
  customer_name: string
  row_number: number | null
}

export type RowAction = 'create' | 'update' | 'skip' | 'reject'

export interface PreviewRow {
  row_number: number
  cells: string[]
  customer: Customer
  errors: RowIssue[]
  warnings: RowIssue[]
  match: RowMatch | null
  action: RowAction | string
}

export interface ImportPreview {
  headers: string[]
  rows: PreviewRow[]
}

export interface ImportCounts {
  rows_total: number
  rows_done: number
  created: number
  updated: number
  skipped: number
  rejected: number
  duplicates: number
}

export interface ImportRecord {
  id: number
  status: ImportStatus
  file_name: string
  format: string
  sheet: string
  created_by: { id: number; name: string } | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  options: ImportOptions | null
  counts: ImportCounts
  error: string | null
  reverted_at: string | null
  reverted_by: number | { id: number; name: string } | null
}

export interface RevertConflict {
  customer_id: number
  customer_name: string
  field: string
  import_value: unknown
  current_value: unknown
}

export interface RevertOutcome {
  trashed: number
  restored: number
  conflicts: RevertConflict[]
  import: ImportRecord
}

export interface SavedMapping {
  id: number
  name: string
  by_header: Record<string, string>
  created_at: string
}

export const isFinished = (status: ImportStatus) => status !== 'draft' && status !== 'running'

/** Uploads the file for a new import draft, reporting upload progress. */
export function uploadImportFile(file: File, onProgress: (fraction: number) => void): Promise<ImportDraft> {
  return uploadWithProgress<ImportDraft>('/api/v1/imports', file, onProgress)
}

/** The server's own words for a refused file ("encrypted", "truncated", the accepted formats…). */
export function refusalMessage(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null
  return error.fieldErrors.file || error.problem.detail || null
}

export async function sheetOverview(id: number, sheet: number): Promise<SheetOverview> {
  const { data } = await request<SheetOverview>(`/imports/${id}/sheets/${sheet}`)
  return data
}

export async function previewImport(id: number, options: ImportOptions, limit = 50): Promise<ImportPreview> {
  const { data } = await request<ImportPreview>(`/imports/${id}/preview`, { method: 'POST', body: { ...options, limit } })
  return data
}

export async function runImport(id: number, options: ImportOptions, saveMappingAs?: string): Promise<ImportRecord> {
  const body = saveMappingAs ? { ...options, save_mapping_as: saveMappingAs } : options
  const { data } = await request<ImportRecord>(`/imports/${id}/run`, { method: 'POST', body })
  return data
}

export async function getImport(id: number): Promise<ImportRecord> {
  const { data } = await request<ImportRecord>(`/imports/${id}`)
  return data
}

export async function listImports(limit = 50): Promise<ImportRecord[]> {
  const { data } = await request<{ items: ImportRecord[] }>('/imports' + queryString({ limit }))
  return data.items
}

export async function cancelImport(id: number): Promise<ImportRecord> {
  const { data } = await request<ImportRecord>(`/imports/${id}/cancel`, { method: 'POST' })
  return data
}

export async function revertImport(id: number): Promise<RevertOutcome> {
  const { data } = await request<RevertOutcome>(`/imports/${id}/revert`, { method: 'POST' })
  return data
}

export function errorReportUrl(id: number, format: 'csv' | 'xlsx'): string {
  return `/api/v1/imports/${id}/errors` + queryString({ format })
}

export async function listMappings(): Promise<SavedMapping[]> {
  const { data } = await request<{ items: SavedMapping[] }>('/import-mappings')
  return data.items
}

export async function saveMapping(name: string, byHeader: Record<string, string>): Promise<SavedMapping> {
  const { data } = await request<SavedMapping>('/import-mappings', { method: 'POST', body: { name, by_header: byHeader } })
  return data
}

export async function deleteMapping(id: number): Promise<void> {
  await request<unknown>(`/import-mappings/${id}`, { method: 'DELETE' })
}
