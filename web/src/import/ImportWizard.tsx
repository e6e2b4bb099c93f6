import { useMutation, useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { QueryError } from '../components/QueryError'
import { describeError } from '../lib/errors'
import { fitMapping, IMPORT_COLUMNS, mappingFromLabels } from './columns'
import { RunPanel } from './ImportOutcome'
import {
  cancelImport,
  runImport,
  sheetOverview,
  type DuplicateAction,
  type ImportDraft,
  type ImportOptions,
  type ImportRecord,
  type SheetOverview,
} from './importApi'
import { OptionsStep } from './OptionsStep'
import { PreviewStep } from './PreviewStep'
import { columnCount, HeaderRowStep, MappingStep, SheetStep } from './SheetSteps'
import { UploadStep } from './UploadStep'
import './import.css'

export const STEPS = ['upload', 'sheet', 'header', 'mapping', 'preview', 'options', 'run'] as const
export type Step = (typeof STEPS)[number]

const DEFAULT_OPTIONS: Omit<ImportOptions, 'sheet' | 'header_row' | 'mapping'> = {
  mode: 'create',
  field_policy: 'fill_empty',
  atomicity: 'valid_rows',
  duplicate_actions: {},
}

/** The headers of a chosen row: the server's when it is its suggestion, else that row's cells as read. */
function headersFor(overview: SheetOverview, headerRow: number): string[] {
  if (headerRow === 0) return []
  if (headerRow === overview.header_row) return overview.headers
  return overview.first_rows.find((row) => row.row_number === headerRow)?.cells ?? []
}

export function ImportWizard() {
  const { t, i18n } = useTranslation()
  const [step, setStep] = useState<Step>('upload')
  const [draft, setDraft] = useState<ImportDraft | null>(null)
  const [sheet, setSheet] = useState(0)
  const [headerRow, setHeaderRow] = useState(0)
  const [mapping, setMapping] = useState<(string | null)[]>([])
  /** Which sheet/header row the mapping was made for; a new choice there starts a new suggestion. */
  const [mappingFor, setMappingFor] = useState<string | null>(null)
  const [settings, setSettings] = useState(DEFAULT_OPTIONS)
  const [started, setStarted] = useState<ImportRecord | null>(null)
  const stepHeading = useRef<HTMLHeadingElement>(null)
  const firstRender = useRef(true)

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    stepHeading.current?.focus()
  }, [step])

  const overview = useQuery({
    queryKey: ['import-sheet', draft?.id, sheet],
    queryFn: () => sheetOverview(draft!.id, sheet),
    enabled: draft !== null,
    initialData: draft && draft.overview.sheet === sheet ? draft.overview : undefined,
    staleTime: Infinity,
  })
  const sheetData = overview.data

  const labels = useMemo(() => {
    const cs = i18n.getFixedT('cs')
    const en = i18n.getFixedT('en')
    return Object.fromEntries(IMPORT_COLUMNS.map((key) => [key, [cs(`import.column.${key}`), en(`import.column.${key}`)]]))
  }, [i18n])

  const headers = sheetData ? headersFor(sheetData, headerRow) : []
  const columns = sheetData ? Math.max(columnCount(sheetData), headers.length) : 0

  const prepareMapping = () => {
    if (!sheetData) return
    const key = `${sheet}:${headerRow}`
    if (mappingFor === key) return
    const suggestion =
      headerRow === sheetData.header_row ? sheetData.suggested_mapping : mappingFromLabels(headersFor(sheetData, headerRow), labels)
    setMapping(fitMapping(suggestion, columns))
    setMappingFor(key)
    // Row choices were made for rows under another header; they would point at the wrong records now.
    setSettings((current) => ({ ...current, duplicate_actions: {}, duplicate_default: undefined }))
  }

  const options: ImportOptions = {
    sheet,
    header_row: headerRow,
    mapping: fitMapping(mapping, columns),
    ...settings,
  }

  const run = useMutation({
    mutationFn: () => runImport(draft!.id, options),
    onSuccess: (record) => {
      setStarted(record)
      setStep('run')
    },
  })

  const restart = () => {
    if (draft && !started) void cancelImport(draft.id).catch(() => undefined)
    setDraft(null)
    setStarted(null)
    setSheet(0)
    setHeaderRow(0)
    setMapping([])
    setMappingFor(null)
    setSettings(DEFAULT_OPTIONS)
    run.reset()
    setStep('upload')
  }

  const onUploaded = (uploaded: ImportDraft) => {
    setDraft(uploaded)
    setSheet(uploaded.overview.sheet)
    setHeaderRow(uploaded.overview.header_row)
    setMappingFor(null)
    setStep(uploaded.sheets.length > 1 ? 'sheet' : 'header')
  }

  const chooseSheet = (index: number) => {
    setSheet(index)
    setMappingFor(null)
  }
  // The suggested header row of a newly chosen sheet arrives with its overview.
  const overviewSheet = sheetData?.sheet
  const suggestedRow = sheetData?.header_row
  useEffect(() => {
    if (overviewSheet === undefined || suggestedRow === undefined) return
    if (mappingFor === null) setHeaderRow(suggestedRow)
    // Only a new sheet's overview resets the header row; the user's later pick stays.
  }, [overviewSheet, suggestedRow])

  const setDuplicateAction = (row: number, action: DuplicateAction | null) =>
    setSettings((current) => {
      const next = { ...current.duplicate_actions }
      if (action) next[String(row)] = action
      else delete next[String(row)]
      return { ...current, duplicate_actions: next }
    })

  const setDuplicateDefault = (action: DuplicateAction | null) =>
    setSettings((current) => ({ ...current, duplicate_actions: {}, duplicate_default: action ?? undefined }))

  const stepIndex = STEPS.indexOf(step)
  const goTo = (next: Step) => {
    if (next === 'mapping') prepareMapping()
    setStep(next)
  }
  const back = () => {
    let previous = STEPS[stepIndex - 1]
    if (previous === 'sheet' && draft && draft.sheets.length < 2) previous = 'upload'
    if (previous === 'upload') restart()
    else setStep(previous)
  }

  const dataRowSamples = (() => {
    if (!sheetData) return []
    const first = sheetData.first_rows.find((row) => row.row_number > headerRow)
    return first?.cells ?? []
  })()

  let body: ReactNode = null
  let next: ReactNode = null
  switch (step) {
    case 'upload':
      body = <UploadStep onUploaded={onUploaded} />
      break
    case 'sheet':
      body = draft && <SheetStep sheets={draft.sheets} value={sheet} onChange={chooseSheet} />
      next = (
        <button type="button" className="primary" disabled={!sheetData} onClick={() => goTo('header')}>
          {t('import.wizard.next')}
        </button>
      )
      break
    case 'header':
      body = sheetData && <HeaderRowStep overview={sheetData} value={headerRow} onChange={setHeaderRow} />
      next = (
        <button type="button" className="primary" disabled={!sheetData} onClick={() => goTo('mapping')}>
          {t('import.wizard.next')}
        </button>
      )
      break
    case 'mapping':
      body = <MappingStep headers={headers} samples={dataRowSamples} mapping={options.mapping} onChange={setMapping} />
      next = (
        <button type="button" className="primary" disabled={!options.mapping.some(Boolean)} onClick={() => goTo('preview')}>
          {t('import.wizard.toPreview')}
        </button>
      )
      break
    case 'preview':
      body = draft && (
        <PreviewStep
          importId={draft.id}
          options={options}
          onDuplicateAction={setDuplicateAction}
          onDuplicateDefault={setDuplicateDefault}
        />
      )
      next = (
        <button type="button" className="primary" onClick={() => goTo('options')}>
          {t('import.wizard.next')}
        </button>
      )
      break
    case 'options':
      body = <OptionsStep options={options} onChange={(change) => setSettings((current) => ({ ...current, ...change }))} />
      next = (
        <button type="button" className="primary" disabled={run.isPending} onClick={() => run.mutate()}>
          {run.isPending ? t('import.wizard.starting') : t('import.wizard.run')}
        </button>
      )
      break
    case 'run':
      body = started && <RunPanel id={started.id} initial={started} />
      break
  }

  return (
    <div className="import-wizard">
      <ol className="import-steps" aria-label={t('import.wizard.stepsLabel')}>
        {STEPS.map((name, index) => (
          <li
            key={name}
            aria-current={name === step ? 'step' : undefined}
            className={index < stepIndex ? 'import-step-done' : index === stepIndex ? 'import-step-current' : undefined}
          >
            <span className="import-step-number">{index + 1}</span> {t(`import.step.${name}`)}
          </li>
        ))}
      </ol>
      {draft && step !== 'upload' && (
        <p className="muted import-file">
          {t('import.wizard.file', { name: draft.file_name, format: draft.format.toUpperCase() })}
          {draft.sheets[sheet] && step !== 'sheet' && ` · ${t('import.wizard.sheet', { name: draft.sheets[sheet].name })}`}
        </p>
      )}
      <section className="panel import-step" aria-labelledby="import-step-heading">
        <h2 id="import-step-heading" ref={stepHeading} tabIndex={-1}>
          {t('import.wizard.stepHeading', { number: stepIndex + 1, name: t(`import.step.${step}`) })}
        </h2>
        {overview.error && step !== 'upload' && step !== 'run' && (
          <QueryError error={overview.error} onRetry={() => void overview.refetch()} />
        )}
        {body}
        {run.error && step === 'options' && (
          <p role="alert" className="banner banner-error">
            {t('import.wizard.runFailed', { reason: describeError(run.error, t) })}
          </p>
        )}
        {step !== 'upload' && step !== 'run' && (
          <div className="form-actions import-nav">
            <button type="button" onClick={back}>
              {t('import.wizard.back')}
            </button>
            {next}
            <button type="button" className="link-button" onClick={restart}>
              {t('import.wizard.startOver')}
            </button>
          </div>
        )}
        {step === 'run' && (
          <div className="form-actions">
            <button type="button" onClick={restart}>
              {t('import.wizard.another')}
            </button>
          </div>
        )}
      </section>
    </div>
  )
}
