import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import { DEFAULT_VOICE } from '../../src/providers/elevenlabs/elevenlabs'
import { makeSound, SOUND_PROVIDER_IDS } from '../../src/providers/sound-registry'

export default defineNode({
  type: 'speech',
  version: 1,
  title: 'Speech',
  category: 'Sound',
  description: 'A line of dialogue spoken by a generated voice (ElevenLabs): the line from a linked text, or typed here.',
  inputs: { text: port.text({ optional: true, label: 'line' }) },
  outputs: { audio: port.audio() },
  params: z.object({
    provider: z.enum(SOUND_PROVIDER_IDS).default('elevenlabs').meta({ ui: 'select', label: 'Provider' } satisfies ParamUi),
    text: z.string().max(5000, 'is longer than 5,000 characters').default('').meta({ ui: 'textarea', label: 'Line', description: 'Used when no text is linked.' } satisfies ParamUi),
    voice: z.string().min(1, 'needs a voice id').default(DEFAULT_VOICE).meta({ label: 'Voice id' } satisfies ParamUi),
    seed: z.number().int().min(0).optional().meta({ ui: 'number', label: 'Seed', placeholder: 'None' } satisfies ParamUi),
  }),
  resources: (params) => [`provider:${params.provider}`],
  async run({ inputs, params, ctx }) {
    const text = inputs.text ?? params.text
    const audio = await makeSound(params.provider, { kind: 'speech', text, voice: params.voice, ...(params.seed !== undefined ? { seed: params.seed } : {}) }, ctx)
    return { audio }
  },
})
