import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { axisTaps, lanczosPlaneResampler, lanczosResampler, resampleLanczos } from '../../../src/media/resample/lanczos'
import { psnr, rgbaToRgb, rgbToRgba } from '../color/ffmpeg'

const WIDTH = 320
const HEIGHT = 180

/** ffmpeg over packed RGB through stdin and stdout; RGB in and out, so no chroma subsampling muddies the comparison. */
function ffmpegRgb(args: string[], input?: Uint8Array): Uint8Array {
  const result = spawnSync('ffmpeg', ['-v', 'error', ...args], { input, maxBuffer: 256 * 1024 * 1024 })
  if (result.error) throw new Error(`ffmpeg could not run (the resampling tests need it): ${result.error.message}`)
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr.toString()}`)
  return new Uint8Array(result.stdout)
}

function testFrame(width: number, height: number): Uint8Array {
  return ffmpegRgb(['-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'])
}

function ffmpegLanczos(rgb: Uint8Array, width: number, height: number, toWidth: number, toHeight: number): Uint8Array {
  return ffmpegRgb(
    [
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-i', '-',
      '-vf', `scale=${toWidth}:${toHeight}:flags=lanczos`, '-sws_flags', 'lanczos+accurate_rnd+full_chroma_int',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
    ],
    rgb,
  )
}

function ours(rgb: Uint8Array, width: number, height: number, toWidth: number, toHeight: number): Uint8Array {
  return rgbaToRgb(new Uint8ClampedArray(resampleLanczos({ pixels: rgbToRgba(rgb), width, height }, toWidth, toHeight)))
}

describe('Lanczos taps', () => {
  it('weigh to exactly one for every output pixel, growing and shrinking', () => {
    for (const [from, to] of [[320, 640], [640, 320], [1920, 3840], [360, 180], [7, 5]] as const) {
      const { taps, weights } = axisTaps(from, to)
      for (let out = 0; out < to; out++) {
        let sum = 0
        for (let tap = 0; tap < taps; tap++) sum += weights[out * taps + tap]!
        expect(sum).toBe(1 << 14)
      }
    }
  })

  it('refuses a size that is not a whole number of pixels', () => {
    expect(() => axisTaps(320, 0)).toThrow(/at least 1/)
    expect(() => axisTaps(320, 10.5)).toThrow(/whole numbers/)
  })
})

// ffmpeg and full-frame resampling take seconds on a busy machine.
describe('Lanczos against ffmpeg', { timeout: 60_000 }, () => {
  const source = testFrame(WIDTH, HEIGHT)

  it('×2 matches scale=…:flags=lanczos at 40 dB or more', () => {
    const reference = ffmpegLanczos(source, WIDTH, HEIGHT, WIDTH * 2, HEIGHT * 2)
    const figure = psnr(ours(source, WIDTH, HEIGHT, WIDTH * 2, HEIGHT * 2), reference)
    console.log(`Lanczos ×2 against ffmpeg: ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(40)
  })

  it('a shrink to half and an uneven size match ffmpeg too', () => {
    for (const [toWidth, toHeight] of [[WIDTH / 2, HEIGHT / 2], [500, 213]] as const) {
      const figure = psnr(ours(source, WIDTH, HEIGHT, toWidth, toHeight), ffmpegLanczos(source, WIDTH, HEIGHT, toWidth, toHeight))
      console.log(`Lanczos ${WIDTH}×${HEIGHT} → ${toWidth}×${toHeight} against ffmpeg: ${figure.toFixed(2)} dB`)
      expect(figure).toBeGreaterThanOrEqual(35)
    }
  })

  it('leaves a picture at its own size untouched, alpha included', () => {
    const pixels = rgbToRgba(source)
    for (let alpha = 3; alpha < pixels.length; alpha += 4) pixels[alpha] = (alpha * 7) & 255
    expect(resampleLanczos({ pixels, width: WIDTH, height: HEIGHT }, WIDTH, HEIGHT)).toEqual(new Uint8Array(pixels))
  })

  it('1080p → 2160p speed (printed, not asserted)', () => {
    const frame = rgbToRgba(testFrame(1920, 1080))
    const upscale = lanczosResampler(1920, 1080, 3840, 2160)
    const into = new Uint8Array(3840 * 2160 * 4)
    upscale({ pixels: frame, width: 1920, height: 1080 }, into)
    const runs = 5
    const start = performance.now()
    for (let run = 0; run < runs; run++) upscale({ pixels: frame, width: 1920, height: 1080 }, into)
    console.log(`Lanczos 1920×1080 → 3840×2160: ${((performance.now() - start) / runs).toFixed(1)} ms per frame`)
  })
})

