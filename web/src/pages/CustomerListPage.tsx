import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router'
import type { Customer } from '../api/types'
import { DebouncedInput } from '../components/DebouncedInput'
import { QueryError } from '../components/QueryError'
import {
  COLUMN_IDS,
  COLUMN_WIDTH,
  SORTABLE,
  cityOf,
  columnsParam,
  normalizeColumns,
  parseColumns,
  type ColumnId,
} from '../customers/columns'
import { ExportMenu } from '../customers/ExportMenu'
import { FilterChips, type FilterChanges } from '../customers/FilterChips'
import {
  customerListOptions,
  effectiveSort,
  hasFilters as queryHasFilters,
  listQueryParams,
  nextSort,
  readListQuery,
  type ListQuery,
  type SortField,
} from '../customers/listQuery'
import { useUsers, userLabel } from '../customers/useUsers'
import { useFormatters } from '../lib/format'
import { usePageHeading } from '../lib/usePageHeading'
import { defaultViewQuery, viewsQuery, type SavedView } from '../views/api'
import { ViewsMenu } from '../views/ViewsMenu'
import '../customers/list.css'

const ROW_HEIGHT = 44
/** The API counts exactly up to this many rows, then estimates (src/domain/customer_filter.hpp kExactCountCap). */
const EXACT_COUNT_CAP = 10_000
const LEGACY_PARAMS = ['owner', 'tag', 'order']

interface ListChanges {
  q?: string | null
  sort?: string | null
  filters?: FilterChanges
  cols?: string | null
}

function writeParams(query: ListQuery, cols: string | null): URLSearchParams {
  const next = listQueryParams(query)
  if (cols) next.set('cols', cols)
  return next
}

