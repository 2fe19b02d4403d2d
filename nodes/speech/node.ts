import { z } from 'zod'
import { port, type ParamUi } from '../../src/engine'
import { DEFAULT_VOICE } from '../../src/providers/elevenlabs/elevenlabs'
import { defineSoundNode } from '../../src/providers/sound-node'

export default defineSoundNode({
  type: 'speech',
  version: 1,
  title: 'Speech',
  description: 'A line of dialogue spoken by a generated voice (ElevenLabs): the line from a linked text, or typed here.',
  inputs: { text: port.text({ optional: true, label: 'line' }) },
  params: {
    text: z.string().max(5000, 'is longer than 5,000 characters').default('').meta({ ui: 'textarea', label: 'Line', description: 'Used when no text is linked.' } satisfies ParamUi),
    voice: z.string().min(1, 'needs a voice id').default(DEFAULT_VOICE).meta({ label: 'Voice id' } satisfies ParamUi),
    seed: z.number().int().min(0).optional().meta({ ui: 'number', label: 'Seed', placeholder: 'None' } satisfies ParamUi),
  },
  // The linked line over the typed one.
  request: (params, inputs) => ({ kind: 'speech', text: inputs.text ?? params.text, voice: params.voice, ...(params.seed !== undefined ? { seed: params.seed } : {}) }),
  pricedBy: { input: 'text', why: 'its line is made during the run, and a line is priced by its length' },
})
