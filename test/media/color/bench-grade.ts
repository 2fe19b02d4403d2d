/*
 * Milliseconds per 1080p RGBA frame for each way of grading 8-bit pixels. Prints, asserts nothing.
 *   npx tsx test/media/color/bench-grade.ts
 *
 * Besides the shipped paths it times the alternatives `bakeGrade` was chosen over: a 65³ lattice of
 * the grade in 16-bit fixed point with integer tetrahedral lookup per pixel (1.6 MB instead of up to
 * 64 MB), and baking all 2²⁴ colors before the first frame. The floor is one read and one write per
 * pixel with no grading, to tell a slow machine from a slow path.
 */
import { bakeGrade, gradeRgba, gradeRgbaDirect, lutFromGrade, type Grade } from '../../../src/media/color/apply'
import { warmLut3d } from './looks'

const WIDTH = 1920
const HEIGHT = 1080
const LATTICE_SIZE = 65

const grade: Grade = {
  cdl: { slope: [1.1, 1, 0.92], offset: [0.01, 0, -0.01], power: [0.95, 1, 1.08], saturation: 1.15 },
  lut: warmLut3d(33),
  strength: 0.85,
}

/** Smooth gradients with grain: neighbouring pixels have near colors, as in footage. */
function footageLikeFrame(): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(WIDTH * HEIGHT * 4)
  let seed = 1
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      seed = (seed * 1664525 + 1013904223) >>> 0
      const grain = (seed >>> 29) - 4
      const index = (y * WIDTH + x) * 4
      pixels[index] = (x * 255) / WIDTH + grain
      // Grain mostly in luma, a little in chroma, as decoded 4:2:0 video has it.
      const chromaGrain = ((seed >>> 10) & 3) - 1
      pixels[index + 1] = (y * 255) / HEIGHT + grain + chromaGrain
      pixels[index + 2] = 128 + 100 * Math.sin((x + y) / 300) + grain - chromaGrain
      pixels[index + 3] = 255
    }
  }
  return pixels
}

/** Every pixel an unrelated color: the worst case for a table's cache behaviour. */
function noiseFrame(): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(WIDTH * HEIGHT * 4)
  let seed = 7
  for (let index = 0; index < pixels.length; index++) {
    seed = (seed * 1664525 + 1013904223) >>> 0
    pixels[index] = seed >>> 24
  }
  return pixels
}

interface Lattice {
  values: Uint16Array
  cellOffsetR: Int32Array
  cellOffsetG: Int32Array
  cellOffsetB: Int32Array
  fraction: Int32Array
  stepR: number
  stepG: number
  stepB: number
}

/** Graded colors at the lattice points as code value × 256; per input code its cell and 8-bit fraction. */
function bakeLattice(size: number): Lattice {
  const lut = lutFromGrade(grade, size)
  const values = new Uint16Array(lut.data.length)
  for (let index = 0; index < values.length; index++) {
    values[index] = Math.round(Math.min(1, Math.max(0, lut.data[index]!)) * 255 * 256)
  }
  const cellOffsetR = new Int32Array(256)
  const cellOffsetG = new Int32Array(256)
  const cellOffsetB = new Int32Array(256)
  const fraction = new Int32Array(256)
  for (let code = 0; code < 256; code++) {
    const position = (code * (size - 1)) / 255
    const cell = Math.min(Math.floor(position), size - 2)
    cellOffsetR[code] = cell * 3
    cellOffsetG[code] = cell * 3 * size
    cellOffsetB[code] = cell * 3 * size * size
    fraction[code] = Math.round((position - cell) * 256)
  }
  return { values, cellOffsetR, cellOffsetG, cellOffsetB, fraction, stepR: 3, stepG: 3 * size, stepB: 3 * size * size }
}

