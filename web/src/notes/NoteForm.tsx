import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'
import type { Customer } from '../api/types'
import { Field } from '../components/Field'
import { userLabel, useUsers } from '../customers/useUsers'
import { describeError } from '../lib/errors'
import { errorAt, fromLocalInput, SelectField, toLocalInput, UnsavedCopy, workFieldErrors, WorkErrorSummary } from '../tasks/fields'
import { notesApi } from './api'
import { NOTE_KINDS, type Note, type NoteInput, type ParticipantRef } from './types'

/** The form edits local date-time text; it becomes an RFC 3339 instant only when sent. */
interface NoteDraft extends Omit<NoteInput, 'occurred_at' | 'participants'> {
  occurred_local: string
  contact_ids: number[]
  user_ids: number[]
}

function toDraft(note: Note | undefined): NoteDraft {
  return {
    kind: note?.kind ?? 'meeting',
    occurred_local: toLocalInput(note?.occurred_at),
    place: note?.place ?? '',
    subject: note?.subject ?? '',
    body: note?.body ?? '',
    conclusions: note?.conclusions ?? '',
    next_steps: note?.next_steps ?? '',
    contact_ids: (note?.participants ?? []).flatMap((p) => (p.contact_id !== null ? [p.contact_id] : [])),
    user_ids: (note?.participants ?? []).flatMap((p) => (p.user_id !== null ? [p.user_id] : [])),
  }
}

function toInput(draft: NoteDraft): NoteInput {
  const participants: ParticipantRef[] = [
    ...draft.contact_ids.map((contact_id) => ({ contact_id })),
    ...draft.user_ids.map((user_id) => ({ user_id })),
  ]
  return {
    kind: draft.kind,
    occurred_at: fromLocalInput(draft.occurred_local),
    place: draft.place,
    subject: draft.subject,
    body: draft.body,
    conclusions: draft.conclusions,
    next_steps: draft.next_steps,
    participants,
  }
}

const toggle = (list: number[], id: number, on: boolean) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id))

interface NoteFormProps {
  customer: Customer
  note?: Note
  onSaved: (note: Note) => void
  onCancel: () => void
}

