import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { usePageHeading } from '../lib/usePageHeading'

export default function NotFoundPage() {
  const { t } = useTranslation()
  const heading = usePageHeading(t('notFound.title'))
  return (
    <section className="panel">
      <h1 ref={heading} tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p>
        <Link to="/customers">{t('errors.backToList')}</Link>
      </p>
    </section>
  )
}
