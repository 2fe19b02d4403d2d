import './storage-banner.css'
import { useEditorStore } from './state/use-editor-store'

/**
 * Storage trouble, across the top where it cannot be missed: a save that failed (the document stays
 * open here and is saved again) or a full disk (the message says what to free).
 */
export function StorageBanner() {
  const saveError = useEditorStore((state) => state.saveError)
  const problem = useEditorStore((state) => state.problem)
  const saveNow = useEditorStore((state) => state.saveDocument)
  const dismiss = useEditorStore((state) => state.dismissProblem)
  if (saveError === null && problem === null) return null
  return (
    <div className="banner" role="alert">
      {saveError !== null && (
        <p className="banner__message">
          <strong>Not saved.</strong> {saveError}{' '}
          <button type="button" onClick={() => void saveNow()}>
            Try again
          </button>
        </p>
      )}
      {problem !== null && problem !== saveError && (
        <p className="banner__message">
          {problem}{' '}
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  )
}
