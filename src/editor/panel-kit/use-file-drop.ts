import { useState, type DragEvent } from 'react'

/**
 * Files dropped on a node's panel go to the panel, not to the canvas (which would make a new input
 * node of them): the zone's handlers, and whether files are being dragged over it right now.
 */
export function useFileDrop(onFiles: (files: File[]) => void): {
  dropping: boolean
  dropZone: { onDragOver(event: DragEvent): void; onDragLeave(): void; onDrop(event: DragEvent): void }
} {
  const [dropping, setDropping] = useState(false)
  return {
    dropping,
    dropZone: {
      onDragOver(event) {
        if (!event.dataTransfer.types.includes('Files')) return
        event.preventDefault()
        event.stopPropagation()
        event.dataTransfer.dropEffect = 'copy'
        setDropping(true)
      },
      onDragLeave: () => setDropping(false),
      onDrop(event) {
        if (event.dataTransfer.files.length === 0) return
        event.preventDefault()
        event.stopPropagation()
        setDropping(false)
        onFiles([...event.dataTransfer.files])
      },
    },
  }
}
