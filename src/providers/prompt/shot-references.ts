/*
 * Which reference images go with which shot of a script. A reference carries its name and role in
 * its asset meta (the reference-image node puts them there); a shot names its characters and its
 * environment (“interior, Station Cafe, night” from `INT. STATION CAFE - NIGHT`). A location goes
 * to the shots set there, a character's picture to the shots that name the character, and a style
 * frame (or an image saying neither) to every shot.
 */
import { characterVariable, type AssetRef, type ShotValue } from '../../engine'

/** What a reference stands for, as its meta says. */
export interface ReferenceTag {
  name: string
  role: string | undefined
}

export function referenceTag(reference: AssetRef): ReferenceTag {
  const { name, role } = reference.meta
  return { name: typeof name === 'string' ? name.trim() : '', role: typeof role === 'string' ? role : undefined }
}

/** The words of a place as a script or a node may write it: case, accents and punctuation aside. */
function placeWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

/** Whether the shot is set at the place: its words, in order, in the shot's environment (“Station café” in “interior, Station Cafe, night”). */
export function shotIsSetAt(shot: Pick<ShotValue, 'environment'>, place: string): boolean {
  const wanted = placeWords(place)
  const where = placeWords(shot.environment)
  if (wanted.length === 0) return false
  for (let start = 0; start + wanted.length <= where.length; start++) {
    if (wanted.every((word, index) => where[start + index] === word)) return true
  }
  return false
}

/** Whether the shot names the character, matched as prompts match names (“OLD TOM” is Old Tom). */
export function shotNames(shot: Pick<ShotValue, 'characters'>, character: string): boolean {
  const key = characterVariable(character)
  return key !== '' && shot.characters.some((name) => characterVariable(name) === key)
}

/** Whether a reference belongs with the shot. */
export function referenceFitsShot(shot: Pick<ShotValue, 'environment' | 'characters'>, tag: ReferenceTag): boolean {
  if (tag.role === 'location') return shotIsSetAt(shot, tag.name)
  if (tag.role === 'character') return shotNames(shot, tag.name)
  return true
}

/** The references that go with the shot, in the order they came. */
export function referencesForShot(shot: Pick<ShotValue, 'environment' | 'characters'>, references: readonly AssetRef[]): AssetRef[] {
  return references.filter((reference) => referenceFitsShot(shot, referenceTag(reference)))
}

/**
 * Why a reference goes with no shot of the script, in the words its node shows, or undefined when
 * some shot takes it (or it is a style, which every shot takes).
 */
export function unusedReference(tag: ReferenceTag, shots: readonly Pick<ShotValue, 'environment' | 'characters'>[]): string | undefined {
  if (tag.role !== 'location' && tag.role !== 'character') return undefined
  if (shots.some((shot) => referenceFitsShot(shot, tag))) return undefined
  const name = tag.name || 'this reference (it has no name)'
  return tag.role === 'location'
    ? `No shot in the script is set at ${name}, so no shot gets this reference: give it the place as the script's scene headings write it.`
    : `No shot in the script has ${name} in it, so no shot gets this reference: give it the name as the script writes it.`
}
