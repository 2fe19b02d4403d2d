import { isAssetRef, parseParams, runsPerNode, type NodeRegistry } from '../engine'
import type { PipelineDoc } from '../graph'
import { isImageProviderId, imageProviderFor } from '../providers/image-registry'
import { estimateCloudUpscale, sourceFromMeta } from '../../nodes/upscale/cloud'
import { upscaleTarget } from '../../nodes/upscale/size'
import { ASPECTS, frameSize, type Aspect, type GenerationRequest } from '../providers/provider'
import { isProviderId, PROVIDER_LABELS, providerFor } from '../providers/registry'
import { routeRuleSchema, routeShot } from '../providers/route'
import { SOUND_KINDS, type SoundKind } from '../providers/sound'
import { SOUND_PROVIDER_IDS, soundProviderFor, type SoundProviderId } from '../providers/sound-registry'
import type { UpscaleSource } from '../providers/upscale'
import { isUpscaleProviderId, upscaleProviderFor } from '../providers/upscale-registry'

/** The shot length a provider is asked for when neither the node nor its prompt says (the prompt's default). */
const DEFAULT_SHOT_S = 5

/** One back end a pipeline would call, with what a full run would ask of it. */
export interface ProviderCall {
  provider: string
  /** As the filmmaker knows it; the id when this build does not know the provider. */
  name: string
  known: boolean
  nodes: number
  takes: number
  /** In USD, for every take of every node; undefined for a provider this build does not know. */
  estimatedUsd?: number
}

/**
 * The providers a pipeline would call and what a run from scratch would cost, read from its nodes'
 * `provider` params (generation nodes name their back end there). Cached takes cost nothing, so
 * this is the most a run can cost, before anything is generated.
 */
export function providerCallsOf(doc: PipelineDoc, registry: NodeRegistry): ProviderCall[] {
  const calls = new Map<string, ProviderCall>()
  // A node that runs per item pays for every item: its takes and price count once per run.
  const runs = runsPerNode(doc, registry)
  for (const node of doc.nodes) {
    const definition = registry.get(node.type)
    if (!definition) continue
    const parsed = parseParams(definition.params, node.params)
    const params = parsed.ok ? parsed.params : node.params
    if (node.type === 'upscale') {
      addUpscaleCall(calls, doc, node.id, params, runs.get(node.id) ?? 1)
      continue
    }
    if (!('provider' in definition.params.shape)) continue
    const id = routedProvider(doc, node.id, params) ?? (typeof params.provider === 'string' ? params.provider : undefined)
    if (id === undefined) continue
    const takes = (typeof params.takes === 'number' ? params.takes : 1) * (runs.get(node.id) ?? 1)
    const price = priceOf(doc, node.id, node.type, id, params)
    const known = price !== undefined
    const call = calls.get(id) ?? { provider: id, name: price?.name ?? id, known, nodes: 0, takes: 0, ...(known ? { estimatedUsd: 0 } : {}) }
    call.nodes += 1
    call.takes += takes
    if (price && call.estimatedUsd !== undefined) call.estimatedUsd += price.amount * takes
    calls.set(id, call)
  }
  return [...calls.values()]
}

/**
 * A cloud upscale (its `method` names the back end) priced for the clip a full run would bring it:
 * the facts of the generated take or the uploaded clip it comes from. Nodes between (a take picker,
 * a grade, a trim) keep the size and at most the length, so this is an upper bound; an upscale whose
 * source cannot be traced is left out, as its price is said on the node once the clip is made.
 */
function addUpscaleCall(calls: Map<string, ProviderCall>, doc: PipelineDoc, nodeId: string, params: Record<string, unknown>, runs: number): void {
  const method = params.method
  if (typeof method !== 'string' || !isUpscaleProviderId(method)) return
  const source = clipReaching(doc, nodeId)
  if (!source) return
  const provider = upscaleProviderFor(method)
  const amount = estimateCloudUpscale(provider, source, upscaleTarget(params)).cost.amount * runs
  const call = calls.get(method) ?? { provider: method, name: provider.name, known: true, nodes: 0, takes: 0, estimatedUsd: 0 }
  call.nodes += 1
  call.takes += runs
  call.estimatedUsd = (call.estimatedUsd ?? 0) + amount
  calls.set(method, call)
}

/** How many links back a clip's source is looked for: further than any real chain of edits. */
const MAX_TRACE = 32

