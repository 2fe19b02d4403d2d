/*
 * A run's log, followed from the executor's events (docs/architecture.md, "The executor", 5. Events):
 * what each node reported (`log`), warned of (`warning`) and why it failed (`error`), each line with
 * its time, the node's name and a level. Kept within the store's caps (`src/storage/run-lines.ts`)
 * and saved with the run record, so Run history shows a past run's log.
 */
import type { NodeEvent, NodeRegistry } from '../../engine'
import { componentIdOf, emptyRecord, INSTANCE_SEPARATOR, type ComponentDef, type PipelineDoc, type PipelineNode } from '../../graph'
import { emptyLog, keepLine, type KeptLog, type LogLevel, type RunLogLine } from '../../storage/run-lines'

/** The log of the run in progress, or of the last one, with each node's newest line at hand for its chrome. */
export interface SessionLog extends KeptLog {
  /** By run-state id: the node's newest line and how many of its lines are kept. */
  byNode: Record<string, { latest: RunLogLine; count: number }>
  /** The last line taken in, to tell a component instance's copy of its inner node's line. */
  last?: RunLogLine
  /** When the recorded run it was read from started (ms since the epoch), for a log not followed here. */
  recordedRunStartedAt?: number
}

export function startLog(): SessionLog {
  return { ...emptyLog(), byNode: emptyRecord() }
}

/** A node's own words, with a leading "warning:" or "error:" (how some nodes mark them) read as the level. */
export function levelOf(message: string): { level: LogLevel; message: string } {
  const marked = /^(info|warning|error): /i.exec(message)
  if (!marked) return { level: 'info', message }
  return { level: (marked[1] as string).toLowerCase() as LogLevel, message: message.slice(marked[0].length) }
}

/** The line an event adds to the log, if it is one that says something in words. */
export function lineOf(event: NodeEvent): { level: LogLevel; message: string } | undefined {
  switch (event.status) {
    case 'log':
      return levelOf(event.message)
    case 'warning':
      return { level: 'warning', message: event.message }
    case 'error':
      return { level: 'error', message: event.message }
    default:
      return undefined
  }
}

/**
 * Takes in one event at `now` (ms), in place: it lives in the editor's immer state. A component
 * instance passes each line of its inner nodes on under its own id, right after the inner node's:
 * the instance shows it as its newest line, and the log keeps the inner node's line only.
 */
export function followLog(log: SessionLog, event: NodeEvent, now: number, nameOf: (nodeId: string) => string): void {
  const said = lineOf(event)
  if (!said) return
  const line: RunLogLine = { at: now, nodeId: event.nodeId, node: nameOf(event.nodeId), ...said }
  const passedOn = log.last !== undefined && log.last.message === said.message && log.last.nodeId.startsWith(`${event.nodeId}${INSTANCE_SEPARATOR}`)
  if (passedOn) {
    const shown = log.byNode[event.nodeId]
    log.byNode[event.nodeId] = { latest: line, count: (shown?.count ?? 0) + 1 }
    return
  }
  log.last = line
  const dropped = keepLine(log, line)
  log.byNode[event.nodeId] = { latest: line, count: (log.byNode[event.nodeId]?.count ?? 0) + 1 }
  if (!dropped) return
  const of = log.byNode[dropped.nodeId]
  if (of) of.count--
}

/**
 * A run record's log as the editor follows it, for a pipeline opened after its last run (a reload):
 * each node shows its newest line again, and a component instance, as during the run, the newest
 * line of its inner nodes.
 */
export function restoredLog(kept: KeptLog, recordedRunStartedAt: number): SessionLog {
  const log: SessionLog = { lines: [...kept.lines], dropped: kept.dropped, byNode: emptyRecord(), recordedRunStartedAt }
  for (const line of kept.lines) {
    const parts = line.nodeId.split(INSTANCE_SEPARATOR)
    for (let depth = 1; depth <= parts.length; depth++) {
      const runId = parts.slice(0, depth).join(INSTANCE_SEPARATOR)
      log.byNode[runId] = { latest: line, count: (log.byNode[runId]?.count ?? 0) + 1 }
    }
  }
  return log
}

/** The log as the run record keeps it. */
export function keptLog({ lines, dropped }: SessionLog): KeptLog {
  return { lines: [...lines], dropped }
}

/**
 * Names nodes as their title bars do: a label, else the type's title. A component's inner node
 * (`instance/inner`) is named through its instance: "Shot 1 › Grade". Made once per run: the
 * document's own nodes are looked up by id, not searched for at every log line of thousands.
 */
export function runNodeNamer(doc: Pick<PipelineDoc, 'nodes' | 'components'>, registry: NodeRegistry): (nodeId: string) => string {
  const titled = (node: PipelineNode) => node.label ?? registry.get(node.type)?.title ?? node.type
  const own = new Map(doc.nodes.map((node) => [node.id, titled(node)]))
  return (nodeId) => {
    const name = own.get(nodeId)
    if (name !== undefined) return name
    const names: string[] = []
    let nodes: readonly PipelineNode[] = doc.nodes
    let rest = nodeId
    while (rest.length > 0) {
      const node = nodes.find((candidate) => rest === candidate.id || rest.startsWith(`${candidate.id}${INSTANCE_SEPARATOR}`))
      if (!node) return names.length === 0 ? 'a deleted node' : [...names, 'a deleted node'].join(' › ')
      names.push(titled(node))
      rest = rest.slice(node.id.length + INSTANCE_SEPARATOR.length)
      const componentId = componentIdOf(node.type)
      const component: ComponentDef | undefined = componentId === undefined ? undefined : doc.components?.find((candidate) => candidate.id === componentId)
      nodes = component?.nodes ?? []
    }
    return names.join(' › ')
  }
}
