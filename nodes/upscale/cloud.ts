/*
 * The upscale node's back ends off this machine (Runway and Topaz in the cloud, the person's own
 * ComfyUI servers): what an upscale would make and cost, worked
 * out from the clip's facts alone so the panel can say it before a run, and the run itself — a paid
 * job recorded in the jobs ledger under the upscale's cache key, so a reload or a second run
 * follows the job already paid for instead of paying again, and the result stored the moment it
 * is downloaded.
 */
import { isAssetRef, type AssetRef, type EstimateContext, type RunContext, type SpendApproval, type SpendEstimate, type Value } from '../../src/engine'
import { readContainerFacts } from '../../src/providers/clip-facts'
import { readUpscaleWorkflow } from '../../src/providers/comfyui/upscale-workflow'
import { comfyWorkflowApproval } from '../../src/providers/comfyui/workflow'
import type { UpscaleProviderId, UpscaleSetup } from '../../src/providers/upscale-registry'
import { generate, missingKey, storeClip, type CostEstimate, type GeneratedClip } from '../../src/providers/provider'
import { checkUpscale, type PictureSize, type UpscalePlan, type UpscaleProvider, type UpscaleRequest, type UpscaleSource } from '../../src/providers/upscale'
import { upscaledSize, type UpscaleTarget } from './size'

export interface CloudEstimate {
  plan: UpscalePlan
  /** What the back end will make: Runway rounds to its own sizes. */
  made: PictureSize
  cost: CostEstimate
  /** Why the back end cannot make it, when it cannot. */
  refusal?: string
}

export function estimateCloudUpscale(provider: UpscaleProvider, source: UpscaleSource, target: UpscaleTarget): CloudEstimate {
  const plan: UpscalePlan = { source, target: upscaledSize(source, target, true) }
  const refusal = checkUpscale(plan, provider)
  return { plan, made: provider.outputSize(source, plan.target), cost: provider.estimateCost(plan), ...(refusal ? { refusal } : {}) }
}

/** A clip's facts as its asset meta records them, for a price before the clip is read; undefined when the meta is short of them. */
export function sourceFromMeta(clip: AssetRef): UpscaleSource | undefined {
  const { width, height, durationS, fps, frameCount } = clip.meta
  if (typeof width !== 'number' || typeof height !== 'number' || typeof durationS !== 'number') return undefined
  const rate = typeof fps === 'number' && fps > 0 ? fps : 24
  const frames = typeof frameCount === 'number' ? frameCount : Math.round(durationS * rate)
  return { width, height, durationS, fps: rate, frameCount: frames, bytes: clip.bytes, mime: clip.mime.split(';')[0] ?? clip.mime }
}

/** A price as the person deciding whether to run reads it. */
export function formatPrice(amount: number): string {
  return amount === 0 ? 'free' : `about $${amount.toFixed(2)}`
}

/** An upscale planned on the clip's own bytes, as its container describes them: never on what a label claims. */
export async function probedUpscale(provider: UpscaleProvider, source: Blob, target: UpscaleTarget): Promise<CloudEstimate> {
  const facts = await readContainerFacts(source)
  if (!facts) throw new Error(`${provider.name}: the linked file has no picture to upscale`)
  return estimateCloudUpscale(provider, { ...facts, bytes: source.size }, target)
}

/**
 * What a cloud upscale would spend: the clip it would be given, probed as the run probes it. A clip
 * made during the run cannot be priced before it: the run asks, and asks again once it is made.
 */
export async function estimateCloudSpend(provider: UpscaleProvider, media: Value | undefined, pending: boolean, target: UpscaleTarget, ctx: EstimateContext): Promise<SpendEstimate> {
  const about = { provider: provider.id, name: provider.name }
  if (pending) return { kind: 'unpriced', ...about, why: 'its clip is made during the run, and the clip’s size and length set the price' }
  if (!isAssetRef(media) || media.kind !== 'video') return { kind: 'cannot-run', ...about, why: `${provider.name} upscales clips; for a still, choose Lanczos or ESRGAN` }
  const estimate = await probedUpscale(provider, await ctx.assets.get(media), target)
  if (estimate.refusal) return { kind: 'cannot-run', ...about, why: estimate.refusal }
  const noKey = provider.runsOn === 'cloud' ? await missingKey(ctx.remote, provider) : undefined
  if (noKey) return { kind: 'cannot-run', ...about, why: noKey }
  return { kind: 'priced', ...about, usd: estimate.cost.amount, units: 1, unit: 'upscale', basis: estimate.cost.basis }
}

/**
 * The node's own ComfyUI upscale workflow, read as the run reads it, with what the person is asked
 * before it is first sent (docs/providers.md §8); nothing for another method or the built-in workflow.
 */
export async function upscaleWorkflowSetup(
  method: UpscaleProviderId,
  file: AssetRef | undefined,
  assets: Pick<RunContext['assets'], 'get'>,
): Promise<{ setup: UpscaleSetup; approval?: SpendApproval; problem?: string }> {
  if (method !== 'comfyui' || !file) return { setup: {} }
  try {
    const workflow = readUpscaleWorkflow(await (await assets.get(file)).text(), file.meta.name ?? 'The ComfyUI workflow')
    return { setup: { comfyWorkflow: workflow }, approval: comfyWorkflowApproval(file, workflow) }
  } catch (error) {
    return { setup: {}, problem: error instanceof Error ? error.message : String(error) }
  }
}

/** `workflow` is the hash of the node's own ComfyUI workflow: another workflow makes another upscale. */
export async function cloudUpscale(provider: UpscaleProvider, source: Blob, clip: AssetRef, target: UpscaleTarget, ctx: RunContext, workflow?: string): Promise<AssetRef> {
  const estimate = await probedUpscale(provider, source, target)
  // Refused here, before anything is submitted, so an upscale that could never come back costs nothing.
  if (estimate.refusal) throw new Error(`${provider.name}: ${estimate.refusal}`)
  const { made, cost, plan } = estimate
  ctx.log(`${provider.name}: ${plan.source.width}×${plan.source.height} to ${made.width}×${made.height}, ${formatPrice(cost.amount)} (${cost.basis})`)
  let jobKey: string | undefined
  const method = provider.id
  const size = 'scale' in target ? { scale: target.scale } : { width: target.width, height: target.height }
  const parts = { method, ...size, ...(workflow ? { comfyWorkflow: workflow } : {}) }
  const result = await ctx.memo(parts, async (key) => {
    jobKey = key
    const meta = { ...clip.meta, provider: provider.id }
    const upscaled = await generate<UpscaleRequest, GeneratedClip>(provider, { ...plan, clip: source }, {
      signal: ctx.signal,
      onProgress: (fraction) => ctx.progress(fraction),
      noun: 'this upscale',
      // Paid for once the provider takes the job, whether or not the upscale comes back.
      onAccepted: () => ctx.spend(cost.amount),
      ledger: { jobs: ctx.remote.jobs, key, output: { nodeType: 'upscale', port: 'media', meta }, priceUsd: cost.amount },
    })
    return { media: await storeClip(ctx.assets, upscaled, meta) }
  })
  // The upscale is in the cache now; its paid job needs no more following.
  if (jobKey !== undefined) await ctx.remote.jobs.delete(jobKey)
  if (!isAssetRef(result.media)) throw new Error(`${provider.name} sent back no clip`)
  return result.media
}
