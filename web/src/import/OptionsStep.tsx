import { useTranslation } from 'react-i18next'
import type { FieldPolicy, ImportAtomicity, ImportMode, ImportOptions } from './importApi'

const MODES: ImportMode[] = ['create', 'upsert', 'skip']
const POLICIES: FieldPolicy[] = ['fill_empty', 'overwrite', 'keep']
const ATOMICITIES: ImportAtomicity[] = ['all_or_nothing', 'valid_rows']

function Choices<T extends string>({
  name,
  legend,
  values,
  value,
  disabled,
  hint,
  onChange,
}: {
  name: string
  legend: string
  values: T[]
  value: T
  disabled?: boolean
  hint?: string
  onChange: (value: T) => void
}) {
  const { t } = useTranslation()
  return (
    <fieldset className="import-choices" disabled={disabled}>
      <legend>{legend}</legend>
      {hint && <p className="muted">{hint}</p>}
      {values.map((option) => (
        <label key={option} className="checkbox import-choice">
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
          <span>
            <span className="import-choice-label">{t(`import.options.${name}.${option}`)}</span>
            <span className="muted import-choice-hint">{t(`import.options.${name}.${option}Hint`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  )
}

export function OptionsStep({ options, onChange }: { options: ImportOptions; onChange: (change: Partial<ImportOptions>) => void }) {
  const { t } = useTranslation()
  const updates =
    options.mode === 'upsert' ||
    options.duplicate_default === 'update' ||
    Object.values(options.duplicate_actions).includes('update')
  return (
    <div className="import-options">
      <Choices name="mode" legend={t('import.options.mode.legend')} values={MODES} value={options.mode} onChange={(mode) => onChange({ mode })} />
      <Choices
        name="policy"
        legend={t('import.options.policy.legend')}
        values={POLICIES}
        value={options.field_policy}
        disabled={!updates}
        hint={updates ? undefined : t('import.options.policy.onlyUpdates')}
        onChange={(field_policy) => onChange({ field_policy })}
      />
      <Choices
        name="atomicity"
        legend={t('import.options.atomicity.legend')}
        values={ATOMICITIES}
        value={options.atomicity}
        onChange={(atomicity) => onChange({ atomicity })}
      />
    </div>
  )
}
