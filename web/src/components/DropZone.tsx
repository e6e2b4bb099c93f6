import { useState, type ReactNode } from 'react'

/**
 * An area that accepts files dropped on it (and highlights while they are dragged over); the file input inside
 * stays the keyboard- and screen-reader-accessible way to choose files. `children` gets whether files are being
 * dragged over, so the hint can say "drop here".
 */
export function DropZone({
  className,
  testId,
  onFiles,
  children,
}: {
  className?: string
  testId?: string
  onFiles: (files: FileList) => void
  children: (dragging: boolean) => ReactNode
}) {
  const [dragging, setDragging] = useState(false)
  return (
    <div
      className={`drop-zone${className ? ` ${className}` : ''}${dragging ? ' drop-zone-active' : ''}`}
      data-testid={testId}
      onDragEnter={(event) => {
        event.preventDefault()
        setDragging(true)
      }}
      onDragOver={(event) => {
        event.preventDefault()
        event.dataTransfer.dropEffect = 'copy'
      }}
      onDragLeave={(event) => {
        // Leaving for a child element is not leaving the zone.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
      }}
      onDrop={(event) => {
        event.preventDefault()
        setDragging(false)
        if (event.dataTransfer.files.length) onFiles(event.dataTransfer.files)
      }}
    >
      {children(dragging)}
    </div>
  )
}
