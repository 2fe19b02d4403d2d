import type { ImportOutcome } from '../state/library-slice'
import { IssueList } from './IssueList'

type OpenedImport = Extract<ImportOutcome, { ok: true }>

/** Whether an opened import has anything the person should read before running it. */
export function hasReport(outcome: OpenedImport): boolean {
  return outcome.issues.length + outcome.refusedEntries.length + outcome.missingAssets.length + outcome.templateInputs.length + outcome.droppedParams.length > 0
}

/** What an import opened with: what this build lacks, what blocks running, what was left out. */
export function ImportReport({ file, outcome }: { file: string; outcome: OpenedImport }) {
  return (
    <section className="import__report" aria-label="Import report">
      <h3>“{file}” is open as a new pipeline</h3>
      {outcome.missingNodeTypes.length > 0 && (
        <>
          <h4>Node types this Reelgraph does not have</h4>
          <p>They show as missing nodes and keep their settings and links: {outcome.missingNodeTypes.join(', ')}.</p>
        </>
      )}
      {outcome.issues.length > 0 && (
        <>
          <h4>To fix before running</h4>
          <IssueList issues={outcome.issues} />
        </>
      )}
      {outcome.missingAssets.length > 0 && (
        <>
          <h4>Media not in the bundle</h4>
          <IssueList issues={outcome.missingAssets} />
        </>
      )}
      {outcome.templateInputs.length > 0 && (
        <>
          <h4>Template inputs that point nowhere</h4>
          <p>They are left out of the simple form; the rest of the pipeline is as it came.</p>
          <IssueList issues={outcome.templateInputs} />
        </>
      )}
      {outcome.droppedParams.length > 0 && (
        <>
          <h4>Settings left out</h4>
          <IssueList issues={outcome.droppedParams} />
        </>
      )}
      {outcome.refusedEntries.length > 0 && (
        <>
          <h4>Files in the bundle that were not read</h4>
          <IssueList issues={outcome.refusedEntries} />
        </>
      )}
    </section>
  )
}
