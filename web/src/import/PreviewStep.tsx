import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { QueryError } from '../components/QueryError'
import { useUsers } from '../customers/useUsers'
import { columnLabel, customerValue, issueText } from './display'
import { previewImport, type DuplicateAction, type ImportOptions, type PreviewRow } from './importApi'

const ACTIONS: DuplicateAction[] = ['create', 'update', 'skip']

export function PreviewStep({
  importId,
  options,
  onDuplicateAction,
  onDuplicateDefault,
}: {
  importId: number
  options: ImportOptions
  onDuplicateAction: (row: number, action: DuplicateAction | null) => void
  onDuplicateDefault: (action: DuplicateAction | null) => void
}) {
  const { t, i18n } = useTranslation()
  const { byId: users } = useUsers()
  const [allChoice, setAllChoice] = useState<DuplicateAction | ''>(options.duplicate_default ?? '')
  const preview = useQuery({
    queryKey: ['import-preview', importId, options],
    queryFn: () => previewImport(importId, options),
    placeholderData: keepPreviousData,
  })

  // Columns in file order, each customer field once: the record as it will be stored.
  const fields = options.mapping.filter((key, index, all): key is string => !!key && all.indexOf(key) === index)
  const rows = preview.data?.rows ?? []
  const matched = rows.filter((row) => row.match)
  const errorRows = rows.filter((row) => row.errors.length > 0).length
  const warningRows = rows.filter((row) => row.warnings.length > 0).length

  // A rejected value is not stored, so its cell shows what the file holds, marked as the file's text.
  const fileText = (row: PreviewRow, key: string) => {
    const text = row.cells[options.mapping.indexOf(key)] ?? ''
    return text ? t('import.preview.inFile', { text }) : ''
  }

  const rowChoice = (row: PreviewRow): DuplicateAction | '' => options.duplicate_actions[String(row.row_number)] ?? ''

  if (preview.isPending) {
    return (
      <p role="status" className="loading">
        {t('common.loading')}
      </p>
    )
  }
  if (preview.error) return <QueryError error={preview.error} onRetry={() => void preview.refetch()} />

  return (
    <div>
      <p role="status" className="muted">
        {t('import.preview.summary', { rows: rows.length, errors: errorRows, warnings: warningRows, duplicates: matched.length })}
        {preview.isFetching && ` ${t('import.preview.updating')}`}
      </p>

      {matched.length > 0 && (
        <div className="toolbar import-apply-all">
          <div className="field">
            <label htmlFor="import-all-duplicates">{t('import.preview.allDuplicates')}</label>
            <select
              id="import-all-duplicates"
              value={allChoice}
              onChange={(event) => setAllChoice(event.target.value as DuplicateAction | '')}
            >
              <option value="">{t('import.preview.byMode')}</option>
              {ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {t(`import.duplicateAction.${action}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={() => onDuplicateDefault(allChoice || null)}>
            {t('import.preview.applyToAll')}
          </button>
        </div>
      )}

      <div className="import-scroll" tabIndex={0} role="region" aria-label={t('import.preview.tableLabel')}>
        <table className="simple-table import-preview-table">
          <caption className="visually-hidden">{t('import.preview.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.preview.row')}</th>
              <th scope="col">{t('import.preview.action')}</th>
              <th scope="col">{t('import.preview.issues')}</th>
              <th scope="col">{t('import.preview.match')}</th>
              {fields.map((key) => (
                <th scope="col" key={key}>
                  {columnLabel(key, t)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const errorFields = new Set(row.errors.map((issue) => issue.field))
              const warningFields = new Set(row.warnings.map((issue) => issue.field))
              const rowClass = row.errors.length ? 'import-row-error' : row.warnings.length ? 'import-row-warning' : ''
              return (
                <tr key={row.row_number} className={rowClass} data-testid={`preview-row-${row.row_number}`}>
                  <th scope="row">{row.row_number}</th>
                  <td>
                    {row.match ? (
                      <select
                        aria-label={t('import.preview.actionFor', { row: row.row_number })}
                        value={rowChoice(row)}
                        onChange={(event) => onDuplicateAction(row.row_number, (event.target.value || null) as DuplicateAction | null)}
                      >
                        <option value="">
                          {t('import.preview.defaultAction', { action: t(`import.rowAction.${row.action}`, { defaultValue: row.action }) })}
                        </option>
                        {ACTIONS.filter((action) => action !== 'update' || row.match?.customer_id != null).map((action) => (
                          <option key={action} value={action}>
                            {t(`import.duplicateAction.${action}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className={row.action === 'reject' ? 'import-action-reject' : undefined}>
                        {t(`import.rowAction.${row.action}`, { defaultValue: row.action })}
                      </span>
                    )}
                  </td>
                  <td className="import-issues">
                    {row.errors.length + row.warnings.length > 0 && (
                      <ul>
                        {row.errors.map((issue, index) => (
                          <li key={`e${index}`} className="import-issue-error" data-code={issue.code}>
                            <strong>{t('import.preview.error')}</strong>
                            {issueText(issue, t, i18n)}
                          </li>
                        ))}
                        {row.warnings.map((issue, index) => (
                          <li key={`w${index}`} className="import-issue-warning" data-code={issue.code}>
                            <strong>{t('import.preview.warning')}</strong>
                            {issueText(issue, t, i18n)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="import-match">
                    {row.match && (
                      <>
                        <span className="muted">{t(`import.rule.${row.match.rule}`, { defaultValue: row.match.rule })}: </span>
                        {row.match.customer_id != null ? (
                          <Link to={`/customers/${row.match.customer_id}`} target="_blank" rel="noopener">
                            {row.match.customer_name || t('import.preview.customerNumber', { id: row.match.customer_id })}
                          </Link>
                        ) : (
                          <span>{t('import.preview.earlierRow', { row: row.match.row_number ?? '?', name: row.match.customer_name })}</span>
                        )}
                      </>
                    )}
                  </td>
                  {fields.map((key) => {
                    const value = customerValue(row.customer, key, t, users) || (errorFields.has(key) ? fileText(row, key) : '')
                    const tone = errorFields.has(key) ? ' import-cell-error' : warningFields.has(key) ? ' import-cell-warning' : ''
                    return (
                      <td key={key} className={`import-cell${tone}`} title={value.length > 40 ? value : undefined}>
                        {value}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
