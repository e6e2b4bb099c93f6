import type { TFunction } from 'i18next'
import { ApiError } from '../api/client'

/**
 * Catalog keys for the statuses the UI meets. The server's `detail` is English and meant for
 * developers, so it is never shown; unlisted statuses get a generic sentence with the number.
 */
const STATUS_KEYS: Record<number, string> = {
  400: 'errors.badRequest',
  401: 'errors.unauthenticated',
  403: 'errors.forbidden',
  404: 'errors.notFound',
  409: 'errors.alreadyExists',
  412: 'errors.versionMismatch',
  413: 'errors.tooLarge',
  422: 'errors.invalid',
  428: 'errors.versionRequired',
  429: 'errors.tooManyRequests',
}

/** One readable sentence for any failure, for banners and query error states. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.isNetwork) return t('errors.network')
    if (error.status >= 500) return t('errors.server', { status: error.status })
    const key = STATUS_KEYS[error.status]
    return key ? t(key) : t('errors.generic', { status: error.status })
  }
  return t('errors.unexpected')
}

/** Catalog keys for the server's field error codes (openapi.json, Problem.error_codes). */
const FIELD_ERROR_KEYS: Record<string, string> = {
  required: 'fieldErrors.required',
  too_long: 'fieldErrors.tooLong',
  invalid_utf8: 'fieldErrors.invalidUtf8',
  invalid: 'fieldErrors.invalid',
  unknown_field: 'fieldErrors.unknownField',
  read_only: 'fieldErrors.readOnly',
  'type.string': 'fieldErrors.wrongType',
  'type.object': 'fieldErrors.wrongType',
  'type.array': 'fieldErrors.wrongType',
  'type.integer': 'fieldErrors.wrongType',
  'enum.kind': 'fieldErrors.kind',
  'enum.status': 'fieldErrors.status',
  'owner.missing': 'fieldErrors.ownerMissing',
  'ico.format': 'fieldErrors.icoFormat',
  'ico.check_digit': 'fieldErrors.icoCheckDigit',
  'dic.format': 'fieldErrors.dicFormat',
  'dic.country': 'fieldErrors.dicCountry',
  'dic.check_digit': 'fieldErrors.dicCheckDigit',
  'email.format': 'fieldErrors.emailFormat',
  'phone.format': 'fieldErrors.phoneFormat',
  'postal_code.format': 'fieldErrors.postalCodeFormat',
  'postal_code.first_digit': 'fieldErrors.postalCodeFirstDigit',
  'country.format': 'fieldErrors.countryFormat',
  'web.format': 'fieldErrors.webFormat',
  'tag.length': 'fieldErrors.tagLength',
  'tags.too_many': 'fieldErrors.tooManyTags',
  'contacts.too_many': 'fieldErrors.tooManyContacts',
}

/**
 * Field path -> text to show at the field, in the UI language. A code this UI does not know yet
 * (a newer server) falls back to the server's English message rather than hiding the problem.
 */
export function localizedFieldErrors(error: unknown, t: TFunction): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const codes = error.problem.error_codes ?? {}
  return Object.fromEntries(
    Object.entries(error.fieldErrors).map(([path, message]) => {
      const key = FIELD_ERROR_KEYS[codes[path] ?? '']
      return [path, key ? t(key) : message]
    }),
  )
}
