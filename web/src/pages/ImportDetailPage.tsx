import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { QueryError } from '../components/QueryError'
import { columnLabel } from '../import/display'
import { ImportOutcome, ImportProgress, StatusBadge, useImportRecord } from '../import/ImportOutcome'
import { isFinished } from '../import/importApi'
import { useFormatters } from '../lib/format'
import { usePageHeading } from '../lib/usePageHeading'
import NotFoundPage from './NotFoundPage'
import '../import/import.css'

export default function ImportDetailPage() {
  const { id: rawId } = useParams()
  const id = Number(rawId)
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />
  return <ImportDetail id={id} />
}

function ImportDetail({ id }: { id: number }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const record = useImportRecord(id)
  const title = t('import.detail.title', { number: id })
  const heading = usePageHeading(title)
  const data = record.data
  const mapped = data?.options?.mapping.filter((key): key is string => !!key) ?? []

  return (
    <section className="panel">
      <p>
        <Link to="/importy">{t('import.detail.back')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {record.error && <QueryError error={record.error} onRetry={() => void record.refetch()} />}
      {!data ? (
        !record.error && <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <dl className="facts import-facts">
            <div>
              <dt>{t('import.history.status')}</dt>
              <dd>
                <StatusBadge status={data.status} />
              </dd>
            </div>
            <div>
              <dt>{t('import.history.file')}</dt>
              <dd>
                {data.file_name} ({data.format.toUpperCase()}
                {data.sheet && `, ${t('import.wizard.sheet', { name: data.sheet })}`})
              </dd>
            </div>
            <div>
              <dt>{t('import.history.who')}</dt>
              <dd>{data.created_by?.name ?? t('import.history.cli')}</dd>
            </div>
            <div>
              <dt>{t('import.history.when')}</dt>
              <dd>{format.dateTime(data.started_at ?? data.created_at)}</dd>
            </div>
            {data.finished_at && (
              <div>
                <dt>{t('import.detail.finished')}</dt>
                <dd>{format.dateTime(data.finished_at)}</dd>
              </div>
            )}
            {data.options && (
              <div>
                <dt>{t('import.detail.settings')}</dt>
                <dd>
                  {[
                    t(`import.options.mode.${data.options.mode}`),
                    t(`import.options.policy.${data.options.field_policy}`),
                    t(`import.options.atomicity.${data.options.atomicity}`),
                  ].join(' · ')}
                </dd>
              </div>
            )}
            {mapped.length > 0 && (
              <div>
                <dt>{t('import.detail.mapping')}</dt>
                <dd>{mapped.map((key) => columnLabel(key, t)).join(', ')}</dd>
              </div>
            )}
            {data.reverted_at && (
              <div>
                <dt>{t('import.detail.revertedAt')}</dt>
                <dd>{format.dateTime(data.reverted_at)}</dd>
              </div>
            )}
          </dl>
          {!isFinished(data.status) && <ImportProgress record={data} />}
          {isFinished(data.status) && <ImportOutcome record={data} />}
        </>
      )}
    </section>
  )
}
