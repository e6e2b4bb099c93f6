import type { Customer, CustomerQuery, Page, Problem, User } from './types'

/** A failed API call: either the server answered with an error status, or it could not be reached (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }

  get fieldErrors(): Record<string, string> {
    return this.problem.errors ?? {}
  }

  get isNetwork(): boolean {
    return this.status === 0
  }
}

// The CSRF token lives only in memory: a page reload asks /auth/me for it again, so it never
// sits in storage that a script injected into the page could read later.
let csrfToken: string | null = null
let unauthorizedListener: (() => void) | null = null

export function setCsrfToken(token: string | null) {
  csrfToken = token
}

/** Called whenever an authenticated call gets 401, i.e. the session expired or was revoked. */
export function onUnauthorized(listener: (() => void) | null) {
  unauthorizedListener = listener
}

interface RequestOptions {
  method?: string
  body?: unknown
  headers?: Record<string, string>
  /** Login and the session probe answer 401 as a normal outcome, not as an expired session. */
  expectUnauthorized?: boolean
}

export interface ApiResponse<T> {
  data: T
  etag: string | null
}

/** Exported for the feature modules (notes, tasks, …) that keep their own typed calls next to their views. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let response: Response
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, { title: 'network' })
  }

  const text = await response.text()
  let json: unknown = null
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = null
    }
  }
  if (!response.ok) {
    const problem: Problem =
      json && typeof json === 'object' ? (json as Problem) : { title: response.statusText, status: response.status }
    if (response.status === 401 && !options.expectUnauthorized) unauthorizedListener?.()
    throw new ApiError(response.status, problem)
  }
  return { data: json as T, etag: response.headers.get('ETag') }
}

/**
 * POSTs `file` as the multipart part "file" with XMLHttpRequest, because fetch reports no upload progress. The
 * CSRF header, 401 handling and problem+json errors are those of every other call; an abort via `signal`
 * rejects with an AbortError. A server that refuses an oversized body may close the connection before
 * answering 413, which shows up as a network error (status 0).
 */
export function uploadWithProgress<T>(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.setRequestHeader('Accept', 'application/json')
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      let json: unknown = null
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        json = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1)
        resolve(json as T)
        return
      }
      if (xhr.status === 401) unauthorizedListener?.()
      const problem: Problem = json && typeof json === 'object' ? (json as Problem) : { title: xhr.statusText, status: xhr.status }
      reject(new ApiError(xhr.status, problem))
    }
    xhr.onerror = () => reject(new ApiError(0, { title: 'network' }))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    signal?.addEventListener('abort', () => xhr.abort())
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

export interface LoginResult {
  csrf_token: string
  user: User
}

export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

export const PAGE_SIZE = 100

export const api = {
  async login(username: string, password: string): Promise<LoginResult> {
    const { data } = await request<LoginResult>('/auth/login', {
      method: 'POST',
      body: { username, password },
      expectUnauthorized: true,
    })
    setCsrfToken(data.csrf_token)
    return data
  },
  async logout(): Promise<void> {
    try {
      await request<unknown>('/auth/logout', { method: 'POST', expectUnauthorized: true })
    } finally {
      setCsrfToken(null)
    }
  },
  async me(): Promise<LoginResult> {
    const { data } = await request<LoginResult>('/auth/me', { expectUnauthorized: true })
    setCsrfToken(data.csrf_token)
    return data
  },
  async users(): Promise<User[]> {
    const { data } = await request<{ items: User[] }>('/users')
    return data.items
  },
  async customers(query: Partial<CustomerQuery>, cursor: string | null, trash = false): Promise<Page<Customer>> {
    const path = trash ? '/trash/customers' : '/customers'
    const { data } = await request<Page<Customer>>(
      path + queryString({ ...query, limit: PAGE_SIZE, cursor: cursor ?? undefined }),
    )
    return data
  },
  async customer(id: number): Promise<Customer> {
    const { data } = await request<Customer>(`/customers/${id}`)
    return data
  },
  async createCustomer(body: Record<string, unknown>): Promise<Customer> {
    const { data } = await request<Customer>('/customers', { method: 'POST', body })
    return data
  },
  async updateCustomer(id: number, version: number, patch: Record<string, unknown>): Promise<Customer> {
    const { data } = await request<Customer>(`/customers/${id}`, {
      method: 'PATCH',
      body: patch,
      headers: { 'If-Match': `"${version}"` },
    })
    return data
  },
  /** Only the version the user saw is deleted; a colleague's newer save answers 412. */
  async deleteCustomer(id: number, version: number): Promise<void> {
    await request<unknown>(`/customers/${id}`, { method: 'DELETE', headers: { 'If-Match': `"${version}"` } })
  },
  async restoreCustomer(id: number): Promise<Customer> {
    const { data } = await request<Customer>(`/customers/${id}/restore`, { method: 'POST' })
    return data
  },
}
