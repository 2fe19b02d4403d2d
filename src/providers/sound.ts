/*
 * Back ends that make sound from words: dialogue (text to speech), sound effects and music. They
 * answer at once with the audio's bytes (no job to follow), so a take is paid when it is asked for
 * and cached the moment it arrives; the node's cache key keeps a re-run from paying again.
 */
import type { CostEstimate } from './provider'

export const SOUND_KINDS = ['speech', 'sound-effect', 'music'] as const
export type SoundKind = (typeof SOUND_KINDS)[number]

export interface SoundRequest {
  kind: SoundKind
  /** The line to speak, or the description of the effect or the music. */
  text: string
  /** Speech only: the provider's voice id. */
  voice?: string
  /** Effects and music: how long; undefined lets the back end choose. */
  durationS?: number
  seed?: number
}

export interface SoundProvider {
  id: string
  name: string
  runsOn: 'this-machine' | 'cloud'
  kinds: readonly SoundKind[]
  /** Limits per kind, checked before anything is paid. */
  limits: Readonly<Record<SoundKind, { maxChars: number; durationS?: { min: number; max: number } }>>
  estimateCost(request: SoundRequest): CostEstimate
  make(request: SoundRequest, signal?: AbortSignal): Promise<Blob>
}

/** Why a back end cannot make this sound, or undefined when it can. */
export function checkSoundRequest(request: SoundRequest, provider: SoundProvider): string | undefined {
  if (!provider.kinds.includes(request.kind)) return `${provider.name} does not make ${request.kind.replace('-', ' ')}`
  if (request.text.trim() === '') return request.kind === 'speech' ? 'there is no line to speak' : 'there is no description of the sound'
  const limits = provider.limits[request.kind]
  if (request.text.length > limits.maxChars) return `${provider.name} takes at most ${limits.maxChars} characters here, and this is ${request.text.length}`
  const range = limits.durationS
  if (request.durationS !== undefined && range && (request.durationS < range.min || request.durationS > range.max)) {
    return `${provider.name} makes ${request.kind.replace('-', ' ')} from ${range.min} to ${range.max} s, not ${request.durationS} s`
  }
  return undefined
}
