/*
 * What a generate-video run would ask of its provider and what it would cost, worked out by the
 * same code the run uses (its routing on the prompt it is given, its request): the node logs it
 * when it runs, and its `estimate` says it before, to the panel, the confirm dialog and the run's check.
 */
import { distinctAssets, isAssetRef, isPrompt, type AssetRef, type EstimateContext, type PromptValue, type SpendApproval, type SpendEstimate, type Value } from '../../src/engine'
import { checkRequest, countedReferences, missingKey, type Aspect, type CostEstimate, type GenerationProvider, type GenerationRequest, type ReferenceImage } from '../../src/providers/provider'
import { providerFor, workflowFileOf, type ProviderId, type ProviderSetup } from '../../src/providers/registry'
import { routeShot, type RoutedShot, type RouteRule } from '../../src/providers/route'

/** The node's params that shape one take. */
export interface ShotSettings {
  durationS?: number | undefined
  aspect: Aspect
  height: number
  fps: number
  seed: number
}

export interface RunEstimate {
  takes: number
  durationS: number
  /** One take's price on this provider. */
  perTake: CostEstimate
  /** Every take's, in the provider's currency. */
  total: number
  /** Why the provider cannot make this request, when it cannot. */
  refusal?: string
}

/** The shot's length: the node's own when set, else the prompt's, else 5 s. */
export function shotDuration(durationS: number | undefined, promptFields: Readonly<Record<string, string>> | undefined): number {
  return durationS ?? (Number(promptFields?.durationS) || 5)
}

/** The provider this shot goes to: the first routing rule its framing and length meet, else the node's own. */
export function shotRoute(
  settings: { provider: ProviderId; route?: readonly RouteRule[] | undefined; durationS?: number | undefined },
  prompt: Pick<PromptValue, 'fields'> | undefined,
): RoutedShot {
  return routeShot(settings.route, settings.provider, { camera: prompt?.fields.camera, durationS: shotDuration(settings.durationS, prompt?.fields) })
}

/** What the provider is asked for each take (before each take's own seed). */
export function takeRequest(settings: ShotSettings, prompt: Pick<PromptValue, 'text' | 'fields'>, references: ReferenceImage[]): GenerationRequest {
  return {
    prompt: { text: prompt.text, fields: prompt.fields },
    references,
    durationS: shotDuration(settings.durationS, prompt.fields),
    aspect: settings.aspect,
    height: settings.height,
    fps: settings.fps,
    seed: settings.seed,
  }
}

export function estimateRun(provider: GenerationProvider, request: GenerationRequest, takes: number): RunEstimate {
  const perTake = provider.estimateCost(request)
  const refusal = checkRequest(request, provider.capabilities)
  return { takes, durationS: request.durationS, perTake, total: perTake.amount * takes, ...(refusal ? { refusal } : {}) }
}

/** A price as the person deciding whether to run reads it. */
export function formatCost(amount: number): string {
  return amount === 0 ? 'free' : `about $${amount.toFixed(2)}`
}

/** The node's params an estimate reads. */
export interface GenerationSettings extends ShotSettings {
  provider: ProviderId
  route?: readonly RouteRule[] | undefined
  takes: number
  comfyWorkflow?: AssetRef | undefined
}

/**
 * What one take's cache entry is keyed by (its `ctx.memo` parts): the provider that makes it, not
 * the rules that chose it, so editing a rule this shot does not meet keeps its takes; a workflow
 * only where the back end runs one (ComfyUI). The run and the estimate both ask with these.
 */
export function takeParts(params: GenerationSettings, provider: ProviderId, durationS: number, take: number): Record<string, unknown> {
  const { takes: _count, comfyWorkflow, ...settings } = params
  const workflowKey = workflowFileOf(provider) && comfyWorkflow ? { comfyWorkflow: comfyWorkflow.hash } : {}
  return { ...settings, route: undefined, provider, ...workflowKey, durationS, take }
}

/** How many of the shot's takes are in the cache already (made by an earlier run): they cost nothing again. */
async function takesCached(params: GenerationSettings, provider: ProviderId, durationS: number, ctx: EstimateContext): Promise<number> {
  const { memoized } = ctx
  if (!memoized) return 0
  const found = await Promise.all(Array.from({ length: params.takes }, (_, take) => memoized(takeParts(params, provider, durationS, take))))
  return found.filter(Boolean).length
}

