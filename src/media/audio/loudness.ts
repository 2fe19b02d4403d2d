/*
 * Programme loudness and true peak per ITU-R BS.1770-4, with the gating and meter windows of
 * EBU R128 / EBU Tech 3341. Plain TypeScript over planar Float32Array channels, so the same code
 * measures in Node tests, in the page and in a worker.
 */

/** What the mix node needs to normalise: integrated loudness, true peak and sample peak. */
export interface LoudnessMeasurement {
  /** −Infinity when no 400 ms block passes the gates (silence, or shorter than 400 ms). */
  integratedLufs: number
  truePeakDbtp: number
  samplePeakDbfs: number
}

export interface LoudnessOptions {
  /**
   * Channel weights G_i of BS.1770-4 Table 3. Defaults: 1.0 each for 1–3 channels; L R C Ls Rs
   * for 5 channels and L R C LFE Ls Rs (the WAV and ffmpeg order) for 6, surrounds 1.41 and LFE 0.
   */
  channelWeights?: readonly number[]
}

/** Direct-form biquad with a0 normalised to 1. */
export interface BiquadCoefficients {
  b0: number
  b1: number
  b2: number
  a1: number
  a2: number
}

/** 400 ms gating blocks stepped by 100 ms (75 % overlap, BS.1770-4 Annex 1); also Tech 3341's meter tick. */
const STEP_S = 0.1
const MOMENTARY_STEPS = 4
const SHORT_TERM_STEPS = 30
/** The −0.691 dB offset makes a 997 Hz full-scale sine in one front channel read −3.01 LKFS. */
const LOUDNESS_OFFSET = -0.691
const ABSOLUTE_GATE_LUFS = -70
const RELATIVE_GATE_LU = -10
/** K-weighting's high shelf sits at 1.68 kHz; below about 8 kHz its bilinear design degrades. */
const MIN_SAMPLE_RATE = 8000

/**
 * The two K-weighting stages (BS.1770-4 Annex 1, Tables 1 and 2) for any sample rate. The
 * recommendation lists coefficients for 48 kHz only; these come from the analogue prototype those
 * coefficients were derived from (the shelf's f0, gain and Q, the high-pass's f0 and Q, as in
 * libebur128 and ffmpeg), through the bilinear transform. At 48 kHz they reproduce the tables.
 */
export function kWeightingFilters(sampleRate: number): [shelf: BiquadCoefficients, highPass: BiquadCoefficients] {
  assertSampleRate(sampleRate)
  const shelfK = Math.tan((Math.PI * 1681.974450955533) / sampleRate)
  const shelfQ = 0.7071752369554196
  const shelfGain = 10 ** (3.999843853973347 / 20)
  const shelfBandGain = shelfGain ** 0.4996667741545416
  const shelfA0 = 1 + shelfK / shelfQ + shelfK * shelfK
  const shelf: BiquadCoefficients = {
    b0: (shelfGain + (shelfBandGain * shelfK) / shelfQ + shelfK * shelfK) / shelfA0,
    b1: (2 * (shelfK * shelfK - shelfGain)) / shelfA0,
    b2: (shelfGain - (shelfBandGain * shelfK) / shelfQ + shelfK * shelfK) / shelfA0,
    a1: (2 * (shelfK * shelfK - 1)) / shelfA0,
    a2: (1 - shelfK / shelfQ + shelfK * shelfK) / shelfA0,
  }
  const highPassK = Math.tan((Math.PI * 38.13547087602444) / sampleRate)
  const highPassQ = 0.5003270373238773
  const highPassA0 = 1 + highPassK / highPassQ + highPassK * highPassK
  // Table 2 keeps the numerator at 1, −2, 1 rather than normalising it; we keep the table's gain.
  const highPass: BiquadCoefficients = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (highPassK * highPassK - 1)) / highPassA0,
    a2: (1 - highPassK / highPassQ + highPassK * highPassK) / highPassA0,
  }
  return [shelf, highPass]
}