/** Adds a minute, or lets its author edit it over the version on screen (If-Match; 412 reloads it). */
export function NoteForm({ customer, note, onSaved, onCancel }: NoteFormProps) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const { users } = useUsers()
  const uid = useId()
  const [current, setCurrent] = useState<Note | undefined>(note)
  const [draft, setDraft] = useState<NoteDraft>(() => toDraft(note))
  const [stale, setStale] = useState<NoteDraft | null>(null)
  const noticeRef = useRef<HTMLDivElement>(null)
  const inFlight = useRef(false)

  const save = useMutation({
    mutationFn: (body: NoteInput) => (current ? notesApi.update(current.id, current.version, body) : notesApi.create(customer.id, body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['notes', customer.id] })
      onSaved(saved)
    },
    onError: async (error) => {
      if (current && error instanceof ApiError && error.status === 412) {
        try {
          const fresh = await notesApi.get(current.id)
          setStale(draft)
          setCurrent(fresh)
          setDraft(toDraft(fresh))
          void queryClient.invalidateQueries({ queryKey: ['notes', customer.id] })
        } catch {
          // The banner still says the save did not happen.
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
  const set = <K extends keyof NoteDraft>(key: K, value: NoteDraft[K]) => setDraft((previous) => ({ ...previous, [key]: value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    if (inFlight.current) return
    inFlight.current = true
    save.mutate(toInput(draft))
  }

  const contacts = customer.contacts.filter((contact) => contact.id !== undefined)
  // Colleagues already on the minute stay listed even if they have been deactivated since.
  const colleagues = users.filter((user) => user.active !== false || draft.user_ids.includes(user.id))
  const participantsError = errorAt(fieldErrors, 'participants')

  return (
    <form className="work-form" onSubmit={submit} noValidate aria-busy={save.isPending} aria-labelledby={`${uid}-heading`}>
      <h3 id={`${uid}-heading`}>{current ? t('notes.editTitle') : t('notes.newTitle')}</h3>
      <div ref={noticeRef} tabIndex={-1} className="summary-anchor">
        {conflict && (
          <div role="alert" className="banner banner-warning">
            <p>{t('notes.conflict')}</p>
            {stale && (
              <UnsavedCopy
                values={[
                  [t('notes.fields.subject'), stale.subject],
                  [t('notes.fields.body'), stale.body],
                  [t('notes.fields.conclusions'), stale.conclusions],
                  [t('notes.fields.nextSteps'), stale.next_steps],
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
      <div className="field-grid">
        <Field
          id={`${uid}-occurred`}
          type="datetime-local"
          label={t('notes.fields.occurredAt')}
          value={draft.occurred_local}
          error={fieldErrors.occurred_at}
          required
          onValueChange={(value) => set('occurred_local', value)}
        />
        <SelectField id={`${uid}-kind`} label={t('notes.fields.kind')} value={draft.kind} error={fieldErrors.kind} onValueChange={(value) => set('kind', value as NoteDraft['kind'])}>
          {NOTE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`notes.kind.${kind}`)}
            </option>
          ))}
        </SelectField>
        <Field id={`${uid}-place`} label={t('notes.fields.place')} value={draft.place} error={fieldErrors.place} autoComplete="off" onValueChange={(value) => set('place', value)} />
      </div>
      <fieldset aria-describedby={participantsError ? `${uid}-participants-error` : undefined} className={participantsError ? 'field-invalid' : undefined}>
        <legend>{t('notes.fields.participants')}</legend>
        <div className="participants">
          <div role="group" aria-labelledby={`${uid}-contacts-label`}>
            <p id={`${uid}-contacts-label`} className="group-label">
              {t('notes.customerContacts')}
            </p>
            {contacts.length === 0 && <p className="muted">{t('notes.noContacts')}</p>}
            {contacts.map((contact) => (
              <label key={contact.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.contact_ids.includes(contact.id!)}
                  onChange={(event) => set('contact_ids', toggle(draft.contact_ids, contact.id!, event.target.checked))}
                />
                {contact.name}
                {contact.role && <span className="muted"> ({contact.role})</span>}
              </label>
            ))}
          </div>
          <div role="group" aria-labelledby={`${uid}-users-label`}>
            <p id={`${uid}-users-label`} className="group-label">
              {t('notes.ourPeople')}
            </p>
            {colleagues.map((user) => (
              <label key={user.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.user_ids.includes(user.id)}
                  onChange={(event) => set('user_ids', toggle(draft.user_ids, user.id, event.target.checked))}
                />
                {userLabel(user)}
              </label>
            ))}
          </div>
        </div>
        {participantsError && (
          <span id={`${uid}-participants-error`} className="field-error">
            {participantsError}
          </span>
        )}
      </fieldset>
      <Field id={`${uid}-subject`} label={t('notes.fields.subject')} value={draft.subject} error={fieldErrors.subject} required autoComplete="off" onValueChange={(value) => set('subject', value)} />
      <Field id={`${uid}-body`} label={t('notes.fields.body')} hint={t('notes.markdownHint')} value={draft.body} error={fieldErrors.body} multiline onValueChange={(value) => set('body', value)} />
      <Field id={`${uid}-conclusions`} label={t('notes.fields.conclusions')} value={draft.conclusions} error={fieldErrors.conclusions} multiline onValueChange={(value) => set('conclusions', value)} />
      <Field id={`${uid}-next-steps`} label={t('notes.fields.nextSteps')} value={draft.next_steps} error={fieldErrors.next_steps} multiline onValueChange={(value) => set('next_steps', value)} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('form.saving') : current ? t('form.save') : t('notes.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  )
}
