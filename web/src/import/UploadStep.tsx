import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'
import { DropZone } from '../components/DropZone'
import { describeError } from '../lib/errors'
import { refusalMessage, uploadImportFile, type ImportDraft } from './importApi'

type State = { phase: 'idle' } | { phase: 'uploading'; name: string; progress: number } | { phase: 'error'; name: string; error: unknown }

export function UploadStep({ onUploaded }: { onUploaded: (draft: ImportDraft) => void }) {
  const { t } = useTranslation()
  const [state, setState] = useState<State>({ phase: 'idle' })
  const input = useRef<HTMLInputElement>(null)

  async function send(file: File) {
    setState({ phase: 'uploading', name: file.name, progress: 0 })
    try {
      const draft = await uploadImportFile(file, (progress) => setState({ phase: 'uploading', name: file.name, progress }))
      setState({ phase: 'idle' })
      onUploaded(draft)
    } catch (error) {
      setState({ phase: 'error', name: file.name, error })
    }
  }

  const busy = state.phase === 'uploading'
  return (
    <div>
      <p className="muted">{t('import.upload.intro')}</p>
      <DropZone
        className="import-drop-zone"
        testId="import-drop-zone"
        onFiles={(files) => void send(files[0])}
      >
        {(dragging) => (
          <div className="field">
            <label htmlFor="import-file">{t('import.upload.label')}</label>
            <input
              ref={input}
              id="import-file"
              type="file"
              disabled={busy}
              accept=".xlsx,.xls,.ods,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,text/csv"
              aria-describedby="import-file-hint"
              onChange={(event) => {
                const file = event.target.files?.[0]
                if (file) void send(file)
                // The same file can be chosen again after a refusal was fixed in the spreadsheet program.
                if (input.current) input.current.value = ''
              }}
            />
            <span id="import-file-hint" className="hint">
              {dragging ? t('import.upload.dropHere') : t('import.upload.hint')}
            </span>
          </div>
        )}
      </DropZone>
      {state.phase === 'uploading' && (
        <div className="upload">
          <span>{t('import.upload.uploading', { name: state.name, percent: Math.round(state.progress * 100) })}</span>
          <progress max={1} value={state.progress} aria-label={t('import.upload.progressLabel', { name: state.name })} />
        </div>
      )}
      {state.phase === 'error' && <UploadError name={state.name} error={state.error} />}
    </div>
  )
}

function UploadError({ name, error }: { name: string; error: unknown }) {
  const { t } = useTranslation()
  const refusal = refusalMessage(error)
  let lead: string
  if (refusal) lead = t('import.upload.refused', { name })
  else if (error instanceof ApiError && error.status === 413) lead = t('import.upload.tooLarge', { name })
  else lead = t('import.upload.failed', { name, reason: describeError(error, t) })
  return (
    <div role="alert" className="banner banner-error" data-testid="import-upload-error">
      <p>{lead}</p>
      {refusal && (
        <p lang="en" className="import-server-message">
          {refusal}
        </p>
      )}
      {refusal && <p>{t('import.upload.accepted')}</p>}
    </div>
  )
}
