import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Grade } from '../../../src/media/color/apply'
import { writeCube } from '../../../src/media/color/cube'
import { bakeYuvGrade, gradeYuv420, i420Size, yuvMatrixOf, type YuvMatrix } from '../../../src/media/color/yuv'
import { psnr, TEST_HEIGHT, TEST_WIDTH } from './ffmpeg'
import { packedI420 } from './planes'
import { splitToneLut1d, warmLut3d } from './looks'
import { strongLook } from '../../strong-look'
import { parseCube } from '../../../src/media/color/cube'

const BT601_LIMITED: YuvMatrix = { name: 'bt601', fullRange: false }

function ffmpegYuv(args: string[], input?: Uint8Array): Uint8Array {
  const result = spawnSync('ffmpeg', ['-v', 'error', ...args], { input, maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr?.toString()}`)
  return new Uint8Array(result.stdout)
}

/** testsrc2 as ffmpeg's encoders get it: packed I420, BT.601 limited range (testsrc2 only makes even sizes). */
function testFrameI420(width = TEST_WIDTH, height = TEST_HEIGHT): Uint8Array {
  return ffmpegYuv([
    '-f', 'lavfi', '-i', `testsrc2=s=${TEST_WIDTH}x${TEST_HEIGHT}`, '-vf', `scale=${width}:${height}`,
    '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-',
  ])
}

/** What ffmpeg does to a 4:2:0 clip with `-vf lut3d` (or lut1d): to RGB, the table, back to 4:2:0. */
function ffmpegGraded(frame: Uint8Array, cube: string, filter: string): Uint8Array {
  const directory = mkdtempSync(join(tmpdir(), 'reelgraph-yuv-'))
  try {
    const lutPath = join(directory, 'grade.cube')
    writeFileSync(lutPath, cube)
    return ffmpegYuv(
      [
        '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${TEST_WIDTH}x${TEST_HEIGHT}`, '-i', '-',
        '-vf', `${filter.replace('{lut}', lutPath)},format=yuv420p`, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-',
      ],
      frame,
    )
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

function ours(frame: Uint8Array, grade: Grade, width = TEST_WIDTH, height = TEST_HEIGHT): Uint8Array {
  const into = new Uint8Array(i420Size(width, height))
  gradeYuv420(packedI420(frame, width, height), bakeYuvGrade(grade, BT601_LIMITED), into)
  return into
}

/**
 * swscale's exact conversions between 8-bit Y'CbCr and RGB (its defaults take a fast path for 4:2:0
 * to RGB that comes out about a code value dark): with them the grade's own mismatch shows.
 */
const EXACT = 'accurate_rnd+full_chroma_int'
const BT709_IN = `scale=in_color_matrix=bt709:in_range=tv:flags=${EXACT}`
const BT709_OUT = `scale=out_color_matrix=bt709:out_range=tv:flags=${EXACT}`

/** Smooth colour with grain in the luma, BT.709 limited range, as the one-pass bench's clip. */
function gradientFrameI420(): Uint8Array {
  return ffmpegYuv([
    '-f', 'lavfi', '-i', `gradients=s=${TEST_WIDTH}x${TEST_HEIGHT}:nb_colors=3:c0=0xc04020:c1=0x2060c0:c2=0x40c060:x0=0:y0=0:x1=${TEST_WIDTH - 1}:y1=${TEST_HEIGHT - 1},format=yuv420p,noise=c0s=4:all_seed=7`,
    '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-',
  ])
}

/** Runs `filter` over one raw frame of `pixelFormat` and gives `outFormat`'s bytes. */
function ffmpegFrame(frame: Uint8Array, pixelFormat: string, filter: string, outFormat: string): Uint8Array {
  return ffmpegYuv(['-f', 'rawvideo', '-pix_fmt', pixelFormat, '-s', `${TEST_WIDTH}x${TEST_HEIGHT}`, '-i', '-', '-vf', filter, '-f', 'rawvideo', '-pix_fmt', outFormat, '-'], frame)
}

function lumaOf(frame: Uint8Array): Uint8Array {
  return frame.subarray(0, TEST_WIDTH * TEST_HEIGHT)
}

