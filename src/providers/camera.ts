/*
 * The camera moves a shot prompt may name, in the words filmmakers and every video model use. The
 * prompt node offers them as a list (or free text), and the animatic turns them into motion.
 */

export const CAMERA_MOVES = [
  'static',
  'pan left',
  'pan right',
  'tilt up',
  'tilt down',
  'dolly in',
  'dolly out',
  'truck left',
  'truck right',
  'crane up',
  'crane down',
  'orbit',
  'handheld',
  'zoom in',
  'zoom out',
] as const

export type CameraMove = (typeof CAMERA_MOVES)[number]

/** Moves that cannot happen in one shot together: each pair pulls the frame opposite ways. */
const OPPOSITES: readonly (readonly [CameraMove, CameraMove])[] = [
  ['pan left', 'pan right'],
  ['tilt up', 'tilt down'],
  ['dolly in', 'dolly out'],
  ['truck left', 'truck right'],
  ['crane up', 'crane down'],
  ['zoom in', 'zoom out'],
]

/** "push in" and the like, as people write them, mapped onto the vocabulary. */
const SYNONYMS: Readonly<Record<string, CameraMove>> = {
  'push in': 'dolly in',
  'pull out': 'dolly out',
  'pull back': 'dolly out',
  'locked off': 'static',
  'locked-off': 'static',
  'hand-held': 'handheld',
  'arc': 'orbit',
}

/** Every move named in a free-text camera description, in the order they appear. */
export function cameraMovesIn(description: string): CameraMove[] {
  const text = ` ${description.toLowerCase().replace(/[^a-z-]+/g, ' ')} `
  const found: { move: CameraMove; at: number }[] = []
  for (const move of CAMERA_MOVES) {
    const at = text.indexOf(` ${move} `)
    if (at >= 0) found.push({ move, at })
  }
  for (const [words, move] of Object.entries(SYNONYMS)) {
    const at = text.indexOf(` ${words} `)
    if (at >= 0 && !found.some((entry) => entry.move === move)) found.push({ move, at })
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.move)
}

/** The pairs of moves in `moves` that contradict each other. */
export function contradictingMoves(moves: readonly CameraMove[]): [CameraMove, CameraMove][] {
  return OPPOSITES.filter(([a, b]) => moves.includes(a) && moves.includes(b)).map(([a, b]) => [a, b])
}
