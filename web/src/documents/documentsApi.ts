import { ApiError, queryString, request, uploadWithProgress } from '../api/client'
import type { Page, Problem } from '../api/types'

export interface UserRef {
  id: number
  display_name: string
}

export interface DocumentVersion {
  number: number
  size: number
  content_type: string
  sha256: string
  uploaded_by: UserRef | null
  uploaded_at: string
}

export interface CustomerDocument {
  id: number
  customer_id: number
  name: string
  content_type: string
  size: number
  sha256: string
  version: number
  created_by: UserRef | null
  created_at: string
  updated_at: string
  /** Newest first; the top-level size, type and hash are those of versions[0]. */
  versions: DocumentVersion[]
  deleted_at?: string | null
}

export const DOCUMENTS_PAGE_SIZE = 50

export async function listDocuments(customerId: number, cursor: string | null): Promise<Page<CustomerDocument>> {
  const { data } = await request<Page<CustomerDocument>>(
    `/customers/${customerId}/documents` + queryString({ limit: DOCUMENTS_PAGE_SIZE, cursor }),
  )
  return data
}

/** Only the version on screen goes to the trash; a newer upload by a colleague answers 412. */
export async function deleteDocument(id: number, version: number): Promise<void> {
  await request<unknown>(`/documents/${id}`, { method: 'DELETE', headers: { 'If-Match': `"${version}"` } })
}

export async function restoreDocument(id: number): Promise<CustomerDocument> {
  const { data } = await request<CustomerDocument>(`/documents/${id}/restore`, { method: 'POST' })
  return data
}

export function contentUrl(id: number, version: number | null, disposition: 'inline' | 'attachment'): string {
  return `/api/v1/documents/${id}/content` + queryString({ version, disposition })
}

/** Images and PDFs are shown in the page; anything else is only offered for download. */
export function previewKind(contentType: string): 'image' | 'pdf' | null {
  const type = contentType.split(';')[0].trim().toLowerCase()
  if (['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'].includes(type)) return 'image'
  if (type === 'application/pdf') return 'pdf'
  return null
}

export type UploadTarget = { customerId: number } | { documentId: number }

/** Uploads a new document or a new version of one, reporting upload progress. */
export function uploadFile(
  target: UploadTarget,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<CustomerDocument> {
  const path =
    'customerId' in target ? `/api/v1/customers/${target.customerId}/documents` : `/api/v1/documents/${target.documentId}/versions`
  return uploadWithProgress<CustomerDocument>(path, file, onProgress, signal)
}

/** The id of the live document with the same name, from a 409 answer to an upload. */
export function conflictingDocumentId(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null
  const id = (error.problem as Problem & { document_id?: unknown }).document_id
  return typeof id === 'number' ? id : null
}
