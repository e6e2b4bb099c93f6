import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, Route, Routes, useLocation } from 'react-router'
import { useAuth } from './auth/AuthContext'
import { AppShell } from './components/AppShell'
import { ErrorBoundary } from './components/ErrorBoundary'
import { QueryError } from './components/QueryError'
import { CustomerListPage } from './pages/CustomerListPage'
import { LoginPage } from './pages/LoginPage'

// The list is the landing page, so it ships in the first bundle; the rest loads on first visit.
const CustomerCreatePage = lazy(() => import('./pages/CustomerCreatePage'))
const CustomerCardPage = lazy(() => import('./pages/CustomerCardPage'))
const TrashPage = lazy(() => import('./pages/TrashPage'))
const MyTasksPage = lazy(() => import('./pages/MyTasksPage'))
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'))
const ImportPage = lazy(() => import('./pages/ImportPage'))
const ImportHistoryPage = lazy(() => import('./pages/ImportHistoryPage'))
const ImportDetailPage = lazy(() => import('./pages/ImportDetailPage'))

function Loading() {
  const { t } = useTranslation()
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  )
}

function RequireSession({ children }: { children: React.ReactNode }) {
  const { session, probeError, retryProbe } = useAuth()
  const location = useLocation()
  if (probeError) {
    return (
      <main className="centered">
        <QueryError error={probeError} onRetry={retryProbe} />
      </main>
    )
  }
  if (session.status === 'checking') return <Loading />
  if (session.status === 'anonymous') {
    const next = location.pathname + location.search
    const params = new URLSearchParams({ next })
    if (session.expired) params.set('expired', '1')
    return <Navigate to={`/login?${params.toString()}`} replace />
  }
  return <>{children}</>
}

export function App() {
  const location = useLocation()
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireSession>
              <AppShell />
            </RequireSession>
          }
        >
          <Route index element={<Navigate to="/customers" replace />} />
          <Route path="/customers" element={<CustomerListPage />} />
          <Route
            path="/customers/new"
            element={
              <Suspense fallback={<Loading />}>
                <CustomerCreatePage />
              </Suspense>
            }
          />
          <Route
            path="/customers/:id"
            element={
              <Suspense fallback={<Loading />}>
                <CustomerCardPage />
              </Suspense>
            }
          />
          <Route
            path="/trash"
            element={
              <Suspense fallback={<Loading />}>
                <TrashPage />
              </Suspense>
            }
          />
          <Route
            path="/moje-ukoly"
            element={
              <Suspense fallback={<Loading />}>
                <MyTasksPage />
              </Suspense>
            }
          />
          <Route
            path="/import"
            element={
              <Suspense fallback={<Loading />}>
                <ImportPage />
              </Suspense>
            }
          />
          <Route
            path="/importy"
            element={
              <Suspense fallback={<Loading />}>
                <ImportHistoryPage />
              </Suspense>
            }
          />
          <Route
            path="/importy/:id"
            element={
              <Suspense fallback={<Loading />}>
                <ImportDetailPage />
              </Suspense>
            }
          />
          <Route
            path="*"
            element={
              <Suspense fallback={<Loading />}>
                <NotFoundPage />
              </Suspense>
            }
          />
        </Route>
      </Routes>
    </ErrorBoundary>
  )
}
