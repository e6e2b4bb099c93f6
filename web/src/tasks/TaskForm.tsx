import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'
import { useAuth } from '../auth/AuthContext'
import { Field } from '../components/Field'
import { userLabel, useUsers } from '../customers/useUsers'
import { describeError } from '../lib/errors'
import { tasksApi } from './api'
import { errorAt, SelectField, workFieldErrors, UnsavedCopy, WorkErrorSummary } from './fields'
import { TASK_PRIORITIES, TASK_STATUSES, type Task, type TaskInput } from './types'

export interface TaskPrefill {
  note_id: number | null
  title: string
  description: string
}

interface TaskFormProps {
  customerId: number
  /** The task being edited; absent for a new one. */
  task?: Task
  prefill?: TaskPrefill
  onSaved: (task: Task) => void
  onCancel: () => void
}

function initialInput(task: Task | undefined, prefill: TaskPrefill | undefined, me: number | null): TaskInput {
  if (task) {
    return {
      title: task.title,
      description: task.description,
      assignee_id: task.assignee?.id ?? null,
      due_date: task.due_date,
      due_time: task.due_time,
      priority: task.priority,
      status: task.status,
    }
  }
  return {
    title: prefill?.title ?? '',
    description: prefill?.description ?? '',
    assignee_id: me,
    due_date: null,
    due_time: null,
    priority: 'normal',
    status: 'open',
    note_id: prefill?.note_id ?? null,
  }
}

/** Creates or edits one task; a stale edit (412) reloads the task and keeps the user's text readable. */
export function TaskForm({ customerId, task, prefill, onSaved, onCancel }: TaskFormProps) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const { session } = useAuth()
  const me = session.status === 'signed-in' ? session.user.id : null
  const { users } = useUsers()
  const uid = useId()
  const [current, setCurrent] = useState<Task | undefined>(task)
  const [input, setInput] = useState<TaskInput>(() => initialInput(task, prefill, me))
  const [stale, setStale] = useState<TaskInput | null>(null)
  const noticeRef = useRef<HTMLDivElement>(null)
  const inFlight = useRef(false)

  const save = useMutation({
    mutationFn: (body: TaskInput) => (current ? tasksApi.update(current.id, current.version, body) : tasksApi.create(customerId, body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] })
      void queryClient.invalidateQueries({ queryKey: ['my-tasks'] })
      setStale(null)
      onSaved(saved)
    },
    onError: async (error) => {
      if (current && error instanceof ApiError && error.status === 412) {
        try {
          const fresh = await tasksApi.get(current.id)
          setStale(input)
          setCurrent(fresh)
          setInput(initialInput(fresh, undefined, me))
          void queryClient.invalidateQueries({ queryKey: ['tasks'] })
        } catch {
          // The reload failed as well; the banner below still says what happened.
        }
      }
      requestAnimationFrame(() => noticeRef.current?.focus())
    },
    onSettled: () => {
      inFlight.current = false
    },
  })

  const conflict = save.error instanceof ApiError && save.error.status === 412
  const fieldErrors = save.error && !conflict ? workFieldErrors(save.error, t) : {}
  const otherError = save.error && !conflict && Object.keys(fieldErrors).length === 0

  const set = <K extends keyof TaskInput>(key: K, value: TaskInput[K]) => setInput((previous) => ({ ...previous, [key]: value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    if (inFlight.current) return
    inFlight.current = true
    save.mutate({ ...input, due_date: input.due_date || null, due_time: input.due_time || null })
  }

  // Deactivated colleagues cannot take new tasks, but the current assignee of an old task stays visible.
  const assignable = users.filter((user) => user.active !== false)
  const currentAssignee = current?.assignee
  const assigneeInactive = currentAssignee && !assignable.some((user) => user.id === currentAssignee.id)

  return (
    <form className="work-form" onSubmit={submit} noValidate aria-busy={save.isPending} aria-labelledby={`${uid}-heading`}>
      <h3 id={`${uid}-heading`}>{current ? t('tasks.editTitle') : t('tasks.newTitle')}</h3>
      <div ref={noticeRef} tabIndex={-1} className="summary-anchor">
        {conflict && (
          <div role="alert" className="banner banner-warning">
            <p>{t('tasks.conflict')}</p>
            {stale && (
              <UnsavedCopy
                values={[
                  [t('tasks.fields.title'), stale.title],
                  [t('tasks.fields.description'), stale.description],
                ]}
              />
            )}
          </div>
        )}
        <WorkErrorSummary errors={fieldErrors} />
        {otherError && (
          <p role="alert" className="banner banner-error">
            {t('work.saveFailed')} {describeError(save.error, t)}
          </p>
        )}
      </div>
      {prefill?.note_id && !current && <p className="muted">{t('tasks.fromNote')}</p>}
      <Field
        id={`${uid}-title`}
        label={t('tasks.fields.title')}
        value={input.title}
        error={fieldErrors.title}
        required
        autoComplete="off"
        onValueChange={(value) => set('title', value)}
      />
      <Field
        id={`${uid}-description`}
        label={t('tasks.fields.description')}
        value={input.description}
        error={fieldErrors.description}
        multiline
        onValueChange={(value) => set('description', value)}
      />
      <div className="field-grid">
        <SelectField
          id={`${uid}-assignee`}
          label={t('tasks.fields.assignee')}
          value={input.assignee_id === null ? '' : String(input.assignee_id)}
          error={fieldErrors.assignee_id}
          onValueChange={(value) => set('assignee_id', value ? Number(value) : null)}
        >
          <option value="">{t('tasks.chooseAssignee')}</option>
          {assignable.map((user) => (
            <option key={user.id} value={user.id}>
              {userLabel(user)}
            </option>
          ))}
          {assigneeInactive && currentAssignee && (
            <option value={currentAssignee.id} disabled>
              {t('tasks.inactiveUser', { name: currentAssignee.display_name })}
            </option>
          )}
        </SelectField>
        <Field
          id={`${uid}-due-date`}
          type="date"
          label={t('tasks.fields.dueDate')}
          required
          value={input.due_date ?? ''}
          error={fieldErrors.due_date}
          onValueChange={(value) => set('due_date', value || null)}
        />
        <Field
          id={`${uid}-due-time`}
          type="time"
          label={t('tasks.fields.dueTime')}
          hint={t('tasks.dueTimeHint')}
          value={input.due_time ?? ''}
          error={fieldErrors.due_time}
          onValueChange={(value) => set('due_time', value || null)}
        />
        <SelectField
          id={`${uid}-priority`}
          label={t('tasks.fields.priority')}
          value={input.priority}
          error={fieldErrors.priority}
          onValueChange={(value) => set('priority', value as TaskInput['priority'])}
        >
          {TASK_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`tasks.priority.${priority}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${uid}-status`}
          label={t('tasks.fields.status')}
          value={input.status}
          error={fieldErrors.status}
          onValueChange={(value) => set('status', value as TaskInput['status'])}
        >
          {TASK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`tasks.status.${status}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {errorAt(fieldErrors, 'note_id') && <p className="field-error">{errorAt(fieldErrors, 'note_id')}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('form.saving') : current ? t('form.save') : t('tasks.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  )
}
