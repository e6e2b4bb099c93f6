import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router'
import type { Customer, SortKey, SortOrder } from '../api/types'
import { DebouncedInput } from '../components/DebouncedInput'
import { QueryError } from '../components/QueryError'
import {
  COLUMN_IDS,
  COLUMN_WIDTH,
  DEFAULT_COLUMNS,
  SORTABLE,
  cityOf,
  parseColumns,
  type ColumnId,
} from '../customers/columns'
import { customerListOptions, readListQuery } from '../customers/listQuery'
import { useUsers, userLabel } from '../customers/useUsers'
import { useFormatters } from '../lib/format'
import { usePageHeading } from '../lib/usePageHeading'

const ROW_HEIGHT = 44
const STATUSES = ['lead', 'active', 'inactive'] as const

export function CustomerListPage() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const location = useLocation()
  const format = useFormatters()
  const { users, byId: usersById } = useUsers()
  const query = useMemo(() => readListQuery(params), [params])
  const columns = useMemo(() => parseColumns(params.get('cols')), [params])
  const heading = usePageHeading(t('list.title'))

  /** Every view change goes through the URL, so a copied link or the back button restores the same view. */
  const update = useCallback(
    (changes: Record<string, string | null>, replace = false) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key)
            else next.set(key, value)
          }
          return next
        },
        { replace },
      )
    },
    [setParams],
  )

  const list = useInfiniteQuery({ ...customerListOptions(query), placeholderData: keepPreviousData })

  const rows: Customer[] = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data])
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
  const queryIdentity = JSON.stringify(query)
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

  const sortBy = (key: SortKey) => {
    const order: SortOrder =
      query.sort === key ? (query.order === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc'
    update({ sort: key, order })
  }

  const toggleColumn = (id: ColumnId, visible: boolean) => {
    const next = visible ? [...columns, id] : columns.filter((column) => column !== id)
    const ordered = COLUMN_IDS.filter((column) => next.includes(column))
    const isDefault = ordered.join(',') === DEFAULT_COLUMNS.join(',')
    update({ cols: isDefault ? null : ordered.join(',') })
  }

  const gridTemplateColumns = columns.map((id) => COLUMN_WIDTH[id]).join(' ')
  const hasFilters = Boolean(query.q || query.status || query.owner_id || query.tag || query.city)

  const cell = (customer: Customer, id: ColumnId) => {
    switch (id) {
      case 'name':
        return <strong>{customer.name}</strong>
      case 'kind':
        return t(`customer.kind.${customer.kind}`)
      case 'ico':
        return customer.ico ?? ''
      case 'email':
        return customer.email ?? ''
      case 'phone':
        return customer.phone ?? ''
      case 'city':
        return cityOf(customer)
      case 'status':
        return <span className={`badge badge-${customer.status}`}>{t(`customer.status.${customer.status}`)}</span>
      case 'owner':
        return customer.owner_id ? userLabel(usersById.get(customer.owner_id)) : ''
      case 'tags':
        return customer.tags.join(', ')
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
        <div className="field">
          <label htmlFor="filter-status">{t('list.filters.status')}</label>
          <select id="filter-status" value={query.status} onChange={(event) => update({ status: event.target.value })}>
            <option value="">{t('list.filters.any')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`customer.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-owner">{t('list.filters.owner')}</label>
          <select id="filter-owner" value={query.owner_id} onChange={(event) => update({ owner: event.target.value })}>
            <option value="">{t('list.filters.any')}</option>
            {[...users]
              .sort((a, b) => format.compare(userLabel(a), userLabel(b)))
              .map((user) => (
                <option key={user.id} value={String(user.id)}>
                  {userLabel(user)}
                </option>
              ))}
          </select>
        </div>
        <DebouncedInput
          id="filter-tag"
          label={t('list.filters.tag')}
          value={query.tag}
          onCommit={(value, replace) => update({ tag: value }, replace)}
        />
        <DebouncedInput
          id="filter-city"
          label={t('list.filters.city')}
          value={query.city}
          onCommit={(value, replace) => update({ city: value }, replace)}
        />
        <details className="column-chooser">
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
        {hasFilters && (
          <button
            type="button"
            className="link-button"
            onClick={() => update({ q: null, status: null, owner: null, tag: null, city: null })}
          >
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
                const active = sortKey && query.sort === sortKey
                return (
                  <div
                    role="columnheader"
                    key={id}
                    aria-sort={active ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {sortKey ? (
                      <button type="button" className="sort-button" onClick={() => sortBy(sortKey)}>
                        {t(`list.column.${id}`)}
                        <span aria-hidden="true">{active ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
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