/** The clip that reaches a node, as the generation node or the uploaded clip it starts from describes it. */
function clipReaching(doc: PipelineDoc, nodeId: string): UpscaleSource | undefined {
  let current = nodeId
  for (let step = 0; step < MAX_TRACE; step++) {
    const link = doc.edges.find((edge) => edge.to.node === current)
    const from = link && doc.nodes.find((node) => node.id === link.from.node)
    if (!from) return undefined
    if (from.type === 'generate-video') {
      const request = requestOf(doc, from.id, from.params)
      const { width, height } = frameSize(request.aspect, request.height)
      return { width, height, durationS: request.durationS, fps: request.fps, frameCount: Math.round(request.durationS * request.fps), bytes: 0, mime: 'video/mp4' }
    }
    if (from.type === 'video-input') return isAssetRef(from.params.file) ? sourceFromMeta(from.params.file) : undefined
    current = from.id
  }
  return undefined
}

/** The provider's name and one take's price, or undefined for a provider this build does not know. */
function priceOf(doc: PipelineDoc, nodeId: string, nodeType: string, id: string, params: Record<string, unknown>): { name: string; amount: number } | undefined {
  if (isProviderId(id)) {
    return { name: PROVIDER_LABELS[id], amount: providerFor(id).estimateCost(requestOf(doc, nodeId, params)).amount }
  }
  if (isImageProviderId(id) && nodeType === 'generate-image') {
    const provider = imageProviderFor(id)
    const { prompt, references, aspect, height, seed } = requestOf(doc, nodeId, params)
    return { name: provider.name, amount: provider.estimateCost({ prompt, references, aspect, height, seed }).amount }
  }
  if (isSoundProviderId(id) && (SOUND_KINDS as readonly string[]).includes(nodeType)) {
    const provider = soundProviderFor(id)
    const text = typeof params.text === 'string' ? params.text : ''
    const durationS = typeof params.durationS === 'number' ? params.durationS : undefined
    return { name: provider.name, amount: provider.estimateCost({ kind: nodeType as SoundKind, text, ...(durationS !== undefined ? { durationS } : {}) }).amount }
  }
  return undefined
}

function isSoundProviderId(id: string): id is SoundProviderId {
  return (SOUND_PROVIDER_IDS as readonly string[]).includes(id)
}

/** The request a node's params describe, as far as a price depends on it. */
function requestOf(doc: PipelineDoc, nodeId: string, params: Record<string, unknown>): GenerationRequest {
  return {
    prompt: { text: '', fields: {} },
    references: [],
    durationS: typeof params.durationS === 'number' ? params.durationS : promptDuration(doc, nodeId),
    aspect: ASPECTS.includes(params.aspect as Aspect) ? (params.aspect as Aspect) : '16:9',
    height: typeof params.height === 'number' ? params.height : 720,
    fps: typeof params.fps === 'number' ? params.fps : 24,
    seed: typeof params.seed === 'number' ? params.seed : 1,
  }
}

/** The duration of the prompt linked into the node, which generation uses when the node sets none. */
function promptDuration(doc: PipelineDoc, nodeId: string): number {
  const durationS = linkedPrompt(doc, nodeId)?.durationS
  return typeof durationS === 'number' ? durationS : DEFAULT_SHOT_S
}

/** The params of the prompt node linked into a generation node. */
function linkedPrompt(doc: PipelineDoc, nodeId: string): Record<string, unknown> | undefined {
  const link = doc.edges.find((edge) => edge.to.node === nodeId && edge.to.port === 'prompt')
  return link && doc.nodes.find((node) => node.id === link.from.node)?.params
}

/** Where a generation node's routing rules send its shot, read from its prompt node's camera and length; undefined without rules. */
function routedProvider(doc: PipelineDoc, nodeId: string, params: Record<string, unknown>): string | undefined {
  const rules = routeRuleSchema.array().safeParse(params.route)
  if (!rules.success || typeof params.provider !== 'string' || !isProviderId(params.provider)) return undefined
  const camera = linkedPrompt(doc, nodeId)?.camera
  const durationS = typeof params.durationS === 'number' ? params.durationS : promptDuration(doc, nodeId)
  return routeShot(rules.data, params.provider, { camera: typeof camera === 'string' ? camera : undefined, durationS }).provider
}
