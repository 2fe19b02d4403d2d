/*
 * Which reference goes where in the animatic's picture, by the role it was given: characters stand
 * in front, a location (or a storyboard frame, or an image nobody gave a role) is what is behind
 * them. Pure, so the arrangement is checked without drawing.
 */
import type { ReferenceImage } from '../provider'

export interface Staging {
  /** Behind: shared over the shot one after another, each filling the frame. */
  background: ReferenceImage[]
  /** In front, nearer the lens: the characters, one after another. */
  foreground: ReferenceImage[]
}

export function stageReferences(references: readonly ReferenceImage[]): Staging {
  const foreground = references.filter((reference) => reference.role === 'character')
  const behind = references.filter((reference) => reference.role !== 'character')
  // A location is the place the shot is in; style frames and unlabelled images stand in for it
  // only when there is none.
  const locations = behind.filter((reference) => reference.role === 'location')
  return { background: locations.length > 0 ? locations : behind, foreground }
}
