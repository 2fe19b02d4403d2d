/*
 * How the animatic's camera moves over the picture: for each moment of the shot, where the virtual
 * camera frames the plate. Pure, so what a "dolly in" does can be checked without drawing anything.
 */
import type { CameraMove } from '../camera'
import { seededRandom } from './seeded'

/** How the plate sits in the frame: scaled about the frame's centre, then shifted and turned. */
export interface View {
  scale: number
  /** Shifts as fractions of the frame's width and height; positive is right and down. */
  shiftX: number
  shiftY: number
  /** Radians, clockwise. */
  rotation: number
}

/** A pan or truck travels this fraction of the frame's width over the whole shot. */
const TRAVEL = 0.16

/**
 * Which layer of the picture a view is for. The animatic stacks at most two: the background (a
 * location, or the storyboard card's sky) and a foreground nearer the lens (a character, or the
 * card's figure). Moves that carry the camera through space (a dolly, a truck, a crane, an orbit)
 * move them by different amounts — parallax — while turning or zooming the lens moves both alike.
 */
export type Layer = 'background' | 'foreground'

/**
 * The camera's path through a shot. The seed varies the framing (where the shot starts) and the
 * timing (how late the move starts, how far it goes), so takes differ as real takes do. With
 * `arriveAt` (the shot's key moment as a fraction of its length) the move reaches its end at that
 * moment and holds there, rather than at the shot's last frame.
 */
export function cameraPath(moves: readonly CameraMove[], seed: number, layer: Layer = 'background', arriveAt = 1): (progress: number) => View {
  const random = seededRandom(seed)
  const framing = { x: (random() - 0.5) * 0.04, y: (random() - 0.5) * 0.04 }
  const lead = random() * 0.15
  const reach = 0.85 + random() * 0.3
  const shake = Array.from({ length: 6 }, () => ({ phase: random() * Math.PI * 2, rate: 0.6 + random() * 1.8 }))
  // Moves that travel need spare picture at the edges, so the plate never shows its border.
  const travels = moves.some((move) => !['static', 'dolly in', 'zoom in', 'dolly out', 'zoom out'].includes(move))
  const base = travels ? 1 + TRAVEL * reach + 0.06 : 1.04

  const end = Math.min(1, Math.max(Number.EPSILON, arriveAt))
  const start = lead * end

  return (progress) => {
    const t = easeInOut(Math.min(1, Math.max(0, (progress - start) / (end - start)))) * reach
    const view: View = { scale: base, shiftX: framing.x, shiftY: framing.y, rotation: 0 }
    for (const move of moves) applyMove(view, move, t, progress, shake, layer === 'foreground')
    return view
  }
}

/** How much more a near layer grows on a dolly, and travels on a truck or crane, than the background. */
const NEAR_FACTOR = 1.8

function applyMove(view: View, move: CameraMove, t: number, progress: number, shake: readonly { phase: number; rate: number }[], near: boolean): void {
  const half = TRAVEL / 2
  const push = near ? 0.35 * NEAR_FACTOR : 0.35
  const travel = near ? NEAR_FACTOR : 1
  switch (move) {
    case 'static':
      return
    case 'dolly in':
      view.scale *= 1 + push * t
      return
    case 'zoom in':
      view.scale *= 1 + 0.5 * t
      return
    case 'dolly out':
      view.scale *= 1 + push - push * t
      return
    case 'zoom out':
      view.scale *= 1.5 - 0.5 * t
      return
    // The camera turns or travels left, so what is on the left comes into view: the picture moves right.
    case 'pan left':
      view.shiftX += -half + TRAVEL * t
      return
    case 'truck left':
      view.shiftX += (-half + TRAVEL * t) * travel
      return
    case 'pan right':
      view.shiftX += half - TRAVEL * t
      return
    case 'truck right':
      view.shiftX += (half - TRAVEL * t) * travel
      return
    case 'tilt up':
      view.shiftY += -half + TRAVEL * t
      return
    case 'crane up':
      view.shiftY += (-half + TRAVEL * t) * travel
      return
    case 'tilt down':
      view.shiftY += half - TRAVEL * t
      return
    case 'crane down':
      view.shiftY += (half - TRAVEL * t) * travel
      return
    // Circling the subject: the background sweeps across behind it while the subject, near the
    // centre of the circle, drifts a little the other way.
    case 'orbit':
      view.shiftX += (half - TRAVEL * t) * (near ? -0.4 : 1)
      view.rotation += 0.03 * Math.sin(Math.PI * t)
      view.scale *= 1 + 0.05 * Math.sin(Math.PI * t)
      return
    case 'handheld': {
      const time = progress * 10
      const wobble = (offset: number) => shake.slice(offset, offset + 2).reduce((sum, s) => sum + Math.sin(time * s.rate + s.phase), 0) / 2
      view.shiftX += 0.008 * wobble(0)
      view.shiftY += 0.008 * wobble(2)
      view.rotation += 0.004 * wobble(4)
      return
    }
  }
}

function easeInOut(t: number): number {
  return t * t * (3 - 2 * t)
}
