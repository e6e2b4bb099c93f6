import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { QueryError } from '../components/QueryError'
import { describeError } from '../lib/errors'
import { byHeaderOf, fitMapping, IMPORT_COLUMNS, mappingFromSaved } from './columns'
import { columnLabel, columnLetter } from './display'
import { deleteMapping, listMappings, saveMapping, type SheetInfo, type SheetOverview } from './importApi'

export function SheetStep({
  sheets,
  value,
  onChange,
}: {
  sheets: SheetInfo[]
  value: number
  onChange: (sheet: number) => void
}) {
  const { t } = useTranslation()
  return (
    <fieldset className="import-choices">
      <legend>{t('import.sheet.legend')}</legend>
      {sheets.map((sheet, index) => (
        <label key={index} className="checkbox">
          <input type="radio" name="import-sheet" value={index} checked={value === index} onChange={() => onChange(index)} />
          <span>{sheet.name || t('import.sheet.unnamed', { number: index + 1 })}</span>
          {sheet.hidden && <span className="badge badge-inactive">{t('import.sheet.hidden')}</span>}
        </label>
      ))}
    </fieldset>
  )
}

/** How many columns the wizard shows: the widest of the headers, the suggestion and the first rows. */
export function columnCount(overview: SheetOverview): number {
  return Math.max(
    overview.headers.length,
    overview.suggested_mapping.length,
    ...overview.first_rows.map((row) => row.cells.length),
    0,
  )
}

