import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, api } from '../api/client'
import type { Address, Contact, Customer } from '../api/types'
import { Field } from '../components/Field'
import { describeError, localizedFieldErrors } from '../lib/errors'
import { useFormatters } from '../lib/format'
import { buildPatch, changedKeys, EMPTY_ADDRESS, rebase, toEditable, type Editable, type EditableKey } from './editable'
import { ErrorSummaryItems, fieldLabel } from './fieldErrors'
import { useUsers, userLabel } from './useUsers'
import '../documents/contact-cards.css'

interface Conflict {
  theirs: Customer
  /** Fields the colleague changed relative to the version this user started from. */
  changed: EditableKey[]
}

interface StoredDraft {
  baseCustomer: Customer
  draft: Editable
}

const draftKey = (id: number) => `kartoteka.draft.customer.${id}`

/**
 * Unsaved edits are mirrored into sessionStorage (this tab only), so an expired session, which
 * sends the user through the login page, or an accidental reload does not throw them away. The
 * restored draft keeps the version it was based on, so saving it still meets the 412 check.
 */
function loadDraft(id: number): StoredDraft | null {
  try {
    const text = sessionStorage.getItem(draftKey(id))
    return text ? (JSON.parse(text) as StoredDraft) : null
  } catch {
    return null
  }
}

function storeDraft(id: number, value: StoredDraft | null) {
  try {
    if (value) sessionStorage.setItem(draftKey(id), JSON.stringify(value))
    else sessionStorage.removeItem(draftKey(id))
  } catch {
    // Storage full or disabled: the draft still lives in memory for this page view.
  }
}

