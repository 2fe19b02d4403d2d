import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import type { SoundRequest } from '../../src/providers/sound'
import { estimateSound, makeSound, SOUND_PROVIDER_IDS } from '../../src/providers/sound-registry'

export default defineNode({
  type: 'music',
  version: 1,
  title: 'Music',
  category: 'Sound',
  description: 'A score cue from a description of its mood, instruments and tempo.',
  inputs: {},
  outputs: { audio: port.audio() },
  params: z.object({
    provider: z.enum(SOUND_PROVIDER_IDS).default('elevenlabs').meta({ ui: 'select', label: 'Provider' } satisfies ParamUi),
    text: z.string().max(2000, 'is longer than 2,000 characters').default('').meta({ ui: 'textarea', label: 'Description' } satisfies ParamUi),
    durationS: z.number().min(3).max(600).default(30).meta({ ui: 'number', unit: 's', label: 'Length' } satisfies ParamUi),
  }),
  resources: (params) => [`provider:${params.provider}`],
  estimate: ({ params, ctx }) => estimateSound(params.provider, musicRequest(params), ctx),
  async run({ params, ctx }) {
    const audio = await makeSound(params.provider, musicRequest(params), ctx)
    return { audio }
  },
})

function musicRequest(params: { text: string; durationS: number }): SoundRequest {
  return { kind: 'music', text: params.text, durationS: params.durationS }
}
