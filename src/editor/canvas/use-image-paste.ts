import { useEffect } from 'react'
import { firstImage } from '../../app/media-files'
import { useEditorContext } from '../../app/store/use-editor-context'
import { placeImage } from './place-image'
import { useNewNodeSpot } from './use-new-node-spot'

/** Ctrl/⌘+V with an image on the clipboard adds an image node with it, near the middle of the view. */
export function useImagePaste(): void {
  const editor = useEditorContext()
  const newNodeSpot = useNewNodeSpot()
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target
      // Pasting into a field is typing, not bringing in media.
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return
      if (editor.store.getState().dialog !== null) return
      const image = firstImage(event.clipboardData?.files ?? [])
      if (!image) return
      event.preventDefault()
      void placeImage(editor, image, { position: newNodeSpot() })
    }
    window.addEventListener('paste', onPaste)
    return () => window.removeEventListener('paste', onPaste)
  }, [editor, newNodeSpot])
}
