import { queryOptions } from '@tanstack/react-query'
import { ApiError, request } from '../api/client'

/** A saved list view (GET /api/v1/views): a list query string plus the visible columns. */
export interface SavedView {
  id: number
  name: string
  query: string
  columns: string[]
  shared: boolean
  owner: { id: number; name: string }
  mine: boolean
  is_default: boolean
  version: number
  created_at: string
  updated_at: string
}

export interface NewView {
  name: string
  query: string
  columns: string[]
  shared: boolean
}

export const viewsApi = {
  async list(): Promise<SavedView[]> {
    const { data } = await request<{ items: SavedView[] }>('/views')
    return data.items
  },
  async create(view: NewView): Promise<SavedView> {
    const { data } = await request<SavedView>('/views', { method: 'POST', body: view })
    return data
  },
  async remove(view: SavedView): Promise<void> {
    await request<unknown>(`/views/${view.id}`, { method: 'DELETE', headers: { 'If-Match': `"${view.version}"` } })
  },
  async defaultView(): Promise<number | null> {
    try {
      const { data } = await request<{ view_id: number | null }>('/me/default-view')
      return data.view_id
    } catch (error) {
      // A server without saved views yet (404) simply has no default; the list must still open.
      if (error instanceof ApiError && error.status === 404) return null
      throw error
    }
  },
  async setDefault(viewId: number | null): Promise<number | null> {
    const { data } = await request<{ view_id: number | null }>('/me/default-view', {
      method: 'PUT',
      body: { view_id: viewId },
    })
    return data.view_id
  },
}

export const viewsQuery = queryOptions({ queryKey: ['views'], queryFn: viewsApi.list, staleTime: 60_000 })
export const defaultViewQuery = queryOptions({
  queryKey: ['views', 'default'],
  queryFn: viewsApi.defaultView,
  staleTime: 60_000,
  // The bare list waits for this answer; a failing endpoint must not hold it back through retries.
  retry: false,
})
