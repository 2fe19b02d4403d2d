import { z } from 'zod'
import { defineNode, distinctAssets, isAssetRef, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { ASPECTS, generate, referenceImageOf, storeClip, type GenerationProvider, type GenerationRequest } from '../../src/providers/provider'
import { PROVIDER_IDS, providerFor } from '../../src/providers/registry'
import { estimateRun, formatCost, takeRequest } from './estimate'

export const generateVideoParams = z.object({
  provider: z.enum(PROVIDER_IDS).default('animatic').meta({ ui: 'select', label: 'Provider' } satisfies ParamUi),
  durationS: z
    .number()
    .positive()
    .max(120)
    .optional()
    .meta({ ui: 'number', unit: 's', step: 0.5, label: 'Duration', description: 'The prompt’s duration when empty.' } satisfies ParamUi),
  aspect: z.enum(ASPECTS).default('16:9').meta({ ui: 'select', label: 'Aspect' } satisfies ParamUi),
  height: z
    .number()
    .int()
    .positive()
    .default(720)
    .meta({ ui: 'number', unit: 'p', label: 'Resolution', description: '480, 720 or 1080: the short side, as providers name it.' } satisfies ParamUi),
  fps: z.number().int().positive().max(120).default(24).meta({ ui: 'number', unit: 'fps', label: 'Frame rate' } satisfies ParamUi),
  seed: z.number().int().min(0).default(1).meta({ ui: 'number', label: 'Seed' } satisfies ParamUi),
  takes: z.number().int().min(1).max(20).default(5).meta({ ui: 'number', label: 'Takes' } satisfies ParamUi),
})

export default defineNode({
  type: 'generate-video',
  version: 1,
  title: 'Generate video',
  category: 'Generation',
  description: 'Takes of a shot from its prompt and reference images, each cached on its own.',
  inputs: {
    prompt: port.prompt(),
    references: port.list('image', { optional: true }),
  },
  outputs: { takes: port.list('video') },
  params: generateVideoParams,
  // The animatic renders on this machine; a cloud provider's takes queue for its own slot, so an
  // account's concurrency is not exceeded (DESIGN.md, "The executor").
  resources: (params) => (params.provider === 'animatic' ? ['cpu'] : [`provider:${params.provider}`]),
  async run({ inputs, params, ctx }) {
    const provider = providerFor(params.provider, ctx.remote)
    const { takes: takeCount, ...shot } = params
    // The prompt's characters bring their reference sheets; linked images come after them.
    const fromPrompt = inputs.prompt.references ?? []
    const linked = inputs.references ?? []
    const references = await Promise.all(distinctAssets([...fromPrompt, ...linked]).map((ref) => referenceImageOf(ctx.assets, ref)))
    const request = takeRequest(shot, inputs.prompt, references)
    const { durationS } = request
    // Refused here, before the first take is submitted, so an impossible request costs nothing.
    const estimate = estimateRun(provider, request, takeCount)
    if (estimate.refusal) {
      const tooMany = references.length > provider.capabilities.maxReferenceImages && fromPrompt.length > 0
      const origins = tooMany ? ` (${fromPrompt.length} from the prompt’s characters, ${linked.length} linked into references)` : ''
      throw new Error(`${provider.name}: ${estimate.refusal}${origins}`)
    }
    ctx.log(`${takeCount} takes on ${provider.name}: ${formatCost(estimate.total)} (${estimate.perTake.basis})`)

    const takes: AssetRef[] = []
    for (let index = 0; index < takeCount; index++) {
      ctx.signal.throwIfAborted()
      // Each take has its own cache entry, stored the moment it is made: more takes add to these,
      // and a cancel keeps every take already finished.
      let jobKey: string | undefined
      const made = await ctx.memo({ ...shot, durationS, take: index }, async (key) => {
        jobKey = key
        // Paid for once submitted, whether or not the take comes back.
        ctx.spend(estimate.perTake.amount)
        return { take: await makeTake(provider, { ...request, seed: takeSeed(shot.seed, index) }, { index, count: takeCount, key }, ctx) }
      })
      // The take is in the cache now; its paid job needs no more following.
      if (jobKey !== undefined) await ctx.remote.jobs.delete(jobKey)
      if (!isAssetRef(made.take)) throw new Error(`take ${index + 1} came back without a clip`)
      takes.push(made.take)
      ctx.progress((index + 1) / takeCount)
    }
    return { takes }
  },
})

async function makeTake(
  provider: GenerationProvider,
  request: GenerationRequest,
  take: { index: number; count: number; key: string },
  ctx: RunContext,
): Promise<AssetRef> {
  const { index, count, key } = take
  const meta = { name: `take ${index + 1}`, take: index + 1, seed: request.seed, provider: provider.id }
  const clip = await generate(provider, request, {
    signal: ctx.signal,
    onProgress: (fraction) => ctx.progress((index + fraction) / count),
    ledger: { jobs: ctx.remote.jobs, key, output: { nodeType: 'generate-video', port: 'take', meta } },
  })
  return storeClip(ctx.assets, clip, meta)
}

/** Each take its own seed, so takes differ, and the same take of the same shot is the same clip. */
export function takeSeed(seed: number, index: number): number {
  return (seed + index * 7919) % 2 ** 31
}
