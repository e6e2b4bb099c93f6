import { useQueryClient } from '@tanstack/react-query'
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { ApiError, api, onUnauthorized } from '../api/client'
import type { User } from '../api/types'

type SessionState = { status: 'checking' } | { status: 'anonymous'; expired: boolean } | { status: 'signed-in'; user: User }

interface AuthContextValue {
  session: SessionState
  login: (username: string, password: string) => Promise<void>
  logout: () => Promise<void>
  /** Set when the probe of an existing session failed for a reason other than "not signed in". */
  probeError: unknown
  retryProbe: () => void
}

const AuthContext = createContext<AuthContextValue | null>(null)

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const [session, setSession] = useState<SessionState>({ status: 'checking' })
  const [probeError, setProbeError] = useState<unknown>(null)
  const [probeAttempt, setProbeAttempt] = useState(0)

  useEffect(() => {
    let cancelled = false
    api
      .me()
      .then((result) => {
        if (!cancelled) setSession({ status: 'signed-in', user: result.user })
      })
      .catch((error: unknown) => {
        if (cancelled) return
        if (error instanceof ApiError && error.status === 401) {
          setSession({ status: 'anonymous', expired: false })
        } else {
          setProbeError(error)
        }
      })
    return () => {
      cancelled = true
    }
  }, [probeAttempt])

  useEffect(() => {
    onUnauthorized(() => {
      setSession((current) => (current.status === 'signed-in' ? { status: 'anonymous', expired: true } : current))
      queryClient.clear()
    })
    return () => onUnauthorized(null)
  }, [queryClient])

  const login = useCallback(async (username: string, password: string) => {
    const result = await api.login(username, password)
    setProbeError(null)
    setSession({ status: 'signed-in', user: result.user })
  }, [])

  const logout = useCallback(async () => {
    try {
      await api.logout()
    } finally {
      queryClient.clear()
      setSession({ status: 'anonymous', expired: false })
    }
  }, [queryClient])

  const retryProbe = useCallback(() => {
    setProbeError(null)
    setProbeAttempt((n) => n + 1)
  }, [])

  const value = useMemo(
    () => ({ session, login, logout, probeError, retryProbe }),
    [session, login, logout, probeError, retryProbe],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext)
  if (!value) throw new Error('useAuth outside AuthProvider')
  return value
}
