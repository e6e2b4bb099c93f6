import type { TFunction } from 'i18next'
import { ApiError } from '../api/client'

/** One readable sentence for any failure, for banners and query error states. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.isNetwork) return t('errors.network')
    if (error.status >= 500) return t('errors.server', { status: error.status })
    if (error.status === 404) return t('errors.notFound')
    if (error.status === 403) return t('errors.forbidden')
    const detail = error.problem.detail || error.problem.title
    return detail ? detail : t('errors.generic', { status: error.status })
  }
  return t('errors.unexpected')
}
