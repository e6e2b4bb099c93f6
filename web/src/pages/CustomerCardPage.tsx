import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router'
import { ApiError, api } from '../api/client'
import { QueryError } from '../components/QueryError'
import { OverviewEditor } from '../customers/OverviewEditor'
import { NotesTab } from '../notes/NotesTab'
import { TasksTab } from '../tasks/TasksTab'
import { DocumentsTab } from '../documents/DocumentsTab'
import { HistoryTab } from '../history/HistoryTab'
import { useUsers, userLabel } from '../customers/useUsers'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { usePageHeading } from '../lib/usePageHeading'

const TABS = ['overview', 'notes', 'tasks', 'documents', 'history'] as const
type Tab = (typeof TABS)[number]

export default function CustomerCardPage() {
  const { t } = useTranslation()
  const params = useParams()
  const id = Number(params.id)
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [searchParams, setSearchParams] = useSearchParams()
  const { byId: usersById } = useUsers()
  const tabParam = searchParams.get('tab')
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : 'overview'
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({})
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  /** Set when a delete met a colleague's newer save: the time of that save. */
  const [deleteConflictAt, setDeleteConflictAt] = useState<string | null>(null)
  const deleteNoticeRef = useRef<HTMLDivElement>(null)
  const format = useFormatters()
  const backTo = (location.state as { from?: string } | null)?.from ?? '/customers'

  const customerQuery = useQuery({
    queryKey: ['customer', id],
    queryFn: () => api.customer(id),
    enabled: Number.isInteger(id) && id > 0,
  })
  const customer = customerQuery.data
  const heading = usePageHeading(customer?.name ?? t('card.title'), customer ? id : undefined)

  const remove = useMutation({
    // The version the user is looking at: a colleague's later save must not vanish into the trash unseen.
    mutationFn: (version: number) => api.deleteCustomer(id, version),
    onMutate: () => setDeleteConflictAt(null),
    onError: async (error) => {
      if (!(error instanceof ApiError && error.status === 412)) return
      setConfirmingDelete(false)
      try {
        const current = await api.customer(id)
        queryClient.setQueryData(['customer', id], current)
        setDeleteConflictAt(current.updated_at)
      } catch {
        // The reload failed too; the query's own refetch shows that error state.
        void queryClient.invalidateQueries({ queryKey: ['customer', id] })
        setDeleteConflictAt('')
      }
      requestAnimationFrame(() => deleteNoticeRef.current?.focus())
    },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['customer', id] })
      void queryClient.invalidateQueries({ queryKey: ['customers'] })
      void queryClient.invalidateQueries({ queryKey: ['trash'] })
      navigate(backTo, { state: { deleted: customer?.name ?? '' } })
    },
  })

  const selectTab = (next: Tab, focus = false) => {
    setSearchParams(
      (current) => {
        const updated = new URLSearchParams(current)
        if (next === 'overview') updated.delete('tab')
        else updated.set('tab', next)
        return updated
      },
      { replace: true, state: location.state },
    )
    if (focus) tabRefs.current[next]?.focus()
  }

  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const targets: Record<string, number> = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    }
    if (event.key in targets) {
      event.preventDefault()
      selectTab(TABS[targets[event.key]], true)
    }
  }

  if (!Number.isInteger(id) || id <= 0) return <QueryError error={new Error('bad id')} />
  if (customerQuery.isPending) {
    return (
      <p role="status" className="loading">
        {t('common.loading')}
      </p>
    )
  }
  if (customerQuery.error || !customer) {
    return (
      <section className="panel">
        <h1 ref={heading} tabIndex={-1}>
          {t('card.title')}
        </h1>
        <QueryError error={customerQuery.error} onRetry={() => void customerQuery.refetch()} />
        <Link to={backTo}>{t('errors.backToList')}</Link>
      </section>
    )
  }

  return (
    <article className="card-page">
      <p>
        <Link to={backTo}>← {t('card.backToList')}</Link>
      </p>
      <header className="card-header panel">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {customer.name}
          </h1>
          {(location.state as { created?: boolean } | null)?.created && (
            <p role="status" className="banner banner-info">
              {t('card.created')}
            </p>
          )}
          <dl className="facts">
            <div>
              <dt>{t('customer.fields.ico')}</dt>
              <dd>{customer.ico || '—'}</dd>
            </div>
            <div>
              <dt>{t('customer.fields.status')}</dt>
              <dd>
                <span className={`badge badge-${customer.status}`}>{t(`customer.status.${customer.status}`)}</span>
              </dd>
            </div>
            <div>
              <dt>{t('customer.fields.owner')}</dt>
              <dd>{customer.owner_id ? userLabel(usersById.get(customer.owner_id)) || `#${customer.owner_id}` : t('customer.noOwner')}</dd>
            </div>
            <div>
              <dt>{t('customer.fields.kind')}</dt>
              <dd>{t(`customer.kind.${customer.kind}`)}</dd>
            </div>
          </dl>
        </div>
        <div className="card-actions">
          {!confirmingDelete ? (
            <button type="button" className="danger" onClick={() => setConfirmingDelete(true)}>
              {t('card.delete')}
            </button>
          ) : (
            <div role="group" aria-label={t('card.deleteConfirmLabel')} className="confirm">
              <p>{t('card.deleteConfirm', { name: customer.name })}</p>
              <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate(customer.version)}>
                {t('card.deleteYes')}
              </button>
              <button type="button" onClick={() => setConfirmingDelete(false)}>
                {t('form.cancel')}
              </button>
            </div>
          )}
          {remove.error && deleteConflictAt === null && (
            <p role="alert" className="banner banner-error">
              {describeError(remove.error, t)}
            </p>
          )}
        </div>
      </header>

      {deleteConflictAt !== null && (
        <div ref={deleteNoticeRef} tabIndex={-1} role="alert" className="banner banner-warning conflict" data-testid="delete-conflict">
          <h2>{t('conflict.title')}</h2>
          <p>{t('card.deleteConflict', { time: deleteConflictAt ? format.dateTime(deleteConflictAt) : '—' })}</p>
        </div>
      )}

      <div role="tablist" aria-label={t('card.tabsLabel')} className="tabs">
        {TABS.map((name, index) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => selectTab(name)}
            onKeyDown={(event) => onTabKeyDown(event, index)}
          >
            {t(`card.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={0} className="tab-panel panel">
        {tab === 'overview' ? (
          <OverviewEditor key={customer.id} customer={customer} />
        ) : tab === 'notes' ? (
          <NotesTab key={customer.id} customer={customer} />
        ) : tab === 'tasks' ? (
          <TasksTab key={customer.id} customer={customer} />
        ) : tab === 'documents' ? (
          <DocumentsTab key={customer.id} customerId={customer.id} />
        ) : (
          <HistoryTab key={customer.id} customerId={customer.id} />
        )}
      </div>
    </article>
  )
}
