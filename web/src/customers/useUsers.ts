import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { api } from '../api/client'
import type { User } from '../api/types'

export function useUsers() {
  const query = useQuery({ queryKey: ['users'], queryFn: api.users, staleTime: 5 * 60_000 })
  const byId = useMemo(() => {
    const map = new Map<number, User>()
    for (const user of query.data ?? []) map.set(user.id, user)
    return map
  }, [query.data])
  return { users: query.data ?? [], byId, error: query.error }
}

export function userLabel(user: User | undefined): string {
  return user ? user.display_name || user.username : ''
}
