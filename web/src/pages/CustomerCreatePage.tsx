import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { api } from '../api/client'
import type { CustomerKind } from '../api/types'
import { Field } from '../components/Field'
import { ErrorSummaryItems } from '../customers/fieldErrors'
import { describeError, localizedFieldErrors } from '../lib/errors'
import { usePageHeading } from '../lib/usePageHeading'

interface Draft {
  kind: CustomerKind
  name: string
  first_name: string
  last_name: string
  ico: string
  email: string
  phone: string
  city: string
}

const EMPTY: Draft = { kind: 'company', name: '', first_name: '', last_name: '', ico: '', email: '', phone: '', city: '' }

function toRequest(draft: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: draft.kind }
  if (draft.kind === 'company') body.name = draft.name.trim()
  else {
    body.first_name = draft.first_name.trim()
    body.last_name = draft.last_name.trim()
  }
  // Blank optional fields are left out, so the server stores "not set" instead of an empty string.
  for (const key of ['ico', 'email', 'phone'] as const) {
    const value = draft[key].trim()
    if (value) body[key] = value
  }
  if (draft.city.trim()) body.billing_address = { street: '', city: draft.city.trim(), postal_code: '', country: 'CZ' }
  return body
}

export default function CustomerCreatePage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const heading = usePageHeading(t('create.title'))
  const summaryRef = useRef<HTMLDivElement>(null)
  // A second click in the same tick arrives before React re-renders the disabled button.
  const inFlight = useRef(false)

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.createCustomer(body),
    onSuccess: (customer) => {
      queryClient.setQueryData(['customer', customer.id], customer)
      void queryClient.invalidateQueries({ queryKey: ['customers'] })
      navigate(`/customers/${customer.id}`, { state: { created: true } })
    },
    onError: () => {
      requestAnimationFrame(() => summaryRef.current?.focus())
    },
    onSettled: () => {
      inFlight.current = false
    },
  })

  const fieldErrors = localizedFieldErrors(create.error, t)
  const set = (key: keyof Draft) => (value: string) => setDraft((current) => ({ ...current, [key]: value }))
  const error = (...paths: string[]) => paths.map((path) => fieldErrors[path]).find(Boolean)

  function submit(event: FormEvent) {
    event.preventDefault()
    if (inFlight.current) return
    inFlight.current = true
    create.mutate(toRequest(draft))
  }

  return (
    <section className="panel form-page">
      <h1 ref={heading} tabIndex={-1}>
        {t('create.title')}
      </h1>
      <p className="muted">{t('create.intro')}</p>

      <div ref={summaryRef} tabIndex={-1} className="summary-anchor">
        {create.error && (
          <div role="alert" className="banner banner-error">
            <p>{Object.keys(fieldErrors).length ? t('form.fixErrors') : describeError(create.error, t)}</p>
            {Object.keys(fieldErrors).length > 0 && (
              <ul>
                <ErrorSummaryItems errors={fieldErrors} t={t} />
              </ul>
            )}
          </div>
        )}
      </div>

      <form onSubmit={submit} noValidate aria-busy={create.isPending}>
        <fieldset className="kind-choice">
          <legend>{t('customer.fields.kind')}</legend>
          {(['company', 'person'] as const).map((kind) => (
            <label key={kind} className="radio">
              <input
                type="radio"
                name="kind"
                value={kind}
                checked={draft.kind === kind}
                onChange={() => setDraft((current) => ({ ...current, kind }))}
              />
              {t(`customer.kind.${kind}`)}
            </label>
          ))}
        </fieldset>

        {draft.kind === 'company' ? (
          <Field
            id="create-name"
            label={t('customer.fields.companyName')}
            value={draft.name}
            error={error('name')}
            required
            onValueChange={set('name')}
          />
        ) : (
          <div className="field-row">
            <Field
              id="create-first-name"
              label={t('customer.fields.firstName')}
              value={draft.first_name}
              error={error('first_name')}
              required
              onValueChange={set('first_name')}
            />
            <Field
              id="create-last-name"
              label={t('customer.fields.lastName')}
              value={draft.last_name}
              error={error('last_name', 'name')}
              required
              onValueChange={set('last_name')}
            />
          </div>
        )}
        <div className="field-row">
          <Field
            id="create-ico"
            label={t('customer.fields.ico')}
            value={draft.ico}
            inputMode="numeric"
            error={error('ico')}
            hint={t('customer.hints.ico')}
            onValueChange={set('ico')}
          />
          <Field
            id="create-city"
            label={t('customer.fields.city')}
            value={draft.city}
            autoComplete="address-level2"
            error={error('billing_address.city', 'billing_address')}
            onValueChange={set('city')}
          />
        </div>
        <div className="field-row">
          <Field
            id="create-email"
            label={t('customer.fields.email')}
            type="email"
            value={draft.email}
            autoComplete="off"
            error={error('email')}
            onValueChange={set('email')}
          />
          <Field
            id="create-phone"
            label={t('customer.fields.phone')}
            type="tel"
            value={draft.phone}
            autoComplete="off"
            error={error('phone')}
            hint={t('customer.hints.phone')}
            onValueChange={set('phone')}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? t('form.saving') : t('form.save')}
          </button>
          <Link to="/customers">{t('form.cancel')}</Link>
        </div>
      </form>
    </section>
  )
}
