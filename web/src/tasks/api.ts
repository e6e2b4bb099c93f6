import { queryString, request } from '../api/client'
import type { Page } from '../api/types'
import type {
  CalendarFeedCreated,
  CalendarFeedState,
  MyTaskView,
  NotificationPage,
  Task,
  TaskInput,
} from './types'

export const TASKS_PAGE_SIZE = 50

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` })

export const tasksApi = {
  async listForCustomer(customerId: number, status: string, cursor: string | null): Promise<Page<Task>> {
    const { data } = await request<Page<Task>>(
      `/customers/${customerId}/tasks` + queryString({ status, limit: TASKS_PAGE_SIZE, cursor }),
    )
    return data
  },
  async mine(view: MyTaskView, cursor: string | null): Promise<Page<Task>> {
    const { data } = await request<Page<Task>>('/me/tasks' + queryString({ view, limit: TASKS_PAGE_SIZE, cursor }))
    return data
  },
  async get(id: number): Promise<Task> {
    const { data } = await request<Task>(`/tasks/${id}`)
    return data
  },
  async create(customerId: number, body: TaskInput): Promise<Task> {
    const { data } = await request<Task>(`/customers/${customerId}/tasks`, { method: 'POST', body })
    return data
  },
  async update(id: number, version: number, body: Partial<TaskInput>): Promise<Task> {
    const { data } = await request<Task>(`/tasks/${id}`, { method: 'PATCH', body, headers: ifMatch(version) })
    return data
  },
  async remove(id: number, version: number): Promise<void> {
    await request<unknown>(`/tasks/${id}`, { method: 'DELETE', headers: ifMatch(version) })
  },
}

export const notificationsApi = {
  async list(limit = 20): Promise<NotificationPage> {
    const { data } = await request<NotificationPage>('/me/notifications' + queryString({ limit }))
    return data
  },
  async markRead(id: number): Promise<void> {
    await request<unknown>(`/me/notifications/${id}/read`, { method: 'POST' })
  },
  async markAllRead(): Promise<void> {
    await request<unknown>('/me/notifications/read-all', { method: 'POST' })
  },
}

export const calendarFeedApi = {
  async state(): Promise<CalendarFeedState> {
    const { data } = await request<CalendarFeedState>('/me/calendar-feed')
    return data
  },
  /** A new secret URL; the previous one stops working at once. */
  async create(): Promise<CalendarFeedCreated> {
    const { data } = await request<CalendarFeedCreated>('/me/calendar-feed', { method: 'POST' })
    return data
  },
  async revoke(): Promise<void> {
    await request<unknown>('/me/calendar-feed', { method: 'DELETE' })
  },
}
