import { useId, useState } from 'react'
import type { DocIssue } from '../../graph'
import { useEditorStore } from '../../app/store/use-editor-store'
import { Modal } from './Modal'

/**
 * Opens a pipeline file as a new pipeline. A file that cannot be read is refused with every problem
 * and the field it is in; the open pipeline stays as it was.
 */
export function ImportDialog() {
  const close = useEditorStore((state) => state.closeDialog)
  const importPipeline = useEditorStore((state) => state.importPipeline)
  const say = useEditorStore((state) => state.say)
  const [refused, setRefused] = useState<{ file: string; issues: DocIssue[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const fieldId = useId()

  const open = async (file: File | undefined) => {
    if (!file) return
    setBusy(true)
    const outcome = await importPipeline(await file.text())
    setBusy(false)
    if (!outcome.ok) {
      setRefused({ file: file.name, issues: outcome.issues })
      return
    }
    close()
    const problems = outcome.issues.length
    say(`Opened “${file.name}”${problems > 0 ? ` with ${problems} ${problems === 1 ? 'problem' : 'problems'}; select a marked node to see what it needs` : ''}.`)
  }

  return (
    <Modal title="Import a pipeline" onClose={close}>
      <p>Choose a Reelgraph pipeline file (.json). It opens as a new pipeline; the one open now is kept.</p>
      <div className="field">
        <label htmlFor={fieldId}>Pipeline file</label>
        <input
          id={fieldId}
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(event) => {
            void open(event.target.files?.[0])
            event.target.value = ''
          }}
        />
      </div>
      {refused && (
        <section className="import__refused" role="alert">
          <h3>“{refused.file}” cannot be opened</h3>
          <ul>
            {refused.issues.map((issue, i) => (
              <li key={i}>
                <code>{issue.path}</code>: {issue.message}
              </li>
            ))}
          </ul>
          <p>Nothing was changed.</p>
        </section>
      )}
    </Modal>
  )
}
