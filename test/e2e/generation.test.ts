/**
 * Generation in real Chromium, through the headless runner: a prompt and a reference image make
 * animatic takes, checked with ffprobe (duration, size, fps, sound) and with their frames decoded
 * by ffmpeg (the camera move is really in the picture); more takes make only the new ones; a
 * frame grab gives the take's last frame.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, runReelgraph } from './harness'
import { ffmpeg, pipelineLink as link, pipelineNode as node, writePipeline, type Report } from './pipeline-files'

const FPS = 24
const DURATION_S = 2
const WIDTH = 854
const HEIGHT = 480

let work: string
let reference: string

/** A shot: prompt and reference image into generate-video. */
function shotDoc(name: string, camera: string, takes: number): Promise<string> {
  return writePipeline(work,
    name,
    [
      node('shot', 'prompt', {
        subject: 'a lighthouse keeper',
        action: 'looks out to sea',
        environment: 'on a cliff at dawn',
        camera,
        lighting: 'low warm sun',
        mood: 'lonely and tense',
        dialogue: 'Here it comes.',
        durationS: DURATION_S,
      }),
      node('ref', 'image-input'),
      node('gen', 'generate-video', { takes, durationS: DURATION_S, aspect: '16:9', height: 480, fps: FPS }),
    ],
    [link('shot', 'prompt', 'gen', 'prompt'), link('ref', 'image', 'gen', 'references')],
  )
}

async function run(doc: string, out: string, options: string[]): Promise<Report> {
  const result = await runReelgraph(['run', doc, '--out', join(work, out), ...options])
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(await readFile(join(work, out, 'report.json'), 'utf8')) as Report
}

interface Blob2D {
  /** Pixels of the white square inside the middle of the frame. */
  area: number
  centreX: number
  centreY: number
}

/**
 * The reference's white square as it appears in each frame, measured in the middle 60 % of the
 * frame, away from the caption (top left) and the subtitles (bottom). ffmpeg writes the frames to
 * PNG, and reads them back as grey levels.
 */
async function whiteSquare(clip: string, name: string): Promise<Blob2D[]> {
  const pngs = join(work, `${name}-%03d.png`)
  await ffmpeg(['-i', clip, '-fps_mode', 'passthrough', pngs])
  const raw = join(work, `${name}.gray`)
  await ffmpeg(['-i', pngs, '-f', 'rawvideo', '-pix_fmt', 'gray', raw])
  const pixels = await readFile(raw)
  const frameBytes = WIDTH * HEIGHT
  const frames: Blob2D[] = []
  for (let start = 0; start + frameBytes <= pixels.length; start += frameBytes) {
    let area = 0
    let sumX = 0
    let sumY = 0
    for (let y = Math.round(HEIGHT * 0.2); y < HEIGHT * 0.8; y++) {
      for (let x = Math.round(WIDTH * 0.2); x < WIDTH * 0.8; x++) {
        if ((pixels[start + y * WIDTH + x] as number) < 200) continue
        area++
        sumX += x
        sumY += y
      }
    }
    frames.push({ area, centreX: sumX / area, centreY: sumY / area })
  }
  return frames
}