export function OverviewEditor({ customer }: { customer: Customer }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const queryClient = useQueryClient()
  const { users, byId: usersById } = useUsers()
  const [restored] = useState(() => loadDraft(customer.id))
  const [baseCustomer, setBaseCustomer] = useState(restored?.baseCustomer ?? customer)
  const [base, setBase] = useState<Editable>(() => toEditable(restored?.baseCustomer ?? customer))
  const [draft, setDraft] = useState<Editable>(() => restored?.draft ?? toEditable(customer))
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [notice, setNotice] = useState<string | null>(restored ? t('card.draftRestored') : null)
  const noticeRef = useRef<HTMLDivElement>(null)
  const inFlight = useRef(false)
  const dirty = changedKeys(base, draft).length > 0

  useEffect(() => {
    storeDraft(customer.id, dirty ? { baseCustomer, draft } : null)
  }, [customer.id, dirty, baseCustomer, draft])

  // A newer version from the server (another tab, a refetch) replaces the form only while the
  // user has nothing typed; otherwise their text stays and a save will meet the 412 path.
  useEffect(() => {
    if (customer.version !== baseCustomer.version && !dirty && !conflict) {
      setBaseCustomer(customer)
      setBase(toEditable(customer))
      setDraft(toEditable(customer))
    }
    // Keyed on the version alone: the other values are read as they are at that moment.
  }, [customer.version])

  const announce = (message: string) => {
    setNotice(message)
    requestAnimationFrame(() => noticeRef.current?.focus())
  }

  const save = useMutation({
    mutationFn: () => api.updateCustomer(customer.id, baseCustomer.version, buildPatch(base, draft)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['customer', saved.id], saved)
      void queryClient.invalidateQueries({ queryKey: ['customers'] })
      setBaseCustomer(saved)
      setBase(toEditable(saved))
      setDraft(toEditable(saved))
      setConflict(null)
      announce(t('card.saved'))
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 412) {
        try {
          const theirs = await api.customer(customer.id)
          queryClient.setQueryData(['customer', theirs.id], theirs)
          setConflict({ theirs, changed: changedKeys(base, toEditable(theirs)) })
          setNotice(null)
          requestAnimationFrame(() => noticeRef.current?.focus())
        } catch (reloadError) {
          announce(describeError(reloadError, t))
        }
      } else {
        setNotice(null)
        requestAnimationFrame(() => noticeRef.current?.focus())
      }
    },
    onSettled: () => {
      inFlight.current = false
    },
  })

  const fieldErrors = save.error instanceof ApiError && save.error.status !== 412 ? localizedFieldErrors(save.error, t) : {}
  const otherError = save.error && !(save.error instanceof ApiError && save.error.status === 412) && !Object.keys(fieldErrors).length

  function submit(event: FormEvent) {
    event.preventDefault()
    if (inFlight.current || !dirty || conflict) return
    inFlight.current = true
    save.mutate()
  }

  function applyMineOntoTheirs() {
    if (!conflict) return
    const theirs = toEditable(conflict.theirs)
    setDraft(rebase(base, draft, theirs))
    setBase(theirs)
    setBaseCustomer(conflict.theirs)
    setConflict(null)
    save.reset()
    announce(t('conflict.reapplied'))
  }

  function discardMine() {
    if (!conflict) return
    const theirs = toEditable(conflict.theirs)
    setDraft(theirs)
    setBase(theirs)
    setBaseCustomer(conflict.theirs)
    setConflict(null)
    save.reset()
    announce(t('conflict.discarded'))
  }

  const set = <K extends EditableKey>(key: K, value: Editable[K]) => setDraft((current) => ({ ...current, [key]: value }))
  const text = (key: EditableKey) => (value: string) => set(key, value as never)
  const setAddress = (key: 'billing_address' | 'delivery_address', part: keyof Address) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: { ...(current[key] ?? EMPTY_ADDRESS), [part]: value } }))
  const setContact = (index: number, part: keyof Contact) => (value: string) =>
    setDraft((current) => ({
      ...current,
      contacts: current.contacts.map((contact, i) => (i === index ? { ...contact, [part]: value } : contact)),
    }))
  const error = (path: string) => fieldErrors[path]

  const show = (key: EditableKey, value: Editable): string => {
    const v = value[key]
    if (key === 'status') return t(`customer.status.${v as string}`)
    if (key === 'kind') return t(`customer.kind.${v as string}`)
    if (key === 'owner_id') return v ? userLabel(usersById.get(Number(v))) || String(v) : '—'
    if (key === 'billing_address' || key === 'delivery_address') {
      const a = v as Address | null
      return a ? [a.street, [a.postal_code, a.city].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') : '—'
    }
    if (key === 'contacts')
      return (v as Contact[]).map((c) => [c.name, c.role, c.email, c.phone].filter(Boolean).join(' · ')).join('; ') || '—'
    return (v as string) || '—'
  }
  const keyLabel = (key: EditableKey) =>
    key === 'billing_address' ? t('card.billing') : key === 'delivery_address' ? t('card.delivery') : key === 'contacts' ? t('card.contacts') : fieldLabel(key, t)

  const addressFields = (key: 'billing_address' | 'delivery_address', value: Address) => (
    <div className="field-grid">
      <Field id={`${key}-street`} label={t('customer.fields.street')} value={value.street} error={error(`${key}.street`)} autoComplete="off" onValueChange={setAddress(key, 'street')} />
      <Field id={`${key}-city`} label={t('customer.fields.city')} value={value.city} error={error(`${key}.city`)} autoComplete="off" onValueChange={setAddress(key, 'city')} />
      <Field id={`${key}-postal`} label={t('customer.fields.postalCode')} value={value.postal_code} error={error(`${key}.postal_code`)} hint={t('customer.hints.postalCode')} autoComplete="off" onValueChange={setAddress(key, 'postal_code')} />
      <Field id={`${key}-country`} label={t('customer.fields.country')} value={value.country} error={error(`${key}.country`)} autoComplete="off" onValueChange={setAddress(key, 'country')} />
    </div>
  )

  return (
    <form className="overview" onSubmit={submit} noValidate aria-busy={save.isPending}>
      <div ref={noticeRef} tabIndex={-1} className="summary-anchor">
        {conflict && (
          <div role="alert" className="banner banner-warning conflict" data-testid="conflict">
            <h3>{t('conflict.title')}</h3>
            <p>{t('conflict.text', { time: format.dateTime(conflict.theirs.updated_at) })}</p>
            {conflict.changed.length > 0 ? (
              <table className="diff-table">
                <caption className="visually-hidden">{t('conflict.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('conflict.field')}</th>
                    <th scope="col">{t('conflict.theirs')}</th>
                    <th scope="col">{t('conflict.yours')}</th>
                  </tr>
                </thead>
                <tbody>
                  {conflict.changed.map((key) => (
                    <tr key={key}>
                      <th scope="row">{keyLabel(key)}</th>
                      <td>{show(key, toEditable(conflict.theirs))}</td>
                      <td>{show(key, draft)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>{t('conflict.noFieldDiff')}</p>
            )}
            <p className="muted">{t('conflict.kept')}</p>
            <div className="form-actions">
              <button type="button" className="primary" onClick={applyMineOntoTheirs}>
                {t('conflict.reapply')}
              </button>
              <button type="button" onClick={discardMine}>
                {t('conflict.discard')}
              </button>
            </div>
          </div>
        )}
        {notice && !conflict && (
          <p role="status" className="banner banner-info">
            {notice}
          </p>
        )}
        {Object.keys(fieldErrors).length > 0 && (
          <div role="alert" className="banner banner-error">
            <p>{t('form.fixErrors')}</p>
            <ul>
              <ErrorSummaryItems errors={fieldErrors} t={t} />
            </ul>
          </div>
        )}
        {otherError && (
          <p role="alert" className="banner banner-error">
            {t('card.saveFailed')} {describeError(save.error, t)}
          </p>
        )}
      </div>

      <section aria-labelledby="section-contact">
        <h2 id="section-contact">{t('card.contactDetails')}</h2>
        <div className="field-grid">
          <div className="field">
            <label htmlFor="edit-kind">{t('customer.fields.kind')}</label>
            <select id="edit-kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as Editable['kind'])}>
              <option value="company">{t('customer.kind.company')}</option>
              <option value="person">{t('customer.kind.person')}</option>
            </select>
          </div>
          {draft.kind === 'company' ? (
            <Field id="edit-name" label={t('customer.fields.companyName')} value={draft.name} error={error('name')} onValueChange={text('name')} />
          ) : (
            <>
              <Field id="edit-first-name" label={t('customer.fields.firstName')} value={draft.first_name} error={error('first_name')} onValueChange={text('first_name')} />
              <Field id="edit-last-name" label={t('customer.fields.lastName')} value={draft.last_name} error={error('last_name') ?? error('name')} onValueChange={text('last_name')} />
            </>
          )}
          <div className="field">
            <label htmlFor="edit-status">{t('customer.fields.status')}</label>
            <select id="edit-status" value={draft.status} onChange={(e) => set('status', e.target.value as Editable['status'])}>
              {(['lead', 'active', 'inactive'] as const).map((status) => (
                <option key={status} value={status}>
                  {t(`customer.status.${status}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="edit-owner">{t('customer.fields.owner')}</label>
            <select id="edit-owner" value={draft.owner_id} onChange={(e) => set('owner_id', e.target.value)}>
              <option value="">{t('customer.noOwner')}</option>
              {users.map((user) => (
                <option key={user.id} value={String(user.id)}>
                  {userLabel(user)}
                </option>
              ))}
            </select>
          </div>
          <Field id="edit-email" type="email" label={t('customer.fields.email')} value={draft.email} error={error('email')} autoComplete="off" onValueChange={text('email')} />
          <Field id="edit-phone" type="tel" label={t('customer.fields.phone')} value={draft.phone} error={error('phone')} hint={t('customer.hints.phone')} autoComplete="off" onValueChange={text('phone')} />
          <Field id="edit-web" label={t('customer.fields.web')} value={draft.web} error={error('web')} autoComplete="off" onValueChange={text('web')} />
          <Field id="edit-tags" label={t('customer.fields.tags')} value={draft.tags} error={error('tags')} hint={t('customer.hints.tags')} autoComplete="off" onValueChange={text('tags')} />
        </div>
      </section>

      <section aria-labelledby="section-billing">
        <h2 id="section-billing">{t('card.billingDetails')}</h2>
        <div className="field-grid">
          <Field id="edit-ico" label={t('customer.fields.ico')} value={draft.ico} inputMode="numeric" error={error('ico')} hint={t('customer.hints.ico')} onValueChange={text('ico')} />
          <Field id="edit-dic" label={t('customer.fields.dic')} value={draft.dic} error={error('dic')} hint={t('customer.hints.dic')} onValueChange={text('dic')} />
        </div>
        <h3>{t('card.billing')}</h3>
        {addressFields('billing_address', draft.billing_address)}
      </section>

      <section aria-labelledby="section-delivery">
        <h2 id="section-delivery">{t('card.delivery')}</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.delivery_address !== null}
            onChange={(e) => set('delivery_address', e.target.checked ? { ...EMPTY_ADDRESS } : null)}
          />
          {t('card.separateDelivery')}
        </label>
        {draft.delivery_address ? addressFields('delivery_address', draft.delivery_address) : <p className="muted">{t('card.deliverySame')}</p>}
      </section>

      <section aria-labelledby="section-contacts">
        <h2 id="section-contacts">{t('card.contacts')}</h2>
        {baseCustomer.contacts.length > 0 && <ContactCards customerId={customer.id} contacts={baseCustomer.contacts} dirty={dirty} />}
        {draft.contacts.length === 0 && <p className="muted">{t('card.noContacts')}</p>}
        {draft.contacts.length > 0 && baseCustomer.contacts.length > 0 && <h3>{t('contactCard.editHeading')}</h3>}
        {draft.contacts.map((contact, index) => (
          <fieldset key={contact.id ?? `new-${index}`} className="contact">
            <legend>{t('card.contactNumber', { number: index + 1 })}</legend>
            <div className="field-grid">
              <Field id={`contact-${index}-name`} label={t('customer.fields.contactName')} value={contact.name} error={error(`contacts[${index}].name`)} autoComplete="off" onValueChange={setContact(index, 'name')} />
              <Field id={`contact-${index}-role`} label={t('customer.fields.role')} value={contact.role} error={error(`contacts[${index}].role`)} autoComplete="off" onValueChange={setContact(index, 'role')} />
              <Field id={`contact-${index}-email`} type="email" label={t('customer.fields.email')} value={contact.email} error={error(`contacts[${index}].email`)} autoComplete="off" onValueChange={setContact(index, 'email')} />
              <Field id={`contact-${index}-phone`} type="tel" label={t('customer.fields.phone')} value={contact.phone} error={error(`contacts[${index}].phone`)} autoComplete="off" onValueChange={setContact(index, 'phone')} />
            </div>
            <Field id={`contact-${index}-note`} multiline label={t('contactCard.note')} value={contact.note ?? ''} error={error(`contacts[${index}].note`)} onValueChange={setContact(index, 'note')} />
            <button
              type="button"
              className="link-button danger"
              onClick={() => set('contacts', draft.contacts.filter((_, i) => i !== index))}
            >
              {t('card.removeContact', { number: index + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => set('contacts', [...draft.contacts, { name: '', role: '', email: '', phone: '', note: '' }])}>
          {t('card.addContact')}
        </button>
      </section>

      <section aria-labelledby="section-note">
        <h2 id="section-note">{t('customer.fields.note')}</h2>
        <Field id="edit-note" multiline label={t('customer.fields.note')} value={draft.note} error={error('note')} onValueChange={text('note')} />
      </section>

      <div className="form-actions sticky-actions">
        <button type="submit" className="primary" disabled={!dirty || save.isPending || conflict !== null}>
          {save.isPending ? t('form.saving') : t('form.save')}
        </button>
        <button type="button" disabled={!dirty || save.isPending} onClick={() => { setDraft(base); save.reset() }}>
          {t('form.discard')}
        </button>
        <span className="muted">{dirty ? t('card.unsaved') : t('card.version', { version: baseCustomer.version, time: format.dateTime(baseCustomer.updated_at) })}</span>
      </div>
    </form>
  )
}

/** A phone number as a tel: URI: spaces and punctuation go, a leading + stays. */
function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`
}

/** The saved contact persons as cards with direct links; the form below edits them. */
function ContactCards({ customerId, contacts, dirty }: { customerId: number; contacts: Contact[]; dirty: boolean }) {
  const { t } = useTranslation()
  return (
    <>
      <ul className="contact-cards" aria-label={t('contactCard.listLabel')}>
        {contacts.map((contact, index) => {
          const name = contact.name || t('contactCard.noName')
          return (
            <li key={contact.id ?? `saved-${index}`} className="contact-card" data-testid="contact-card">
              <h3>{name}</h3>
              {contact.role && <p className="muted">{contact.role}</p>}
              <ul className="contact-card-links">
                {contact.email && (
                  <li>
                    <span className="visually-hidden">{t('customer.fields.email')}: </span>
                    <a href={`mailto:${contact.email}`}>{contact.email}</a>
                  </li>
                )}
                {contact.phone && (
                  <li>
                    <span className="visually-hidden">{t('customer.fields.phone')}: </span>
                    <a href={telHref(contact.phone)}>{contact.phone}</a>
                  </li>
                )}
              </ul>
              {contact.note && <p className="contact-card-note">{contact.note}</p>}
              {contact.id != null && (
                <a
                  className="contact-card-vcard"
                  href={`/api/v1/customers/${customerId}/contacts/${contact.id}/vcard`}
                  download
                  aria-label={t('contactCard.vcardNamed', { name })}
                >
                  {t('contactCard.vcard')}
                </a>
              )}
            </li>
          )
        })}
      </ul>
      {dirty && <p className="muted">{t('contactCard.unsavedHint')}</p>}
    </>
  )
}
