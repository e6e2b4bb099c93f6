import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ApiError } from '../api/client'
import { describeError } from '../lib/errors'
import { tasksApi } from './api'
import { formatDue } from './fields'
import { TASK_STATUSES, type Task, type TaskStatus } from './types'
import './work.css'

interface TaskTableProps {
  tasks: Task[]
  caption: string
  /** On "Moje úkoly" each row names and links its customer; on the card that would repeat the heading. */
  showCustomer?: boolean
  onEdit?: (task: Task) => void
}

/** Tasks with a quick status change that saves only over the version on screen (If-Match). */
export function TaskTable({ tasks, caption, showCustomer, onEdit }: TaskTableProps) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const [message, setMessage] = useState<{ kind: 'ok' | 'conflict' | 'error'; text: string } | null>(null)

  const changeStatus = useMutation({
    mutationFn: ({ task, status }: { task: Task; status: TaskStatus }) => tasksApi.update(task.id, task.version, { status }),
    onSuccess: (saved) => {
      setMessage({ kind: 'ok', text: t('tasks.statusChanged', { title: saved.title, status: t(`tasks.status.${saved.status}`) }) })
    },
    onError: (error, { task }) => {
      if (error instanceof ApiError && error.status === 412) {
        setMessage({ kind: 'conflict', text: t('tasks.statusConflict', { title: task.title }) })
      } else {
        setMessage({ kind: 'error', text: describeError(error, t) })
      }
    },
    // Either way the list must show what the server now holds (the new version or a colleague's change).
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] })
      void queryClient.invalidateQueries({ queryKey: ['my-tasks'] })
    },
  })

  return (
    <>
      {message && (
        <p role={message.kind === 'ok' ? 'status' : 'alert'} className={`banner ${message.kind === 'ok' ? 'banner-info' : message.kind === 'conflict' ? 'banner-warning' : 'banner-error'}`}>
          {message.text}
        </p>
      )}
      <table className="simple-table task-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tasks.fields.title')}</th>
            {showCustomer && <th scope="col">{t('tasks.customer')}</th>}
            <th scope="col">{t('tasks.fields.assignee')}</th>
            <th scope="col">{t('tasks.fields.dueDate')}</th>
            <th scope="col">{t('tasks.fields.priority')}</th>
            <th scope="col">{t('tasks.fields.status')}</th>
            {onEdit && (
              <th scope="col">
                <span className="visually-hidden">{t('tasks.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id} data-task-id={task.id} className={task.overdue ? 'task-overdue' : undefined}>
              <th scope="row">
                <span className="task-title">{task.title}</span>
                {task.description && <span className="task-description">{task.description}</span>}
              </th>
              {showCustomer && (
                <td>
                  <Link to={`/customers/${task.customer.id}?tab=tasks`}>{task.customer.name}</Link>
                </td>
              )}
              <td>{task.assignee?.display_name ?? t('tasks.unassigned')}</td>
              <td>
                {formatDue(task.due_date, task.due_time, i18n.language) || '—'}
                {task.overdue && <span className="badge badge-overdue">{t('tasks.overdue')}</span>}
              </td>
              <td>
                <span className={`badge badge-priority-${task.priority}`}>{t(`tasks.priority.${task.priority}`)}</span>
              </td>
              <td>
                <select
                  aria-label={t('tasks.statusOf', { title: task.title })}
                  value={task.status}
                  disabled={changeStatus.isPending}
                  onChange={(event) => {
                    setMessage(null)
                    changeStatus.mutate({ task, status: event.target.value as TaskStatus })
                  }}
                >
                  {TASK_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`tasks.status.${status}`)}
                    </option>
                  ))}
                </select>
              </td>
              {onEdit && (
                <td>
                  <button type="button" onClick={() => onEdit(task)} aria-label={t('tasks.editNamed', { title: task.title })}>
                    {t('tasks.edit')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
