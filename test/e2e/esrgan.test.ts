/**
 * ESRGAN in the upscale node, in real Chromium through the headless runner: the model and the
 * TensorFlow.js WASM binaries come from the app's own origin, the model runs in a worker, tile by
 * tile. A known picture is shrunk by ffmpeg and brought back ×2: ESRGAN must come closer to the
 * original than the plain pixel-doubling of a nearest-neighbour upscale.
 *
 * The picture is the app's sample plate (soft gradients and hard silhouettes, like footage), shrunk
 * bicubically as the model's training pictures were. On a test card of saturated bars whose edges
 * fall on even pixels, pixel doubling is nearly exact after an area shrink, and no resampler beats it.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot, runReelgraph } from './harness'
import { ffmpeg, pipelineLink as link, pipelineNode as node, probeStreams, psnrOf, writePipeline, type Report } from './pipeline-files'

let work: string
/** 640×360, the picture to get back to. */
let original: string
/** The same at 320×180: two tiles across, so a seam would cost the figure too. */
let small: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-esrgan-'))
  original = join(work, 'original.png')
  small = join(work, 'small.png')
  await ffmpeg(['-i', join(projectRoot, 'public', 'samples', 'dusk-hills.jpg'), '-vf', 'scale=640:360:flags=area', original])
  await ffmpeg(['-i', original, '-vf', 'scale=320:180:flags=bicubic', small])
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('ESRGAN upscaling in Chromium', () => {
  it('upscales a still ×2, closer to the original than a nearest-neighbour upscale', async () => {
    const doc = await writePipeline(work, 'esrgan', [node('frame', 'image-input'), node('up', 'upscale', { method: 'esrgan', scale: 2 })], [link('frame', 'image', 'up', 'media')])
    const result = await runReelgraph(['run', doc, '--out', join(work, 'out'), '--input', `frame=${small}`, '--save', 'up'])
    const report = JSON.parse(await readFile(join(work, 'out', 'report.json'), 'utf8')) as Report
    expect(result.code, `${result.stderr}\n${JSON.stringify(report.nodes)}`).toBe(0)
    expect(report.nodes.up).toMatchObject({ status: 'done' })

    const ours = join(work, 'out', 'up.media.png')
    expect((await probeStreams(ours))[0]).toMatchObject({ width: 640, height: 360 })
    const nearest = join(work, 'nearest.png')
    const lanczos = join(work, 'lanczos.png')
    await ffmpeg(['-i', small, '-vf', 'scale=640:360:flags=neighbor', nearest])
    await ffmpeg(['-i', small, '-vf', 'scale=640:360:flags=lanczos', lanczos])
    if (process.env.REELGRAPH_KEEP) {
      // To look at beside each other: REELGRAPH_KEEP=<folder> keeps both results there.
      await copyFile(ours, join(process.env.REELGRAPH_KEEP, 'esrgan.png'))
      await copyFile(lanczos, join(process.env.REELGRAPH_KEEP, 'lanczos.png'))
    }
    const esrganDb = await psnrOf(ours, original)
    const nearestDb = await psnrOf(nearest, original)
    console.log(`×2 against the original: ESRGAN ${esrganDb.toFixed(2)} dB, nearest ${nearestDb.toFixed(2)} dB, Lanczos ${(await psnrOf(lanczos, original)).toFixed(2)} dB`)
    expect(esrganDb).toBeGreaterThan(nearestDb + 1)
  })

  it('upscales a clip ×2 frame by frame through the streaming render, every frame kept', async () => {
    const clip = join(work, 'clip.mp4')
    await ffmpeg(['-loop', '1', '-i', original, '-vf', 'scale=160:90:flags=bicubic', '-r', '24', '-frames:v', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip])
    const doc = await writePipeline(work, 'esrgan-clip', [node('shot', 'video-input'), node('up', 'upscale', { method: 'esrgan', scale: 2 })], [link('shot', 'video', 'up', 'media')])
    const result = await runReelgraph(['run', doc, '--out', join(work, 'clip-out'), '--input', `shot=${clip}`, '--save', 'up'])
    expect(result.code, result.stderr).toBe(0)
    const upscaled = join(work, 'clip-out', 'up.media.mp4')
    expect((await probeStreams(upscaled)).find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 320, height: 180, nb_read_frames: '3' })
    // After H.264 both ways, still near what ffmpeg's Lanczos makes of the same frame.
    const [ours, theirs] = [join(work, 'clip-ours.png'), join(work, 'clip-theirs.png')]
    await ffmpeg(['-i', upscaled, '-frames:v', '1', ours])
    await ffmpeg(['-i', clip, '-vf', 'scale=320:180:flags=lanczos', '-frames:v', '1', theirs])
    expect(await psnrOf(ours, theirs)).toBeGreaterThanOrEqual(30)
  })
})
