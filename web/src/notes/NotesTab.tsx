import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import Markdown from 'react-markdown'
import { Link } from 'react-router'
import { ApiError } from '../api/client'
import type { Customer } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { QueryError } from '../components/QueryError'
import { userLabel, useUsers } from '../customers/useUsers'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { TaskForm } from '../tasks/TaskForm'
import '../tasks/work.css'
import { notesApi, type NoteFilter } from './api'
import { NoteForm } from './NoteForm'
import { NOTE_KINDS, type Note } from './types'

/**
 * The body is Markdown written by colleagues. react-markdown builds React elements, so raw HTML in
 * it stays text (no rehype-raw here, ever) and its default urlTransform drops javascript: links.
 */
function SafeMarkdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown>{text}</Markdown>
    </div>
  )
}

interface NoteItemProps {
  note: Note
  customer: Customer
  mine: boolean
  onEdit: () => void
}

function NoteItem({ note, customer, mine, onEdit }: NoteItemProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const queryClient = useQueryClient()
  const uid = useId()
  const [creatingTask, setCreatingTask] = useState(false)
  const [taskCreated, setTaskCreated] = useState<string | null>(null)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const taskButton = useRef<HTMLButtonElement>(null)

  const remove = useMutation({
    mutationFn: () => notesApi.remove(note.id, note.version),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['notes', customer.id] }),
  })

  return (
    <article className="note" aria-labelledby={`${uid}-subject`} data-note-id={note.id}>
      <header>
        <h3 id={`${uid}-subject`}>{note.subject}</h3>
        <dl className="note-meta">
          <div>
            <dt>{t('notes.fields.occurredAt')}</dt>
            <dd>{format.dateTime(note.occurred_at)}</dd>
          </div>
          {note.place && (
            <div>
              <dt>{t('notes.fields.place')}</dt>
              <dd>{note.place}</dd>
            </div>
          )}
          <div>
            <dt>{t('notes.fields.kind')}</dt>
            <dd>{t(`notes.kind.${note.kind}`, { defaultValue: note.kind })}</dd>
          </div>
          <div>
            <dt>{t('notes.fields.participants')}</dt>
            <dd>{note.participants.map((p) => p.name).join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>{t('notes.author')}</dt>
            <dd>{note.author?.display_name ?? '—'}</dd>
          </div>
        </dl>
      </header>
      {note.body && <SafeMarkdown text={note.body} />}
      {note.conclusions && (
        <section aria-labelledby={`${uid}-conclusions`}>
          <h4 id={`${uid}-conclusions`}>{t('notes.fields.conclusions')}</h4>
          <p className="preserve-lines">{note.conclusions}</p>
        </section>
      )}
      {note.next_steps && (
        <section aria-labelledby={`${uid}-next`}>
          <h4 id={`${uid}-next`}>{t('notes.fields.nextSteps')}</h4>
          <p className="preserve-lines">{note.next_steps}</p>
        </section>
      )}
      <div className="form-actions">
        <button
          ref={taskButton}
          type="button"
          aria-expanded={creatingTask}
          onClick={() => {
            setTaskCreated(null)
            setCreatingTask(true)
          }}
        >
          {t('notes.createTask')}
        </button>
        {mine && (
          <button type="button" onClick={onEdit} aria-label={t('notes.editNamed', { subject: note.subject })}>
            {t('notes.edit')}
          </button>
        )}
        {mine && !confirmingDelete && (
          <button type="button" className="danger" onClick={() => setConfirmingDelete(true)}>
            {t('notes.delete')}
          </button>
        )}
        {mine && confirmingDelete && (
          <span role="group" aria-label={t('notes.deleteConfirm')} className="inline-confirm">
            <span>{t('notes.deleteConfirm')}</span>
            <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {t('notes.deleteYes')}
            </button>
            <button type="button" onClick={() => setConfirmingDelete(false)}>
              {t('form.cancel')}
            </button>
          </span>
        )}
      </div>
      {remove.error && (
        <p role="alert" className="banner banner-error">
          {remove.error instanceof ApiError && remove.error.status === 412 ? t('notes.deleteConflict') : describeError(remove.error, t)}
        </p>
      )}
      {taskCreated && (
        <p role="status" className="banner banner-info">
          {taskCreated} <Link to={`/customers/${customer.id}?tab=tasks`}>{t('notes.showTasks')}</Link>
        </p>
      )}
      {creatingTask && (
        <div className="panel work-editor">
          <TaskForm
            customerId={customer.id}
            prefill={{ note_id: note.id, title: note.subject, description: note.next_steps }}
            onSaved={(task) => {
              setCreatingTask(false)
              setTaskCreated(t('tasks.created', { title: task.title }))
            }}
            onCancel={() => {
              setCreatingTask(false)
              requestAnimationFrame(() => taskButton.current?.focus())
            }}
          />
        </div>
      )}
    </article>
  )
}

