import type { PipelineNode, Position, Size } from '../../graph'
import { NEW_NODE_SIZE } from '../state/free-spot'

/** The gap a pushed node keeps under what pushed it (less when it had less). */
const GAP = 16

interface Pusher {
  position: Position
  size: Size
  /** Where its bottom was before it grew or moved: what lies at or under it is in its column. */
  oldBottom: number
}

/**
 * Where the nodes under a node that grew (its result, a take grid, appeared after a run) go so that it
 * covers none of them: the nodes below it in its column move down just enough to keep the gap they had
 * (at most 16 px), and push the nodes below them in turn. Nothing moves that was not in the way, nothing
 * moves sideways or up, so a person's layout keeps its columns.
 */
export function roomBelow(nodes: readonly PipelineNode[], sizes: Readonly<Record<string, Size>>, grownId: string, oldHeight: number): Map<string, Position> {
  const moved = new Map<string, Position>()
  const grown = nodes.find((node) => node.id === grownId)
  const grownSize = sizes[grownId]
  if (!grown || !grownSize || grownSize.height <= oldHeight) return moved
  const queue: Pusher[] = [{ position: grown.position, size: grownSize, oldBottom: grown.position.y + oldHeight }]
  // Each push moves a node strictly down, below its pusher: this many rounds is more than any cascade needs.
  for (let round = 0; round < nodes.length * nodes.length && queue.length > 0; round++) {
    const pusher = queue.shift() as Pusher
    for (const node of nodes) {
      if (node.id === grownId) continue
      const at = moved.get(node.id) ?? node.position
      const size = sizes[node.id] ?? NEW_NODE_SIZE
      const inColumn = at.x < pusher.position.x + pusher.size.width && pusher.position.x < at.x + size.width
      // Below it as the person laid them out: a node pushed past its neighbour does not push it back.
      if (!inColumn || node.position.y < pusher.oldBottom - 1) continue
      const keptGap = Math.min(GAP, Math.max(0, node.position.y - pusher.oldBottom))
      const needed = Math.round(pusher.position.y + pusher.size.height + keptGap)
      if (at.y >= needed) continue
      const to = { x: at.x, y: needed }
      moved.set(node.id, to)
      queue.push({ position: to, size, oldBottom: node.position.y + size.height })
    }
  }
  return moved
}
