import { useTranslation } from 'react-i18next'

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

/** Formats an RFC 3339 timestamp in the UI language; formatters are cached because list rows call this a lot. */
export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return ''
  let format = dateTimeFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })
    dateTimeFormats.set(language, format)
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : format.format(date)
}

export function useFormatters() {
  const { i18n } = useTranslation()
  const language = i18n.language
  return {
    dateTime: (value: string | null | undefined) => formatDateTime(value, language),
    number: (value: number) => new Intl.NumberFormat(language).format(value),
    compare: new Intl.Collator(language).compare,
  }
}
