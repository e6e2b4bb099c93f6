import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { QueryError } from '../components/QueryError'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { calendarFeedApi } from './api'
import type { CalendarFeedCreated } from './types'

/**
 * The private iCalendar URL. The server keeps only a hash of the token, so the URL can be shown
 * once, right after it is made; later visits can only regenerate (which kills the old one) or revoke.
 */
export function CalendarFeedPanel() {
  const { t } = useTranslation()
  const format = useFormatters()
  const queryClient = useQueryClient()
  const uid = useId()
  const [created, setCreated] = useState<CalendarFeedCreated | null>(null)
  const [confirming, setConfirming] = useState<'regenerate' | 'revoke' | null>(null)
  const [copied, setCopied] = useState<boolean | null>(null)
  const [revoked, setRevoked] = useState(false)
  const urlRef = useRef<HTMLInputElement>(null)

  const state = useQuery({ queryKey: ['calendar-feed'], queryFn: calendarFeedApi.state })

  const create = useMutation({
    mutationFn: calendarFeedApi.create,
    onSuccess: (result) => {
      setCreated(result)
      setConfirming(null)
      setCopied(null)
      setRevoked(false)
      queryClient.setQueryData(['calendar-feed'], { active: true, created_at: result.created_at })
      requestAnimationFrame(() => urlRef.current?.select())
    },
  })
  const revoke = useMutation({
    mutationFn: calendarFeedApi.revoke,
    onSuccess: () => {
      setCreated(null)
      setConfirming(null)
      setRevoked(true)
      queryClient.setQueryData(['calendar-feed'], { active: false, created_at: null })
    },
  })

  async function copy() {
    if (!created) return
    try {
      await navigator.clipboard.writeText(created.url)
      setCopied(true)
    } catch {
      // No clipboard permission (http, policy): select the text so Ctrl+C works.
      urlRef.current?.select()
      setCopied(false)
    }
  }

  const active = state.data?.active ?? false
  const error = create.error ?? revoke.error

  return (
    <section aria-labelledby={`${uid}-heading`} className="panel calendar-feed">
      <h2 id={`${uid}-heading`}>{t('calendarFeed.title')}</h2>
      <p>{t('calendarFeed.intro')}</p>
      {state.error && <QueryError error={state.error} onRetry={() => void state.refetch()} />}
      {error && (
        <p role="alert" className="banner banner-error">
          {describeError(error, t)}
        </p>
      )}
      {revoked && (
        <p role="status" className="banner banner-info">
          {t('calendarFeed.revoked')}
        </p>
      )}
      {created && (
        <div className="banner banner-info" role="status">
          <p>{t('calendarFeed.showOnce')}</p>
          <div className="feed-url">
            <label htmlFor={`${uid}-url`}>{t('calendarFeed.url')}</label>
            <input id={`${uid}-url`} ref={urlRef} readOnly value={created.url} onFocus={(event) => event.target.select()} data-testid="calendar-feed-url" />
            <button type="button" onClick={() => void copy()}>
              {t('calendarFeed.copy')}
            </button>
          </div>
          {copied !== null && <p>{copied ? t('calendarFeed.copied') : t('calendarFeed.copyManually')}</p>}
        </div>
      )}
      {state.data && !created && (
        <p className="muted">
          {active ? t('calendarFeed.activeSince', { time: format.dateTime(state.data.created_at) }) : t('calendarFeed.inactive')}
        </p>
      )}
      {confirming ? (
        <div role="group" aria-label={t(`calendarFeed.${confirming}Confirm`)} className="confirm-inline">
          <p>{t(`calendarFeed.${confirming}Confirm`)}</p>
          <div className="form-actions">
            <button
              type="button"
              className={confirming === 'revoke' ? 'danger' : 'primary'}
              disabled={create.isPending || revoke.isPending}
              onClick={() => (confirming === 'revoke' ? revoke.mutate() : create.mutate())}
            >
              {t(`calendarFeed.${confirming}Yes`)}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              {t('form.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          {active ? (
            <>
              <button type="button" onClick={() => setConfirming('regenerate')}>
                {t('calendarFeed.regenerate')}
              </button>
              <button type="button" className="danger" onClick={() => setConfirming('revoke')}>
                {t('calendarFeed.revoke')}
              </button>
            </>
          ) : (
            <button type="button" className="primary" disabled={create.isPending || state.isPending} onClick={() => create.mutate()}>
              {t('calendarFeed.create')}
            </button>
          )}
        </div>
      )}
      <p className="muted">{t('calendarFeed.regenerateExplained')}</p>
    </section>
  )
}
