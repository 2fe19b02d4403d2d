import { z } from 'zod'
import { assetParam, characterVariable, defineNode, port, type CharacterValue, type ParamUi } from '../../src/engine'
import { acceptedImageTypes } from '../../src/media/image/still'

/** More angles than this blur the character rather than pin it; providers take at most a handful. */
export const MAX_REFERENCES = 8

export default defineNode({
  type: 'character',
  version: 1,
  title: 'Character',
  category: 'Pre-production',
  description: 'A named character with reference images from several angles, kept the same in every shot that links it.',
  inputs: {},
  outputs: { character: port.character() },
  params: z.object({
    name: z
      .string()
      .max(60, 'is longer than 60 characters')
      .default('')
      .meta({ ui: 'text', label: 'Name', description: 'How prompts name the character: “Mara” is {mara}.' } satisfies ParamUi),
    description: z
      .string()
      .max(500, 'is longer than 500 characters: keep it to what the camera sees')
      .default('')
      .meta({ ui: 'textarea', label: 'Description', description: '“a woman in her thirties, cropped grey hair, red wool coat”; {name.description} in a prompt.' } satisfies ParamUi),
    images: z
      .array(assetParam('image', acceptedImageTypes))
      .max(MAX_REFERENCES, `holds at most ${MAX_REFERENCES} reference images`)
      .default([])
      .meta({ label: 'Reference images', description: 'Front, profile, three-quarter, full figure: drop or choose them on the node.' } satisfies ParamUi),
  }),
  pure: true,
  async run({ params, ctx }) {
    const name = params.name.trim()
    if (name === '') throw new Error('The character has no name yet: prompts find it by its name, as {name}.')
    if (characterVariable(name) === '') throw new Error(`“${name}” has no letter or digit for a prompt to name it by.`)
    if (params.images.length === 0) ctx.log('warning: no reference images yet: prompts get the name, but the model gets no faces to keep')
    const character: CharacterValue = {
      kind: 'character',
      name,
      description: params.description.trim(),
      // The role travels with each image, so a generator knows these are the character, not a place.
      references: params.images.map((image) => ({ ...image, meta: { ...image.meta, role: 'character', character: name } })),
    }
    return { character }
  },
})
