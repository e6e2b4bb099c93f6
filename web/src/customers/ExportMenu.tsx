import { useTranslation } from 'react-i18next'
import type { ColumnId } from './columns'

interface Props {
  /** The list's canonical query string (filters, q, sort) without cursor, limit or count. */
  query: URLSearchParams
  columns: readonly ColumnId[]
}

const FORMATS = [
  { key: 'csvSemicolon', params: { format: 'csv', delimiter: 'semicolon' } },
  { key: 'csvComma', params: { format: 'csv', delimiter: 'comma' } },
  { key: 'xlsx', params: { format: 'xlsx' } },
] as const

/** Plain links: the browser downloads the streamed file itself, so a million rows never pass through this page. */
export function exportUrl(query: URLSearchParams, columns: readonly string[], language: string, params: Record<string, string>) {
  const search = new URLSearchParams(params)
  search.set('columns', columns.join(','))
  search.set('lang', language.startsWith('en') ? 'en' : 'cs')
  for (const [key, value] of query) search.set(key, value)
  return `/api/v1/customers/export?${search.toString()}`
}

export function ExportMenu({ query, columns }: Props) {
  const { t, i18n } = useTranslation()
  return (
    <details className="menu export-menu">
      <summary>{t('list.export.button')}</summary>
      <ul className="menu-panel" aria-label={t('list.export.button')}>
        {FORMATS.map((format) => (
          <li key={format.key}>
            <a className="menu-item" href={exportUrl(query, columns, i18n.language, format.params)} download>
              {t(`list.export.${format.key}`)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  )
}