type Editing = { mode: 'new' } | { mode: 'edit'; note: Note } | null

/** The card's "Zápisy" tab: minutes newest first, filtered by kind and author, paged with "load more". */
export function NotesTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation()
  const uid = useId()
  const { session } = useAuth()
  const me = session.status === 'signed-in' ? session.user.id : null
  const { users } = useUsers()
  const [filter, setFilter] = useState<NoteFilter>({ kind: '', author: '' })
  const [editing, setEditing] = useState<Editing>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const addButton = useRef<HTMLButtonElement>(null)

  const notes = useInfiniteQuery({
    queryKey: ['notes', customer.id, filter],
    queryFn: ({ pageParam }) => notesApi.list(customer.id, filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
  const rows = notes.data?.pages.flatMap((page) => page.items) ?? []
  const filtered = filter.kind !== '' || filter.author !== ''

  const close = (message: string | null) => {
    setEditing(null)
    setSaved(message)
    requestAnimationFrame(() => addButton.current?.focus())
  }

  const form = (mode: Editing) =>
    mode && (
      <div className="panel work-editor">
        <NoteForm
          key={mode.mode === 'edit' ? mode.note.id : 'new'}
          customer={customer}
          note={mode.mode === 'edit' ? mode.note : undefined}
          onSaved={() => close(t(mode.mode === 'edit' ? 'notes.saved' : 'notes.created'))}
          onCancel={() => close(null)}
        />
      </div>
    )

  return (
    <section aria-labelledby={`${uid}-heading`} className="work-tab">
      <div className="page-header">
        <h2 id={`${uid}-heading`}>{t('card.tabs.notes')}</h2>
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
          {t('notes.add')}
        </button>
      </div>
      {saved && (
        <p role="status" className="banner banner-info">
          {saved}
        </p>
      )}
      {editing?.mode === 'new' && form(editing)}
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${uid}-kind`}>{t('notes.fields.kind')}</label>
          <select id={`${uid}-kind`} value={filter.kind} onChange={(event) => setFilter({ ...filter, kind: event.target.value })}>
            <option value="">{t('list.filters.any')}</option>
            {NOTE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`notes.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-author`}>{t('notes.author')}</label>
          <select id={`${uid}-author`} value={filter.author} onChange={(event) => setFilter({ ...filter, author: event.target.value })}>
            <option value="">{t('list.filters.any')}</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {userLabel(user)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {notes.error && <QueryError error={notes.error} onRetry={() => void notes.refetch()} />}
      {notes.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : rows.length === 0 && !notes.error ? (
        <p className="empty-state">{filtered ? t('notes.emptyFiltered') : t('notes.empty')}</p>
      ) : (
        <ol className="note-list" aria-label={t('notes.listLabel')}>
          {rows.map((note) => (
            <li key={note.id}>
              {editing?.mode === 'edit' && editing.note.id === note.id ? (
                form(editing)
              ) : (
                <NoteItem
                  note={note}
                  customer={customer}
                  mine={me !== null && note.author?.id === me}
                  onEdit={() => {
                    setSaved(null)
                    setEditing({ mode: 'edit', note })
                  }}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {notes.hasNextPage && (
        <button type="button" disabled={notes.isFetchingNextPage} onClick={() => void notes.fetchNextPage()}>
          {t('work.loadMore')}
        </button>
      )}
    </section>
  )
}
