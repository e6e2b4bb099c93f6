import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router'
import { ApiError } from './api/client'
import { App } from './App'
import { AuthProvider } from './auth/AuthContext'
import { customerListOptions, readListQuery } from './customers/listQuery'
import './i18n'
import './styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (401, 404, 412...) will not heal by retrying; a dropped connection or a 5xx might.
      retry: (failureCount, error) =>
        failureCount < 2 && (!(error instanceof ApiError) || error.isNetwork || error.status >= 500),
    },
  },
})

// The list is the landing page: fetch its first page while the session probe (/auth/me) and the
// first render are still under way instead of after them. Without a session the prefetch just
// fails quietly and the login flow takes over.
if (window.location.pathname === '/customers' || window.location.pathname === '/') {
  void queryClient.prefetchInfiniteQuery(customerListOptions(readListQuery(new URLSearchParams(window.location.search))))
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AuthProvider>
          <App />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
)
