import type { CustomerDocument } from './documentsApi'

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const

/** 1536 → "1,5 kB" in Czech: binary steps, one decimal place from kilobytes on. */
export function formatSize(bytes: number, language: string): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value)
}

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'text/plain': 'TXT',
  'text/csv': 'CSV',
  'application/zip': 'ZIP',
}

/** A short type people recognise (PDF, DOCX…): the file's extension, else a name for the media type. */
export function typeLabel(document: Pick<CustomerDocument, 'name' | 'content_type'>): string {
  const media = document.content_type.split(';')[0].trim().toLowerCase()
  if (TYPE_NAMES[media]) return TYPE_NAMES[media]
  const dot = document.name.lastIndexOf('.')
  if (dot > 0 && dot < document.name.length - 1 && document.name.length - dot <= 6) return document.name.slice(dot + 1).toUpperCase()
  return media || '—'
}
