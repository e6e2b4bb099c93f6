import type { TFunction } from 'i18next'

/** Catalog keys for the server's field paths; unknown paths are shown as the server named them. */
const FIELD_LABEL_KEYS: Record<string, string> = {
  kind: 'customer.fields.kind',
  name: 'customer.fields.name',
  first_name: 'customer.fields.firstName',
  last_name: 'customer.fields.lastName',
  ico: 'customer.fields.ico',
  dic: 'customer.fields.dic',
  email: 'customer.fields.email',
  phone: 'customer.fields.phone',
  web: 'customer.fields.web',
  status: 'customer.fields.status',
  owner_id: 'customer.fields.owner',
  tags: 'customer.fields.tags',
  note: 'customer.fields.note',
  street: 'customer.fields.street',
  city: 'customer.fields.city',
  postal_code: 'customer.fields.postalCode',
  country: 'customer.fields.country',
  role: 'customer.fields.role',
}

export function fieldLabel(path: string, t: TFunction): string {
  const address = /^(billing_address|delivery_address)\.(\w+)$/.exec(path)
  if (address) {
    const part = FIELD_LABEL_KEYS[address[2]]
    const group = t(address[1] === 'billing_address' ? 'card.billing' : 'card.delivery')
    return part ? `${group}: ${t(part)}` : path
  }
  const contact = /^contacts\[(\d+)\]\.(\w+)$/.exec(path)
  if (contact) {
    const part = FIELD_LABEL_KEYS[contact[2]]
    return `${t('card.contactNumber', { number: Number(contact[1]) + 1 })}: ${part ? t(part) : contact[2]}`
  }
  const key = FIELD_LABEL_KEYS[path]
  return key ? t(key) : path
}

/**
 * Errors the form has no input for (for example a billing_address error when only the city was
 * typed) must still reach the user, so the summary lists every error the server sent.
 */
export function ErrorSummaryItems({ errors, t }: { errors: Record<string, string>; t: TFunction }) {
  return Object.entries(errors).map(([path, message]) => (
    <li key={path}>
      {fieldLabel(path, t)}: {message}
    </li>
  ))
}
