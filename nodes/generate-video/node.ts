import { z } from 'zod'
import { assetParam, defineNode, distinctAssets, isAssetRef, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { accountSlot, ASPECTS, generate, referenceImageOf, storeClip, type GenerationProvider, type GenerationRequest } from '../../src/providers/provider'
import { PROVIDER_IDS, PROVIDER_LABELS, providerFor, RETIRED_PROVIDER_IDS, workflowFileOf, type ProviderId, type ProviderSetup } from '../../src/providers/registry'
import { routeReason, routeRuleSchema } from '../../src/providers/route'
import { estimateGeneration, estimateRun, formatCost, shotRoute, takeParts, takeRequest } from './estimate'

export const generateVideoParams = z.object({
  provider: z
    .enum(PROVIDER_IDS)
    .default('animatic')
    .meta({ ui: 'select', label: 'Provider', description: 'Where the shot goes when no routing rule takes it.', optionLabels: PROVIDER_LABELS, closedOptions: RETIRED_PROVIDER_IDS } satisfies ParamUi),
  route: z
    .array(routeRuleSchema)
    .max(12)
    .optional()
    .meta({
      label: 'Routing rules',
      description: 'The shot goes to the provider of the first rule it matches, by its framing (named in the prompt’s camera field) and its length.',
    } satisfies ParamUi),
  durationS: z
    .number()
    .positive()
    .max(120)
    .optional()
    .meta({ ui: 'number', unit: 's', step: 0.5, label: 'Duration', placeholder: 'The prompt’s', description: 'The prompt’s duration when empty.' } satisfies ParamUi),
  aspect: z.enum(ASPECTS).default('16:9').meta({ ui: 'select', label: 'Aspect' } satisfies ParamUi),
  height: z
    .number()
    .int()
    .positive()
    .default(720)
    .meta({ ui: 'number', unit: 'p', label: 'Resolution', description: '480, 720, 1080 or 2160 (4K): the short side, as providers name it.' } satisfies ParamUi),
  fps: z.number().int().positive().max(120).default(24).meta({ ui: 'number', unit: 'fps', label: 'Frame rate' } satisfies ParamUi),
  seed: z.number().int().min(0).default(1).meta({ ui: 'number', label: 'Seed' } satisfies ParamUi),
  takes: z.number().int().min(1).max(20).default(5).meta({ ui: 'number', label: 'Takes' } satisfies ParamUi),
  comfyWorkflow: assetParam('file', '.json,application/json')
    .optional()
    .meta({
      label: 'ComfyUI workflow',
      description: 'For ComfyUI only: your workflow in API format (File → Export (API)) with {{prompt}}, {{seed}}, {{width}}, {{height}}, {{frames}}, {{fps}}, {{reference_1}}… where the shot’s values go. Empty: the built-in Wan 2.2 5B workflow.',
    } satisfies ParamUi),
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
  listSizes: (params) => ({ takes: params.takes }),
  // The animatic renders on this machine; a cloud provider's takes queue for its own slot, so an
  // account's concurrency is not exceeded (docs/architecture.md, "The executor"). The slot is the routed
  // provider's, known once the prompt has arrived.
  resources: (params, inputs) => {
    const { provider } = shotRoute(params, inputs.prompt)
    return provider === 'animatic' ? ['cpu'] : [accountSlot(providerFor(provider))]
  },
  estimate: estimateGeneration,
  async run({ inputs, params, ctx }) {
    const routed = shotRoute(params, inputs.prompt)
    const provider = providerFor(routed.provider, ctx.remote, await providerSetup(routed.provider, params.comfyWorkflow, ctx))
    const routing = params.route ? ` (${routeReason(routed)})` : ''
    const takeCount = params.takes
    // The prompt's characters bring their reference sheets; linked images come after them.
    const fromPrompt = inputs.prompt.references ?? []
    const linked = inputs.references ?? []
    const references = await Promise.all(distinctAssets([...fromPrompt, ...linked]).map((ref) => referenceImageOf(ctx.assets, ref)))
    const request = takeRequest(params, inputs.prompt, references)
    const { durationS } = request
    // Refused here, before the first take is submitted, so an impossible request costs nothing.
    const estimate = estimateRun(provider, request, takeCount)
    // A shut-down provider makes nothing new, but its takes already in the cache are still used:
    // each take is looked up below, and a missing one fails with the provider's own word on why.
    if (estimate.refusal && !provider.retired) {
      const tooMany = references.length > provider.capabilities.maxReferenceImages && fromPrompt.length > 0
      const origins = tooMany ? ` (${fromPrompt.length} from the prompt’s characters, ${linked.length} linked into references)` : ''
      throw new Error(`${provider.name}${routing}: ${estimate.refusal}${origins}`)
    }
    ctx.log(provider.retired ? provider.retired.message : `${takeCount} takes on ${provider.name}${routing}: ${formatCost(estimate.total)} (${estimate.perTake.basis})`)

    const takes: AssetRef[] = []
    for (let index = 0; index < takeCount; index++) {
      ctx.signal.throwIfAborted()
      // Each take has its own cache entry, stored the moment it is made: more takes add to these,
      // and a cancel keeps every take already finished.
      let jobKey: string | undefined
      const made = await ctx.memo(takeParts(params, routed.provider, durationS, index), async (key) => {
        jobKey = key
        // Paid for once the provider takes the job, whether or not the take comes back.
        const accepted = () => ctx.spend(estimate.perTake.amount)
        return { take: await makeTake(provider, { ...request, seed: takeSeed(params.seed, index) }, { index, count: takeCount, key, priceUsd: estimate.perTake.amount, accepted }, ctx) }
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
  take: { index: number; count: number; key: string; priceUsd: number; accepted: () => void },
  ctx: RunContext,
): Promise<AssetRef> {
  const { index, count, key, priceUsd, accepted } = take
  const meta = { name: `take ${index + 1}`, take: index + 1, seed: request.seed, provider: provider.id }
  const clip = await generate(provider, request, {
    signal: ctx.signal,
    onProgress: (fraction) => ctx.progress((index + fraction) / count, { unit: 'take', at: index + 1, of: count }),
    ledger: { jobs: ctx.remote.jobs, key, output: { nodeType: 'generate-video', port: 'take', meta }, priceUsd },
    onAccepted: accepted,
  })
  return storeClip(ctx.assets, clip, meta)
}

async function providerSetup(provider: ProviderId, file: AssetRef | undefined, ctx: RunContext): Promise<ProviderSetup> {
  const workflow = workflowFileOf(provider)
  if (!workflow || !file) return {}
  return workflow.read(await (await ctx.assets.get(file)).text(), file.meta.name ?? workflow.unnamed)
}

/** Each take its own seed, so takes differ, and the same take of the same shot is the same clip. */
export function takeSeed(seed: number, index: number): number {
  return (seed + index * 7919) % 2 ** 31
}
