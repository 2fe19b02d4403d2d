import { useState } from 'react'
import type { ProviderCall } from '../../app/provider-calls'
import type { SharedPipeline } from '../../app/share'
import type { DocIssue } from '../../graph'
import { useEditorStore } from '../../app/store/use-editor-store'
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
    if (outcome.ok) say(`Opened “${summary.name}” from a shared link. Nothing has run; press Run when ready.`)
    else setFailure(outcome.issues)
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
        <dt>Providers</dt>
        <dd data-field="providers">
          {summary.providers.length === 0 ? (
            'None: it generates nothing, so a run costs nothing.'
          ) : (
            <ul className="share__types">
              {summary.providers.map((call) => (
                <li key={call.provider} data-known={call.known}>
                  {call.name}: {call.takes} {call.takes === 1 ? 'take' : 'takes'} from {call.nodes} {call.nodes === 1 ? 'node' : 'nodes'}
                  {call.known ? '' : ' (not in this Reelgraph: those nodes cannot run)'}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Estimated cost</dt>
        <dd data-field="cost">{describeCost(summary.providers)}</dd>
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

/** The most a first run would cost; takes already made cost nothing again. */
function describeCost(providers: readonly ProviderCall[]): string {
  const unknown = providers.filter((call) => call.estimatedUsd === undefined)
  const total = providers.reduce((sum, call) => sum + (call.estimatedUsd ?? 0), 0)
  const known = total === 0 ? 'free' : `up to about $${total.toFixed(2)} for a first run`
  return unknown.length === 0 ? known : `${known}, plus what ${unknown.map((call) => call.name).join(', ')} would charge (unknown here)`
}
