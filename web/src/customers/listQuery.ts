import { infiniteQueryOptions } from '@tanstack/react-query'
import { PAGE_SIZE, request } from '../api/client'
import type { Customer } from '../api/types'

/** The filter parameters of GET /api/v1/customers (src/domain/customer_filter.hpp), in the order the URL writes them. */
export const FILTER_PARAMS = [
  'status',
  'kind',
  'owner_id',
  'tags_any',
  'tags_all',
  'city',
  'country',
  'created_from',
  'created_to',
  'updated_from',
  'updated_to',
  'has_open_tasks',
  'has_overdue_tasks',
  'last_contact_older_than_days',
] as const
export type FilterParam = (typeof FILTER_PARAMS)[number]

export const SORT_FIELDS = [
  'name',
  'ico',
  'dic',
  'email',
  'phone',
  'city',
  'country',
  'status',
  'kind',
  'owner',
  'created',
  'updated',
] as const
export type SortField = (typeof SORT_FIELDS)[number] | 'relevance'

/**
 * The list's state as the API's own query language: `sort` is `FIELD` or `-FIELD`, or '' for the server's
 * default (relevance while searching, name otherwise). Values are kept as the API's text (comma lists).
 */
export interface ListQuery {
  q: string
  sort: string
  filters: Partial<Record<FilterParam, string>>
}

export interface CustomerSearchPage {
  items: Customer[]
  next_cursor: string | null
  count?: number
  count_is_estimate?: boolean
}

const isSortField = (name: string): name is SortField =>
  name === 'relevance' || (SORT_FIELDS as readonly string[]).includes(name)

function appendList(current: string | undefined, more: string): string {
  const items = [...(current ? current.split(',') : []), ...more.split(',')].map((item) => item.trim()).filter(Boolean)
  return [...new Set(items)].join(',')
}

/**
 * Reads the URL. Links from before the query language (`owner`, `tag`, `sort=name&order=desc`) still open the
 * same view; `writeListQuery` then spells them the new way.
 */
export function readListQuery(params: URLSearchParams): ListQuery {
  const filters: Partial<Record<FilterParam, string>> = {}
  for (const key of FILTER_PARAMS) {
    const value = params.get(key)?.trim()
    if (value) filters[key] = value
  }
  const legacyOwner = params.get('owner')?.trim()
  if (legacyOwner) filters.owner_id = appendList(filters.owner_id, legacyOwner)
  const legacyTag = params.get('tag')?.trim()
  if (legacyTag) filters.tags_all = appendList(filters.tags_all, legacyTag)

  let sort = params.get('sort')?.trim() ?? ''
  const descending = sort.startsWith('-')
  const field = descending ? sort.slice(1) : sort
  if (!isSortField(field)) sort = ''
  else if (!descending && params.get('order') === 'desc') sort = `-${field}`
  return { q: params.get('q') ?? '', sort, filters }
}

/** The canonical query string of a list view (no cursor, limit or count): the URL, saved views and exports use it. */
export function listQueryParams(query: ListQuery): URLSearchParams {
  const out = new URLSearchParams()
  if (query.q.trim()) out.set('q', query.q)
  for (const key of FILTER_PARAMS) {
    const value = query.filters[key]
    if (value) out.set(key, value)
  }
  if (query.sort) out.set('sort', query.sort)
  return out
}

export function hasFilters(query: ListQuery): boolean {
  return Boolean(query.q.trim()) || Object.values(query.filters).some(Boolean)
}

/** The order the server applies: what the headers show as sorted. */
export function effectiveSort(query: ListQuery): { field: SortField; descending: boolean } {
  if (query.sort) {
    const descending = query.sort.startsWith('-')
    return { field: (descending ? query.sort.slice(1) : query.sort) as SortField, descending }
  }
  return { field: query.q.trim() ? 'relevance' : 'name', descending: false }
}

/** Header click: the sorted column flips; another column starts ascending, dates newest first. */
export function nextSort(query: ListQuery, field: SortField): string {
  const current = effectiveSort(query)
  if (current.field === field) return current.descending ? field : `-${field}`
  return field === 'created' || field === 'updated' ? `-${field}` : field
}

/** One definition shared by the list page and the start-up prefetch, so both hit the same cache entry. */
export function customerListOptions(query: ListQuery) {
  const base = listQueryParams(query)
  return infiniteQueryOptions({
    queryKey: ['customers', 'list', base.toString()],
    queryFn: async ({ pageParam }) => {
      const params = new URLSearchParams(base)
      params.set('limit', String(PAGE_SIZE))
      // Only the first page counts: the total does not change while scrolling and counting costs a query.
      if (pageParam) params.set('cursor', pageParam)
      else params.set('count', 'true')
      const { data } = await request<CustomerSearchPage>(`/customers?${params.toString()}`)
      return data
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
}
