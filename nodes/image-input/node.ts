import { z } from 'zod'
import { acceptedImageTypes } from '../../src/media/image/still'
import { assetParam, defineNode, port } from '../../src/engine'


export default defineNode({
  type: 'image-input',
  version: 1,
  title: 'Image',
  category: 'Inputs',
  description: 'An image from your computer: upload it, drop it on the node, or paste it.',
  inputs: {},
  outputs: { image: port.image() },
  params: z.object({
    file: assetParam('image', acceptedImageTypes).optional().meta({ label: 'Image file' }),
  }),
  pure: true,
  async run({ params }) {
    if (!params.file) throw new Error('No image yet: upload one, drop a file on the node, or paste one.')
    return { image: params.file }
  },
})
