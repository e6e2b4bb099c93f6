import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { QueryError } from '../components/QueryError'
import { StatusBadge } from '../import/ImportOutcome'
import { listImports } from '../import/importApi'
import { useFormatters } from '../lib/format'
import { usePageHeading } from '../lib/usePageHeading'
import '../import/import.css'

export default function ImportHistoryPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const heading = usePageHeading(t('import.history.title'))
  // A running import's counts move; the list follows it without a reload.
  const imports = useQuery({
    queryKey: ['imports'],
    queryFn: () => listImports(50),
    refetchInterval: (query) => (query.state.data?.some((item) => item.status === 'running') ? 2000 : false),
  })
  const items = imports.data ?? []

  return (
    <section className="panel">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          {t('import.history.title')}
        </h1>
        <Link to="/import" className="button primary">
          {t('import.history.new')}
        </Link>
      </div>
      {imports.error && <QueryError error={imports.error} onRetry={() => void imports.refetch()} />}
      {imports.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : items.length === 0 && !imports.error ? (
        <p className="empty-state">{t('import.history.empty')}</p>
      ) : (
        <div className="import-scroll" tabIndex={0} role="region" aria-label={t('import.history.title')}>
          <table className="simple-table import-history-table">
            <caption className="visually-hidden">{t('import.history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.history.number')}</th>
                <th scope="col">{t('import.history.file')}</th>
                <th scope="col">{t('import.history.who')}</th>
                <th scope="col">{t('import.history.when')}</th>
                <th scope="col">{t('import.history.status')}</th>
                <th scope="col">{t('import.counts.created')}</th>
                <th scope="col">{t('import.counts.updated')}</th>
                <th scope="col">{t('import.counts.skipped')}</th>
                <th scope="col">{t('import.counts.rejected')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-testid={`import-${item.id}`}>
                  <th scope="row">
                    <Link to={`/importy/${item.id}`} aria-label={t('import.history.open', { number: item.id, name: item.file_name })}>
                      {t('import.history.numberValue', { number: item.id })}
                    </Link>
                  </th>
                  <td>{item.file_name}</td>
                  <td>{item.created_by?.name ?? t('import.history.cli')}</td>
                  <td>{format.dateTime(item.started_at ?? item.created_at)}</td>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>{format.number(item.counts.created)}</td>
                  <td>{format.number(item.counts.updated)}</td>
                  <td>{format.number(item.counts.skipped)}</td>
                  <td>{format.number(item.counts.rejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
