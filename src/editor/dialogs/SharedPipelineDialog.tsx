import { useState } from 'react'
import type { AbsentMedia } from '../../document/absent-media'
import { useAbsentMedia } from '../canvas/use-absent-media'
import type { SpendSummary } from '../../document/spend-summary'
import type { PipelineDoc } from '../../graph'
import { useSpendSummary } from '../spend/use-spend-summary'
import type { SharedPipeline } from '../../document/share'
import type { DocIssue } from '../../graph'
import { useEditorStore } from '../state/use-editor-store'
import { IssueList } from './IssueList'
import { Modal } from './Modal'

/**
 * What a share link holds, before anything is opened: its name, its nodes and whether this build
 * knows every node type. Opening it adds a new pipeline; nothing runs by itself.
 */
export function SharedPipelineDialog({ shared }: { shared: SharedPipeline }) {
  const dismiss = useEditorStore((state) => state.dismissSharedPipeline)
  const openShared = useEditorStore((state) => state.openSharedPipeline)
  const say = useEditorStore((state) => state.say)
  const [failure, setFailure] = useState<DocIssue[] | null>(null)
  const absent = useAbsentMedia(shared.ok ? shared.doc : undefined)

  if (!shared.ok) {
    return (
      <Modal title="Shared pipeline" onClose={dismiss}>
        <section className="import__refused" role="alert">
          <h3>This link cannot be opened</h3>
          <IssueList issues={shared.issues} />
          <p>Nothing was changed.</p>
        </section>
        <button type="button" onClick={dismiss}>
          Close
        </button>
      </Modal>
    )
  }

  const { summary } = shared
  const unknownTypes = summary.nodeTypes.filter((entry) => !entry.known)
  const open = async () => {
    const outcome = await openShared()
    if (!outcome.ok) setFailure(outcome.issues)
    else if (absent && absent.length > 0) say(`Opened “${summary.name}” from a shared link without ${namesOf(absent)}: import the bundle that carries ${absent.length === 1 ? 'it' : 'them'}, or add ${absent.length === 1 ? 'it' : 'them'} on the ${absent.length === 1 ? 'node' : 'nodes'}.`)
    else say(`Opened “${summary.name}” from a shared link. Nothing has run; press Run when ready.`)
  }

  return (
    <Modal title="Shared pipeline" onClose={dismiss}>
      <dl className="share__summary">
        <dt>Name</dt>
        <dd data-field="name">{summary.name}</dd>
        {summary.description !== '' && (
          <>
            <dt>About</dt>
            <dd>{summary.description}</dd>
          </>
        )}
        <dt>Nodes</dt>
        <dd data-field="node-count">{summary.nodeCount}</dd>
        <dt>Node types</dt>
        <dd>
          <ul className="share__types">
            {summary.nodeTypes.map((entry) => (
              <li key={entry.type} data-known={entry.known}>
                <code>{entry.type}</code> × {entry.count}
                {!entry.known && ' (not in this Reelgraph: it opens as a missing node)'}
              </li>
            ))}
          </ul>
        </dd>
        <SpendLines doc={shared.doc} />
        <MediaLines absent={absent} doc={shared.doc} />
      </dl>
      <p>
        {unknownTypes.length === 0
          ? 'Every node type is known here.'
          : `${unknownTypes.length} node ${unknownTypes.length === 1 ? 'type is' : 'types are'} unknown here; those nodes cannot run.`}{' '}
        It opens as a new pipeline beside yours, and nothing runs until you press Run.
      </p>
      {failure && (
        <section className="import__refused" role="alert">
          <h3>It could not be opened</h3>
          <IssueList issues={failure} />
        </section>
      )}
      <div className="share__buttons">
        <button type="button" className="button--primary" onClick={() => void open()}>
          Open as a new pipeline
        </button>
        <button type="button" onClick={dismiss}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}

function MediaLines({ absent, doc }: { absent: AbsentMedia[] | undefined; doc: PipelineDoc }) {
  const labels = new Map(doc.nodes.map((node) => [node.id, node.label ?? node.id]))
  return (
    <>
      <dt>Media</dt>
      <dd data-field="media">
        {!absent ? (
          'Working out…'
        ) : absent.length === 0 ? (
          'Every file its nodes use is here.'
        ) : (
          <>
            <p role="status">
              The link carries no media, and {absent.length === 1 ? 'this file is' : `these ${absent.length} files are`} not on this
              computer. Ask the sender for the bundle (File → Export bundle) and import it, or add the files on the nodes.
            </p>
            <ul className="share__types share__absent">
              {absent.map((file) => (
                <li key={file.hash}>
                  <strong>{file.name}</strong> on {file.nodes.map((id) => `“${labels.get(id) ?? id}”`).join(', ')}
                </li>
              ))}
            </ul>
          </>
        )}
      </dd>
    </>
  )
}

function namesOf(absent: readonly AbsentMedia[]): string {
  const names = absent.map((file) => `“${file.name}”`)
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
}

/** The back ends a first run would call and what it would cost, from the nodes' own estimates, as Run works them out. */
function SpendLines({ doc }: { doc: PipelineDoc }) {
  const summary = useSpendSummary(doc, { opened: false })
  return (
    <>
      <dt>Providers</dt>
      <dd data-field="providers">
        {!summary ? (
          'Working out…'
        ) : summary.calls.length === 0 ? (
          'None: it generates nothing, so a run costs nothing.'
        ) : (
          <ul className="share__types">
            {summary.calls.map((call) => (
              <li key={call.provider}>
                {call.name}: {call.estimatedUsd === undefined ? `${call.nodes} ${call.nodes === 1 ? 'node' : 'nodes'}, priced during the run` : `${call.units} ${call.unit}${call.units === 1 ? '' : 's'} from ${call.nodes} ${call.nodes === 1 ? 'node' : 'nodes'}`}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Estimated cost</dt>
      <dd data-field="cost">{summary ? describeCost(summary) : 'Working out…'}</dd>
    </>
  )
}

/** The most a first run would cost; takes already made cost nothing again. Run asks before it spends. */
function describeCost(summary: SpendSummary): string {
  const known = summary.totalUsd === 0 ? 'free' : `up to about $${summary.totalUsd.toFixed(2)} for a first run`
  const later = summary.unpriced.map((entry) => entry.label)
  const unpriced = later.length === 0 ? '' : `, plus what ${later.join(', ')} would cost: priced during the run, which asks first`
  const asks = summary.approvals.length > 0 ? '; its ComfyUI workflow is shown to you before it is first sent' : ''
  return `${summary.unpriced.length > 0 && summary.totalUsd === 0 ? 'nothing priced before the run' : known}${unpriced}${asks}`
}
