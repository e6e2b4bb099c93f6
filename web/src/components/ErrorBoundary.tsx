import { Component, type ErrorInfo, type ReactNode } from 'react'
import { withTranslation, type WithTranslation } from 'react-i18next'

interface State {
  error: Error | null
}

/** Last line of defence: a render error shows a readable message with a way out, never a blank page. */
class ErrorBoundaryInner extends Component<WithTranslation & { children: ReactNode; resetKey?: string }, State> {
  state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('UI error', error, info.componentStack)
  }

  componentDidUpdate(previous: { resetKey?: string }) {
    // Navigating elsewhere gives the new page a fresh chance.
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null })
  }

  render() {
    const { t } = this.props
    if (!this.state.error) return this.props.children
    return (
      <div role="alert" className="panel error-panel">
        <h1>{t('errors.crashTitle')}</h1>
        <p>{t('errors.crashText')}</p>
        {/* The message is technical and usually English: there for a support call, not for reading. */}
        <details className="muted">
          <summary>{t('errors.showDetails')}</summary>
          <pre>{this.state.error.message}</pre>
        </details>
        <p>
          <button type="button" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </button>{' '}
          <a href="/customers">{t('errors.backToList')}</a>
        </p>
      </div>
    )
  }
}

export const ErrorBoundary = withTranslation()(ErrorBoundaryInner)
