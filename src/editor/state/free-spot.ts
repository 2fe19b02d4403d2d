import type { Position } from '../../graph'

/** A node's size before it is measured. */
export const NEW_NODE_SIZE = { width: 240, height: 120 }

/** Room left between a placed node and what is beside it, so their borders and ports do not touch. */
const GAP = 24

/** How far from the wanted spot a new node may be pushed before it goes where it was wanted anyway. */
const FARTHEST = 4000

/** Something on the canvas a new node must not cover: a node, a group's frame, a note. */
export interface Obstacle {
  position: Position
  size: { width: number; height: number }
}

/**
 * The spot nearest `wanted` (a new node's top-left corner) where a node of `size` covers none of the
 * obstacles. The nearest free spot has each coordinate either the wanted one or flush (with a gap)
 * against an obstacle's edge, so those are the only candidates tried, nearest first.
 */
export function freeSpot(obstacles: readonly Obstacle[], wanted: Position, size = NEW_NODE_SIZE): Position {
  const spot = { x: Math.round(wanted.x), y: Math.round(wanted.y) }
  const xs = new Set([spot.x])
  const ys = new Set([spot.y])
  for (const { position, size: taken } of obstacles) {
    xs.add(Math.round(position.x - size.width - GAP))
    xs.add(Math.round(position.x + taken.width + GAP))
    ys.add(Math.round(position.y - size.height - GAP))
    ys.add(Math.round(position.y + taken.height + GAP))
  }
  const near = (values: Set<number>, from: number) => [...values].filter((value) => Math.abs(value - from) <= FARTHEST)
  const candidates = near(xs, spot.x).flatMap((x) => near(ys, spot.y).map((y) => ({ x, y })))
  candidates.sort((a, b) => Math.hypot(a.x - spot.x, a.y - spot.y) - Math.hypot(b.x - spot.x, b.y - spot.y))
  return candidates.find((candidate) => !obstacles.some((obstacle) => covers(obstacle, candidate, size))) ?? spot
}

function covers({ position, size: taken }: Obstacle, spot: Position, size: Obstacle['size']): boolean {
  return spot.x < position.x + taken.width && position.x < spot.x + size.width && spot.y < position.y + taken.height && position.y < spot.y + size.height
}
