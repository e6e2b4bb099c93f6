import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { api } from '../api/client'
import { QueryError } from '../components/QueryError'
import { useUsers } from '../customers/useUsers'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { HISTORY_SUBJECTS, listHistory, restoreValue, type FieldChange, type HistoryEntry, type HistorySubject } from './historyApi'
import { historyFieldLabel, HistoryValue } from './HistoryValue'
import './history.css'

/** Only a past value of the customer record itself can be copied back (the server answers 422 otherwise). */
const isRestorable = (entry: HistoryEntry) =>
  entry.subject === 'customer' && (entry.action === 'updated' || entry.action === 'value_restored')

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}

interface Day {
  key: string
  date: Date
  entries: HistoryEntry[]
}

/** Entries arrive newest first; consecutive entries of one local calendar day form a group. */
function groupByDay(entries: HistoryEntry[]): Day[] {
  const days: Day[] = []
  for (const entry of entries) {
    const date = new Date(entry.at)
    const key = dayKey(date)
    const last = days[days.length - 1]
    if (last && last.key === key) last.entries.push(entry)
    else days.push({ key, date, entries: [entry] })
  }
  return days
}

export function HistoryTab({ customerId }: { customerId: number }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const queryClient = useQueryClient()
  const { byId: users } = useUsers()
  const [subject, setSubject] = useState<HistorySubject | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const noticeRef = useRef<HTMLDivElement>(null)

  const history = useInfiniteQuery({
    queryKey: ['history', customerId, subject],
    queryFn: ({ pageParam }) => listHistory(customerId, subject, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
  const entries = useMemo(() => history.data?.pages.flatMap((page) => page.items) ?? [], [history.data])
  const days = useMemo(() => groupByDay(entries), [entries])
  const byId = useMemo(() => new Map(entries.map((entry) => [entry.id, entry])), [entries])

  const restore = useMutation({
    // The version the server holds now: restoring is a deliberate act on the record as it is, and the
    // If-Match still stops it if a colleague saves between this read and the write.
    mutationFn: async ({ entry, change }: { entry: HistoryEntry; change: FieldChange }) => {
      const current = await api.customer(customerId)
      return restoreValue(customerId, entry.id, change.field, current.version)
    },
    onMutate: () => setNotice(null),
    onSuccess: (saved, { change }) => {
      queryClient.setQueryData(['customer', customerId], saved)
      void queryClient.invalidateQueries({ queryKey: ['customer', customerId] })
      void queryClient.invalidateQueries({ queryKey: ['history', customerId] })
      void queryClient.invalidateQueries({ queryKey: ['customers'] })
      setNotice(t('history.restored', { field: historyFieldLabel('customer', change.field, t, (key) => i18n.exists(key)) }))
      requestAnimationFrame(() => noticeRef.current?.focus())
    },
    onError: () => requestAnimationFrame(() => noticeRef.current?.focus()),
  })

  const dayHeading = (date: Date) => {
    const today = new Date()
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1)
    const long = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date)
    if (dayKey(date) === dayKey(today)) return `${t('history.today')} – ${long}`
    if (dayKey(date) === dayKey(yesterday)) return `${t('history.yesterday')} – ${long}`
    return long
  }
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' })

  const channel = (entry: HistoryEntry) => {
    if (entry.channel === 'api_token') return t('history.channel.api_token', { name: entry.channel_detail ?? '' })
    if (entry.channel === 'import') {
      // channel_detail is the import's id: the entry links to that import's record (who, file, counts, revert).
      const number = entry.channel_detail ?? ''
      return /^\d+$/.test(number) ? (
        <Link to={`/importy/${number}`}>{t('history.channel.importLink', { number })}</Link>
      ) : (
        t('history.channel.import', { number })
      )
    }
    return t(`history.channel.${entry.channel}`, { defaultValue: entry.channel })
  }

  const fieldName = (entry: HistoryEntry, field: string) => historyFieldLabel(entry.subject, field, t, (key) => i18n.exists(key))

  return (
    <section aria-labelledby="history-heading" className="history">
      <h2 id="history-heading">{t('history.title')}</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="history-subject">{t('history.filter')}</label>
          <select
            id="history-subject"
            value={subject ?? ''}
            onChange={(event) => setSubject((event.target.value || null) as HistorySubject | null)}
          >
            <option value="">{t('history.subjects.all')}</option>
            {HISTORY_SUBJECTS.map((name) => (
              <option key={name} value={name}>
                {t(`history.subjects.${name}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div ref={noticeRef} tabIndex={-1} className="summary-anchor">
        {notice && (
          <p role="status" className="banner banner-info">
            {notice}
          </p>
        )}
        {restore.error && (
          <p role="alert" className="banner banner-error">
            {t('history.restoreFailed', { reason: describeError(restore.error, t) })}
          </p>
        )}
      </div>

      {history.isPending ? (
        <p role="status" className="loading">
          {t('common.loading')}
        </p>
      ) : history.error ? (
        <QueryError error={history.error} onRetry={() => void history.refetch()} />
      ) : entries.length === 0 ? (
        <p className="empty-state">{subject ? t('history.noneFiltered') : t('history.none')}</p>
      ) : (
        days.map((day) => (
          <section key={day.key} className="history-day" aria-labelledby={`history-day-${day.key}`}>
            <h3 id={`history-day-${day.key}`}>{dayHeading(day.date)}</h3>
            <ol className="timeline">
              {day.entries.map((entry) => {
                const origin = entry.restored_from != null ? byId.get(entry.restored_from) : undefined
                const subjectName = t(`history.subject.${entry.subject}`, { defaultValue: entry.subject })
                return (
                  <li key={entry.id} className="history-entry" data-testid="history-entry">
                    <p className="history-meta">
                      <time dateTime={entry.at}>{time.format(new Date(entry.at))}</time>
                      <strong>{entry.actor?.display_name || t('history.system')}</strong>
                      <span className="muted">{channel(entry)}</span>
                    </p>
                    <p className="history-what">
                      <span className={`history-subject history-subject-${entry.subject}`}>{subjectName}</span>
                      {entry.subject_label && <span className="history-label">{entry.subject_label}</span>}
                      <span className="history-action">{t(`history.action.${entry.action}`, { defaultValue: entry.action })}</span>
                    </p>
                    {entry.restored_from != null && (
                      <p className="muted history-origin">
                        {origin
                          ? t('history.restoredFrom', { time: format.dateTime(origin.at) })
                          : t('history.restoredFromId', { id: entry.restored_from })}
                      </p>
                    )}
                    {entry.changes.length > 0 && (
                      <table className="diff-table history-changes">
                        <caption className="visually-hidden">
                          {t('history.changesCaption', { subject: [subjectName, entry.subject_label].filter(Boolean).join(' ') })}
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('history.field')}</th>
                            {entry.action !== 'created' && <th scope="col">{t('history.before')}</th>}
                            <th scope="col">{t('history.after')}</th>
                            {isRestorable(entry) && (
                              <th scope="col">
                                <span className="visually-hidden">{t('documents.table.actions')}</span>
                              </th>
                            )}
                          </tr>
                        </thead>
                        <tbody>
                          {entry.changes.map((change) => (
                            <tr key={change.field}>
                              <th scope="row">{fieldName(entry, change.field)}</th>
                              {entry.action !== 'created' && (
                                <td>
                                  <HistoryValue subject={entry.subject} field={change.field} value={change.before} users={users} />
                                </td>
                              )}
                              <td>
                                <HistoryValue subject={entry.subject} field={change.field} value={change.after} users={users} />
                              </td>
                              {isRestorable(entry) && (
                                <td>
                                  <button
                                    type="button"
                                    disabled={restore.isPending}
                                    aria-label={t('history.restoreLabel', { field: fieldName(entry, change.field) })}
                                    onClick={() => restore.mutate({ entry, change })}
                                  >
                                    {restore.isPending && restore.variables?.entry.id === entry.id && restore.variables.change.field === change.field
                                      ? t('history.restoring')
                                      : t('history.restore')}
                                  </button>
                                </td>
                              )}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </li>
                )
              })}
            </ol>
          </section>
        ))
      )}
      {history.hasNextPage && (
        <button type="button" disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {history.isFetchingNextPage ? t('common.loading') : t('history.loadMore')}
        </button>
      )}
    </section>
  )
}
