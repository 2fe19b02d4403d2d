/*
 * Routing a shot to the generator that suits it, as professionals do: close-ups to the tool with
 * the best faces, long wide shots to a cheaper one. A rule names a framing, read from
 * the prompt's camera field as shot lists write it ("close-up, dolly in", "WS, crane up"), and a
 * range of lengths; the first rule a shot matches decides its provider, and a shot no rule takes
 * goes to the node's own.
 */
import { z } from 'zod'
import type { ParamUi } from '../engine'
import { PROVIDER_IDS, PROVIDER_LABELS, RETIRED_PROVIDER_IDS, type ProviderId } from './registry'

export const FRAMINGS = ['close-up', 'medium', 'wide'] as const
export type Framing = (typeof FRAMINGS)[number]

/**
 * Framing words and their shot-list abbreviations. `null` marks words that look like a framing
 * and are not: a wide-angle lens says nothing about how much of the subject is in frame.
 */
const FRAMING_WORDS: Readonly<Record<string, Framing | null>> = {
  'extreme close-up': 'close-up',
  'medium close-up': 'close-up',
  'close-up': 'close-up',
  'insert': 'close-up',
  'ecu': 'close-up',
  'mcu': 'close-up',
  'cu': 'close-up',
  'medium': 'medium',
  'mid shot': 'medium',
  'medium wide': 'medium',
  'medium long': 'medium',
  'cowboy': 'medium',
  'ms': 'medium',
  'mws': 'medium',
  'wide': 'wide',
  'extreme wide': 'wide',
  'long shot': 'wide',
  'extreme long shot': 'wide',
  'full shot': 'wide',
  'establishing': 'wide',
  'ws': 'wide',
  'ews': 'wide',
  'ls': 'wide',
  'els': 'wide',
  'wide-angle': null,
  'wide angle': null,
}

/** The framing a camera description names first, or undefined when it names none. */
export function framingOf(camera: string): Framing | undefined {
  // "Close up", "closeup" and "close-up" are one word to a shot list.
  const text = ` ${camera.toLowerCase().replace(/close[\s-]?up/g, 'close-up').replace(/[^a-z-]+/g, ' ')} `
  // Where words start together, the longer is meant: "medium close-up", not "medium".
  const longestAt = new Map<number, string>()
  for (const words of Object.keys(FRAMING_WORDS)) {
    for (let at = text.indexOf(` ${words} `); at >= 0; at = text.indexOf(` ${words} `, at + 1)) {
      if (words.length > (longestAt.get(at)?.length ?? 0)) longestAt.set(at, words)
    }
  }
  const inOrder = [...longestAt].sort(([a], [b]) => a - b)
  return inOrder.map(([, words]) => FRAMING_WORDS[words]).find((framing) => framing != null) ?? undefined
}

/** The longest shot generate-video asks for: a rule's upper bound here takes every length. */
const LONGEST_SHOT_S = 120

export const routeRuleSchema = z.object({
  framing: z
    .enum(['any', ...FRAMINGS])
    .default('any')
    .meta({ ui: 'select', label: 'Framing', description: 'As the prompt’s camera field names it: “close-up, dolly in”, “WS, crane up”.' } satisfies ParamUi),
  minDurationS: z
    .number()
    .min(0)
    .max(LONGEST_SHOT_S)
    .default(0)
    .meta({ ui: 'number', unit: 's', step: 0.5, label: 'At least', description: 'Shots this long or longer; 0 takes any.' } satisfies ParamUi),
  maxDurationS: z
    .number()
    .min(0)
    .max(LONGEST_SHOT_S)
    .default(LONGEST_SHOT_S)
    .meta({ ui: 'number', unit: 's', step: 0.5, label: 'At most', description: `Shots this long or shorter; ${LONGEST_SHOT_S} takes any.` } satisfies ParamUi),
  provider: z
    .enum(PROVIDER_IDS)
    .default('animatic')
    .meta({ ui: 'select', label: 'Provider', optionLabels: PROVIDER_LABELS, closedOptions: RETIRED_PROVIDER_IDS } satisfies ParamUi),
})
export type RouteRule = z.output<typeof routeRuleSchema>

/** What routing needs to know of a shot. */
export interface ShotToRoute {
  /** The prompt's camera field, where the framing is named. */
  camera: string | undefined
  durationS: number
}

/** Where a shot goes and why, for the node to say before a run. */
export interface RoutedShot {
  provider: ProviderId
  framing?: Framing
  /** The rule that took the shot, counted from 1; undefined when none did and the node's own provider makes it. */
  rule?: number
}

export function routeShot(rules: readonly RouteRule[] | undefined, fallback: ProviderId, shot: ShotToRoute): RoutedShot {
  const framing = framingOf(shot.camera ?? '')
  const known = framing ? { framing } : {}
  const index = (rules ?? []).findIndex((rule) => ruleTakes(rule, framing, shot.durationS))
  const rule = rules?.[index]
  return rule ? { provider: rule.provider, ...known, rule: index + 1 } : { provider: fallback, ...known }
}

function ruleTakes(rule: RouteRule, framing: Framing | undefined, durationS: number): boolean {
  if (rule.framing !== 'any' && rule.framing !== framing) return false
  return durationS >= rule.minDurationS && durationS <= rule.maxDurationS
}

/** Why the shot went where it did, in a few words: “close-up, rule 1”. */
export function routeReason(routed: RoutedShot): string {
  const framing = routed.framing ?? 'framing not named'
  return routed.rule === undefined ? `${framing}, no rule: the node’s provider` : `${framing}, rule ${routed.rule}`
}
