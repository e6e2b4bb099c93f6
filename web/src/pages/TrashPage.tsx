import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { api } from '../api/client'
import type { Customer } from '../api/types'
import { QueryError } from '../components/QueryError'
import { cityOf } from '../customers/columns'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { usePageHeading } from '../lib/usePageHeading'

export default function TrashPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const queryClient = useQueryClient()
  const heading = usePageHeading(t('trash.title'))
  const [restored, setRestored] = useState<Customer | null>(null)

  const trash = useInfiniteQuery({
    queryKey: ['trash'],
    queryFn: ({ pageParam }) => api.customers({ sort: 'updated', order: 'desc' }, pageParam, true),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })

  const restore = useMutation({
    mutationFn: (customer: Customer) => api.restoreCustomer(customer.id),
    onSuccess: (customer) => {
      setRestored(customer)
      queryClient.setQueryData(['customer', customer.id], customer)
      void queryClient.invalidateQueries({ queryKey: ['trash'] })
      void queryClient.invalidateQueries({ queryKey: ['customers'] })
    },
  })

  const rows = trash.data?.pages.flatMap((page) => page.items) ?? []

  return (
    <section className="panel">
      <h1 ref={heading} tabIndex={-1}>
        {t('trash.title')}
      </h1>
      <p className="muted">{t('trash.intro')}</p>
      {restored && (
        <p role="status" className="banner banner-info">
          {t('trash.restored', { name: restored.name })} <Link to={`/customers/${restored.id}`}>{t('trash.openCard')}</Link>
        </p>
      )}
      {restore.error && (
        <p role="alert" className="banner banner-error">
          {describeError(restore.error, t)}
        </p>
      )}
      {trash.error && <QueryError error={trash.error} onRetry={() => void trash.refetch()} />}
      {trash.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : rows.length === 0 && !trash.error ? (
        <p className="empty-state">{t('trash.empty')}</p>
      ) : (
        <table className="simple-table">
          <caption className="visually-hidden">{t('trash.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('list.column.name')}</th>
              <th scope="col">{t('list.column.ico')}</th>
              <th scope="col">{t('list.column.city')}</th>
              <th scope="col">{t('trash.deletedAt')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('trash.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((customer) => (
              <tr key={customer.id}>
                <th scope="row">{customer.name}</th>
                <td>{customer.ico ?? ''}</td>
                <td>{cityOf(customer)}</td>
                <td>{format.dateTime(customer.deleted_at ?? customer.updated_at)}</td>
                <td>
                  <button
                    type="button"
                    disabled={restore.isPending}
                    onClick={() => restore.mutate(customer)}
                    aria-label={t('trash.restoreNamed', { name: customer.name })}
                  >
                    {t('trash.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {trash.hasNextPage && (
        <button type="button" disabled={trash.isFetchingNextPage} onClick={() => void trash.fetchNextPage()}>
          {t('trash.loadMore')}
        </button>
      )}
    </section>
  )
}