/**
 * What a run of the node would spend, on the inputs it would be given: the prompt's filled-in
 * fields choose the provider as they do in the run. A prompt made during the run leaves the price
 * unknown unless every provider the shot could go to is free; references made during the run are
 * priced at the most the provider takes.
 */
export async function estimateGeneration(args: {
  params: GenerationSettings
  inputs: { prompt?: PromptValue | undefined; references?: Value[] | undefined }
  pending: ReadonlySet<string>
  ctx: EstimateContext
}): Promise<SpendEstimate> {
  const { params, inputs, pending, ctx } = args
  if (pending.has('prompt') || !inputs.prompt || !isPrompt(inputs.prompt)) {
    const reachable = [...new Set([params.provider, ...(params.route ?? []).map((rule) => rule.provider)])].map((id) => providerFor(id))
    const first = reachable[0] ?? providerFor(params.provider)
    if (reachable.every((provider) => provider.runsOn !== 'cloud')) return { kind: 'priced', provider: first.id, name: first.name, usd: 0, units: params.takes, unit: 'take', basis: first.estimateCost(takeRequest(params, { text: '', fields: {} }, [])).basis }
    return { kind: 'unpriced', provider: first.id, name: reachable.map((provider) => provider.name).join(' or '), why: 'the shot’s prompt is made during the run, and its framing and length choose the provider and the price' }
  }
  const prompt = inputs.prompt
  const routed = shotRoute(params, prompt)
  // Takes made before are taken from the cache, whatever the provider's state: only the rest are paid for.
  const toMake = params.takes - (await takesCached(params, routed.provider, shotDuration(params.durationS, prompt.fields), ctx))
  if (toMake === 0) return { kind: 'priced', provider: routed.provider, name: providerFor(routed.provider).name, usd: 0, units: 0, unit: 'take', basis: 'every take in the cache' }
  const setup = await workflowSetup(routed.provider, params.comfyWorkflow, ctx)
  const provider = providerFor(routed.provider, undefined, setup.setup)
  const about = { provider: provider.id, name: provider.name }
  if (provider.retired) return { kind: 'cannot-run', ...about, why: provider.retired.message }
  if (setup.problem) return { kind: 'cannot-run', ...about, why: setup.problem }
  const known = distinctAssets([...(prompt.references ?? []), ...(inputs.references ?? []).filter(isAssetRef)]).length
  const request = (count: number) => takeRequest(params, prompt, countedReferences(count))
  const estimate = estimateRun(provider, request(known), toMake)
  if (estimate.refusal) return { kind: 'cannot-run', ...about, why: estimate.refusal }
  // References made during the run: priced at the most the provider takes, never less than the run pays.
  const most = pending.has('references') ? estimateRun(provider, request(Math.max(known, provider.capabilities.maxReferenceImages)), toMake) : estimate
  const usd = Math.max(estimate.total, most.total)
  const noKey = provider.runsOn === 'cloud' ? await missingKey(ctx.remote, provider) : undefined
  if (noKey) return { kind: 'cannot-run', ...about, why: noKey }
  return { kind: 'priced', ...about, usd, units: toMake, unit: 'take', basis: (usd > estimate.total ? most : estimate).perTake.basis, ...(setup.approval ? { approval: setup.approval } : {}) }
}

/** The node's own workflow (ComfyUI's), read as the run reads it, with what the person is asked before it is first sent. */
async function workflowSetup(provider: ProviderId, file: AssetRef | undefined, ctx: EstimateContext): Promise<{ setup: ProviderSetup; approval?: SpendApproval; problem?: string }> {
  const workflow = workflowFileOf(provider)
  if (!workflow || !file) return { setup: {} }
  try {
    const setup = workflow.read(await (await ctx.assets.get(file)).text(), file.meta.name ?? workflow.unnamed)
    const approval = workflow.approval(file, setup)
    return { setup, ...(approval ? { approval } : {}) }
  } catch (error) {
    return { setup: {}, problem: error instanceof Error ? error.message : String(error) }
  }
}
