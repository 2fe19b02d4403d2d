import type { XYPosition } from '@xyflow/react'
import type { PipelineNode } from '../../graph'

/** A node's size before it is measured. */
export const NEW_NODE_SIZE = { width: 240, height: 120 }

const CASCADE_STEP = 32
const CASCADE_TRIES = 40

type Size = { width: number; height: number }

/**
 * The first place down a diagonal cascade from `wanted` where a new node covers no other node, so
 * nodes added one after another do not pile up on the same spot.
 */
export function freeSpot(nodes: readonly PipelineNode[], sizes: Readonly<Record<string, Size>>, wanted: XYPosition): XYPosition {
  for (let i = 0; i < CASCADE_TRIES; i++) {
    const spot = { x: wanted.x + i * CASCADE_STEP, y: wanted.y + i * CASCADE_STEP }
    if (!nodes.some((node) => overlaps(node.position, sizes[node.id] ?? NEW_NODE_SIZE, spot))) return spot
  }
  return wanted
}

function overlaps(at: XYPosition, size: Size, spot: XYPosition): boolean {
  return (
    spot.x < at.x + size.width &&
    at.x < spot.x + NEW_NODE_SIZE.width &&
    spot.y < at.y + size.height &&
    at.y < spot.y + NEW_NODE_SIZE.height
  )
}
