import { z } from 'zod'
import { assetParam, defineNode, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { cropStill, readStill, writePng } from '../../src/media/image/still'
import { acceptedImageTypes } from '../../src/media/image/still'
import { cropRect, REFERENCE_ASPECTS, type ReferenceAspect } from './crop'

/** What a reference stands for in the shot, as the generator and the people reading the graph see it. */
export const REFERENCE_ROLES = ['character', 'location', 'style'] as const
export type ReferenceRole = (typeof REFERENCE_ROLES)[number]

/** More than enough for a character sheet of several angles; providers take fewer. */
export const MAX_REFERENCE_IMAGES = 12

export default defineNode({
  type: 'reference-image',
  version: 1,
  title: 'Reference',
  category: 'Pre-production',
  description: 'Reference stills of a character, a location or a look, cropped to the shot’s aspect.',
  inputs: {},
  outputs: { images: port.list('image', { label: 'Images' }) },
  params: z.object({
    images: z
      .array(assetParam('image', acceptedImageTypes))
      .max(MAX_REFERENCE_IMAGES)
      .default([])
      .meta({ label: 'Images', description: 'Add them on the node: browse, drop files on it, or paste.' } satisfies ParamUi),
    name: z.string().max(100).default('').meta({ ui: 'text', label: 'Name', description: 'Who or what it shows: “Mara”, “Tram depot”.' } satisfies ParamUi),
    role: z
      .enum(REFERENCE_ROLES)
      .default('character')
      .meta({ ui: 'select', label: 'Role', description: 'character, location, or style (a storyboard frame or a look).' } satisfies ParamUi),
    aspect: z
      .enum(REFERENCE_ASPECTS)
      .default('16:9')
      .meta({ ui: 'select', label: 'Crop to', description: 'The shot’s aspect, centred; “none” keeps each image whole.' } satisfies ParamUi),
  }),
  async run({ params, ctx }) {
    if (params.images.length === 0) throw new Error('No reference image yet: browse for one on the node, drop files on it, or paste one.')
    const images: AssetRef[] = []
    for (const [index, image] of params.images.entries()) {
      ctx.signal.throwIfAborted()
      const meta = { name: params.name.trim() || image.meta.name || `reference ${index + 1}`, role: params.role }
      images.push(await cropped(image, params.aspect, meta, ctx))
      ctx.progress((index + 1) / params.images.length)
    }
    return { images }
  },
})

/** The image in the shot's aspect, carrying its name and role; the stored original when no crop is needed. */
async function cropped(image: AssetRef, aspect: ReferenceAspect, meta: { name: string; role: ReferenceRole }, ctx: RunContext): Promise<AssetRef> {
  const { width, height } = image.meta
  const wanted = width && height ? cropRect(width, height, aspect) : undefined
  if (wanted && wanted.width === width && wanted.height === height) return { ...image, meta: { ...image.meta, ...meta } }
  const still = await readStill(await ctx.assets.get(image), image.mime)
  const rect = cropRect(still.width, still.height, aspect)
  if (rect.width === still.width && rect.height === still.height) {
    return { ...image, meta: { ...image.meta, ...meta, width: still.width, height: still.height } }
  }
  const png = await writePng(cropStill(still, rect))
  return ctx.assets.put(png, { kind: 'image', mime: 'image/png', meta: { ...meta, width: rect.width, height: rect.height } })
}
