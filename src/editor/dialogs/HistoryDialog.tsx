import { useEffect, useState } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { versionDiff, type VersionDiff } from '../../document/version-diff'
import type { PipelineDoc } from '../../graph'
import { SNAPSHOTS_KEPT, type SnapshotSummary } from '../../storage'
import { Modal } from './Modal'
import './history-dialog.css'

/**
 * The open pipeline's saved versions, newest first. Looking at one shows what restoring it would
 * change; restoring is one step that Undo takes back, and it is saved as a new version itself.
 */
export function HistoryDialog() {
  const { storage } = useEditorContext()
  const close = useEditorStore((state) => state.closeDialog)
  const pipelineId = useEditorStore((state) => state.doc.id)
  const saveDocument = useEditorStore((state) => state.saveDocument)
  const [versions, setVersions] = useState<SnapshotSummary[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    // The open document is saved first, so the newest version is what is on screen.
    void saveDocument()
      .then(() => storage.pipelines.history.list(pipelineId))
      .then(setVersions, (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
  }, [storage, pipelineId, saveDocument])

  return (
    <Modal title="History" onClose={close}>
      <p>
        Every save keeps a version; the last {SNAPSHOTS_KEPT} are kept (fewer of a very large pipeline){versions ? ` (${versions.length} so far)` : ''}. Look at one to see
        what restoring it would change.
      </p>
      {problem && <p role="alert">{problem}</p>}
      {versions && (
        <ol className="history" aria-label="Saved versions">
          {versions.map((version, i) => (
            <VersionRow key={version.id} version={version} isNewest={i === 0} onProblem={setProblem} />
          ))}
        </ol>
      )}
    </Modal>
  )
}

function VersionRow({ version, isNewest, onProblem }: { version: SnapshotSummary; isNewest: boolean; onProblem(message: string): void }) {
  const { storage } = useEditorContext()
  const open = useEditorStore((state) => state.doc)
  const restore = useEditorStore((state) => state.restoreVersion)
  const close = useEditorStore((state) => state.closeDialog)
  const say = useEditorStore((state) => state.say)
  const [older, setOlder] = useState<PipelineDoc | null>(null)
  const savedAt = new Date(version.savedAt).toLocaleString()

  const look = () =>
    storage.pipelines.history.get(version.id).then(setOlder, (error: unknown) => onProblem(error instanceof Error ? error.message : String(error)))

  return (
    <li className="history__row" aria-label={`Version saved ${savedAt}`}>
      <div className="history__info">
        <span className="history__when">{savedAt}</span>
        <span className="history__meta">
          {version.name} · {version.nodeCount} {version.nodeCount === 1 ? 'node' : 'nodes'}
          {isNewest && ' · as open now'}
        </span>
      </div>
      <div className="history__buttons">
        <button type="button" onClick={() => void look()} disabled={older !== null}>
          Look
        </button>
        <button
          type="button"
          disabled={isNewest}
          onClick={() =>
            void storage.pipelines.history.get(version.id).then(
              (doc) => {
                restore(doc)
                close()
                say(`Restored the version saved ${savedAt}. Undo takes it back.`)
              },
              (error: unknown) => onProblem(error instanceof Error ? error.message : String(error)),
            )
          }
        >
          Restore
        </button>
      </div>
      {older && <DiffView diff={versionDiff(open, older)} />}
    </li>
  )
}

function DiffView({ diff }: { diff: VersionDiff }) {
  const lines = [
    diff.name !== undefined && `Named “${diff.name}”.`,
    diff.comesBack.length > 0 && `Has nodes since removed: ${diff.comesBack.join(', ')}.`,
    diff.goesAway.length > 0 && `Had not yet: ${diff.goesAway.join(', ')}.`,
    ...diff.changes.map((change) => `Changed since: ${change}.`),
    diff.linksDiffer && 'Its links differ.',
  ].filter((line): line is string => typeof line === 'string')
  return (
    <ul className="history__diff" aria-label="Differences from the open version">
      {lines.length === 0 ? <li>The same as the open version.</li> : lines.map((line) => <li key={line}>{line}</li>)}
    </ul>
  )
}
