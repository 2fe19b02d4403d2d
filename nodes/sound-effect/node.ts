import { z } from 'zod'
import type { ParamUi } from '../../src/engine'
import { defineSoundNode } from '../../src/providers/sound-node'

export default defineSoundNode({
  type: 'sound-effect',
  version: 1,
  title: 'Sound effect',
  description: 'Foley or an effect from a description (“a heavy door creaks shut in a stone hall”).',
  inputs: {},
  params: {
    text: z.string().max(450, 'is longer than 450 characters').default('').meta({ ui: 'textarea', label: 'Description' } satisfies ParamUi),
    durationS: z.number().min(0.5).max(30).optional().meta({ ui: 'number', unit: 's', step: 0.5, label: 'Length', placeholder: 'Auto', description: 'Empty lets the provider choose.' } satisfies ParamUi),
  },
  request: (params) => ({ kind: 'sound-effect', text: params.text, ...(params.durationS !== undefined ? { durationS: params.durationS } : {}) }),
})
