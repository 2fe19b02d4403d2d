/*
 * A hostile pipeline that tries to spend without asking, as one case of test/hostile/spend/: it
 * builds its document (putting any media and cached results it needs into the stores it is given)
 * and says what Run must do about it. The driver, test/hostile/spend.test.ts, prices it as Run does,
 * runs it as Run would after a yes, and holds the run to what was asked.
 */
import type { MemoryAssetStore, MemoryResultStore, NodeRegistry } from '../../src/engine'
import type { PipelineDoc, PipelineEdge, PipelineNode } from '../../src/graph'

export interface SpendCaseSetup {
  registry: NodeRegistry
  assets: MemoryAssetStore
  results: MemoryResultStore
}

export interface SpendCase {
  title: string
  /** The keys the person has entered, by provider. */
  keys: Record<string, string>
  build(setup: SpendCaseSetup): Promise<{ doc: PipelineDoc; /** Less than this in the estimate is too little: what the run would really pay. */ atLeastUsd?: number }>
  /** Whether Run must ask before it starts (with the limit at $1). */
  asks: boolean
  /** Runs started at once, as a double-click or two tabs would (default 1). */
  runsAtOnce?: number
}

export const LIMIT_USD = 1

/** The Runway key the stand-in accepts. */
export const RUNWAY_KEY = 'key_test_4f7d1c9a0b2e'

let edgeCount = 0

export function node(id: string, type: string, params: Record<string, unknown> = {}): PipelineNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, params }
}

/** `link('a.out', 'b.in')` */
export function link(from: string, to: string): PipelineEdge {
  const [fromNode = '', fromPort = ''] = from.split('.')
  const [toNode = '', toPort = ''] = to.split('.')
  return { id: `l${edgeCount++}`, from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } }
}

export function pipeline(id: string, nodes: PipelineNode[], edges: PipelineEdge[]): PipelineDoc {
  return { format: 'reelgraph', version: 1, id, name: id, description: 'a hostile pipeline', nodes, edges }
}

/** A prompt a generation node can take: its subject and action filled, so it lints clean. */
export function shotPrompt(id: string, fields: Record<string, unknown> = {}): PipelineNode {
  return node(id, 'prompt', { subject: 'a keeper', action: 'climbs the lighthouse stair', durationS: 5, ...fields })
}
