/* ffmpeg as the reference the color tests compare against. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const TEST_WIDTH = 320
export const TEST_HEIGHT = 240

function ffmpeg(args: string[], input?: Uint8Array): Uint8Array {
  const result = spawnSync('ffmpeg', ['-v', 'error', ...args], { input, maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw new Error(`ffmpeg could not run (the color tests need it): ${result.error.message}`)
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr.toString()}`)
  return new Uint8Array(result.stdout)
}

/** One frame of ffmpeg's testsrc2 as packed RGB, 3 bytes a pixel. */
export function testImageRgb(): Uint8Array {
  return ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=s=${TEST_WIDTH}x${TEST_HEIGHT}`,
    '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
  ])
}

/** Runs `filter` (with `{lut}` standing for the path of `cubeText`) over a packed RGB image. */
export function ffmpegWithCube(rgb: Uint8Array, cubeText: string, filter: string): Uint8Array {
  const directory = mkdtempSync(join(tmpdir(), 'reelgraph-color-'))
  try {
    const lutPath = join(directory, 'grade.cube')
    writeFileSync(lutPath, cubeText)
    return ffmpeg(
      [
        '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${TEST_WIDTH}x${TEST_HEIGHT}`, '-i', '-',
        '-vf', filter.replace('{lut}', lutPath), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
      ],
      rgb,
    )
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

export function rgbToRgba(rgb: Uint8Array): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray((rgb.length / 3) * 4)
  for (let pixel = 0; pixel < rgb.length / 3; pixel++) {
    rgba.set(rgb.subarray(pixel * 3, pixel * 3 + 3), pixel * 4)
    rgba[pixel * 4 + 3] = 255
  }
  return rgba
}

export function rgbaToRgb(rgba: Uint8ClampedArray): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3)
  for (let pixel = 0; pixel < rgba.length / 4; pixel++) rgb.set(rgba.subarray(pixel * 4, pixel * 4 + 3), pixel * 3)
  return rgb
}

/** Peak signal-to-noise ratio of two 8-bit images, in dB; Infinity when they are equal. */
export function psnr(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray): number {
  if (a.length !== b.length) throw new Error(`images differ in size: ${a.length} and ${b.length} bytes`)
  let squaredError = 0
  for (let index = 0; index < a.length; index++) squaredError += (a[index]! - b[index]!) ** 2
  return squaredError === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / squaredError)
}

/** The largest difference between two 8-bit images at any one sample. */
export function largestDifference(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray): number {
  let largest = 0
  for (let index = 0; index < a.length; index++) largest = Math.max(largest, Math.abs(a[index]! - b[index]!))
  return largest
}
