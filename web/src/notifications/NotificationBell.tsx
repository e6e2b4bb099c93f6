import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { notificationsApi } from '../tasks/api'
import type { AppNotification } from '../tasks/types'
import './notifications.css'

const POLL_MS = 30_000

/**
 * The bell in the top bar: unread count polled every 30 s and on window focus, and a
 * non-modal popover listing the latest notifications (Escape or a click outside closes it).
 */
export function NotificationBell() {
  const { t } = useTranslation()
  const format = useFormatters()
  const queryClient = useQueryClient()
  const uid = useId()
  const [open, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const titleRef = useRef<HTMLHeadingElement>(null)

  const notifications = useQuery({
    queryKey: ['notifications'],
    queryFn: () => notificationsApi.list(),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 5_000,
  })
  const unread = notifications.data?.unread_count ?? 0
  const items = notifications.data?.items ?? []

  const invalidate = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] })
  const markRead = useMutation({ mutationFn: (id: number) => notificationsApi.markRead(id), onSettled: invalidate })
  const markAll = useMutation({
    mutationFn: () => notificationsApi.markAllRead(),
    onSettled: invalidate,
    // The button goes disabled under the keyboard user's focus; keep them inside the popover.
    onSuccess: () => titleRef.current?.focus(),
  })

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false)
    }
    // On the document, not the popover: focus may sit on <body> after a button inside went disabled.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false)
        buttonRef.current?.focus()
      }
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  const label = unread > 0 ? t('notifications.labelUnread', { count: unread }) : t('notifications.label')

  const target = (item: AppNotification) => (item.customer_id ? `/customers/${item.customer_id}?tab=tasks` : '/moje-ukoly')

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={`${uid}-popover`}
        onClick={() => {
          if (!open) void notifications.refetch()
          setOpen(!open)
        }}
      >
        <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          />
        </svg>
        {unread > 0 && (
          <span className="bell-badge" aria-hidden="true" data-testid="unread-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <div id={`${uid}-popover`} className="bell-popover" role="region" aria-labelledby={`${uid}-title`} hidden={!open}>
        <div className="bell-header">
          <h2 id={`${uid}-title`} ref={titleRef} tabIndex={-1}>{t('notifications.title')}</h2>
          <button type="button" className="link-button" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </button>
        </div>
        {(notifications.error || markRead.error || markAll.error) && (
          <p role="alert" className="banner banner-error">
            {describeError(notifications.error ?? markRead.error ?? markAll.error, t)}
          </p>
        )}
        {notifications.isPending ? (
          <p role="status">{t('common.loading')}</p>
        ) : items.length === 0 ? (
          <p className="muted">{t('notifications.empty')}</p>
        ) : (
          <ul className="bell-list">
            {items.map((item) => (
              <li key={item.id} className={item.read_at ? 'read' : 'unread'}>
                <Link
                  to={target(item)}
                  onClick={() => {
                    if (!item.read_at) markRead.mutate(item.id)
                    setOpen(false)
                  }}
                >
                  {!item.read_at && <span className="visually-hidden">{t('notifications.unread')}: </span>}
                  {item.text}
                </Link>
                <span className="bell-meta">
                  {t(`notifications.kind.${item.kind}`, { defaultValue: '' })}
                  {item.actor ? ` · ${item.actor.display_name}` : ''} · {format.dateTime(item.created_at)}
                </span>
                {!item.read_at && (
                  <button
                    type="button"
                    className="link-button"
                    disabled={markRead.isPending}
                    onClick={() => markRead.mutate(item.id)}
                    aria-label={t('notifications.markReadNamed', { text: item.text })}
                  >
                    {t('notifications.markRead')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <p className="bell-footer">
          <Link to="/moje-ukoly" onClick={() => setOpen(false)}>
            {t('myTasks.title')}
          </Link>
        </p>
      </div>
    </div>
  )
}
