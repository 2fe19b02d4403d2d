import { z } from 'zod'
import { defineNode, distinctAssets, isAssetRef, port, type AssetRef, type ParamUi, type RunContext, type SpendEstimate } from '../../src/engine'
import { checkImageRequest, storeImage, type ImageProvider, type ImageRequest } from '../../src/providers/image'
import { IMAGE_PROVIDER_IDS, imageProviderFor } from '../../src/providers/image-registry'
import { accountSlot, ASPECTS, countedReferences, generate, missingKey, referenceImageOf, type ReferenceImage } from '../../src/providers/provider'

export const generateImageParams = z.object({
  provider: z.enum(IMAGE_PROVIDER_IDS).default('storyboard').meta({ ui: 'select', label: 'Provider' } satisfies ParamUi),
  aspect: z.enum(ASPECTS).default('16:9').meta({ ui: 'select', label: 'Aspect' } satisfies ParamUi),
  height: z
    .number()
    .int()
    .positive()
    .default(720)
    .meta({ ui: 'number', unit: 'p', label: 'Resolution', description: '480, 720 or 1080: the short side, as for a take.' } satisfies ParamUi),
  seed: z.number().int().min(0).default(1).meta({ ui: 'number', label: 'Seed' } satisfies ParamUi),
})

export type GenerateImageSettings = z.output<typeof generateImageParams>

export default defineNode({
  type: 'generate-image',
  version: 1,
  title: 'Generate image',
  category: 'Generation',
  description: 'A storyboard frame from a shot prompt and its reference images: drawn offline, or made by an image model.',
  inputs: {
    prompt: port.prompt(),
    references: port.list('image', { optional: true }),
  },
  outputs: { image: port.image() },
  params: generateImageParams,
  resources: (params) => (params.provider === 'storyboard' ? ['cpu'] : [accountSlot(imageProviderFor(params.provider))]),
  // The frame's price depends on its shape and its references, not on the prompt's words; references
  // made during the run are priced at the most the provider takes.
  async estimate({ inputs, pending, params, ctx }): Promise<SpendEstimate> {
    const provider = imageProviderFor(params.provider)
    const about = { provider: provider.id, name: provider.name }
    const prompt = inputs.prompt ?? { text: '', fields: {} }
    const known = distinctAssets([...(inputs.prompt?.references ?? []), ...(inputs.references ?? [])]).length
    const request = frameRequest(params, prompt, countedReferences(known))
    const refusal = checkImageRequest(request, provider.capabilities)
    if (refusal) return { kind: 'cannot-run', ...about, why: refusal }
    const counts = pending.has('prompt') || pending.has('references') ? [known, Math.max(known, provider.capabilities.maxReferenceImages)] : [known]
    const costs = counts.map((count) => provider.estimateCost(frameRequest(params, prompt, countedReferences(count))))
    const cost = costs.reduce((most, next) => (next.amount > most.amount ? next : most))
    const noKey = provider.runsOn === 'cloud' ? await missingKey(ctx.remote, provider) : undefined
    if (noKey) return { kind: 'cannot-run', ...about, why: noKey }
    return { kind: 'priced', ...about, usd: cost.amount, units: 1, unit: 'frame', basis: cost.basis }
  },
  async run({ inputs, params, ctx }) {
    const provider = imageProviderFor(params.provider, ctx.remote)
    const references = await Promise.all(distinctAssets([...(inputs.prompt.references ?? []), ...(inputs.references ?? [])]).map((ref) => referenceImageOf(ctx.assets, ref)))
    if (inputs.prompt.text.trim() === '') throw new Error('the prompt is empty: describe the frame')
    const request = frameRequest(params, inputs.prompt, references)
    // Refused here, before anything is submitted, so an impossible frame costs nothing.
    const refusal = checkImageRequest(request, provider.capabilities)
    if (refusal) throw new Error(`${provider.name}: ${refusal}`)
    const cost = provider.estimateCost(request)
    ctx.log(`${provider.name}: ${cost.amount === 0 ? 'free' : `about $${cost.amount.toFixed(2)}`} (${cost.basis})`)
    let jobKey: string | undefined
    const made = await ctx.memo({ ...params }, async (key) => {
      jobKey = key
      // Paid for once the provider takes the job, whether or not the frame comes back.
      return { image: await makeFrame(provider, request, { key, priceUsd: cost.amount, accepted: () => ctx.spend(cost.amount) }, ctx) }
    })
    // The frame is in the cache now; its paid job needs no more following.
    if (jobKey !== undefined) await ctx.remote.jobs.delete(jobKey)
    if (!isAssetRef(made.image)) throw new Error('the frame came back without an image')
    return { image: made.image }
  },
})

/** What the provider is asked for: the prompt's text and fields, its references, the frame's shape and seed. */
export function frameRequest(settings: GenerateImageSettings, prompt: { text: string; fields: Record<string, string> }, references: ReferenceImage[]): ImageRequest {
  return { prompt: { text: prompt.text, fields: prompt.fields }, references, aspect: settings.aspect, height: settings.height, seed: settings.seed }
}

async function makeFrame(provider: ImageProvider, request: ImageRequest, job: { key: string; priceUsd: number; accepted: () => void }, ctx: RunContext): Promise<AssetRef> {
  const { key, priceUsd, accepted } = job
  const meta = { name: 'storyboard frame', seed: request.seed, provider: provider.id }
  const still = await generate(provider, request, {
    signal: ctx.signal,
    onProgress: (fraction) => ctx.progress(fraction),
    ledger: { jobs: ctx.remote.jobs, key, output: { nodeType: 'generate-image', port: 'image', meta }, priceUsd },
    onAccepted: accepted,
  })
  return storeImage(ctx.assets, still, meta)
}
