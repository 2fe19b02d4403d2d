import { useId, useState } from 'react'
import { BUNDLE_EXTENSION } from '../../app/bundle'
import type { ImportOutcome } from '../../app/store/library-slice'
import { useEditorStore } from '../../app/store/use-editor-store'
import { hasReport, ImportReport } from './ImportReport'
import { IssueList } from './IssueList'
import { Modal } from './Modal'

/**
 * Opens a pipeline file (.json) or bundle (.reelgraph.zip) as a new pipeline. A file that cannot be
 * read is refused with every problem and the place it is in; the open pipeline stays as it was.
 * One that opens with problems shows its report here before the person goes on.
 */
export function ImportDialog() {
  const close = useEditorStore((state) => state.closeDialog)
  const importPipeline = useEditorStore((state) => state.importPipeline)
  const importBundle = useEditorStore((state) => state.importBundle)
  const say = useEditorStore((state) => state.say)
  const [result, setResult] = useState<{ file: string; outcome: ImportOutcome } | null>(null)
  const [busy, setBusy] = useState(false)
  const fieldId = useId()

  const open = async (file: File | undefined) => {
    if (!file) return
    setBusy(true)
    const outcome = (await isZip(file)) ? await importBundle(file) : await importPipeline(await file.text())
    setBusy(false)
    if (outcome.ok && !hasReport(outcome)) {
      close()
      say(`Opened “${file.name}”.`)
      return
    }
    setResult({ file: file.name, outcome })
  }

  return (
    <Modal title="Import a pipeline" onClose={close}>
      <p>
        Choose a Reelgraph pipeline file (.json) or bundle ({BUNDLE_EXTENSION}, the pipeline with its media). It opens as a new
        pipeline; the one open now is kept.
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
      {result?.outcome.ok === false && (
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

/** A zip starts with "PK\x03\x04"; the content decides, since a renamed or downloaded file may have lost its extension. */
async function isZip(file: File): Promise<boolean> {
  const start = new Uint8Array(await file.slice(0, 4).arrayBuffer())
  return start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04
}
