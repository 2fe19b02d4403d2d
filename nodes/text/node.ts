import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'

export default defineNode({
  type: 'text',
  version: 1,
  title: 'Text',
  category: 'Inputs',
  description: 'A piece of text: a line of dialogue, a character description, a note for a prompt.',
  inputs: {},
  outputs: { text: port.text() },
  params: z.object({
    text: z
      .string()
      .max(100_000, 'is longer than 100,000 characters')
      .default('')
      .meta({ ui: 'textarea', label: 'Text' } satisfies ParamUi),
  }),
  pure: true,
  async run({ params }) {
    return { text: params.text }
  },
})
