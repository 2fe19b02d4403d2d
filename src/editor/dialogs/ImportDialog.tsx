import { useId, useState } from 'react'
import { BUNDLE_EXTENSION } from '../../document/bundle'
import { formatBytes } from '../../storage/quota'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { importFile } from './import-file'
import { ImportReport } from './ImportReport'
import { IssueList } from './IssueList'
import { Modal } from './Modal'

/**
 * Opens a pipeline file (.json) or bundle (.reelgraph.zip) as a new pipeline. A file that cannot be
 * read is refused with every problem and the place it is in; the open pipeline stays as it was.
 * One that opens with problems shows its report here before the person goes on; a file dropped on
 * the canvas or pasted shows its report here too.
 */
export function ImportDialog() {
  const editor = useEditorContext()
  const close = useEditorStore((state) => state.closeDialog)
  const result = useEditorStore((state) => state.importReport)
  const [busy, setBusy] = useState(false)
  const fieldId = useId()

  const open = async (file: File | undefined, options: { allowLarge?: boolean } = {}) => {
    if (!file) return
    setBusy(true)
    await importFile(editor, file, options)
    setBusy(false)
  }
  const largeBundle = result?.outcome.ok === false ? result.outcome.largeBundleBytes : undefined

  return (
    <Modal title="Import a pipeline" onClose={close}>
      <p>
        Choose a Reelgraph pipeline file (.json) or bundle ({BUNDLE_EXTENSION}, the pipeline with its media), or drop one on the
        canvas. It opens as a new pipeline; the one open now is kept.
      </p>
      <div className="field">
        <label htmlFor={fieldId}>Pipeline file</label>
        <input
          id={fieldId}
          type="file"
          accept=".json,.zip,application/json,application/zip"
          disabled={busy}
          onChange={(event) => {
            void open(event.target.files?.[0])
            event.target.value = ''
          }}
        />
      </div>
      {busy && <p role="status">Reading…</p>}
      {result?.outcome.ok === false && largeBundle !== undefined && (
        <section className="import__ask" role="alert">
          <h3>Keep {formatBytes(largeBundle)} of media from “{result.file}”?</h3>
          <IssueList issues={result.outcome.issues} />
          <button type="button" className="button--primary" disabled={busy} onClick={() => void open(result.source, { allowLarge: true })}>
            Open it and keep {formatBytes(largeBundle)}
          </button>{' '}
          <button type="button" onClick={close}>
            Cancel
          </button>
        </section>
      )}
      {result?.outcome.ok === false && largeBundle === undefined && (
        <section className="import__refused" role="alert">
          <h3>“{result.file}” cannot be opened</h3>
          <IssueList issues={result.outcome.issues} />
          <p>Nothing was changed.</p>
        </section>
      )}
      {result?.outcome.ok === true && (
        <>
          <ImportReport file={result.file} outcome={result.outcome} />
          <button type="button" className="button--primary" onClick={close}>
            Done
          </button>
        </>
      )}
    </Modal>
  )
}
