/*
 * The animatic's sound: a soft ambient bed of filtered noise, its colour and movement set by the
 * shot's mood, quiet enough to sit under a temp score. Deterministic per seed.
 */
import { seededRandom } from './seeded'

export const AMBIENCE_RATE = 48_000

export interface AmbienceShape {
  /** Cut-off of the low-pass over the noise: low is a dark rumble, high an airy hiss. */
  cutoffHz: number
  /** Level as a linear gain; the bed's RMS comes out at about 0.6 of it (−30 dBFS or so). */
  level: number
  /** How fast the bed swells and falls, per second. */
  swellHz: number
}

const MOODS: readonly { words: RegExp; shape: AmbienceShape }[] = [
  { words: /tense|dread|ominous|dark|menac|fear|lonely|eerie|sinister/, shape: { cutoffHz: 220, level: 0.06, swellHz: 0.35 } },
  { words: /joy|happy|bright|playful|upbeat|warm|hope|cheer/, shape: { cutoffHz: 2400, level: 0.04, swellHz: 0.15 } },
  { words: /calm|serene|peace|quiet|dream|gentle|tender|melanchol/, shape: { cutoffHz: 800, level: 0.035, swellHz: 0.08 } },
  { words: /epic|urgent|frantic|chaotic|energetic|action/, shape: { cutoffHz: 1200, level: 0.07, swellHz: 0.8 } },
]

const NEUTRAL: AmbienceShape = { cutoffHz: 600, level: 0.04, swellHz: 0.12 }

export function ambienceShape(mood: string): AmbienceShape {
  const text = mood.toLowerCase()
  return MOODS.find((entry) => entry.words.test(text))?.shape ?? NEUTRAL
}

/** Two channels of ambience, `durationS` long, fading in and out over half a second. */
export function ambienceBed(mood: string, durationS: number, seed: number): [Float32Array, Float32Array] {
  const { cutoffHz, level, swellHz } = ambienceShape(mood)
  const length = Math.round(durationS * AMBIENCE_RATE)
  const alpha = 1 - Math.exp((-2 * Math.PI * cutoffHz) / AMBIENCE_RATE)
  // A one-pole low-pass loses level as it darkens; this keeps the bed's loudness about the same.
  const makeUp = Math.sqrt(2 / alpha)
  const fade = Math.min(0.5, durationS / 4) * AMBIENCE_RATE
  const channels: [Float32Array, Float32Array] = [new Float32Array(length), new Float32Array(length)]
  channels.forEach((channel, side) => {
    const random = seededRandom(seed * 2 + side)
    const phase = random() * Math.PI * 2
    let low = 0
    for (let i = 0; i < length; i++) {
      low += alpha * (random() * 2 - 1 - low)
      const swell = 0.75 + 0.25 * Math.sin((2 * Math.PI * swellHz * i) / AMBIENCE_RATE + phase)
      const edge = Math.min(1, i / fade, (length - 1 - i) / fade)
      channel[i] = Math.max(-1, Math.min(1, low * makeUp * level * swell * edge))
    }
  })
  return channels
}
