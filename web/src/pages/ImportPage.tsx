import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ImportWizard } from '../import/ImportWizard'
import { usePageHeading } from '../lib/usePageHeading'

export default function ImportPage() {
  const { t } = useTranslation()
  const heading = usePageHeading(t('import.title'))
  return (
    <div className="import-page">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          {t('import.title')}
        </h1>
        <Link to="/importy">{t('import.history.link')}</Link>
      </div>
      <ImportWizard />
    </div>
  )
}
