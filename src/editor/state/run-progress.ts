/*
 * How far a run is, in film terms: which shot of how many, which take of the shot, how many jobs
 * are being made at once, and about how long is left. Followed from the executor's events alone
 * (docs/architecture.md, "The executor", 5. Events); the time is passed in, so it reads the same in
 * tests and in the app.
 */
import type { NodeEvent, ProgressPiece } from '../../engine'
import { emptyRecord } from '../../graph'

/** Something being made: an item of a per-item node, or a node that runs once. */
interface Making {
  since: number
  fraction: number
  piece?: ProgressPiece
}

export interface NodeProgress {
  /** A per-item node's item keys, in item order. */
  items?: string[]
  /** Items taken up by the scheduler and not settled yet, by key. */
  making: Record<string, Making>
  settledItems: number
  /** How many items (or the node itself) were made rather than taken from the cache, and how long they took altogether. */
  made: number
  madeMs: number
  whole?: Making
  settled: boolean
}

export interface RunProgress {
  nodes: Record<string, NodeProgress>
}

export interface RunProgressView {
  /** The shot being made, from 1, of the per-item node with the most items still running. */
  shot?: { at: number; of: number }
  /** Which piece of it (take 3 of 5), where its node says. */
  piece?: ProgressPiece
  /** Items and nodes being made at this moment. */
  jobs: number
  /** About how long what is under way needs still, from what finished and what providers report; undefined until it can be said. */
  secondsLeft?: number
}

export function startProgress(): RunProgress {
  // Keyed by node ids and item keys, which may be any name: a shot may be called `constructor`.
  return { nodes: emptyRecord() }
}

/** Takes in one executor event at `now` (ms). Changes `progress` in place: it lives in the editor's immer state. */
export function followProgress(progress: RunProgress, event: NodeEvent, now: number): void {
  const node = (progress.nodes[event.nodeId] ??= { making: emptyRecord(), settledItems: 0, made: 0, madeMs: 0, settled: false })
  switch (event.status) {
    case 'items':
      node.items = [...event.items]
      return
    case 'running': {
      const making = { fraction: event.item === undefined ? event.progress : (event.itemProgress ?? 0), ...(event.piece ? { piece: event.piece } : {}) }
      if (event.item === undefined) node.whole = { since: node.whole?.since ?? now, ...making }
      else node.making[event.item] = { since: node.making[event.item]?.since ?? now, ...making }
      return
    }
    case 'item': {
      if (event.state === 'running') return
      delete node.making[event.item]
      node.settledItems++
      if (event.state === 'done' && (event.durationMs ?? 0) > 0) {
        node.made++
        node.madeMs += event.durationMs ?? 0
      }
      return
    }
    case 'done':
      if (!node.items && event.durationMs > 0) {
        node.made++
        node.madeMs += event.durationMs
      }
      settle(node)
      return
    case 'cached':
    case 'error':
    case 'skipped':
    case 'cancelled':
      settle(node)
      return
    default:
      return
  }
}

function settle(node: NodeProgress): void {
  node.settled = true
  node.making = emptyRecord()
  delete node.whole
}

export function viewProgress(progress: RunProgress, now: number): RunProgressView {
  const active = Object.values(progress.nodes).filter((node) => !node.settled)
  const film = active.filter((node) => node.items && node.items.length > 0).sort((a, b) => (b.items?.length ?? 0) - (a.items?.length ?? 0))[0]
  const view: RunProgressView = { jobs: active.reduce((sum, node) => sum + Object.keys(node.making).length + (node.whole ? 1 : 0), 0) }
  if (film?.items) {
    const making = film.items.findIndex((key) => film.making[key] !== undefined)
    const at = making >= 0 ? making + 1 : Math.min(film.items.length, film.settledItems + 1)
    view.shot = { at, of: film.items.length }
    const piece = making >= 0 ? film.making[film.items[making] as string]?.piece : undefined
    if (piece) view.piece = piece
  } else {
    const piece = active.find((node) => node.whole?.piece)?.whole?.piece
    if (piece) view.piece = piece
  }
  let secondsLeft: number | undefined
  for (const node of active) {
    const left = nodeMsLeft(node, now)
    if (left !== undefined) secondsLeft = (secondsLeft ?? 0) + left / 1000
  }
  if (secondsLeft !== undefined) view.secondsLeft = secondsLeft
  return view
}

/** About how long one node needs still, or undefined when nothing it did yet says. */
export function nodeMsLeft(node: NodeProgress, now: number): number | undefined {
  if (node.settled) return 0
  if (node.whole) return msLeftOf(node.whole, now)
  if (!node.items) return undefined
  const making = Object.values(node.making)
  // A made item's time, or failing that what the items under way have taken for their share so far.
  const perItem = node.made > 0 ? node.madeMs / node.made : making.filter((item) => item.fraction > 0).map((item) => (now - item.since) / item.fraction)[0]
  if (perItem === undefined) return undefined
  const under = making.reduce((sum, item) => sum + item.fraction, 0)
  const work = (node.items.length - node.settledItems - under) * perItem
  return Math.max(0, work / Math.max(1, making.length))
}

function msLeftOf(making: Making, now: number): number | undefined {
  if (making.fraction <= 0) return undefined
  return ((now - making.since) * (1 - making.fraction)) / making.fraction
}

/** What the run bar says while a run goes: "shot 7 of 24 · take 3 of 5 · 2 jobs at once · about 3 min left". */
export function describeProgress(view: RunProgressView): string | undefined {
  const parts = [
    view.shot && `shot ${view.shot.at} of ${view.shot.of}`,
    view.piece && `${view.piece.unit} ${view.piece.at} of ${view.piece.of}`,
    view.jobs > 1 && `${view.jobs} jobs at once`,
    view.secondsLeft !== undefined && `${formatDuration(view.secondsLeft)} left`,
  ].filter((part): part is string => typeof part === 'string')
  return parts.length > 0 ? parts.join(' · ') : undefined
}

/** A time left as people say it: "about 40 s", "about 3 min", "about 1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `about ${minutes} min`
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
