import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'
import { normalizeColumns, type ColumnId } from '../customers/columns'
import { listQueryParams, readListQuery } from '../customers/listQuery'
import { viewsApi, viewsQuery, type SavedView } from './api'

interface Props {
  /** The current list as its canonical query string. */
  query: string
  columns: readonly ColumnId[]
  onApply: (view: SavedView) => void
}

/** A view's query, spelled the way the list writes its URL, so "is this view on screen" is a string compare. */
export function canonicalView(view: Pick<SavedView, 'query' | 'columns'>): string {
  const query = listQueryParams(readListQuery(new URLSearchParams(view.query))).toString()
  return `${query}|${normalizeColumns(view.columns).join(',')}`
}

export function ViewsMenu({ query, columns, onApply }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const views = useQuery(viewsQuery)
  const menuRef = useRef<HTMLDetailsElement>(null)
  const [saving, setSaving] = useState(false)
  const [name, setName] = useState('')
  const [shared, setShared] = useState(false)
  const [nameError, setNameError] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const nameId = useId()
  const errorId = useId()

  const current = `${query}|${normalizeColumns(columns).join(',')}`
  const activeView = views.data?.find((view) => canonicalView(view) === current)

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['views'] })
  const failed = (error: unknown) =>
    setActionError(error instanceof ApiError && error.isNetwork ? t('list.views.offline') : t('list.views.failed'))

  const create = useMutation({
    mutationFn: viewsApi.create,
    onSuccess: () => {
      setSaving(false)
      setName('')
      setShared(false)
      setNameError(null)
      void refresh()
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 422 && error.fieldErrors.name) {
        const code = error.problem.error_codes?.name
        setNameError(code === 'name.taken' ? t('list.views.nameTaken') : error.fieldErrors.name)
      } else {
        setNameError(null)
        failed(error)
      }
    },
  })
  const remove = useMutation({ mutationFn: viewsApi.remove, onSuccess: refresh, onError: failed })
  const setDefault = useMutation({ mutationFn: viewsApi.setDefault, onSuccess: refresh, onError: failed })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) {
      setNameError(t('list.views.nameRequired'))
      return
    }
    setActionError(null)
    create.mutate({ name: trimmed, query, columns: [...columns], shared })
  }

  const apply = (view: SavedView) => {
    onApply(view)
    if (menuRef.current) menuRef.current.open = false
  }

  return (
    <details className="menu views-menu" ref={menuRef}>
      <summary>
        <span>{t('list.views.button')}</span>
        {activeView && <span className="menu-current">: {activeView.name}</span>}
      </summary>
      <div className="menu-panel views-panel">
        {views.isPending && <p className="muted">{t('common.loading')}</p>}
        {views.error && <p className="field-error">{t('list.views.loadFailed')}</p>}
        {views.data && views.data.length === 0 && <p className="muted">{t('list.views.none')}</p>}
        {views.data && views.data.length > 0 && (
          <ul className="view-list" aria-label={t('list.views.listLabel')}>
            {views.data.map((view) => (
              <li key={view.id} className="view-item">
                <button
                  type="button"
                  className="link-button view-apply"
                  aria-current={activeView?.id === view.id ? 'true' : undefined}
                  onClick={() => apply(view)}
                >
                  {view.name}
                </button>
                <span className="view-meta muted">
                  {view.is_default && <span className="view-default">{t('list.views.isDefault')}</span>}
                  {view.shared && (view.mine ? t('list.views.sharedByMe') : t('list.views.sharedBy', { name: view.owner.name }))}
                </span>
                <span className="view-actions">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t(view.is_default ? 'list.views.unsetDefaultOf' : 'list.views.setDefaultOf', { name: view.name })}
                    disabled={setDefault.isPending}
                    onClick={() => setDefault.mutate(view.is_default ? null : view.id)}
                  >
                    {t(view.is_default ? 'list.views.unsetDefault' : 'list.views.setDefault')}
                  </button>
                  {view.mine && (
                    <button
                      type="button"
                      className="link-button danger"
                      aria-label={t('list.views.deleteOf', { name: view.name })}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(view)}
                    >
                      {t('list.views.delete')}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {actionError && (
          <p className="field-error" role="alert">
            {actionError}
          </p>
        )}
        {saving ? (
          <form className="view-save" onSubmit={submit} noValidate>
            <div className={`field${nameError ? ' field-invalid' : ''}`}>
              <label htmlFor={nameId}>{t('list.views.name')}</label>
              <input
                id={nameId}
                value={name}
                maxLength={100}
                autoFocus
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? errorId : undefined}
                onChange={(event) => setName(event.target.value)}
              />
              {nameError && (
                <p id={errorId} className="field-error" role="alert">
                  {nameError}
                </p>
              )}
            </div>
            <label className="checkbox">
              <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
              {t('list.views.share')}
            </label>
            <div className="view-save-actions">
              <button type="submit" className="primary" disabled={create.isPending}>
                {t('list.views.save')}
              </button>
              <button type="button" onClick={() => setSaving(false)}>
                {t('list.views.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="menu-item" onClick={() => setSaving(true)}>
            {t('list.views.saveAs')}
          </button>
        )}
      </div>
    </details>
  )
}
