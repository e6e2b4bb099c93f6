import { queryString, request } from '../api/client'
import type { Page } from '../api/types'
import type { Note, NoteInput } from './types'

export const NOTES_PAGE_SIZE = 20

export interface NoteFilter {
  kind: string
  author: string
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` })

export const notesApi = {
  async list(customerId: number, filter: NoteFilter, cursor: string | null): Promise<Page<Note>> {
    const { data } = await request<Page<Note>>(
      `/customers/${customerId}/notes` +
        queryString({ kind: filter.kind, author: filter.author, limit: NOTES_PAGE_SIZE, cursor }),
    )
    return data
  },
  async get(id: number): Promise<Note> {
    const { data } = await request<Note>(`/notes/${id}`)
    return data
  },
  async create(customerId: number, body: NoteInput): Promise<Note> {
    const { data } = await request<Note>(`/customers/${customerId}/notes`, { method: 'POST', body })
    return data
  },
  /** Only the version the author edited is replaced; a save from another tab answers 412. */
  async update(id: number, version: number, body: Partial<NoteInput>): Promise<Note> {
    const { data } = await request<Note>(`/notes/${id}`, { method: 'PATCH', body, headers: ifMatch(version) })
    return data
  },
  async remove(id: number, version: number): Promise<void> {
    await request<unknown>(`/notes/${id}`, { method: 'DELETE', headers: ifMatch(version) })
  },
}