export function HeaderRowStep({
  overview,
  value,
  onChange,
}: {
  overview: SheetOverview
  value: number
  onChange: (row: number) => void
}) {
  const { t } = useTranslation()
  const columns = columnCount(overview)
  const hiddenColumns = new Set(overview.hidden_columns)
  return (
    <div>
      <p className="muted">
        {overview.header_row > 0
          ? t('import.header.suggested', { row: overview.header_row })
          : t('import.header.noneFound')}
      </p>
      <label className="checkbox">
        <input type="radio" name="import-header-row" checked={value === 0} onChange={() => onChange(0)} />
        <span>{t('import.header.none')}</span>
      </label>
      <div className="import-scroll" tabIndex={0} role="region" aria-label={t('import.header.tableLabel')}>
        <table className="simple-table import-sheet-table">
          <caption className="visually-hidden">{t('import.header.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.header.choose')}</th>
              <th scope="col">{t('import.header.row')}</th>
              {Array.from({ length: columns }, (_, index) => (
                <th scope="col" key={index}>
                  {columnLetter(index)}
                  {hiddenColumns.has(index) && <span className="muted"> ({t('import.header.hiddenColumn')})</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {overview.first_rows.map((row) => {
              const classes = [
                row.row_number === overview.header_row ? 'import-suggested' : '',
                row.row_number === value ? 'import-selected' : '',
              ].filter(Boolean)
              return (
                <tr key={row.row_number} className={classes.join(' ')} data-testid={`header-row-${row.row_number}`}>
                  <td>
                    <input
                      type="radio"
                      name="import-header-row"
                      checked={value === row.row_number}
                      onChange={() => onChange(row.row_number)}
                      aria-label={t('import.header.useRow', { row: row.row_number })}
                    />
                  </td>
                  <th scope="row">
                    {row.row_number}
                    {row.row_number === overview.header_row && (
                      <span className="badge badge-active import-badge">{t('import.header.suggestedBadge')}</span>
                    )}
                    {row.hidden && <span className="badge badge-inactive import-badge">{t('import.header.hiddenRow')}</span>}
                  </th>
                  {Array.from({ length: columns }, (_, index) => (
                    <td key={index} className="import-cell">
                      {row.cells[index] ?? ''}
                    </td>
                  ))}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export function MappingStep({
  headers,
  samples,
  mapping,
  onChange,
}: {
  headers: string[]
  /** The first data row's cells, to show what a column holds. */
  samples: string[]
  mapping: (string | null)[]
  onChange: (mapping: (string | null)[]) => void
}) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [chosenSaved, setChosenSaved] = useState('')
  const [name, setName] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const saved = useQuery({ queryKey: ['import-mappings'], queryFn: listMappings })

  const save = useMutation({
    mutationFn: () => saveMapping(name.trim(), byHeaderOf(headers, mapping)),
    onSuccess: (result) => {
      setNotice(t('import.mapping.saved', { name: result.name }))
      setName('')
      void queryClient.invalidateQueries({ queryKey: ['import-mappings'] })
    },
  })
  const remove = useMutation({
    mutationFn: (id: number) => deleteMapping(id),
    onSuccess: () => {
      setChosenSaved('')
      void queryClient.invalidateQueries({ queryKey: ['import-mappings'] })
    },
  })

  const setColumn = (index: number, key: string | null) => {
    // A customer field takes one file column: choosing it here frees the column that had it.
    onChange(mapping.map((current, at) => (at === index ? key : key && current === key ? null : current)))
  }

  const applySaved = () => {
    const chosen = saved.data?.find((item) => String(item.id) === chosenSaved)
    if (!chosen) return
    onChange(fitMapping(mappingFromSaved(headers, chosen.by_header), mapping.length))
    setNotice(t('import.mapping.applied', { name: chosen.name }))
  }

  const mappedCount = mapping.filter(Boolean).length
  const hasName = mapping.includes('name') || mapping.includes('last_name') || mapping.includes('first_name')
  return (
    <div>
      <div className="toolbar import-saved-mappings">
        <div className="field">
          <label htmlFor="import-saved-mapping">{t('import.mapping.savedLabel')}</label>
          <select id="import-saved-mapping" value={chosenSaved} onChange={(event) => setChosenSaved(event.target.value)}>
            <option value="">{saved.data?.length ? t('import.mapping.choose') : t('import.mapping.noneSaved')}</option>
            {saved.data?.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={!chosenSaved} onClick={applySaved}>
          {t('import.mapping.apply')}
        </button>
        <button type="button" className="danger" disabled={!chosenSaved || remove.isPending} onClick={() => remove.mutate(Number(chosenSaved))}>
          {t('import.mapping.delete')}
        </button>
      </div>
      {saved.error && <QueryError error={saved.error} onRetry={() => void saved.refetch()} />}

      <div className="import-scroll" tabIndex={0} role="region" aria-label={t('import.mapping.tableLabel')}>
        <table className="simple-table import-mapping-table">
          <caption className="visually-hidden">{t('import.mapping.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.mapping.column')}</th>
              <th scope="col">{t('import.mapping.header')}</th>
              <th scope="col">{t('import.mapping.sample')}</th>
              <th scope="col">{t('import.mapping.field')}</th>
            </tr>
          </thead>
          <tbody>
            {mapping.map((key, index) => {
              const header = headers[index] ?? ''
              const title = header || t('import.mapping.columnNamed', { letter: columnLetter(index) })
              return (
                <tr key={index} data-testid={`mapping-row-${index}`}>
                  <td>{columnLetter(index)}</td>
                  <th scope="row">{header || <span className="muted">{t('import.mapping.noHeader')}</span>}</th>
                  <td className="import-cell">{samples[index] ?? ''}</td>
                  <td>
                    <select
                      aria-label={t('import.mapping.fieldFor', { column: title })}
                      value={key ?? ''}
                      onChange={(event) => setColumn(index, event.target.value || null)}
                    >
                      <option value="">{t('import.mapping.ignore')}</option>
                      {IMPORT_COLUMNS.map((column) => (
                        <option key={column} value={column}>
                          {columnLabel(column, t)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <p className="muted" role="status">
        {t('import.mapping.summary', { mapped: mappedCount, total: mapping.length })}
      </p>
      {!hasName && (
        <p className="banner banner-warning" role="status">
          {t('import.mapping.noName')}
        </p>
      )}

      <form
        className="toolbar import-save-mapping"
        onSubmit={(event) => {
          event.preventDefault()
          setNotice(null)
          if (name.trim()) save.mutate()
        }}
      >
        <div className="field">
          <label htmlFor="import-mapping-name">{t('import.mapping.saveAs')}</label>
          <input id="import-mapping-name" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
        </div>
        <button type="submit" disabled={!name.trim() || save.isPending || mappedCount === 0}>
          {t('import.mapping.save')}
        </button>
      </form>
      {notice && (
        <p className="banner banner-info" role="status">
          {notice}
        </p>
      )}
      {(save.error || remove.error) && (
        <p className="banner banner-error" role="alert">
          {describeError(save.error ?? remove.error, t)}
        </p>
      )}
    </div>
  )
}
