import type { DocIssue, PipelineNode } from '../../graph'
import type { RunInfo } from '../state/run-slice'
import type { RunSummary } from '../state/run-summary'
import { useEditorStore } from '../state/use-editor-store'
import { formatUsd, type NodeRegistry } from '../../engine'
import { useEditorContext } from '../state/use-editor-context'
import { usePipelineSpent } from './use-pipeline-spent'
import { describeProgress, viewProgress } from '../state/run-progress'

/** How many problems a refused run lists; the rest are on their nodes. */
const ISSUES_LISTED = 3

/** One line on the run: how far it is, or how the last one ended. */
export function RunStatus() {
  const run = useEditorStore((state) => state.currentRun)
  const nodes = useEditorStore((state) => state.doc.nodes)
  const { registry } = useEditorContext()
  const line = describeRun(run)
  return (
    <div className="run-status" role="status" data-run-state={run.active ? 'running' : (run.last?.status ?? 'none')}>
      {/* The whole line in its tooltip: a narrow window cuts it after two lines (run-bar.css). */}
      <span className="run-status__line" title={line}>
        {line}
      </span>
      <QueuedRunLine />
      <BudgetLine />
      {!run.active && run.refusal && (
        <span className="run-status__refusal" role="alert">
          {run.refusal}
        </span>
      )}
      {!run.active && run.last?.status === 'refused' && (
        <ul className="run-status__issues">
          {run.last.issues.slice(0, ISSUES_LISTED).map((issue, i) => (
            <li key={i}>
              <strong>{whereIs(issue, nodes, registry)}</strong>: {issue.message}
            </li>
          ))}
          {run.last.issues.length > ISSUES_LISTED && <li>…and {run.last.issues.length - ISSUES_LISTED} more, shown on their nodes</li>}
        </ul>
      )}
    </div>
  )
}

/** The run asked for during this one: it starts when this one ends; ✕ takes it back. */
function QueuedRunLine() {
  const queued = useEditorStore((state) => state.queuedRun)
  const cancelQueuedRun = useEditorStore((state) => state.cancelQueuedRun)
  const nodes = useEditorStore((state) => state.doc.nodes)
  const { registry } = useEditorContext()
  if (!queued) return null
  const target = queued.target === undefined ? undefined : nodes.find((node) => node.id === queued.target)
  const to = target ? ` to ${target.label ?? registry.get(target.type)?.title ?? target.type}` : ''
  return (
    <span className="run-status__queued" data-field="queued-run" title="Starts when this run ends, with the pipeline as it is then">
      Next run{to} queued
      <button type="button" className="button--quiet run-status__unqueue" aria-label="Cancel the queued run" title="Cancel the queued run (this run goes on)" onClick={cancelQueuedRun}>
        ✕
      </button>
    </span>
  )
}

/** The pipeline's budget, when it has one: spent so far of the cap. */
function BudgetLine() {
  const capUsd = useEditorStore((state) => state.doc.budgetUsd)
  const spentUsd = usePipelineSpent()
  if (capUsd === undefined || spentUsd === undefined) return null
  return (
    <span className="run-status__budget" data-field="budget" title={`This pipeline's runs have spent ${formatUsd(spentUsd)} of its ${formatUsd(capUsd)} budget (File → Budget…)`}>
      {formatUsd(spentUsd)} of {formatUsd(capUsd)} budget
    </span>
  )
}

/**
 * The node a problem is on, by the name the person gave it or its type's title as the canvas shows
 * it; the field's path when it is on no node.
 */
function whereIs(issue: DocIssue, nodes: readonly PipelineNode[], registry: NodeRegistry): string {
  const node = issue.nodeId === undefined ? undefined : nodes.find((candidate) => candidate.id === issue.nodeId)
  return node ? (node.label ?? registry.get(node.type)?.title ?? node.id) : issue.path
}

function describeRun(run: RunInfo): string {
  if (run.active) {
    const nodes = `${run.target ? 'Running to here' : 'Running'}… ${run.finished} of ${run.total} nodes`
    const film = run.progress && describeProgress(viewProgress(run.progress, Date.now()))
    return film ? `${film} · ${run.finished} of ${run.total} nodes` : nodes
  }
  if (run.refusal) return 'Not run: over budget'
  if (!run.last) return 'Ready to run'
  return describeFinished(run.last)
}

function describeFinished({ status, counts, seconds, issues, costUsd }: RunSummary): string {
  if (status === 'refused') return `Cannot run: ${issues.length === 1 ? '1 problem' : `${issues.length} problems`}`
  const parts = [
    counts.done > 0 && `${counts.done} ran`,
    counts.cached > 0 && `${counts.cached} from cache`,
    counts.error > 0 && `${counts.error} failed`,
    counts.skipped > 0 && `${counts.skipped} skipped`,
    counts.cancelled > 0 && `${counts.cancelled} cancelled`,
  ].filter(Boolean)
  const heading = status === 'done' ? 'Done' : status === 'cancelled' ? 'Cancelled' : 'Finished with errors'
  return `${heading} in ${seconds.toFixed(1)} s — ${parts.join(', ') || 'nothing to run'}${describeSpending(costUsd)}`
}

/** What the run's new takes cost, when it made any with a price: money is what the person watches. */
function describeSpending(costUsd: number | undefined): string {
  if (costUsd === undefined) return ''
  return costUsd === 0 ? ' · generation free' : ` · about $${costUsd.toFixed(2)} spent on generation`
}
