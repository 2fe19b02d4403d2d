import { useEffect } from 'react'
import { useEditorStore } from '../state/use-editor-store'

/** Long enough to read a sentence; the notice also closes on click. */
const NOTICE_MS = 6000

/** The status line under the canvas: why a link was refused, what went wrong with a drop or paste. */
export function CanvasNotice() {
  const notice = useEditorStore((state) => state.notice)
  const dismiss = useEditorStore((state) => state.dismissNotice)
  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(() => dismiss(notice.id), NOTICE_MS)
    return () => clearTimeout(timer)
  }, [notice, dismiss])
  return (
    <div className="canvas-notice" role="alert">
      {notice && (
        <button type="button" className="canvas-notice__message" onClick={() => dismiss(notice.id)} title="Dismiss">
          {notice.message}
        </button>
      )}
    </div>
  )
}
