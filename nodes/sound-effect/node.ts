import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import type { SoundRequest } from '../../src/providers/sound'
import { estimateSound, makeSound, SOUND_PROVIDER_IDS } from '../../src/providers/sound-registry'

export default defineNode({
  type: 'sound-effect',
  version: 1,
  title: 'Sound effect',
  category: 'Sound',
  description: 'Foley or an effect from a description (“a heavy door creaks shut in a stone hall”).',
  inputs: {},
  outputs: { audio: port.audio() },
  params: z.object({
    provider: z.enum(SOUND_PROVIDER_IDS).default('elevenlabs').meta({ ui: 'select', label: 'Provider' } satisfies ParamUi),
    text: z.string().max(450, 'is longer than 450 characters').default('').meta({ ui: 'textarea', label: 'Description' } satisfies ParamUi),
    durationS: z.number().min(0.5).max(30).optional().meta({ ui: 'number', unit: 's', step: 0.5, label: 'Length', placeholder: 'Auto', description: 'Empty lets the provider choose.' } satisfies ParamUi),
  }),
  resources: (params) => [`provider:${params.provider}`],
  estimate: ({ params, ctx }) => estimateSound(params.provider, effectRequest(params), ctx),
  async run({ params, ctx }) {
    const audio = await makeSound(params.provider, effectRequest(params), ctx)
    return { audio }
  },
})

function effectRequest(params: { text: string; durationS?: number | undefined }): SoundRequest {
  return { kind: 'sound-effect', text: params.text, ...(params.durationS !== undefined ? { durationS: params.durationS } : {}) }
}