export function CustomerListPage() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const location = useLocation()
  const format = useFormatters()
  const { users, byId: usersById } = useUsers()
  const query = useMemo(() => readListQuery(params), [params])
  const columns = useMemo(() => parseColumns(params.get('cols')), [params])
  const canonical = useMemo(() => listQueryParams(query), [query])
  const heading = usePageHeading(t('list.title'))
  // Applying a view or clearing the filters starts the chips afresh (drops chips still waiting for a value).
  const [chipsEpoch, setChipsEpoch] = useState(0)

  /** Every view change goes through the URL (in the API's own parameter names), so a link or Back restores it. */
  const update = useCallback(
    (changes: ListChanges, replace = false) => {
      setParams(
        (current) => {
          const base = readListQuery(current)
          const next: ListQuery = {
            q: changes.q === undefined ? base.q : (changes.q ?? ''),
            sort: changes.sort === undefined ? base.sort : (changes.sort ?? ''),
            filters: { ...base.filters },
          }
          for (const [key, value] of Object.entries(changes.filters ?? {})) {
            const param = key as keyof ListQuery['filters']
            if (value === null || value === undefined || value === '') delete next.filters[param]
            else next.filters[param] = value
          }
          const cols = changes.cols === undefined ? current.get('cols') : changes.cols
          return writeParams(next, cols)
        },
        { replace },
      )
    },
    [setParams],
  )

  const applyView = useCallback(
    (view: Pick<SavedView, 'query' | 'columns'>, replace = false) => {
      setChipsEpoch((epoch) => epoch + 1)
      setParams(writeParams(readListQuery(new URLSearchParams(view.query)), columnsParam(normalizeColumns(view.columns))), {
        replace,
      })
    },
    [setParams],
  )

  // Old links (`owner`, `tag`, `order`) keep working; the address bar then shows the current spelling.
  useEffect(() => {
    if (LEGACY_PARAMS.some((key) => params.has(key))) setParams(writeParams(query, params.get('cols')), { replace: true })
  }, [params, query, setParams])

  // The user's default view applies when the list opens with no parameters at all (not after "Zrušit filtry").
  const openedBare = useRef(location.search === '')
  const [defaultSettled, setDefaultSettled] = useState(!openedBare.current)
  const defaultView = useQuery({ ...defaultViewQuery, enabled: !defaultSettled })
  const defaultId = defaultView.data
  const views = useQuery({ ...viewsQuery, enabled: !defaultSettled && typeof defaultId === 'number' })
  useEffect(() => {
    if (defaultSettled) return
    if (params.toString() !== '' || defaultView.isError || defaultId === null || views.isError) {
      setDefaultSettled(true)
    } else if (views.data) {
      const view = views.data.find((item) => item.id === defaultId)
      const viewParams = view
        ? writeParams(readListQuery(new URLSearchParams(view.query)), columnsParam(normalizeColumns(view.columns)))
        : null
      // The list waits until the view's parameters are in the URL (the first branch above), so the
      // unfiltered list is never fetched and flashed on the way.
      if (view && viewParams && viewParams.toString() !== '') applyView(view, true)
      else setDefaultSettled(true)
    }
  }, [defaultSettled, params, defaultView.isError, defaultId, views.isError, views.data, applyView])

  const list = useInfiniteQuery({
    ...customerListOptions(query),
    placeholderData: keepPreviousData,
    enabled: defaultSettled,
  })

  const rows: Customer[] = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data])
  const firstPage = list.data?.pages[0]
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const virtualRows = virtualizer.getVirtualItems()
  const lastVisible = virtualRows.length ? virtualRows[virtualRows.length - 1].index : -1

  useEffect(() => {
    if (lastVisible >= rows.length - 20 && list.hasNextPage && !list.isFetchingNextPage && !list.isPlaceholderData) {
      void list.fetchNextPage()
    }
    // `list` itself is a new object every render; the fields above are what matters.
  }, [lastVisible, rows.length, list.hasNextPage, list.isFetchingNextPage, list.isPlaceholderData, list.fetchNextPage])

  // A new search starts at the top; staying scrolled deep into the old result would show nothing.
  const queryIdentity = canonical.toString()
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 })
  }, [queryIdentity])

  const openCustomer = (customer: Customer) =>
    navigate(`/customers/${customer.id}`, { state: { from: location.pathname + location.search } })

  const focusRow = (index: number) => {
    if (index < 0 || index >= rows.length) return
    virtualizer.scrollToIndex(index, { align: 'auto' })
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus()
    })
  }

  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1)
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: Math.min(rows.length - 1, index + pageRows),
      PageUp: Math.max(0, index - pageRows),
      Home: 0,
      End: rows.length - 1,
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      openCustomer(rows[index])
    } else if (event.key in moves) {
      event.preventDefault()
      focusRow(moves[event.key])
    }
  }

  const sorted = effectiveSort(query)
  const sortBy = (field: SortField) => update({ sort: nextSort(query, field) })

  const toggleColumn = (id: ColumnId, visible: boolean) => {
    const next = visible ? [...columns, id] : columns.filter((column) => column !== id)
    update({ cols: columnsParam(next) })
  }

  const gridTemplateColumns = columns.map((id) => COLUMN_WIDTH[id]).join(' ')
  const hasFilters = queryHasFilters(query)
  const clearFilters = () => {
    setChipsEpoch((epoch) => epoch + 1)
    update({ q: null, filters: Object.fromEntries(Object.keys(query.filters).map((key) => [key, null])) })
  }

  const countText = (() => {
    if (!firstPage || firstPage.count === undefined || list.isPlaceholderData) return ''
    return firstPage.count_is_estimate
      ? t('list.countEstimate', { count: EXACT_COUNT_CAP })
      : t('list.count', { count: firstPage.count })
  })()

  const cell = (customer: Customer, id: ColumnId) => {
    switch (id) {
      case 'name':
        return <strong>{customer.name}</strong>
      case 'kind':
        return t(`customer.kind.${customer.kind}`)
      case 'ico':
        return customer.ico ?? ''
      case 'dic':
        return customer.dic ?? ''
      case 'email':
        return customer.email ?? ''
      case 'phone':
        return customer.phone ?? ''
      case 'web':
        return customer.web ?? ''
      case 'street':
        return customer.billing_address?.street ?? ''
      case 'city':
        return cityOf(customer)
      case 'postal_code':
        return customer.billing_address?.postal_code ?? ''
      case 'country':
        return customer.billing_address?.country ?? ''
      case 'status':
        return <span className={`badge badge-${customer.status}`}>{t(`customer.status.${customer.status}`)}</span>
      case 'owner':
        return customer.owner_id ? userLabel(usersById.get(customer.owner_id)) : ''
      case 'tags':
        return customer.tags.join(', ')
      case 'contact_name':
        return customer.contacts[0]?.name ?? ''
      case 'created':
        return format.dateTime(customer.created_at)
      case 'updated':
        return format.dateTime(customer.updated_at)
    }
  }

  return (
    <section className="list-page" aria-labelledby="list-heading">
      <div className="page-header">
        <h1 id="list-heading" ref={heading} tabIndex={-1}>
          {t('list.title')}
        </h1>
        <p className="list-count" data-testid="customer-count">
          {countText}
        </p>
        <Link className="button primary" to="/customers/new">
          {t('list.add')}
        </Link>
      </div>

      {(location.state as { deleted?: string } | null)?.deleted !== undefined && (
        <p role="status" className="banner banner-info">
          {t('list.deleted', { name: (location.state as { deleted: string }).deleted })}{' '}
          <Link to="/trash">{t('nav.trash')}</Link>
        </p>
      )}

      <div className="toolbar" role="search">
        <DebouncedInput
          id="customer-search"
          className="search-field"
          type="search"
          label={t('list.search')}
          placeholder={t('list.searchPlaceholder')}
          value={query.q}
          onCommit={(value, replace) => update({ q: value }, replace)}
        />
        <div className="list-menus">
          <ViewsMenu query={canonical.toString()} columns={columns} onApply={(view) => applyView(view)} />
          <details className="column-chooser menu">
            <summary>{t('list.columns')}</summary>
            <fieldset>
              <legend className="visually-hidden">{t('list.columnsLegend')}</legend>
              {COLUMN_IDS.map((id) => (
                <label key={id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={columns.includes(id)}
                    disabled={id === 'name'}
                    onChange={(event) => toggleColumn(id, event.target.checked)}
                  />
                  {t(`list.column.${id}`)}
                </label>
              ))}
            </fieldset>
          </details>
          <ExportMenu query={canonical} columns={columns} />
        </div>
      </div>

      <div className="chips-row">
        <FilterChips
          key={chipsEpoch}
          filters={query.filters}
          users={users}
          onChange={(filters, replace) => update({ filters }, replace)}
        />
        {hasFilters && (
          <button type="button" className="link-button" onClick={clearFilters}>
            {t('list.clearFilters')}
          </button>
        )}
      </div>

      {list.error && !list.data && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <p className="list-status" role="status" aria-live="polite">
        {list.isPending
          ? t('common.loading')
          : list.isFetching && !list.isFetchingNextPage
            ? t('list.updating')
            : rows.length === 0
              ? ''
              : list.hasNextPage
                ? t('list.loadedMore', { count: rows.length })
                : t('list.loadedAll', { count: rows.length })}
        {sorted.field === 'relevance' && rows.length > 0 && (
          <span className="sort-note"> {t('list.sortedByRelevance')}</span>
        )}
        {query.q.trim() && query.sort && (
          <button type="button" className="link-button sort-note" onClick={() => update({ sort: null })}>
            {t('list.sortByRelevance')}
          </button>
        )}
      </p>

      <div className="grid-scroll" ref={scrollRef} data-testid="customer-grid">
        <div
          className="grid"
          role="table"
          aria-label={t('list.tableLabel')}
          aria-rowcount={list.hasNextPage ? -1 : rows.length + 1}
          aria-busy={list.isFetching}
        >
          <div role="rowgroup" className="grid-head">
            <div role="row" aria-rowindex={1} className="grid-row" style={{ gridTemplateColumns }}>
              {columns.map((id) => {
                const sortKey = SORTABLE[id]
                const active = sortKey !== undefined && sorted.field === sortKey
                return (
                  <div
                    role="columnheader"
                    key={id}
                    aria-sort={active ? (sorted.descending ? 'descending' : 'ascending') : undefined}
                  >
                    {sortKey ? (
                      <button type="button" className="sort-button" onClick={() => sortBy(sortKey)}>
                        {t(`list.column.${id}`)}
                        <span aria-hidden="true">{active ? (sorted.descending ? ' ▼' : ' ▲') : ''}</span>
                      </button>
                    ) : (
                      t(`list.column.${id}`)
                    )}
                  </div>
                )
              })}
            </div>
          </div>
          <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
            {virtualRows.map((virtualRow) => {
              const customer = rows[virtualRow.index]
              return (
                <div
                  role="row"
                  key={customer.id}
                  data-index={virtualRow.index}
                  aria-rowindex={virtualRow.index + 2}
                  tabIndex={0}
                  className="grid-row grid-data-row"
                  style={{ gridTemplateColumns, transform: `translateY(${virtualRow.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => openCustomer(customer)}
                  onKeyDown={(event) => onRowKeyDown(event, virtualRow.index)}
                >
                  {columns.map((id) => (
                    <div role="cell" key={id} className={`cell cell-${id}`}>
                      {cell(customer, id)}
                    </div>
                  ))}
                </div>
              )
            })}
          </div>
        </div>
      </div>
      {!list.isPending && rows.length === 0 && !list.error && (
        <div className="empty-state">
          <p>{hasFilters ? t('list.emptyFiltered') : t('list.empty')}</p>
          <Link to="/customers/new">{t('list.add')}</Link>
        </div>
      )}
      {list.error && list.data && <QueryError error={list.error} onRetry={() => void list.fetchNextPage()} />}
    </section>
  )
}
