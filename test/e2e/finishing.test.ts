/**
 * The finishing nodes, upscale and sequence, in real Chromium through the headless runner, with
 * ffmpeg making the clips and ffprobe and ffmpeg's own scaler checking what comes out.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, runReelgraph } from './harness'
import { ffmpeg, pipelineLink as link, pipelineNode as node, probeStreams as streams, psnrOf, writePipeline, type Report } from './pipeline-files'

const FPS = 24

let work: string
/** 640×360 with a sine tone, 320×180 without sound, and a square one at 30 fps; 1 s each. */
let wide: string
let small: string
let square: string

async function run(doc: string, out: string, options: string[]): Promise<Report> {
  const result = await runReelgraph(['run', doc, '--out', join(work, out), ...options])
  const report = JSON.parse(await readFile(join(work, out, 'report.json'), 'utf8')) as Report
  expect(result.code, `${result.stderr}\n${JSON.stringify(report.nodes)}`).toBe(0)
  return report
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-finishing-'))
  wide = join(work, 'wide.mp4')
  small = join(work, 'small.mp4')
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${FPS}`, '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', wide,
  ])
  await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=${FPS}`, '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', small])
  square = join(work, 'square.mp4')
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=240x240:rate=30', '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', square])
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('finishing nodes in Chromium', () => {
  it('upscales a clip ×2 with Lanczos: twice the size, every frame kept, close to ffmpeg’s lanczos', async () => {
    const doc = await writePipeline(work, 'upscale', [node('shot', 'video-input'), node('up', 'upscale', { scale: 2 })], [link('shot', 'video', 'up', 'media')])
    const report = await run(doc, 'upscaled', ['--input', `shot=${small}`, '--save', 'up'])
    expect(report.nodes).toMatchObject({ shot: { status: 'done' }, up: { status: 'done' } })
    const upscaled = join(work, 'upscaled', 'up.media.mp4')
    expect((await streams(upscaled)).find((s) => s.codec_type === 'video')).toMatchObject({ width: 640, height: 360, nb_read_frames: String(FPS) })

    // The same source frame through ffmpeg's own Lanczos, against ours after H.264. Like ours, the
    // reference scales the 4:2:0 planes one by one, as `scale` does by default.
    const ours = join(work, 'upscaled-ours.png')
    const theirs = join(work, 'upscaled-theirs.png')
    await ffmpeg(['-ss', '0.5', '-i', upscaled, '-frames:v', '1', ours])
    await ffmpeg(['-ss', '0.5', '-i', small, '-vf', 'scale=640:360:flags=lanczos+accurate_rnd', '-frames:v', '1', theirs])
    const figure = await psnrOf(ours, theirs)
    console.log(`upscale ×2 of a clip against ffmpeg lanczos: ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(30)
  })

  it('upscales a still ×4 with Lanczos, matching ffmpeg’s lanczos closely (no codec in between)', async () => {
    const still = join(work, 'still.png')
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180', '-frames:v', '1', still])
    const doc = await writePipeline(work, 'upscale-still', [node('frame', 'image-input'), node('up', 'upscale', { scale: 4 })], [link('frame', 'image', 'up', 'media')])
    const report = await run(doc, 'upscaled-still', ['--input', `frame=${still}`, '--save', 'up'])
    expect(report.nodes.up).toMatchObject({ status: 'done' })
    const ours = join(work, 'upscaled-still', 'up.media.png')
    expect((await streams(ours))[0]).toMatchObject({ width: 1280, height: 720 })
    const theirs = join(work, 'still-theirs.png')
    await ffmpeg(['-i', still, '-vf', 'format=rgb24,scale=1280:720:flags=lanczos+accurate_rnd+full_chroma_int', theirs])
    const figure = await psnrOf(ours, theirs)
    console.log(`upscale ×4 of a still against ffmpeg lanczos: ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(40)
  })

  it('joins a clip with sound and a smaller one without, in link order, at the first one’s size, the sound running on', async () => {
    const doc = await writePipeline(work,
      'sequence',
      [node('first', 'video-input'), node('second', 'video-input'), node('cut', 'sequence')],
      [link('first', 'video', 'cut', 'clips'), link('second', 'video', 'cut', 'clips')],
    )
    const report = await run(doc, 'sequenced', ['--input', `first=${wide}`, '--input', `second=${small}`, '--save', 'cut'])
    expect(report.nodes.cut).toMatchObject({ status: 'done' })
    const joined = await streams(join(work, 'sequenced', 'cut.video.mp4'))
    const picture = joined.find((s) => s.codec_type === 'video')
    const sound = joined.find((s) => s.codec_type === 'audio')
    expect(picture).toMatchObject({ codec_name: 'h264', width: 640, height: 360, nb_read_frames: String(2 * FPS) })
    expect(Math.abs(Number(picture?.duration) - 2)).toBeLessThanOrEqual(1 / FPS)
    expect(sound?.codec_name).toBe('opus')
    expect(Math.abs(Number(sound?.duration) - 2)).toBeLessThanOrEqual(1 / FPS)
    console.log(`sequence: picture ${picture?.duration} s, ${picture?.nb_read_frames} frames; sound ${sound?.duration} s`)
    // The tone of the first clip, then the silence that stands in for the second clip's missing sound.
    const loudness = async (from: number, to: number) => {
      const measured = await runCommand('ffmpeg', ['-i', join(work, 'sequenced', 'cut.video.mp4'), '-af', `atrim=${from}:${to},volumedetect`, '-f', 'null', '-'])
      return Number(/mean_volume: (-?[\d.]+|-inf) dB/.exec(measured.stderr)?.[1] ?? '-inf')
    }
    expect(await loudness(0.1, 0.9)).toBeGreaterThan(-30)
    expect(await loudness(1.1, 1.9)).toBeLessThan(-60)

    // The second clip was scaled up to the first one's size: its middle frame against ffmpeg's Lanczos.
    const ours = join(work, 'sequenced-ours.png')
    const theirs = join(work, 'sequenced-theirs.png')
    await ffmpeg(['-ss', '1.5', '-i', join(work, 'sequenced', 'cut.video.mp4'), '-frames:v', '1', ours])
    await ffmpeg(['-ss', '0.5', '-i', small, '-vf', 'format=rgb24,scale=640:360:flags=lanczos+accurate_rnd+full_chroma_int', '-frames:v', '1', theirs])
    const figure = await psnrOf(ours, theirs)
    console.log(`sequence: the scaled second clip against ffmpeg lanczos: ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(30)
  })

  it('brings a square 30 fps clip to the first clip’s 24 fps, pillarboxed, its length kept', async () => {
    const doc = await writePipeline(work,
      'pillarbox',
      [node('first', 'video-input'), node('second', 'video-input'), node('cut', 'sequence')],
      [link('first', 'video', 'cut', 'clips'), link('second', 'video', 'cut', 'clips')],
    )
    const report = await run(doc, 'pillarboxed', ['--input', `first=${wide}`, '--input', `second=${square}`, '--save', 'cut'])
    expect(report.nodes.cut).toMatchObject({ status: 'done' })
    const joined = join(work, 'pillarboxed', 'cut.video.mp4')
    expect((await streams(joined)).find((s) => s.codec_type === 'video')).toMatchObject({ width: 640, height: 360, nb_read_frames: String(2 * FPS) })
    // The bars beside the 360×360 picture are black, the picture between them is not.
    const mean = async (crop: string) => {
      const out = join(work, 'mean.rgb')
      await ffmpeg(['-ss', '1.5', '-i', joined, '-vf', `crop=${crop},scale=1:1:flags=area,format=rgb24`, '-frames:v', '1', '-f', 'rawvideo', out])
      return [...(await readFile(out))]
    }
    for (const value of await mean('130:360:0:0')) expect(value).toBeLessThan(6)
    expect(Math.max(...(await mean('360:360:140:0')))).toBeGreaterThan(60)
  })

  it('crossfades: the length is the sum less the fade', async () => {
    const doc = await writePipeline(work,
      'crossfade',
      [node('first', 'video-input'), node('second', 'video-input'), node('dissolve', 'sequence', { crossfadeS: 0.25 })],
      [link('first', 'video', 'dissolve', 'clips'), link('second', 'video', 'dissolve', 'clips')],
    )
    const report = await run(doc, 'crossfaded', ['--input', `first=${small}`, '--input', `second=${wide}`, '--save', 'dissolve'])
    expect(report.nodes.dissolve).toMatchObject({ status: 'done' })
    const joined = await streams(join(work, 'crossfaded', 'dissolve.video.mp4'))
    // The first clip sets the size; the second, with the sound, is scaled down to it.
    expect(joined.find((s) => s.codec_type === 'video')).toMatchObject({ width: 320, height: 180, nb_read_frames: String(2 * FPS - 6) })
    expect(Math.abs(Number(joined.find((s) => s.codec_type === 'audio')?.duration) - 1.75)).toBeLessThanOrEqual(1 / FPS)
  })
})
