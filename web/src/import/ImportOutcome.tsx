import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { QueryError } from '../components/QueryError'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { columnLabel, jsonValueText } from './display'
import {
  cancelImport,
  errorReportUrl,
  getImport,
  isFinished,
  revertImport,
  type ImportRecord,
  type RevertOutcome,
} from './importApi'

const POLL_MS = 500

/** The import as the server reports it, polled every 500 ms while it is queued or running. */
export function useImportRecord(id: number, initial?: ImportRecord) {
  return useQuery({
    queryKey: ['import', id],
    queryFn: () => getImport(id),
    initialData: initial,
    refetchInterval: (query) => {
      const status = query.state.data?.status
      return status && isFinished(status) ? false : POLL_MS
    },
  })
}

export function progressPercent(record: ImportRecord): number {
  const { rows_total, rows_done } = record.counts
  if (record.status === 'succeeded' && rows_done >= rows_total) return 100
  if (!rows_total) return 0
  return Math.min(100, Math.round((rows_done / rows_total) * 100))
}

export function ImportProgress({ record }: { record: ImportRecord }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const percent = progressPercent(record)
  const { rows_done, rows_total } = record.counts
  const text = rows_total
    ? t('import.run.progressText', { done: format.number(rows_done), total: format.number(rows_total), percent })
    : record.status === 'running' && rows_done === 0
      ? t('import.run.waiting')
      : t('import.run.progressUnknown', { done: format.number(rows_done) })
  return (
    <div className="import-progress">
      <div
        className="import-progress-bar"
        role="progressbar"
        aria-label={t('import.run.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div className="import-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="muted">{text}</p>
    </div>
  )
}

export function ImportCountsList({ record }: { record: ImportRecord }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const counts = record.counts
  const items: [string, number][] = [
    ['rowsTotal', counts.rows_total],
    ['created', counts.created],
    ['updated', counts.updated],
    ['skipped', counts.skipped],
    ['rejected', counts.rejected],
    ['duplicates', counts.duplicates],
  ]
  return (
    <dl className="facts import-counts" data-testid="import-counts">
      {items.map(([key, value]) => (
        <div key={key} data-count={key}>
          <dt>{t(`import.counts.${key}`)}</dt>
          <dd>{format.number(value)}</dd>
        </div>
      ))}
    </dl>
  )
}

export function StatusBadge({ status }: { status: ImportRecord['status'] }) {
  const { t } = useTranslation()
  const tone = status === 'succeeded' ? 'badge-active' : status === 'running' || status === 'draft' ? 'badge-lead' : 'badge-inactive'
  return <span className={`badge ${tone} import-status-${status}`}>{t(`import.statusName.${status}`, { defaultValue: status })}</span>
}

/** A finished import: what happened, the error report, and the revert (with what it could not undo). */
export function ImportOutcome({ record }: { record: ImportRecord }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const [reverted, setReverted] = useState<RevertOutcome | null>(null)

  const revert = useMutation({
    mutationFn: () => revertImport(record.id),
    onSuccess: (outcome) => {
      setConfirming(false)
      setReverted(outcome)
      queryClient.setQueryData(['import', record.id], outcome.import)
      void queryClient.invalidateQueries({ queryKey: ['imports'] })
      void queryClient.invalidateQueries({ queryKey: ['customers'] })
      void queryClient.invalidateQueries({ queryKey: ['trash'] })
      void queryClient.invalidateQueries({ queryKey: ['history'] })
    },
  })

  const canRevert = record.status !== 'reverted' && record.status !== 'running' && record.status !== 'draft' && !reverted
  const touched = record.counts.created + record.counts.updated > 0

  return (
    <div className="import-outcome">
      <p role="status" className={`banner ${record.status === 'succeeded' ? 'banner-info' : record.status === 'reverted' ? 'banner-info' : 'banner-warning'}`}>
        {t(`import.outcome.${record.status}`, { defaultValue: record.status })}
        {record.error && <span className="import-server-message"> {record.error}</span>}
      </p>
      <ImportCountsList record={record} />

      {record.counts.rejected > 0 && (
        <p className="import-downloads">
          <span>{t('import.outcome.errorReport')}</span>{' '}
          <a href={errorReportUrl(record.id, 'xlsx')} download className="button">
            {t('import.outcome.downloadXlsx')}
          </a>{' '}
          <a href={errorReportUrl(record.id, 'csv')} download className="button">
            {t('import.outcome.downloadCsv')}
          </a>
        </p>
      )}

      <div className="form-actions">
        <Link to="/customers" className="button">
          {t('import.outcome.toList')}
        </Link>
        <Link to="/importy">{t('import.outcome.toHistory')}</Link>
        {canRevert && touched && !confirming && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('import.revert.button')}
          </button>
        )}
      </div>
      {confirming && (
        <div role="group" aria-label={t('import.revert.confirmLabel')} className="confirm import-confirm">
          <p>{t('import.revert.explain', { created: record.counts.created, updated: record.counts.updated })}</p>
          <div className="form-actions">
            <button type="button" className="danger" disabled={revert.isPending} onClick={() => revert.mutate()}>
              {revert.isPending ? t('import.revert.working') : t('import.revert.confirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('import.revert.keep')}
            </button>
          </div>
        </div>
      )}
      {revert.error && (
        <p role="alert" className="banner banner-error">
          {t('import.revert.failed', { reason: describeError(revert.error, t) })}
        </p>
      )}
      {reverted && <RevertSummary outcome={reverted} />}
    </div>
  )
}

function RevertSummary({ outcome }: { outcome: RevertOutcome }) {
  const { t } = useTranslation()
  return (
    <div className="import-reverted">
      <p role="status" className="banner banner-info">
        {t('import.revert.done', { trashed: outcome.trashed, restored: outcome.restored })} <Link to="/trash">{t('import.revert.toTrash')}</Link>
      </p>
      {outcome.conflicts.length > 0 && (
        <>
          <h3>{t('import.revert.conflictsTitle')}</h3>
          <p className="muted">{t('import.revert.conflictsIntro')}</p>
          <table className="simple-table" data-testid="revert-conflicts">
            <caption className="visually-hidden">{t('import.revert.conflictsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.revert.customer')}</th>
                <th scope="col">{t('import.revert.field')}</th>
                <th scope="col">{t('import.revert.importValue')}</th>
                <th scope="col">{t('import.revert.currentValue')}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.conflicts.map((conflict, index) => (
                <tr key={`${conflict.customer_id}-${conflict.field}-${index}`}>
                  <th scope="row">
                    <Link to={`/customers/${conflict.customer_id}`}>{conflict.customer_name || `#${conflict.customer_id}`}</Link>
                  </th>
                  <td>{columnLabel(conflict.field, t)}</td>
                  <td>{jsonValueText(conflict.import_value)}</td>
                  <td>{jsonValueText(conflict.current_value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  )
}

/** The run step: progress while it runs, a cancel button, then the outcome. */
export function RunPanel({ id, initial }: { id: number; initial?: ImportRecord }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const record = useImportRecord(id, initial)
  const cancel = useMutation({
    mutationFn: () => cancelImport(id),
    onSuccess: (updated) => queryClient.setQueryData(['import', id], updated),
  })

  useFinishedRefresh(record.data)

  if (record.error && !record.data) return <QueryError error={record.error} onRetry={() => void record.refetch()} />
  if (!record.data) {
    return (
      <p role="status" className="loading">
        {t('common.loading')}
      </p>
    )
  }
  const data = record.data
  const finished = isFinished(data.status)
  return (
    <div>
      <p>
        <StatusBadge status={data.status} /> {data.file_name}
      </p>
      <ImportProgress record={data} />
      {!finished && (
        <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
          {cancel.isPending ? t('import.run.cancelling') : t('import.run.cancel')}
        </button>
      )}
      {cancel.error && (
        <p role="alert" className="banner banner-error">
          {describeError(cancel.error, t)}
        </p>
      )}
      {finished && <ImportOutcome record={data} />}
    </div>
  )
}

/** Once an import finishes, the list, trash and history views hold stale pages. */
function useFinishedRefresh(record: ImportRecord | undefined) {
  const queryClient = useQueryClient()
  const key = record && isFinished(record.status) ? `${record.id}:${record.status}` : null
  useEffect(() => {
    if (!key) return
    void queryClient.invalidateQueries({ queryKey: ['customers'] })
    void queryClient.invalidateQueries({ queryKey: ['imports'] })
    void queryClient.invalidateQueries({ queryKey: ['history'] })
  }, [key, queryClient])
}
