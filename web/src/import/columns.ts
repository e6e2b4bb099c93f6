// The importable keys of src/domain/customer_columns.hpp, in its order; labels live in the import catalog
// (import.column.<key>), Czech first, spelled as the server's label_cs/label_en so an export re-imports.
export const IMPORT_COLUMNS = [
  'name',
  'kind',
  'first_name',
  'last_name',
  'ico',
  'dic',
  'email',
  'phone',
  'web',
  'street',
  'city',
  'postal_code',
  'country',
  'status',
  'owner',
  'tags',
  'note',
  'contact_name',
  'contact_role',
  'contact_email',
  'contact_phone',
] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

export const isImportColumn = (key: string | null | undefined): key is ImportColumn =>
  !!key && (IMPORT_COLUMNS as readonly string[]).includes(key)

/** Case-, diacritics-, space- and punctuation-insensitive, like the server's header matching. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

/** A mapping per column count, padded with nulls (or cut) so it always matches the file's columns. */
export function fitMapping(mapping: (string | null)[], columns: number): (string | null)[] {
  return Array.from({ length: columns }, (_, index) => {
    const key = mapping[index] ?? null
    return isImportColumn(key) ? key : null
  })
}

/** A column key may feed one file column only: the first column keeps it, later duplicates are dropped. */
export function dedupeMapping(mapping: (string | null)[]): (string | null)[] {
  const seen = new Set<string>()
  return mapping.map((key) => {
    if (!key || seen.has(key)) return null
    seen.add(key)
    return key
  })
}

/** Applies a mapping saved by header text to this file's headers (its columns may have moved). */
export function mappingFromSaved(headers: string[], byHeader: Record<string, string>): (string | null)[] {
  const folded = new Map(Object.entries(byHeader).map(([header, key]) => [fold(header), key]))
  return dedupeMapping(headers.map((header) => (header ? (folded.get(fold(header)) ?? null) : null)))
}

export function byHeaderOf(headers: string[], mapping: (string | null)[]): Record<string, string> {
  const result: Record<string, string> = {}
  headers.forEach((header, index) => {
    const key = mapping[index]
    if (header && key) result[header] = key
  })
  return result
}

/**
 * For a header row the user picked instead of the server's suggestion (the server suggests only for its own):
 * headers equal to a column's label in either language. `labels` maps each key to its cs and en labels.
 */
export function mappingFromLabels(headers: string[], labels: Record<string, string[]>): (string | null)[] {
  const byLabel = new Map<string, string>()
  for (const [key, names] of Object.entries(labels)) for (const name of names) byLabel.set(fold(name), key)
  return dedupeMapping(headers.map((header) => (header ? (byLabel.get(fold(header)) ?? null) : null)))
}
