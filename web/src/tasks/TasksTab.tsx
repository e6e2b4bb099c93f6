import { useInfiniteQuery } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Customer } from '../api/types'
import { QueryError } from '../components/QueryError'
import { tasksApi } from './api'
import { TaskForm } from './TaskForm'
import { TaskTable } from './TaskTable'
import { TASK_STATUSES, type Task } from './types'
import './work.css'

type Editing = { mode: 'new' } | { mode: 'edit'; task: Task } | null

/** The card's "Úkoly" tab: the customer's tasks by due date, a status filter, add and edit. */
export function TasksTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation()
  const uid = useId()
  const [status, setStatus] = useState('')
  const [editing, setEditing] = useState<Editing>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const addButton = useRef<HTMLButtonElement>(null)

  const tasks = useInfiniteQuery({
    queryKey: ['tasks', 'customer', customer.id, status],
    queryFn: ({ pageParam }) => tasksApi.listForCustomer(customer.id, status, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
  const rows = tasks.data?.pages.flatMap((page) => page.items) ?? []

  const close = (message: string | null) => {
    setEditing(null)
    setSaved(message)
    requestAnimationFrame(() => addButton.current?.focus())
  }

  return (
    <section aria-labelledby={`${uid}-heading`} className="work-tab">
      <div className="page-header">
        <h2 id={`${uid}-heading`}>{t('card.tabs.tasks')}</h2>
        <button
          ref={addButton}
          type="button"
          className="primary"
          aria-expanded={editing?.mode === 'new'}
          onClick={() => {
            setSaved(null)
            setEditing({ mode: 'new' })
          }}
        >
          {t('tasks.add')}
        </button>
      </div>
      {saved && (
        <p role="status" className="banner banner-info">
          {saved}
        </p>
      )}
      {editing && (
        <div className="panel work-editor">
          <TaskForm
            key={editing.mode === 'edit' ? editing.task.id : 'new'}
            customerId={customer.id}
            task={editing.mode === 'edit' ? editing.task : undefined}
            onSaved={(task) => close(t(editing.mode === 'edit' ? 'tasks.saved' : 'tasks.created', { title: task.title }))}
            onCancel={() => close(null)}
          />
        </div>
      )}
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${uid}-status`}>{t('tasks.filterStatus')}</label>
          <select id={`${uid}-status`} value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{t('list.filters.any')}</option>
            {TASK_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`tasks.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {tasks.error && <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />}
      {tasks.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : rows.length === 0 && !tasks.error ? (
        <p className="empty-state">{status ? t('tasks.emptyFiltered') : t('tasks.empty')}</p>
      ) : (
        <TaskTable
          tasks={rows}
          caption={t('tasks.tableCaption', { name: customer.name })}
          onEdit={(task) => {
            setSaved(null)
            setEditing({ mode: 'edit', task })
          }}
        />
      )}
      {tasks.hasNextPage && (
        <button type="button" disabled={tasks.isFetchingNextPage} onClick={() => void tasks.fetchNextPage()}>
          {t('work.loadMore')}
        </button>
      )}
    </section>
  )
}
