import { useEditorStore } from '../state/use-editor-store'

type SaveStateName = 'saved' | 'saving' | 'failed'

/** Whether the open pipeline is safely stored. */
export function SaveState() {
  const state = useEditorStore((store): SaveStateName => {
    if (store.doc === store.savedDoc) return 'saved'
    return store.saveError === null ? 'saving' : 'failed'
  })
  const label = { saved: 'Saved', saving: 'Saving…', failed: 'Not saved' }[state]
  return (
    <span className={`save-state save-state--${state}`} data-save-state={state}>
      {label}
    </span>
  )
}