/** Where the character (pure green) and the location's white square stand across each frame. */
async function layerCentres(clip: string, name: string): Promise<{ characterX: number; locationX: number }[]> {
  const raw = join(work, `${name}.rgb`)
  await ffmpeg(['-i', clip, '-f', 'rawvideo', '-pix_fmt', 'rgb24', raw])
  const pixels = await readFile(raw)
  const frameBytes = WIDTH * HEIGHT * 3
  const frames: { characterX: number; locationX: number }[] = []
  for (let start = 0; start + frameBytes <= pixels.length; start += frameBytes) {
    const green = { count: 0, sumX: 0 }
    const white = { count: 0, sumX: 0 }
    // Below the caption, which is white text in the top left.
    for (let y = Math.round(HEIGHT * 0.2); y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const at = start + (y * WIDTH + x) * 3
        const [r, g, b] = [pixels[at] as number, pixels[at + 1] as number, pixels[at + 2] as number]
        const into = g > 170 && r < 90 && b < 90 ? green : r > 200 && g > 200 && b > 200 ? white : undefined
        if (!into) continue
        into.count++
        into.sumX += x
      }
    }
    expect(green.count, 'the character is in the frame').toBeGreaterThan(1000)
    expect(white.count, 'the location’s square is in the frame').toBeGreaterThan(500)
    frames.push({ characterX: green.sumX / green.count, locationX: white.sumX / white.count })
  }
  return frames
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-generation-'))
  reference = join(work, 'reference.png')
  // A white square in the middle of a dark plate (and an orange box, darker in grey, to one side).
  await ffmpeg([
    '-f', 'lavfi', '-i', 'color=c=0x203040:s=1280x720',
    '-vf', 'drawbox=x=540:y=260:w=200:h=200:color=white:t=fill,drawbox=x=200:y=500:w=120:h=80:color=orange:t=fill',
    '-frames:v', '1', reference,
  ])
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('generation on the animatic, in Chromium', () => {
  it('makes takes of the asked duration, size and fps, with sound, that dolly in; more takes make only the new ones', async () => {
    const profile = join(work, 'profile')
    const first = await run(await shotDoc('dolly', 'slow dolly in', 2), 'dolly', ['--input', `ref=${reference}`, '--profile', profile])
    expect(first.status).toBe('done')
    expect(first.nodes.gen?.parts).toEqual({ reused: 0, made: 2 })
    expect(first.outputs.sort()).toEqual(['gen.takes.0.mp4', 'gen.takes.1.mp4'])

    const take = join(work, 'dolly', 'gen.takes.0.mp4')
    const probe = await runCommand('ffprobe', [
      '-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,width,height,r_frame_rate,duration,nb_read_frames', '-of', 'json', take,
    ])
    expect(probe.code, probe.stderr).toBe(0)
    const streams = (JSON.parse(probe.stdout) as { streams: Record<string, string | number>[] }).streams
    const picture = streams.find((stream) => stream.codec_type === 'video')
    expect(picture).toMatchObject({ codec_name: 'h264', width: WIDTH, height: HEIGHT, r_frame_rate: `${FPS}/1`, nb_read_frames: String(FPS * DURATION_S) })
    expect(Math.abs(Number(picture?.duration) - DURATION_S)).toBeLessThanOrEqual(1 / FPS)
    expect(streams.find((stream) => stream.codec_type === 'audio')).toMatchObject({ codec_name: 'opus' })

    // The dolly in: the square grows about where it stands, frame after frame.
    const square = await whiteSquare(take, 'dolly')
    const [start, end] = [square[0] as Blob2D, square.at(-1) as Blob2D]
    expect(end.area / start.area, `square ${start.area} → ${end.area} pixels`).toBeGreaterThan(1.5)
    expect(Math.abs(end.centreX - start.centreX)).toBeLessThan(WIDTH * 0.05)
    for (let i = 1; i < square.length; i++) expect((square[i] as Blob2D).area).toBeGreaterThanOrEqual((square[i - 1] as Blob2D).area * 0.98)

    // The two takes differ (framing and timing vary with the seed).
    const other = await whiteSquare(join(work, 'dolly', 'gen.takes.1.mp4'), 'dolly-take-2')
    expect(other.map((frame) => frame.area)).not.toEqual(square.map((frame) => frame.area))

    // Three takes instead of two: the two are reused from the cache, one is made.
    const more = await run(await shotDoc('dolly', 'slow dolly in', 3), 'more', ['--input', `ref=${reference}`, '--profile', profile])
    expect(more.nodes.gen).toMatchObject({ status: 'done', parts: { reused: 2, made: 1 } })
    expect(more.outputs.sort()).toEqual(['gen.takes.0.mp4', 'gen.takes.1.mp4', 'gen.takes.2.mp4'])
    expect(await readFile(join(work, 'more', 'gen.takes.0.mp4'))).toEqual(await readFile(take))
  })

  it('moves the picture sideways on a pan left', async () => {
    const report = await run(await shotDoc('pan', 'pan left', 1), 'pan', ['--input', `ref=${reference}`])
    expect(report.status).toBe('done')
    const square = await whiteSquare(join(work, 'pan', 'gen.takes.0.mp4'), 'pan')
    const [start, end] = [square[0] as Blob2D, square.at(-1) as Blob2D]
    // The camera turns left, so the picture slides right; its size stays.
    expect(end.centreX - start.centreX, `centre ${start.centreX} → ${end.centreX}`).toBeGreaterThan(WIDTH * 0.08)
    expect(Math.abs(end.centreY - start.centreY)).toBeLessThan(2)
    expect(end.area / start.area).toBeCloseTo(1, 1)
  })

  it('stands a linked character in front of the location and parallaxes them on an orbit', async () => {
    // The location: a white square on the left of a dark plate. The character: a green figure.
    const location = join(work, 'location.png')
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=0x203040:s=1280x720', '-vf', 'drawbox=x=200:y=300:w=120:h=120:color=white:t=fill', '-frames:v', '1', location])
    const figure = join(work, 'figure.png')
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=0x00ff00:s=400x600', '-frames:v', '1', figure])
    const doc = await writePipeline(work,
      'orbit',
      [
        node('mara', 'character', { name: 'Mara', description: 'a woman in a green coat' }),
        node('shot', 'prompt', {
          subject: '{mara}, {mara.description},',
          action: 'waits on the quay',
          environment: 'a harbour at dusk',
          camera: 'slow orbit',
          lighting: 'low sun',
          mood: 'calm',
          durationS: DURATION_S,
        }),
        node('place', 'image-input'),
        node('gen', 'generate-video', { takes: 1, durationS: DURATION_S, aspect: '16:9', height: 480, fps: FPS }),
      ],
      [link('mara', 'character', 'shot', 'vars'), link('shot', 'prompt', 'gen', 'prompt'), link('place', 'image', 'gen', 'references')],
    )
    const report = await run(doc, 'orbit', ['--input', `place=${location}`, '--set', `mara.images=@${figure}`, '--save', 'shot'])
    expect(report.status).toBe('done')
    const prompt = JSON.parse(await readFile(join(work, 'orbit', 'shot.prompt.json'), 'utf8')) as { text: string; references: { meta: { role: string } }[] }
    expect(prompt.text).toMatch(/^Mara, a woman in a green coat, waits on the quay/)
    expect(prompt.references.map((reference) => reference.meta.role)).toEqual(['character'])

    const frames = await layerCentres(join(work, 'orbit', 'gen.takes.0.mp4'), 'orbit')
    const [start, end] = [frames[0] as (typeof frames)[number], frames.at(-1) as (typeof frames)[number]]
    // The character stands in the middle, in front; the location is behind and to the left.
    expect(Math.abs(start.characterX - WIDTH / 2)).toBeLessThan(WIDTH * 0.08)
    expect(start.locationX).toBeLessThan(start.characterX)
    // The orbit: the location sweeps one way behind the character, who drifts less the other way.
    const behind = end.locationX - start.locationX
    const inFront = end.characterX - start.characterX
    expect(behind, `location ${start.locationX} → ${end.locationX}`).toBeLessThan(-WIDTH * 0.08)
    expect(inFront, `character ${start.characterX} → ${end.characterX}`).toBeGreaterThan(WIDTH * 0.02)
    expect(Math.abs(behind)).toBeGreaterThan(2 * Math.abs(inFront))
  })

  it('grabs the last frame of a take as a PNG', async () => {
    const take = join(work, 'dolly', 'gen.takes.0.mp4')
    const doc = await writePipeline(work, 'grab', [node('clip', 'video-input'), node('grab', 'frame-grab', { at: 'last' })], [link('clip', 'video', 'grab', 'video')])
    const report = await run(doc, 'grab', ['--input', `clip=${take}`])
    expect(report.nodes.grab?.status).toBe('done')
    const grabbed = join(work, 'grab', 'grab.image.png')
    const theirs = join(work, 'last.png')
    await ffmpeg(['-sseof', '-0.2', '-i', take, '-update', '1', theirs])
    const compared = await runCommand('ffmpeg', ['-v', 'info', '-i', grabbed, '-i', theirs, '-lavfi', 'psnr', '-f', 'null', '-'])
    const psnr = Number(/PSNR .* average:([\d.]+|inf)/.exec(compared.stderr)?.[1])
    expect(psnr, compared.stderr.slice(-400)).toBeGreaterThanOrEqual(35)
  })
})
