import type { DocIssue } from '../graph'
import type { ProgressPiece } from './define-node'
import type { Outputs } from './values'

export type NodeStatus = 'queued' | 'running' | 'cached' | 'done' | 'error' | 'skipped' | 'cancelled'

/** Where one item of a node that runs per item stands. */
export type ItemStatus = 'running' | 'cached' | 'done' | 'error' | 'skipped' | 'cancelled'

/** What happened to one node during a run, as it happens. */
export type NodeEvent =
  | { nodeId: string; status: 'queued'; cacheKey: string }
  /**
   * `item` for one item of a per-item node (its share of the node is in `progress` too); `piece` when
   * the node says which piece it is on; `doing` while it waits on a file made for it ("Rendering graded clip").
   */
  | { nodeId: string; status: 'running'; progress: number; item?: string; itemProgress?: number; piece?: ProgressPiece; doing?: string }
  | { nodeId: string; status: 'cached' | 'done'; outputs: Outputs; durationMs: number }
  | { nodeId: string; status: 'error'; message: string }
  | { nodeId: string; status: 'skipped'; because: string }
  | { nodeId: string; status: 'cancelled' }
  | { nodeId: string; status: 'log'; message: string }
  /** After `done` or `cached`: something about the result the person should know (a target missed). */
  | { nodeId: string; status: 'warning'; message: string }
  /** A node that runs per item: its item keys, in item order, once the list has arrived. */
  | { nodeId: string; status: 'items'; items: string[] }
  /** One item of a node that runs per item. */
  | { nodeId: string; status: 'item'; item: string; state: ItemStatus; outputs?: Outputs; message?: string; durationMs?: number }

/** What happened to one item of a node that ran per item. */
export interface ItemRunRecord {
  status: Exclude<ItemStatus, 'running'>
  cached: boolean
  durationMs: number
  cacheKey: string
  error?: string
  parts?: { reused: number; made: number }
  costUsd?: number
}

export interface NodeRunRecord {
  status: Exclude<NodeStatus, 'queued' | 'running'>
  cached: boolean
  durationMs: number
  cacheKey: string
  error?: string
  /** Parts of the work cached on their own (`ctx.memo`): how many were reused and how many made. */
  parts?: { reused: number; made: number }
  /** What the node warns of about its result, as its outputs record it (so a cached result says it too). */
  warnings?: string[]
  /** What the node's paid work cost at its providers' estimates, in US dollars (0 for local work). */
  costUsd?: number
  /**
   * For a node that ran per item, each item by its key (its own id, an asset's hash, else its
   * position from 1; a nested item's keys joined by " / "), in item order.
   */
  items?: Record<string, ItemRunRecord>
}

/** What a run did, kept in the `runs` table and written by the headless runner as report.json. */
export interface RunRecord {
  id: string
  pipelineId: string
  target?: string
  startedAt: number
  finishedAt: number
  status: 'done' | 'error' | 'cancelled' | 'refused'
  /** Why the plan was refused, when it was. */
  issues?: DocIssue[]
  nodes: Record<string, NodeRunRecord>
}