/** Integrated loudness (gated, BS.1770-4 Annex 1), true peak (Annex 2) and sample peak of a programme. */
export function measureLoudness(
  channels: readonly Float32Array[],
  sampleRate: number,
  options: LoudnessOptions = {},
): LoudnessMeasurement {
  const steps = weightedStepPowers(channels, sampleRate, options)
  let samplePeak = 0
  let truePeak = 0
  for (const channel of channels) {
    const channelSamplePeak = samplePeakOf(channel)
    samplePeak = Math.max(samplePeak, channelSamplePeak)
    // A true peak below a sample that is really there would be a misreading: the Annex 2 filter's
    // phase 0 is close to, not exactly, the identity. libebur128 reports the larger of the two too.
    truePeak = interpolatedPeakOf(channel, Math.max(truePeak, channelSamplePeak))
  }
  return {
    integratedLufs: gatedLoudness(windowPowers(steps, MOMENTARY_STEPS)),
    truePeakDbtp: 20 * Math.log10(truePeak),
    samplePeakDbfs: 20 * Math.log10(samplePeak),
  }
}

/** A meter reading every 100 ms; `values[i]` is the window that ends at `firstEndS + i * stepS`. */
export interface LoudnessSeries {
  firstEndS: number
  stepS: number
  values: Float64Array
}

/**
 * Momentary (400 ms) and short-term (3 s) loudness, ungated, every 100 ms (EBU Tech 3341).
 * Only complete windows are reported, so a programme shorter than a window gives an empty series.
 */
export function loudnessOverTime(
  channels: readonly Float32Array[],
  sampleRate: number,
  options: LoudnessOptions = {},
): { momentary: LoudnessSeries; shortTerm: LoudnessSeries } {
  const steps = weightedStepPowers(channels, sampleRate, options)
  const series = (windowSteps: number): LoudnessSeries => ({
    firstEndS: windowSteps * STEP_S,
    stepS: STEP_S,
    values: windowPowers(steps, windowSteps).map(powerToLufs),
  })
  return { momentary: series(MOMENTARY_STEPS), shortTerm: series(SHORT_TERM_STEPS) }
}

export interface NormalizationTarget {
  targetLufs: number
  /** The ceiling the gain may not push the true peak over; EBU R128 asks for −1 dBTP. */
  maxTruePeakDbtp?: number
}

/**
 * The gain that brings a programme to `targetLufs`, or less when that would push its true peak over
 * the ceiling (`limitedByPeak`). Gain scales the true peak exactly, so no second measurement is
 * needed. A programme with no gated loudness (silence) gets 0 dB: there is nothing to bring up.
 */
export function normalizationGain(
  measured: Pick<LoudnessMeasurement, 'integratedLufs' | 'truePeakDbtp'>,
  { targetLufs, maxTruePeakDbtp = -1 }: NormalizationTarget,
): { gainDb: number; limitedByPeak: boolean } {
  if (!Number.isFinite(measured.integratedLufs)) return { gainDb: 0, limitedByPeak: false }
  const gainDb = targetLufs - measured.integratedLufs
  const peakRoomDb = maxTruePeakDbtp - measured.truePeakDbtp
  if (gainDb > peakRoomDb) return { gainDb: peakRoomDb, limitedByPeak: true }
  return { gainDb, limitedByPeak: false }
}

function assertSampleRate(sampleRate: number): void {
  if (!Number.isFinite(sampleRate) || sampleRate < MIN_SAMPLE_RATE) {
    throw new RangeError(`loudness needs a sample rate of at least ${MIN_SAMPLE_RATE} Hz, not ${sampleRate}`)
  }
}

function defaultChannelWeights(channelCount: number): readonly number[] {
  if (channelCount >= 1 && channelCount <= 3) return new Array<number>(channelCount).fill(1)
  if (channelCount === 5) return [1, 1, 1, 1.41, 1.41]
  if (channelCount === 6) return [1, 1, 1, 0, 1.41, 1.41]
  throw new RangeError(
    `there is no standard loudness weighting for ${channelCount} channels; pass channelWeights (BS.1770-4 Table 3)`,
  )
}

interface StepPowers {
  /** Σ_i G_i · Σ y_i² over the step (not yet divided by its length). */
  weightedEnergy: Float64Array
  sampleCounts: Float64Array
}

/**
 * The K-weighted energy of every 100 ms step, summed over channels with their weights, so that a
 * window's Σ G_i·z_i (BS.1770-4's loudness formula) is its steps' energy over its sample count.
 * Step edges are rounded to samples, so rates that are not a multiple of 10 Hz work too.
 */
