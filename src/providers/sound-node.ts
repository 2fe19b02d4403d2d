import { z } from 'zod'
import { defineNode, port, type AnyNodeDefinition, type InputValues, type ParamUi, type PortSpec } from '../engine'
import type { SoundRequest } from './sound'
import { estimateSound, makeSound, SOUND_PROVIDER_IDS, soundProviderFor, type SoundProviderId } from './sound-registry'

const providerParam = z.enum(SOUND_PROVIDER_IDS).default('elevenlabs').meta({ ui: 'select', label: 'Provider' } satisfies ParamUi)

type SoundParams<S extends z.ZodRawShape> = { provider: SoundProviderId } & z.output<z.ZodObject<S>>

/** What sets one sound node apart from the others: its words, its own params and what it asks for. */
export interface SoundNodeSpec<I extends Record<string, PortSpec>, S extends z.ZodRawShape> {
  type: string
  version: number
  title: string
  description: string
  /** Optional inputs only: a sound node also runs from its typed params alone. */
  inputs: I
  /** Its params besides the provider, which every sound node has first. */
  params: S
  /** What the provider is asked to make, from the same params and inputs in the estimate and the run. */
  request(params: SoundParams<S>, inputs: Partial<InputValues<I>>): SoundRequest
  /**
   * A linked input that prices the request (speech's line, priced by its length): while it is still
   * to be made in the run, the estimate says why it cannot be priced instead of pricing the typed one.
   */
  pricedBy?: { input: keyof I & string; why: string }
}

/**
 * The body the speech, sound-effect and music nodes share: one `audio` output, the provider's slot
 * in the scheduler, the estimate and the run worked out from one request (see `makeSound`).
 */
export function defineSoundNode<const I extends Record<string, PortSpec>, S extends z.ZodRawShape>(spec: SoundNodeSpec<I, S>): AnyNodeDefinition {
  return defineNode({
    type: spec.type,
    version: spec.version,
    title: spec.title,
    category: 'Sound',
    description: spec.description,
    inputs: spec.inputs,
    outputs: { audio: port.audio() },
    params: z.object({ provider: providerParam, ...spec.params }),
    // zod cannot name the fields of a shape still generic here: the params are read as the spec says.
    resources: (params) => [`provider:${(params as SoundParams<S>).provider}`],
    async estimate({ inputs, pending, params, ctx }) {
      const own = params as SoundParams<S>
      if (spec.pricedBy && pending.has(spec.pricedBy.input)) {
        const provider = soundProviderFor(own.provider)
        return { kind: 'unpriced', provider: provider.id, name: provider.name, why: spec.pricedBy.why }
      }
      return estimateSound(own.provider, spec.request(own, inputs), ctx)
    },
    async run({ inputs, params, ctx }) {
      const own = params as SoundParams<S>
      return { audio: await makeSound(own.provider, spec.request(own, inputs), ctx) }
    },
  })
}
