import { z } from 'zod'

/** What an asset is, as a filmmaker would say it. */
export const assetKinds = ['image', 'video', 'audio', 'lut', 'file'] as const
export type AssetKind = (typeof assetKinds)[number]

/** Facts about an asset's content, as far as they apply to its kind. */
export const assetMetaSchema = z
  .object({
    name: z.string().max(500).optional(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    fps: z.number().positive().optional(),
    durationS: z.number().nonnegative().optional(),
    hasAudio: z.boolean().optional(),
    role: z.string().max(100).optional(),
    /** What the node that made the asset warns of about it: a target it could not meet, say. */
    warnings: z.array(z.string().max(2000)).max(50).optional(),
  })
  .catchall(z.unknown())
export type AssetMeta = z.infer<typeof assetMetaSchema>

/**
 * A media value is a reference to bytes stored once, by content hash, in the asset store. Edges
 * carry these, never the bytes themselves.
 */
export const assetRefSchema = z.object({
  kind: z.enum(assetKinds),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 content hash'),
  mime: z.string().max(200),
  bytes: z.number().int().nonnegative(),
  meta: assetMetaSchema,
})
export type AssetRef = z.infer<typeof assetRefSchema>

/** A composed shot prompt: the structured fields and the text a provider receives. */
export interface PromptValue {
  kind: 'prompt'
  text: string
  fields: Record<string, string>
  /** Images that go with the prompt to the provider: the reference sheets of the characters it names. */
  references?: AssetRef[]
}

/**
 * A character kept the same from shot to shot: a name, a short description, and reference images
 * of them from several angles (each with the role `character` in its meta).
 */
export interface CharacterValue {
  kind: 'character'
  name: string
  description: string
  references: AssetRef[]
}

/**
 * How a prompt names a character: its name in lower case, with spaces and punctuation as hyphens,
 * so “Old Tom” is `{old-tom}` (and its description `{old-tom.description}`).
 */
export function characterVariable(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '-')
    .replace(/^-+|-+$/g, '')
}

/** Text a shot field may hold: as long as a prompt part may be. */
const shotText = (max: number) => z.string().max(max, `is longer than ${max.toLocaleString('en')} characters`)

/**
 * One shot of a shot list (README, “shot-list”): its stable id (`12A`, from scene and shot), the six
 * prompt parts with style and dialogue, how long it runs and when its key moment falls, who is in
 * it by name, and notes. Every shot that comes in (a file, a pasted table, a stored result) is read
 * with this schema.
 */
export const shotValueSchema = z.object({
  kind: z.literal('shot'),
  id: z.string().min(1, 'is empty').max(40, 'is longer than 40 characters'),
  scene: shotText(200),
  subject: shotText(2000),
  action: shotText(2000),
  environment: shotText(2000),
  camera: shotText(2000),
  lighting: shotText(2000),
  mood: shotText(2000),
  style: shotText(2000),
  dialogue: shotText(2000),
  durationS: z.number().min(1, 'is shorter than 1 s').max(60, 'is longer than 60 s'),
  keyMomentS: z.number().min(0, 'is before the shot starts').max(60, 'is past 60 s').optional(),
  characters: z.array(shotText(200)).max(50, 'names more than 50 characters'),
  notes: shotText(10_000),
})
export type ShotValue = z.infer<typeof shotValueSchema>

export type Value = AssetRef | PromptValue | CharacterValue | ShotValue | string | number | Value[]

/** The outputs of one node run, by output port name. */
export type Outputs = Record<string, Value>

export function isAssetRef(value: unknown): value is AssetRef {
  return assetRefSchema.safeParse(value).success
}

export function isPrompt(value: Value | undefined): value is PromptValue {
  return typeof value === 'object' && !Array.isArray(value) && value.kind === 'prompt'
}

export function isCharacter(value: Value | undefined): value is CharacterValue {
  return typeof value === 'object' && !Array.isArray(value) && value.kind === 'character'
}

export function isShot(value: Value | undefined): value is ShotValue {
  return typeof value === 'object' && !Array.isArray(value) && value.kind === 'shot'
}

/** A value that is not itself an asset but carries some: a prompt with references, a character. */
function isCarrier(value: Value): value is PromptValue | CharacterValue {
  return isPrompt(value) || isCharacter(value)
}

/**
 * Every asset a value refers to, lists included. An asset made on demand from others (a chain of
 * pixel nodes kept as a recipe, docs/architecture.md, "Chains of pixel nodes") names them in
 * `meta.renderedFrom`; they count as held too, so a result is a miss once one of them is evicted.
 */
export function assetsIn(value: Value, into: AssetRef[] = []): AssetRef[] {
  if (Array.isArray(value)) for (const item of value) assetsIn(item, into)
  else if (isCarrier(value)) into.push(...(value.references ?? []))
  else if (isShot(value)) return into
  else if (typeof value === 'object') into.push(value, ...renderedFrom(value))
  return into
}

function renderedFrom(asset: AssetRef): AssetRef[] {
  const from = asset.meta.renderedFrom
  return Array.isArray(from) ? from.filter(isAssetRef) : []
}

/**
 * The warnings a node gives about the assets it made, each once. An asset that passes through a node
 * with its meta (a grade keeps the clip's) still carries its maker's warnings; those, already on the
 * inputs, stay with the node that gave them.
 */
export function warningsOf(outputs: Outputs, inputs: readonly (Value | undefined)[]): string[] {
  const warningsIn = (values: readonly (Value | undefined)[]) =>
    values.flatMap((value) => (value === undefined ? [] : assetsIn(value))).flatMap((ref) => ref.meta.warnings ?? [])
  const inherited = new Set(warningsIn(inputs))
  return [...new Set(warningsIn(Object.values(outputs)))].filter((warning) => !inherited.has(warning))
}

/** Each asset once, by content hash, in the order first seen. */
export function distinctAssets(refs: readonly AssetRef[]): AssetRef[] {
  const seen = new Set<string>()
  return refs.filter((ref) => !seen.has(ref.hash) && seen.add(ref.hash))
}

/** A value as a filmmaker would name it in a message: "a sound", "a list", "text". */
export function describeValue(value: Value | undefined): string {
  if (value === undefined) return 'nothing'
  if (isAssetRef(value)) return { audio: 'a sound', lut: 'a LUT', file: 'a file', image: 'an image', video: 'a clip' }[value.kind]
  if (Array.isArray(value)) return 'a list'
  if (isCharacter(value)) return 'a character'
  if (isShot(value)) return 'a shot'
  if (typeof value === 'object') return 'a prompt'
  return typeof value === 'string' ? 'text' : 'a number'
}

/**
 * The image or clip a node that takes either (grade, upscale) was given, or an error that says
 * what arrived instead: `any` ports cannot refuse it on the canvas.
 */
export function imageOrClip(value: Value | undefined, nodeTitle: string): AssetRef {
  if (isAssetRef(value) && (value.kind === 'image' || value.kind === 'video')) return value
  throw new Error(`${nodeTitle} works on an image or a clip, not on ${describeValue(value)}.`)
}