function weightedStepPowers(
  channels: readonly Float32Array[],
  sampleRate: number,
  options: LoudnessOptions,
): StepPowers {
  assertSampleRate(sampleRate)
  const length = channels[0]?.length ?? 0
  if (channels.some((channel) => channel.length !== length)) {
    throw new RangeError('all channels must have the same number of samples')
  }
  const weights = options.channelWeights ?? defaultChannelWeights(channels.length)
  if (weights.length !== channels.length) {
    throw new RangeError(`${weights.length} channel weights for ${channels.length} channels`)
  }
  const edges: number[] = [0]
  for (let step = 1; Math.round((step * sampleRate) / 10) <= length; step++) {
    edges.push(Math.round((step * sampleRate) / 10))
  }
  const stepCount = edges.length - 1
  const weightedEnergy = new Float64Array(stepCount)
  const sampleCounts = new Float64Array(stepCount)
  for (let step = 0; step < stepCount; step++) sampleCounts[step] = edges[step + 1]! - edges[step]!
  const [shelf, highPass] = kWeightingFilters(sampleRate)
  channels.forEach((channel, index) => {
    const weight = weights[index]!
    if (weight === 0) return
    const energy = kWeightedStepEnergy(channel, edges, shelf, highPass)
    for (let step = 0; step < stepCount; step++) weightedEnergy[step]! += weight * energy[step]!
  })
  return { weightedEnergy, sampleCounts }
}

/** Runs one channel through both K-weighting biquads (transposed direct form II) and sums y² per step. */
function kWeightedStepEnergy(
  channel: Float32Array,
  edges: readonly number[],
  shelf: BiquadCoefficients,
  highPass: BiquadCoefficients,
): Float64Array {
  const energy = new Float64Array(edges.length - 1)
  let shelfState1 = 0
  let shelfState2 = 0
  let highPassState1 = 0
  let highPassState2 = 0
  for (let step = 0; step < energy.length; step++) {
    let sum = 0
    for (let n = edges[step]!, end = edges[step + 1]!; n < end; n++) {
      const x = channel[n]!
      const shelved = shelf.b0 * x + shelfState1
      shelfState1 = shelf.b1 * x - shelf.a1 * shelved + shelfState2
      shelfState2 = shelf.b2 * x - shelf.a2 * shelved
      const y = highPass.b0 * shelved + highPassState1
      highPassState1 = highPass.b1 * shelved - highPass.a1 * y + highPassState2
      highPassState2 = highPass.b2 * shelved - highPass.a2 * y
      sum += y * y
    }
    energy[step] = sum
  }
  return energy
}

/** Mean weighted power of every complete window of `windowSteps` consecutive steps. */
function windowPowers({ weightedEnergy, sampleCounts }: StepPowers, windowSteps: number): Float64Array {
  const windowCount = Math.max(0, weightedEnergy.length - windowSteps + 1)
  const powers = new Float64Array(windowCount)
  for (let first = 0; first < windowCount; first++) {
    let energy = 0
    let samples = 0
    for (let step = first; step < first + windowSteps; step++) {
      energy += weightedEnergy[step]!
      samples += sampleCounts[step]!
    }
    powers[first] = energy / samples
  }
  return powers
}

function powerToLufs(power: number): number {
  return LOUDNESS_OFFSET + 10 * Math.log10(power)
}

/** BS.1770-4 Annex 1 gating: absolute gate at −70 LUFS, then a relative gate 10 LU under the survivors. */
function gatedLoudness(blockPowers: Float64Array): number {
  const aboveAbsolute = blockPowers.filter((power) => powerToLufs(power) > ABSOLUTE_GATE_LUFS)
  if (aboveAbsolute.length === 0) return -Infinity
  const relativeGateLufs = powerToLufs(mean(aboveAbsolute)) + RELATIVE_GATE_LU
  return powerToLufs(mean(aboveAbsolute.filter((power) => powerToLufs(power) > relativeGateLufs)))
}

function mean(values: Float64Array): number {
  let sum = 0
  for (const value of values) sum += value
  return sum / values.length
}

function samplePeakOf(channel: Float32Array): number {
  let peak = 0
  for (const sample of channel) peak = Math.max(peak, Math.abs(sample))
  return peak
}

/**
 * The 4× oversampling interpolator of BS.1770-4 Annex 2: 48 taps as 4 phases of 12, each phase giving
 * one of the four points per input sample. The Annex's −12.04 dB pre-attenuation only buys headroom
 * for fixed-point arithmetic and is left out in floating point.
 */
