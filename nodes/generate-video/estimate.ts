/*
 * What a generate-video run would ask of its provider and what it would cost, worked out from the
 * params and the prompt alone: the node logs it when it runs, and its panel shows it before.
 */
import type { PromptValue } from '../../src/engine'
import { checkRequest, type Aspect, type CostEstimate, type GenerationProvider, type GenerationRequest, type ReferenceImage } from '../../src/providers/provider'
import type { ProviderId } from '../../src/providers/registry'
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
