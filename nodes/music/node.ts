import { z } from 'zod'
import type { ParamUi } from '../../src/engine'
import { defineSoundNode } from '../../src/providers/sound-node'

export default defineSoundNode({
  type: 'music',
  version: 1,
  title: 'Music',
  description: 'A score cue from a description of its mood, instruments and tempo.',
  inputs: {},
  params: {
    text: z.string().max(2000, 'is longer than 2,000 characters').default('').meta({ ui: 'textarea', label: 'Description' } satisfies ParamUi),
    durationS: z.number().min(3).max(600).default(30).meta({ ui: 'number', unit: 's', label: 'Length' } satisfies ParamUi),
  },
  request: (params) => ({ kind: 'music', text: params.text, durationS: params.durationS }),
})
