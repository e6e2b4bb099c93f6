import { useTranslation } from 'react-i18next'
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { useAuth } from '../auth/AuthContext'
import { changeLanguage, type Language } from '../i18n'
import { NotificationBell } from '../notifications/NotificationBell'
import { ErrorBoundary } from './ErrorBoundary'

export function AppShell() {
  const { t, i18n } = useTranslation()
  const { session, logout } = useAuth()
  const navigate = useNavigate()
  const location = useLocation()
  const user = session.status === 'signed-in' ? session.user : null
  const otherLanguage: Language = i18n.language === 'cs' ? 'en' : 'cs'

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            <li>
              <NavLink to="/customers" end>
                {t('nav.customers')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/moje-ukoly">{t('myTasks.nav')}</NavLink>
            </li>
            <li>
              <NavLink to="/import">{t('import.nav')}</NavLink>
            </li>
            <li>
              <NavLink to="/trash">{t('nav.trash')}</NavLink>
            </li>
          </ul>
        </nav>
        <div className="topbar-right">
          {user && <NotificationBell />}
          <button
            type="button"
            className="link-button"
            lang={otherLanguage}
            onClick={() => changeLanguage(otherLanguage)}
            title={t('nav.switchLanguageLabel')}
          >
            {t('nav.switchLanguage')}
          </button>
          {user && (
            <span className="user" title={user.username}>
              {user.display_name || user.username}
            </span>
          )}
          <button
            type="button"
            onClick={async () => {
              await logout()
              navigate('/login', { replace: true })
            }}
          >
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main id="main" className="content">
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  )
}