const INTERPOLATOR_PHASES: readonly [Float64Array, Float64Array, Float64Array, Float64Array] = [
  Float64Array.of(
    0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
    0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500,
  ),
  Float64Array.of(
    -0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
    0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375,
  ),
  Float64Array.of(
    -0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
    0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875,
  ),
  Float64Array.of(
    -0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
    0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750,
  ),
]
const TAPS_PER_PHASE = 12

/** Output positions the interpolator looks at together when deciding what it can skip. */
const PEAK_BLOCK = 512
/** The most any phase can amplify: the largest sum of |tap| over a phase's taps. */
const LARGEST_PHASE_GAIN = Math.max(...INTERPOLATOR_PHASES.map((phase) => phase.reduce((sum, tap) => sum + Math.abs(tap), 0)))

/**
 * Largest |value| of the 4× oversampled signal, including the filter's ring-in and ring-out at both
 * ends, or `floor` when nothing is above it. The loudest stretches are interpolated first; a stretch
 * whose samples, times the most a phase can amplify them, cannot pass the peak found so far is left
 * out, so the answer is exact and most of a programme is never interpolated.
 */
function interpolatedPeakOf(channel: Float32Array, floor: number): number {
  const padded = new Float64Array(channel.length + 2 * (TAPS_PER_PHASE - 1))
  padded.set(channel, TAPS_PER_PHASE - 1)
  const positions = padded.length - TAPS_PER_PHASE + 1
  const blocks: { start: number; bound: number }[] = []
  for (let start = 0; start < positions; start += PEAK_BLOCK) {
    let largest = 0
    for (let index = start, end = Math.min(padded.length, start + PEAK_BLOCK + TAPS_PER_PHASE - 1); index < end; index++) {
      largest = Math.max(largest, Math.abs(padded[index]!))
    }
    blocks.push({ start, bound: largest * LARGEST_PHASE_GAIN })
  }
  blocks.sort((a, b) => b.bound - a.bound)
  let peak = floor
  for (const { start, bound } of blocks) {
    if (bound <= peak) break
    peak = Math.max(peak, blockPeak(padded, start, Math.min(positions, start + PEAK_BLOCK)))
  }
  return peak
}

function blockPeak(padded: Float64Array, from: number, to: number): number {
  const [phase0, phase1, phase2, phase3] = INTERPOLATOR_PHASES
  let peak = 0
  for (let start = from; start < to; start++) {
    let point0 = 0
    let point1 = 0
    let point2 = 0
    let point3 = 0
    for (let tap = 0; tap < TAPS_PER_PHASE; tap++) {
      const sample = padded[start + tap]!
      point0 += phase0[tap]! * sample
      point1 += phase1[tap]! * sample
      point2 += phase2[tap]! * sample
      point3 += phase3[tap]! * sample
    }
    const largest = Math.max(Math.abs(point0), Math.abs(point1), Math.abs(point2), Math.abs(point3))
    if (largest > peak) peak = largest
  }
  return peak
}

/**
 * For each sample, the largest |value| of the 4× oversampled signal (the Annex 2 interpolator, as
 * `measureLoudness` reads true peak) next to it, over all channels: what a true-peak limiter must
 * keep under its ceiling there. The points between two samples count for both.
 */
export function truePeakEnvelope(channels: readonly Float32Array[]): Float32Array {
  const length = channels[0]?.length ?? 0
  const envelope = new Float32Array(length)
  for (const channel of channels) {
    const padded = new Float64Array(length + 2 * (TAPS_PER_PHASE - 1))
    padded.set(channel, TAPS_PER_PHASE - 1)
    const positions = padded.length - TAPS_PER_PHASE + 1
    const points = new Float64Array(positions)
    for (let position = 0; position < positions; position++) points[position] = blockPeak(padded, position, position + 1)
    for (let index = 0; index < length; index++) {
      // The points at position p lie between samples p − 6 and p − 5 (the filter's delay).
      let peak = Math.max(envelope[index]!, Math.abs(channel[index]!))
      for (let position = index + INTERPOLATOR_DELAY - 1; position <= index + INTERPOLATOR_DELAY + 2 && position < positions; position++) peak = Math.max(peak, points[position]!)
      envelope[index] = peak
    }
  }
  return envelope
}

/** How many input samples the interpolator's output trails by, less a half. */
const INTERPOLATOR_DELAY = 5
