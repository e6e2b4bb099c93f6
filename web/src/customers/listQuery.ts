import { infiniteQueryOptions } from '@tanstack/react-query'
import { api } from '../api/client'
import type { CustomerQuery, SortKey, SortOrder } from '../api/types'

export function readListQuery(params: URLSearchParams): CustomerQuery {
  const sort = params.get('sort')
  const order = params.get('order')
  const sortKey: SortKey = sort === 'created' || sort === 'updated' ? sort : 'name'
  const defaultOrder: SortOrder = sortKey === 'name' ? 'asc' : 'desc'
  return {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    owner_id: params.get('owner') ?? '',
    tag: params.get('tag') ?? '',
    city: params.get('city') ?? '',
    sort: sortKey,
    order: order === 'asc' || order === 'desc' ? order : defaultOrder,
  }
}

/** One definition shared by the list page and the start-up prefetch, so both hit the same cache entry. */
export function customerListOptions(query: CustomerQuery) {
  return infiniteQueryOptions({
    queryKey: ['customers', 'list', query],
    queryFn: ({ pageParam }) => api.customers(query, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
}