describe('Lanczos on 4:2:0 planes against ffmpeg', { timeout: 60_000 }, () => {
  /** A frame as packed I420, and ffmpeg's own Lanczos of it, plane by plane as `scale` does it. */
  const frame = ffmpegRgb(['-f', 'lavfi', '-i', `testsrc2=s=${WIDTH}x${HEIGHT}`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'])
  const lumaSize = WIDTH * HEIGHT
  const chromaSize = lumaSize / 4

  function oursOnPlanes(toWidth: number, toHeight: number): Uint8Array {
    const into = new Uint8Array(toWidth * toHeight * 1.5)
    const toLuma = toWidth * toHeight
    lanczosPlaneResampler(WIDTH, HEIGHT, toWidth, toHeight)({ data: frame, offset: 0, stride: WIDTH, step: 1, width: WIDTH, height: HEIGHT }, into)
    const chroma = lanczosPlaneResampler(WIDTH / 2, HEIGHT / 2, toWidth / 2, toHeight / 2)
    chroma({ data: frame, offset: lumaSize, stride: WIDTH / 2, step: 1, width: WIDTH / 2, height: HEIGHT / 2 }, into.subarray(toLuma))
    chroma({ data: frame, offset: lumaSize + chromaSize, stride: WIDTH / 2, step: 1, width: WIDTH / 2, height: HEIGHT / 2 }, into.subarray(toLuma * 1.25))
    return into
  }

  it('×2 matches scale=…:flags=lanczos on yuv420p at 40 dB or more', () => {
    const theirs = ffmpegRgb(
      [
        '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${WIDTH}x${HEIGHT}`, '-i', '-',
        '-vf', `scale=${WIDTH * 2}:${HEIGHT * 2}:flags=lanczos+accurate_rnd`, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-',
      ],
      frame,
    )
    const ours = oursOnPlanes(WIDTH * 2, HEIGHT * 2)
    const toLuma = WIDTH * HEIGHT * 4
    const lumaFigure = psnr(ours.subarray(0, toLuma), theirs.subarray(0, toLuma))
    const wholeFigure = psnr(ours, theirs)
    console.log(`Lanczos ×2 on planes against ffmpeg: luma ${lumaFigure.toFixed(2)} dB, all planes ${wholeFigure.toFixed(2)} dB`)
    expect(lumaFigure).toBeGreaterThanOrEqual(40)
    expect(wholeFigure).toBeGreaterThanOrEqual(40)
  })

  it('reads NV12’s interleaved chroma as I420’s separate planes', () => {
    const width = WIDTH / 2
    const height = HEIGHT / 2
    const interleaved = new Uint8Array(chromaSize * 2)
    for (let index = 0; index < chromaSize; index++) {
      interleaved[2 * index] = frame[lumaSize + index]!
      interleaved[2 * index + 1] = frame[lumaSize + chromaSize + index]!
    }
    const resample = lanczosPlaneResampler(width, height, WIDTH, HEIGHT)
    const fromPlanes = new Uint8Array(lumaSize)
    const fromInterleaved = new Uint8Array(lumaSize)
    resample({ data: frame, offset: lumaSize + chromaSize, stride: width, step: 1, width, height }, fromPlanes)
    resample({ data: interleaved, offset: 1, stride: WIDTH, step: 2, width, height }, fromInterleaved)
    expect(fromInterleaved).toEqual(fromPlanes)
  })

  it('gives the same samples in WebAssembly SIMD as in the JavaScript loops, in bands and from NV12', () => {
    const sizes = [[WIDTH * 2, HEIGHT * 2], [WIDTH, HEIGHT], [WIDTH * 2 - 3, HEIGHT + 7], [WIDTH + 1, HEIGHT * 3]] as const
    for (const [toWidth, toHeight] of sizes) {
      const luma = { data: frame, offset: 0, stride: WIDTH, step: 1, width: WIDTH, height: HEIGHT }
      const simd = new Uint8Array(toWidth * toHeight)
      const scalar = new Uint8Array(toWidth * toHeight)
      lanczosPlaneResampler(WIDTH, HEIGHT, toWidth, toHeight)(luma, simd)
      lanczosPlaneResampler(WIDTH, HEIGHT, toWidth, toHeight, { simd: false })(luma, scalar)
      expect(simd, `${toWidth}×${toHeight}`).toEqual(scalar)
      // A band of columns, as a worker resamples it, leaves the rest alone.
      const band = new Uint8Array(toWidth * toHeight)
      lanczosPlaneResampler(WIDTH, HEIGHT, toWidth, toHeight)(luma, band, 5, 130)
      for (let y = 0; y < toHeight; y++) {
        expect(band.subarray(y * toWidth + 5, y * toWidth + 130)).toEqual(scalar.subarray(y * toWidth + 5, y * toWidth + 130))
        expect(band[y * toWidth + 4]).toBe(0)
      }
    }
    const width = WIDTH / 2
    const height = HEIGHT / 2
    const interleaved = { data: frame, offset: 1, stride: WIDTH, step: 2, width, height }
    const simd = new Uint8Array(WIDTH * HEIGHT)
    const scalar = new Uint8Array(WIDTH * HEIGHT)
    lanczosPlaneResampler(width, height, WIDTH, HEIGHT)(interleaved, simd)
    lanczosPlaneResampler(width, height, WIDTH, HEIGHT, { simd: false })(interleaved, scalar)
    expect(simd).toEqual(scalar)
  })
})
