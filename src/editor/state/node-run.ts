import type { ItemStatus, NodeEvent, NodeStatus, Outputs } from '../../engine'

/** What a node shows: `idle` until a run reaches it, then the executor's status. */
export type NodeDisplayStatus = 'idle' | NodeStatus

/** One node's part of the last run, as its chrome shows it. */
export interface NodeRun {
  status: NodeDisplayStatus
  /** 0 to 1 while running. */
  progress: number
  /** While running: what the node waits on when it is not its own work ("Rendering graded clip"). */
  doing?: string
  /** The last result: kept while the node is out of date, so the frame stays on screen (dimmed). */
  outputs?: Outputs
  /** True when the shown result no longer matches the node's params or inputs. */
  stale: boolean
  /** Why it failed, was skipped, why the run was refused here, or what its result warns of. */
  message?: string
  durationMs?: number
  /** For a node that runs per item: its items in item order, each with where it stands and its result. */
  items?: ItemRun[]
}

/** One item of a node that runs per item, as its strip, the inspector and the preview dock show it. */
export interface ItemRun {
  key: string
  status: 'queued' | ItemStatus
  outputs?: Outputs
  message?: string
  /** True when an edit made this item's shown result no longer match (its own choice, say), the node's other items still matching. */
  stale?: boolean
}

export const idleRun: NodeRun = { status: 'idle', progress: 0, stale: false }

/** The node's state after one executor event. `log` events leave it as it is. */
export function afterEvent(current: NodeRun | undefined, event: NodeEvent): NodeRun {
  const base: NodeRun = current ?? idleRun
  switch (event.status) {
    case 'queued':
      return { ...base, status: 'queued', progress: 0, message: undefined, items: undefined }
    case 'running': {
      const { doing: _before, ...rest } = base
      return { ...rest, status: 'running', progress: event.progress, ...(event.doing ? { doing: event.doing } : {}) }
    }
    case 'cached':
    case 'done':
      return { status: event.status, progress: 1, outputs: event.outputs, stale: false, durationMs: event.durationMs, ...(base.items ? { items: base.items } : {}) }
    case 'error':
      return { ...base, status: 'error', message: event.message, stale: base.outputs !== undefined }
    case 'skipped':
      return { ...base, status: 'skipped', message: `Skipped: ${event.because}.`, stale: base.outputs !== undefined }
    case 'cancelled':
      return { ...base, status: 'cancelled', message: undefined, stale: base.outputs !== undefined }
    case 'warning':
      return { ...base, message: base.message ? `${base.message} ${event.message}` : event.message }
    case 'log':
      return base
    case 'items':
      return { ...base, items: event.items.map((key) => ({ key, status: 'queued' })) }
    case 'item':
      return { ...base, items: withItem(base.items ?? [], event) }
  }
}

/** Out of date after an edit: shown as idle again, with the old result dimmed until the next run. */
export function markedStale(current: NodeRun | undefined): NodeRun {
  if (!current) return idleRun
  return { status: 'idle', progress: 0, outputs: current.outputs, stale: current.outputs !== undefined }
}

/**
 * Out of date in some items only: those items' results are dimmed until the next run, the node and
 * its other items stay as they were. A node without those items (one that gathers them, or runs
 * once) is out of date as a whole.
 */
export function markedItemsStale(current: NodeRun | undefined, keys: readonly string[]): NodeRun {
  const items = current?.items
  const touches = (key: string) => keys.some((changed) => key === changed || key.startsWith(`${changed} / `) || changed.startsWith(`${key} / `))
  if (!current || current.stale || !items?.some((item) => touches(item.key))) return markedStale(current)
  return { ...current, items: items.map((item) => (touches(item.key) ? { ...item, stale: true } : item)) }
}

function withItem(items: readonly ItemRun[], event: Extract<NodeEvent, { status: 'item' }>): ItemRun[] {
  const next: ItemRun = {
    key: event.item,
    status: event.state,
    ...(event.outputs ? { outputs: event.outputs } : {}),
    ...(event.message !== undefined ? { message: event.message } : {}),
  }
  const at = items.findIndex((item) => item.key === event.item)
  return at < 0 ? [...items, next] : items.map((item, i) => (i === at ? next : item))
}
