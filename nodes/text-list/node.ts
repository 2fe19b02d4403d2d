import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'

/** A shot list's length and then some; each text is a line or a paragraph, not a script. */
const MAX_TEXTS = 500

export default defineNode({
  type: 'text-list',
  version: 1,
  title: 'Text list',
  category: 'Inputs',
  description: 'Several texts in order, such as one per shot: a node that takes one text runs once for each (README, “Lists”).',
  inputs: {},
  outputs: { texts: port.list('text', { label: 'Texts' }) },
  params: z.object({
    texts: z
      .array(
        z
          .string()
          .max(10_000, 'is longer than 10,000 characters')
          .default('')
          .meta({ ui: 'textarea', description: '`name: value` lines fill a prompt’s {name} variables.' } satisfies ParamUi),
      )
      .max(MAX_TEXTS, `holds at most ${MAX_TEXTS} texts`)
      .default([])
      .meta({ label: 'Texts', description: 'One text per item, in order; each item is run and cached on its own.' } satisfies ParamUi),
  }),
  listSizes: (params) => ({ texts: params.texts.length }),
  pure: true,
  async run({ params }) {
    return { texts: params.texts }
  },
})
