import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import { DEFAULT_VOICE } from '../../src/providers/elevenlabs/elevenlabs'
import type { SoundRequest } from '../../src/providers/sound'
import { estimateSound, makeSound, SOUND_PROVIDER_IDS, soundProviderFor } from '../../src/providers/sound-registry'

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
  async estimate({ inputs, pending, params, ctx }) {
    if (pending.has('text')) {
      const provider = soundProviderFor(params.provider)
      return { kind: 'unpriced', provider: provider.id, name: provider.name, why: 'its line is made during the run, and a line is priced by its length' }
    }
    return estimateSound(params.provider, speechRequest(params, inputs.text), ctx)
  },
  async run({ inputs, params, ctx }) {
    const audio = await makeSound(params.provider, speechRequest(params, inputs.text), ctx)
    return { audio }
  },
})

/** What the provider is asked to speak: the linked line over the typed one. */
function speechRequest(params: { text: string; voice: string; seed?: number | undefined }, linked: string | undefined): SoundRequest {
  return { kind: 'speech', text: linked ?? params.text, voice: params.voice, ...(params.seed !== undefined ? { seed: params.seed } : {}) }
}
