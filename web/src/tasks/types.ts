/** Shapes of the issue 4 "Úkoly" API (notes/issue4-api.md); user refs are the server's {id, display_name}. */
export interface UserRef {
  id: number
  display_name: string
}

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const
export type TaskPriority = (typeof TASK_PRIORITIES)[number]
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export interface Task {
  id: number
  customer: { id: number; name: string }
  note_id: number | null
  title: string
  description: string
  assignee: UserRef | null
  created_by: UserRef | null
  /** A calendar date ("2026-12-01"), not an instant: it is shown without any time-zone shift. */
  due_date: string | null
  due_time: string | null
  priority: TaskPriority
  status: TaskStatus
  overdue: boolean
  version: number
  created_at: string
  updated_at: string
  completed_at: string | null
}

export interface TaskInput {
  title: string
  description: string
  assignee_id: number | null
  due_date: string | null
  due_time: string | null
  priority: TaskPriority
  status: TaskStatus
  note_id?: number | null
}

export const MY_TASK_VIEWS = ['overdue', 'today', 'upcoming', 'done', 'assigned_by_me'] as const
export type MyTaskView = (typeof MY_TASK_VIEWS)[number]

export interface AppNotification {
  id: number
  kind: string
  text: string
  task_id: number | null
  customer_id: number | null
  actor: UserRef | null
  created_at: string
  read_at: string | null
}

export interface NotificationPage {
  items: AppNotification[]
  next_cursor: string | null
  unread_count: number
}

export interface CalendarFeedState {
  active: boolean
  created_at: string | null
}

export interface CalendarFeedCreated {
  url: string
  created_at: string
}
