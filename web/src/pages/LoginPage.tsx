import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { ApiError } from '../api/client'
import { useAuth } from '../auth/AuthContext'
import { Field } from '../components/Field'
import { changeLanguage } from '../i18n'
import { describeError } from '../lib/errors'
import { usePageHeading } from '../lib/usePageHeading'

/** Only same-app paths are accepted as a return target, so a crafted link cannot send the user off-site. */
function safeNext(value: string | null): string {
  if (value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')) return value
  return '/customers'
}

export function LoginPage() {
  const { t, i18n } = useTranslation()
  const { session, login } = useAuth()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const heading = usePageHeading(t('login.title'))

  if (session.status === 'signed-in' && !pending) return <Navigate to={next} replace />

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (pending) return
    setPending(true)
    setError(null)
    try {
      await login(username, password)
      navigate(next, { replace: true })
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401 ? t('login.badCredentials') : describeError(failure, t),
      )
    } finally {
      setPending(false)
    }
  }

  return (
    <main className="login-page">
      <form className="panel login-panel" onSubmit={submit} noValidate>
        <p className="login-brand">{t('app.name')}</p>
        <h1 ref={heading} tabIndex={-1}>
          {t('login.title')}
        </h1>
        <p className="muted">{t('login.subtitle')}</p>
        {params.get('expired') && !error && (
          <p role="status" className="banner banner-info">
            {t('login.expired')}
          </p>
        )}
        {error && (
          <p role="alert" className="banner banner-error">
            {error}
          </p>
        )}
        <Field
          label={t('login.username')}
          id="login-username"
          name="username"
          autoComplete="username"
          value={username}
          required
          onValueChange={setUsername}
        />
        <Field
          label={t('login.password')}
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          required
          onValueChange={setPassword}
        />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="login-language">
          <button
            type="button"
            className="link-button"
            lang={i18n.language === 'cs' ? 'en' : 'cs'}
            onClick={() => changeLanguage(i18n.language === 'cs' ? 'en' : 'cs')}
          >
            {t('nav.switchLanguage')}
          </button>
        </p>
      </form>
    </main>
  )
}
