import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { Fragment, useRef, useState, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'
import { DropZone } from '../components/DropZone'
import { QueryError } from '../components/QueryError'
import { describeError } from '../lib/errors'
import { useFormatters } from '../lib/format'
import {
  conflictingDocumentId,
  contentUrl,
  deleteDocument,
  listDocuments,
  previewKind,
  restoreDocument,
  uploadFile,
  type CustomerDocument,
} from './documentsApi'
import { formatSize, typeLabel } from './format'
import './documents.css'

interface Upload {
  key: number
  file: File
  progress: number
  state: 'uploading' | 'done' | 'conflict' | 'error'
  /** The upload went to an existing document as a new version. */
  asVersion: boolean
  existingId: number | null
  error: unknown
}

interface Preview {
  document: CustomerDocument
  version: number
}

/** The message for a failed upload; the size and name rules are the server's (issue 4, Dokumenty). */
function uploadErrorKey(upload: Upload): string {
  const error = upload.error
  if (error instanceof ApiError) {
    if (error.isNetwork) return 'documents.upload.interrupted'
    if (error.status === 413) return 'documents.upload.tooLarge'
    if (error.status === 422) return upload.file.size === 0 ? 'documents.upload.empty' : 'documents.upload.badName'
  }
  return 'documents.upload.failed'
}

export function DocumentsTab({ customerId }: { customerId: number }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const queryClient = useQueryClient()
  const [uploads, setUploads] = useState<Upload[]>([])
  const [expanded, setExpanded] = useState<Set<number>>(new Set())
  const [preview, setPreview] = useState<Preview | null>(null)
  const [trashed, setTrashed] = useState<CustomerDocument | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const nextKey = useRef(1)
  const previewHeading = useRef<HTMLHeadingElement>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  const documents = useInfiniteQuery({
    queryKey: ['documents', customerId],
    queryFn: ({ pageParam }) => listDocuments(customerId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  })
  const items = documents.data?.pages.flatMap((page) => page.items) ?? []

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['documents', customerId] })
    void queryClient.invalidateQueries({ queryKey: ['history', customerId] })
  }

  const patchUpload = (key: number, change: Partial<Upload>) =>
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)))

  async function send(key: number, file: File, existingId: number | null) {
    patchUpload(key, { state: 'uploading', progress: 0, asVersion: existingId !== null, error: null })
    try {
      const target = existingId === null ? { customerId } : { documentId: existingId }
      await uploadFile(target, file, (progress) => patchUpload(key, { progress }))
      patchUpload(key, { state: 'done', progress: 1 })
      refresh()
    } catch (error) {
      const conflictId = existingId === null ? conflictingDocumentId(error) : null
      if (conflictId !== null) patchUpload(key, { state: 'conflict', existingId: conflictId, error })
      else patchUpload(key, { state: 'error', error })
    }
  }

  function start(files: FileList | File[]) {
    const list = Array.from(files)
    if (!list.length) return
    setNotice(null)
    const added = list.map((file) => ({
      key: nextKey.current++,
      file,
      progress: 0,
      state: 'uploading' as const,
      asVersion: false,
      existingId: null,
      error: null,
    }))
    // Finished uploads make room for the new batch; open questions (409) and errors stay until answered.
    setUploads((current) => [...current.filter((upload) => upload.state !== 'done'), ...added])
    // One after another: the server checks names against live documents, so parallel uploads of the
    // same name would race each other.
    void (async () => {
      for (const upload of added) await send(upload.key, upload.file, null)
    })()
  }

  const dismiss = (key: number) => setUploads((current) => current.filter((upload) => upload.key !== key))

  const remove = useMutation({
    mutationFn: (document: CustomerDocument) => deleteDocument(document.id, document.version),
    onMutate: () => {
      setNotice(null)
      setTrashed(null)
    },
    onSuccess: (_, document) => {
      setTrashed(document)
      if (preview?.document.id === document.id) setPreview(null)
      refresh()
    },
    onError: (error, document) => {
      if (error instanceof ApiError && error.status === 412) {
        setNotice(t('documents.deleteConflict', { name: document.name }))
        refresh()
      }
    },
  })

  const restore = useMutation({
    mutationFn: (document: CustomerDocument) => restoreDocument(document.id),
    onSuccess: (document) => {
      setTrashed(null)
      setNotice(t('documents.restored', { name: document.name }))
      refresh()
    },
  })

  const toggleVersions = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  const openPreview = (document: CustomerDocument, version: number) => {
    setPreview({ document, version })
    requestAnimationFrame(() => previewHeading.current?.focus())
  }

  const who = (name: string | undefined, time: string) =>
    t('documents.by', { name: name || t('documents.unknownUser'), time: format.dateTime(time) })

  return (
    <section aria-labelledby="documents-heading" className="documents">
      <h2 id="documents-heading">{t('documents.title')}</h2>

      <DropZone testId="document-drop-zone" onFiles={start}>
        {(dragging) => (
          <div className="field">
            <label htmlFor="document-file">{t('documents.upload.label')}</label>
            <input
              ref={fileInput}
              id="document-file"
              type="file"
              multiple
              aria-describedby="document-file-hint"
              onChange={(event) => {
                if (event.target.files) start(event.target.files)
                // The same file can be chosen again (e.g. after a rename elsewhere).
                if (fileInput.current) fileInput.current.value = ''
              }}
            />
            <span id="document-file-hint" className="hint">
              {dragging ? t('documents.upload.dropHere') : t('documents.upload.hint')}
            </span>
          </div>
        )}
      </DropZone>

      {uploads.length > 0 && (
        <ul className="uploads">
          {uploads.map((upload) => {
            const name = upload.file.name
            return (
              <li key={upload.key} className="upload">
                {upload.state === 'uploading' && (
                  <>
                    <span>{t('documents.upload.uploading', { name, percent: Math.round(upload.progress * 100) })}</span>
                    <progress max={1} value={upload.progress} aria-label={t('documents.upload.progressLabel', { name })} />
                  </>
                )}
                {upload.state === 'done' && (
                  <p role="status" className="banner banner-info">
                    {t(upload.asVersion ? 'documents.upload.versionDone' : 'documents.upload.done', { name })}
                    <button type="button" className="link-button" onClick={() => dismiss(upload.key)}>
                      {t('documents.upload.dismiss')}
                    </button>
                  </p>
                )}
                {upload.state === 'conflict' && (
                  <div role="alert" className="banner banner-warning">
                    <p>{t('documents.upload.conflict', { name })}</p>
                    <div className="form-actions">
                      <button type="button" className="primary" onClick={() => void send(upload.key, upload.file, upload.existingId)}>
                        {t('documents.upload.asNewVersion')}
                      </button>
                      <button type="button" onClick={() => dismiss(upload.key)}>
                        {t('documents.upload.cancel')}
                      </button>
                    </div>
                  </div>
                )}
                {upload.state === 'error' && (
                  <div role="alert" className="banner banner-error">
                    <p>{t(uploadErrorKey(upload), { name, reason: describeError(upload.error, t) })}</p>
                    <button type="button" className="link-button" onClick={() => dismiss(upload.key)}>
                      {t('documents.upload.dismiss')}
                    </button>
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      )}

      {trashed && (
        <p role="status" className="banner banner-info">
          {t('documents.deleted', { name: trashed.name })}
          <button type="button" disabled={restore.isPending} onClick={() => restore.mutate(trashed)}>
            {t('documents.undo')}
          </button>
        </p>
      )}
      {notice && (
        <p role="status" className="banner banner-info">
          {notice}
        </p>
      )}
      {remove.error && !(remove.error instanceof ApiError && remove.error.status === 412) && (
        <p role="alert" className="banner banner-error">
          {describeError(remove.error, t)}
        </p>
      )}
      {restore.error && (
        <p role="alert" className="banner banner-error">
          {describeError(restore.error, t)}
        </p>
      )}

      {documents.isPending ? (
        <p role="status" className="loading">
          {t('common.loading')}
        </p>
      ) : documents.error ? (
        <QueryError error={documents.error} onRetry={() => void documents.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty-state">{t('documents.empty')}</p>
      ) : (
        <table className="simple-table documents-table">
          <caption className="visually-hidden">{t('documents.table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('documents.table.name')}</th>
              <th scope="col">{t('documents.table.type')}</th>
              <th scope="col">{t('documents.table.size')}</th>
              <th scope="col">{t('documents.table.versions')}</th>
              <th scope="col">{t('documents.table.uploaded')}</th>
              <th scope="col">{t('documents.table.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((document) => {
              const latest = document.versions[0]
              const open = expanded.has(document.id)
              const canPreview = previewKind(document.content_type) !== null
              return (
                <Fragment key={document.id}>
                  <tr>
                    <th scope="row" className="document-name">
                      <a href={contentUrl(document.id, null, 'attachment')} download aria-label={t('documents.downloadNamed', { name: document.name })}>
                        {document.name}
                      </a>
                    </th>
                    <td title={document.content_type}>{typeLabel(document)}</td>
                    <td>{formatSize(document.size, i18n.language)}</td>
                    <td>{document.versions.length || 1}</td>
                    <td>{who(latest?.uploaded_by?.display_name ?? document.created_by?.display_name, latest?.uploaded_at ?? document.updated_at)}</td>
                    <td className="document-actions">
                      {canPreview && (
                        <button
                          type="button"
                          aria-label={t('documents.previewNamed', { name: document.name })}
                          onClick={() => openPreview(document, latest?.number ?? 1)}
                        >
                          {t('documents.preview')}
                        </button>
                      )}
                      <button
                        type="button"
                        aria-expanded={open}
                        aria-controls={`document-${document.id}-versions`}
                        aria-label={`${t('documents.showVersions', { count: document.versions.length })}: ${document.name}`}
                        onClick={() => toggleVersions(document.id)}
                      >
                        {t('documents.showVersions', { count: document.versions.length })}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        disabled={remove.isPending}
                        aria-label={t('documents.deleteNamed', { name: document.name })}
                        onClick={() => remove.mutate(document)}
                      >
                        {t('documents.delete')}
                      </button>
                    </td>
                  </tr>
                  {open && (
                    <tr className="versions-row">
                      <td colSpan={6}>
                        <ol id={`document-${document.id}-versions`} className="versions" aria-label={t('documents.showVersionsNamed', { name: document.name })}>
                          {document.versions.map((version, index) => (
                            <li key={version.number}>
                              <span className="version-number">
                                {t('documents.versionNumber', { number: version.number })}
                                {index === 0 && <span className="muted"> ({t('documents.latest')})</span>}
                              </span>
                              <span>{formatSize(version.size, i18n.language)}</span>
                              <span>{who(version.uploaded_by?.display_name, version.uploaded_at)}</span>
                              <a
                                href={contentUrl(document.id, version.number, 'attachment')}
                                download
                                aria-label={t('documents.downloadVersion', { number: version.number, name: document.name })}
                              >
                                {t('documents.download')}
                              </a>
                              {previewKind(version.content_type) && (
                                <button
                                  type="button"
                                  className="link-button"
                                  aria-label={t('documents.previewVersion', { number: version.number, name: document.name })}
                                  onClick={() => openPreview(document, version.number)}
                                >
                                  {t('documents.preview')}
                                </button>
                              )}
                            </li>
                          ))}
                        </ol>
                      </td>
                    </tr>
                  )}
                </Fragment>
              )
            })}
          </tbody>
        </table>
      )}
      {documents.hasNextPage && (
        <button type="button" disabled={documents.isFetchingNextPage} onClick={() => void documents.fetchNextPage()}>
          {documents.isFetchingNextPage ? t('common.loading') : t('documents.loadMore')}
        </button>
      )}

      {preview && <DocumentPreview preview={preview} headingRef={previewHeading} onClose={() => setPreview(null)} />}
    </section>
  )
}

function DocumentPreview({
  preview,
  headingRef,
  onClose,
}: {
  preview: Preview
  headingRef: RefObject<HTMLHeadingElement | null>
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { document, version } = preview
  const versionInfo = document.versions.find((v) => v.number === version)
  const kind = previewKind(versionInfo?.content_type ?? document.content_type)
  const src = contentUrl(document.id, version, 'inline')
  const title = `${t('documents.previewTitle', { name: document.name })} — ${t('documents.versionNumber', { number: version })}`
  return (
    <section className="document-preview" aria-labelledby="document-preview-heading">
      <div className="document-preview-header">
        <h3 id="document-preview-heading" ref={headingRef} tabIndex={-1}>
          {title}
        </h3>
        <button type="button" onClick={onClose}>
          {t('documents.closePreview')}
        </button>
      </div>
      {kind === 'image' ? (
        <img src={src} alt={document.name} className="document-preview-image" />
      ) : (
        <iframe src={src} title={title} className="document-preview-frame" />
      )}
    </section>
  )
}
