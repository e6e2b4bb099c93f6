import { useTranslation } from 'react-i18next'
import { describeError } from '../lib/errors'

export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  return (
    <div role="alert" className="banner banner-error">
      <span>{describeError(error, t)}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  )
}