function gradeThroughLattice(pixels: Uint8ClampedArray, lattice: Lattice): void {
  const { values, cellOffsetR, cellOffsetG, cellOffsetB, fraction, stepR, stepG, stepB } = lattice
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length / 4)
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!
    const r = word & 0xff
    const g = (word >> 8) & 0xff
    const b = (word >> 16) & 0xff
    const fx = fraction[r]!
    const fy = fraction[g]!
    const fz = fraction[b]!
    const c000 = cellOffsetR[r]! + cellOffsetG[g]! + cellOffsetB[b]!
    const c111 = c000 + stepR + stepG + stepB
    // The six tetrahedra of the cell, as in apply.ts, with weights in 1/256.
    let w0 = 256 - fy
    let w1 = fy - fx
    let w2 = fx - fz
    let w3 = fz
    let c1 = c000 + stepG
    let c2 = c000 + stepR + stepG
    if (fx > fy) {
      if (fy > fz) {
        w0 = 256 - fx; w1 = fx - fy; w2 = fy - fz; w3 = fz; c1 = c000 + stepR; c2 = c000 + stepR + stepG
      } else if (fx > fz) {
        w0 = 256 - fx; w1 = fx - fz; w2 = fz - fy; w3 = fy; c1 = c000 + stepR; c2 = c000 + stepR + stepB
      } else {
        w0 = 256 - fz; w1 = fz - fx; w2 = fx - fy; w3 = fy; c1 = c000 + stepB; c2 = c000 + stepR + stepB
      }
    } else if (fz > fy) {
      w0 = 256 - fz; w1 = fz - fy; w2 = fy - fx; w3 = fx; c1 = c000 + stepB; c2 = c000 + stepG + stepB
    } else if (fz > fx) {
      w0 = 256 - fy; w1 = fy - fz; w2 = fz - fx; w3 = fx; c1 = c000 + stepG; c2 = c000 + stepG + stepB
    }
    const red = (w0 * values[c000]! + w1 * values[c1]! + w2 * values[c2]! + w3 * values[c111]! + 32768) >>> 16
    const green =
      (w0 * values[c000 + 1]! + w1 * values[c1 + 1]! + w2 * values[c2 + 1]! + w3 * values[c111 + 1]! + 32768) >>> 16
    const blue =
      (w0 * values[c000 + 2]! + w1 * values[c1 + 2]! + w2 * values[c2 + 2]! + w3 * values[c111 + 2]! + 32768) >>> 16
    words[index] = red | (green << 8) | (blue << 16) | (word & 0xff000000)
  }
}

function timed<T>(make: () => T): [T, number] {
  const start = performance.now()
  const made = make()
  return [made, performance.now() - start]
}

interface FrameTimes {
  median: number
  best: number
}

/** Times of `run` over fresh copies of `frame`, the copying not counted. */
function millisecondsPerFrame(frame: Uint8ClampedArray, run: (pixels: Uint8ClampedArray) => void, frames: number): FrameTimes {
  const pixels = new Uint8ClampedArray(frame.length)
  const times: number[] = []
  for (let count = 0; count < frames; count++) {
    pixels.set(frame)
    const start = performance.now()
    run(pixels)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)] ?? NaN, best: times[0] ?? NaN }
}

function noGrading(pixels: Uint8ClampedArray): void {
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length / 4)
  for (let index = 0; index < words.length; index++) words[index] = words[index]! ^ 0x10101
}

/** Every 8-bit color once, as RGBA: grading it bakes a whole table. */
function everyColor(): Uint8ClampedArray {
  const words = new Uint32Array(2 ** 24)
  for (let key = 0; key < words.length; key++) words[key] = key | 0xff000000
  return new Uint8ClampedArray(words.buffer)
}

/** Median and best, since a machine shared with other work is slow in bursts. */
function print(label: string, time: number | FrameTimes): void {
  const { median, best } = typeof time === 'number' ? { median: time, best: time } : time
  console.log(`${label.padEnd(52)} ${median.toFixed(1).padStart(8)} ms  (best ${best.toFixed(1)} ms)`)
}

const [lattice, latticeBakeMs] = timed(() => bakeLattice(LATTICE_SIZE))
const allColors = everyColor()
const [, eagerBakeMs] = timed(() => gradeRgba(allColors, bakeGrade(grade)))

console.log(`grade: CDL + 33³ tetrahedral LUT + strength 0.85; ${WIDTH}×${HEIGHT} RGBA frames; median per frame`)
print('bake all 2²⁴ colors up front (64 MB)', eagerBakeMs)
print(`bake ${LATTICE_SIZE}³ lattice (1.6 MB)`, latticeBakeMs)
for (const [name, frame] of [
  ['footage-like', footageLikeFrame()],
  ['noise', noiseFrame()],
] as const) {
  const table = bakeGrade(grade)
  print(`${name}: floor, no grading`, millisecondsPerFrame(frame, noGrading, 10))
  print(`${name}: direct float`, millisecondsPerFrame(frame, (pixels) => gradeRgbaDirect(pixels, grade), 3))
  print(`${name}: table, first frame (bakes its colors)`, millisecondsPerFrame(frame, (pixels) => gradeRgba(pixels, table), 1))
  print(`${name}: table, colors already baked`, millisecondsPerFrame(frame, (pixels) => gradeRgba(pixels, table), 20))
  print(`${name}: ${LATTICE_SIZE}³ lattice, integer tetrahedral`, millisecondsPerFrame(frame, (pixels) => gradeThroughLattice(pixels, lattice), 10))
}