describe('grading 4:2:0 frames in their own planes', { timeout: 30_000 }, () => {
  it('matches ffmpeg’s lut3d (tetrahedral) on a BT.601 clip, to RGB and back', () => {
    const frame = testFrameI420()
    const lut = warmLut3d(33)
    const reference = ffmpegGraded(frame, writeCube(lut), 'lut3d=file={lut}:interp=tetrahedral')
    expect(psnr(reference, frame)).toBeLessThan(30)
    const graded = ours(frame, { lut })
    expect(psnr(lumaOf(graded), lumaOf(reference))).toBeGreaterThanOrEqual(45)
    expect(psnr(graded, reference)).toBeGreaterThanOrEqual(40)
  })

  it('matches ffmpeg’s lut1d', () => {
    const frame = testFrameI420()
    const lut = splitToneLut1d(64)
    const reference = ffmpegGraded(frame, writeCube(lut), 'lut1d=file={lut}:interp=linear')
    expect(psnr(reference, frame)).toBeLessThan(38)
    const graded = ours(frame, { lut })
    expect(psnr(lumaOf(graded), lumaOf(reference))).toBeGreaterThanOrEqual(45)
    expect(psnr(graded, reference)).toBeGreaterThanOrEqual(40)
  })

  it('under an identity grade, changes only what ffmpeg’s own trip through 8-bit RGB changes', () => {
    const frame = testFrameI420()
    const reference = ffmpegGraded(frame, '', 'format=rgb24')
    const graded = ours(frame, { strength: 0 })
    expect(psnr(lumaOf(graded), lumaOf(frame))).toBeGreaterThanOrEqual(50)
    expect(psnr(graded, reference)).toBeGreaterThanOrEqual(45)
  })

  it('agrees with lut3d in RGB to within what 4:2:0 alone costs (lut3d truncates its result to a code value)', () => {
    const frame = gradientFrameI420()
    const cube = strongLook(33)
    const directory = mkdtempSync(join(tmpdir(), 'reelgraph-yuv-'))
    try {
      const lutPath = join(directory, 'look.cube')
      writeFileSync(lutPath, cube)
      // The truth: ffmpeg's grade in RGB, never back in 4:2:0.
      const truth = ffmpegFrame(frame, 'yuv420p', `${BT709_IN},format=rgb24,lut3d=file=${lutPath}:interp=tetrahedral`, 'rgb24')
      const toRgb = (i420: Uint8Array) => ffmpegFrame(i420, 'yuv420p', `${BT709_IN},format=rgb24`, 'rgb24')
      // What 4:2:0 alone costs: ffmpeg's own 4:2:0 of the truth, read back as RGB.
      const ceiling = psnr(toRgb(ffmpegFrame(truth, 'rgb24', `${BT709_OUT},format=yuv420p`, 'yuv420p')), truth)
      const into = new Uint8Array(i420Size(TEST_WIDTH, TEST_HEIGHT))
      gradeYuv420(packedI420(frame, TEST_WIDTH, TEST_HEIGHT), bakeYuvGrade({ lut: parseCube(cube) }, { name: 'bt709', fullRange: false }), into)
      expect(ceiling).toBeGreaterThan(45)
      expect(psnr(toRgb(into), truth)).toBeGreaterThanOrEqual(ceiling - 0.5)
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })

  it('grades odd sizes and NV12 the same as I420', () => {
    const width = 33
    const height = 17
    const frame = testFrameI420(width, height)
    const grade: Grade = { lut: warmLut3d(9) }
    const expected = ours(frame, grade, width, height)
    // The same samples with Cb and Cr interleaved after the luma, as NV12 lays them out.
    const chroma = ((width + 1) >> 1) * ((height + 1) >> 1)
    const nv12 = new Uint8Array(frame.length)
    nv12.set(frame.subarray(0, width * height))
    for (let index = 0; index < chroma; index++) {
      nv12[width * height + 2 * index] = frame[width * height + index]!
      nv12[width * height + 2 * index + 1] = frame[width * height + chroma + index]!
    }
    const into = new Uint8Array(i420Size(width, height))
    const chromaStride = 2 * ((width + 1) >> 1)
    gradeYuv420(
      { data: nv12, width, height, y: { offset: 0, stride: width }, cb: { offset: width * height, stride: chromaStride }, cr: { offset: width * height + 1, stride: chromaStride }, chromaStep: 2 },
      bakeYuvGrade(grade, BT601_LIMITED),
      into,
    )
    expect(into).toEqual(expected)
    expect(psnr(expected, frame)).toBeLessThan(30)
  })

  it('knows the matrices WebCodecs names and leaves the rest to the RGBA road', () => {
    expect(yuvMatrixOf({ matrix: 'smpte170m', fullRange: false })).toEqual(BT601_LIMITED)
    expect(yuvMatrixOf({ matrix: 'bt709', fullRange: true })).toEqual({ name: 'bt709', fullRange: true })
    expect(yuvMatrixOf({ matrix: 'rgb' })).toBeUndefined()
    expect(yuvMatrixOf({})).toBeUndefined()
  })
})
