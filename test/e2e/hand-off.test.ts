/**
 * What a finisher is handed, made in real Chromium through the headless runner and read back with
 * tools that share no code with ours: trims at any rate and in any container counted by ffprobe;
 * the cut as a CMX 3600 EDL, OpenTimelineIO and FCPXML (read per their published specs in
 * test/edl.ts, test/otio.ts, test/fcpxml.ts) against the frames of the rendered file and of the
 * clips' own files as ffmpeg decodes them; and the mix's loudness as ffmpeg's ebur128 measures it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEdl } from '../edl'
import { readFcpxml } from '../fcpxml'
import { ffmpegLoudness } from '../media/audio/ffmpeg-reference'
import { placeTrack, readOtio } from '../otio'
import { fromFileMenu, node as nodeOnPage } from './editor-page'
import { openApp, projectRoot, runCommand, runReelgraph } from './harness'
import { ffmpeg, pipelineDoc, pipelineLink as link, pipelineNode as node, probeStreams, psnrOf, writePipeline, type Report } from './pipeline-files'

let work: string
const scratch = { path: (name: string) => join(work, name) }

async function run(doc: string, out: string, options: string[]): Promise<Report> {
  const result = await runReelgraph(['run', doc, '--out', join(work, out), ...options])
  const report = JSON.parse(await readFile(join(work, out, 'report.json'), 'utf8')) as Report
  expect(result.code, `${result.stderr}\n${JSON.stringify(report.nodes)}`).toBe(0)
  return report
}

/** Each frame's duration in seconds, as ffprobe reads the picture's packets. */
async function frameDurations(file: string): Promise<number[]> {
  const probe = await runCommand('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'json', file])
  expect(probe.code, probe.stderr).toBe(0)
  const packets = (JSON.parse(probe.stdout) as { packets: { pts_time: string; duration_time?: string }[] }).packets
  const starts = packets.map((packet) => Number(packet.pts_time)).sort((a, b) => a - b)
  return starts.map((start, index) => (index + 1 < starts.length ? starts[index + 1]! : start + Number(packets.find((packet) => Number(packet.pts_time) === start)?.duration_time)) - start)
}

/** Frame `index` of `file` (counted from its first), as ffmpeg decodes it, as a PNG. */
async function frameOf(file: string, index: number, name: string): Promise<string> {
  const png = join(work, name)
  await ffmpeg(['-i', file, '-vf', `select=eq(n\\,${index})`, '-frames:v', '1', '-fps_mode', 'passthrough', png])
  return png
}

/**
 * Which of frames `around` − 2 … `around` + 2 of `file` a picture is, by PSNR: the best match, when it
 * beats the runner-up by 3 dB (an H.264 frame at 160×90 is far from lossless, but moving test
 * pictures differ far more from frame to frame).
 */
async function nearestFrame(picture: string, file: string, around: number): Promise<number | undefined> {
  const scored: [number, number][] = []
  for (let index = Math.max(0, around - 2); index <= around + 2; index++) {
    scored.push([index, await psnrOf(picture, await frameOf(file, index, `near-${index}-${Math.random().toString(36).slice(2)}.png`))])
  }
  scored.sort((a, b) => b[1] - a[1])
  return scored[0]![1] - scored[1]![1] >= 3 ? scored[0]![0] : undefined
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-hand-off-'))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('trims keep whole frames, at any rate and in any container', () => {
  const cases = [
    { name: 'ntsc.mp4', rate: '30000/1001', codec: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'], first: 15, frames: 30 },
    { name: 'pal.mp4', rate: '25', codec: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'], first: 13, frames: 25 },
    { name: 'ntsc.webm', rate: '30000/1001', codec: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv420p'], first: 15, frames: 30 },
  ]
  for (const { name, rate, codec, first, frames } of cases) {
    it(`keeps frames ${first}–${first + frames - 1} of ${name} (${rate} fps) for 0.5–1.5 s, each a whole frame long`, async () => {
      const source = join(work, name)
      await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=${rate}`, '-t', '3', ...codec, source])
      const doc = await writePipeline(work, `trim-${name}`, [node('shot', 'video-input'), node('cut', 'trim', { startS: 0.5, endS: 1.5 })], [link('shot', 'video', 'cut', 'video')])
      await run(doc, `trimmed-${name}`, ['--input', `shot=${source}`, '--save', 'cut'])
      const trimmed = join(work, `trimmed-${name}`, 'cut.video.mp4')
      const picture = (await probeStreams(trimmed)).find((stream) => stream.codec_type === 'video')
      expect(Number(picture?.nb_read_frames)).toBe(frames)
      const [perSecond, per = 1] = rate.split('/').map(Number) as [number, number?]
      const frameS = per / perSecond
      const durations = await frameDurations(trimmed)
      console.log(`${name}: ${durations.length} frames, shortest ${(Math.min(...durations) * 1000).toFixed(2)} ms, longest ${(Math.max(...durations) * 1000).toFixed(2)} ms`)
      for (const duration of durations) expect(Math.abs(duration - frameS)).toBeLessThan(0.0015)
      // The first frame kept is the source's frame `first`, as ffmpeg decodes both: it matches that
      // frame clearly better than its neighbours (the picture moves every frame).
      expect(await nearestFrame(await frameOf(trimmed, 0, `${name}-ours.png`), source, first)).toBe(first)
    })
  }
})

describe('the cut handed to a finishing tool', () => {
  it('names a trimmed clip’s own frames, each source at its own rate, the same cut in EDL, OTIO and FCPXML as the rendered file', async () => {
    // A 24 fps clip trimmed from 0.5 s (frame 12) to 1.5 s, then a 1.5 s clip at 30 fps: the sequence
    // runs at 24 fps, so the 30 fps file's timecode is approximate in the EDL and exact in the others.
    const [ridge, valley] = [join(work, 'ridge.mp4'), join(work, 'valley.mp4')]
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', ridge])
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30', '-t', '1.5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', valley])
    const doc = await writePipeline(
      work,
      'hand-off',
      [node('ridge', 'video-input'), node('valley', 'video-input'), node('trim', 'trim', { startS: 0.5, endS: 1.5 }), node('cut', 'sequence', { crossfadeS: 0.25 })],
      [link('ridge', 'video', 'trim', 'video'), link('trim', 'video', 'cut', 'clips'), link('valley', 'video', 'cut', 'clips')],
    )
    const report = await run(doc, 'hand-off', ['--input', `ridge=${ridge}`, '--input', `valley=${valley}`, '--save', 'cut'])
    const rendered = join(work, 'hand-off', 'cut.video.mp4')
    const renderedFrames = Number((await probeStreams(rendered)).find((stream) => stream.codec_type === 'video')?.nb_read_frames)
    // 24 frames, then 36 fading in over the last 6 of them: 54 frames.
    expect(renderedFrames).toBe(54)

    const hour = 3600 * 24
    const { events } = readEdl(await readFile(join(work, 'hand-off', 'cut.edl.edl'), 'utf8'), 24, (name) => (name === 'valley.mp4' ? 30 : 24))
    expect(events).toEqual([
      { event: 1, reel: 'AX', track: 'V', transition: 'C', sourceIn: 12, sourceOut: 30, recordIn: hour, recordOut: hour + 18, clipName: 'ridge.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'C', sourceIn: 30, sourceOut: 30, recordIn: hour + 18, recordOut: hour + 18, clipName: 'ridge.mp4' },
      {
        event: 2, reel: 'AX', track: 'V', transition: 'D', duration: 6, sourceIn: 0, sourceOut: 45, recordIn: hour + 18, recordOut: hour + 54, clipName: 'valley.mp4',
        comments: ['SOURCE AT 30 FPS, RECORD AT 24 FPS: APPROXIMATE, SEE THE OTIO OR FCPXML FOR THE EXACT CUT'],
      },
    ])
    expect(events.at(-1)!.recordOut - hour).toBe(renderedFrames)
    expect(report.nodes.cut?.warnings).toEqual([expect.stringMatching(/^the EDL's event 2 is approximate: the source runs at 30 fps in a 24 fps sequence/)])

    // The sequence's first frame is the frame of the file the EDL names, as ffmpeg decodes both.
    expect(await nearestFrame(await frameOf(rendered, 0, 'cut-first.png'), ridge, events[0]!.sourceIn)).toBe(12)

    const timeline = readOtio(await readFile(join(work, 'hand-off', 'cut.otio.otio'), 'utf8'))
    const [picture, sound] = timeline.tracks.children
    const placed = placeTrack(picture!, 24)
    expect(placed.frames).toBe(renderedFrames)
    expect(placed.items).toEqual([
      { kind: 'clip', name: 'ridge.mp4', url: 'ridge.mp4', start: 0, frames: 18, sourceIn: 12, sourceRate: 24 },
      { kind: 'transition', name: 'Dissolve', start: 18, frames: 0, inOffset: 0, outOffset: 6 },
      { kind: 'clip', name: 'valley.mp4', url: 'valley.mp4', start: 18, frames: 36, sourceIn: 0, sourceRate: 30 },
    ])
    // ridge.mp4 has sound, valley.mp4 none.
    expect(placeTrack(sound!, 24).items.map(({ kind, frames }) => [kind, frames])).toEqual([['clip', 18], ['gap', 36]])

    const fcpxml = readFcpxml(await readFile(join(work, 'hand-off', 'cut.fcpxml.fcpxml'), 'utf8'))
    expect({ version: fcpxml.version, fps: fcpxml.fps, duration: fcpxml.duration, tcStart: fcpxml.tcStart }).toEqual({ version: '1.9', fps: 24, duration: renderedFrames, tcStart: hour })
    expect(fcpxml.spine).toEqual([
      { kind: 'clip', name: 'ridge.mp4', file: 'ridge.mp4', sourceFps: 24, sourceIn: 12, offset: 0, duration: 18, hasAudio: true },
      { kind: 'transition', name: 'Cross Dissolve', offset: 18, duration: 6 },
      { kind: 'clip', name: 'valley.mp4', file: 'valley.mp4', sourceFps: 30, sourceIn: 0, offset: 18, duration: 36, hasAudio: false },
    ])
  })
})

describe('the mix reaches its loudness, or says it cannot', () => {
  async function mixOf(name: string, wav: string, targetLufs: number | null): Promise<{ report: Report; measured: ReturnType<typeof ffmpegLoudness>['summary'] }> {
    const doc = await writePipeline(work, name, [node('track', 'audio-input'), node('mix', 'mix', { targetLufs })], [link('track', 'audio', 'mix', 'tracks')])
    const report = await run(doc, name, ['--input', `track=${wav}`, '--save', 'mix'])
    return { report, measured: ffmpegLoudness(join(work, name, 'mix.audio.wav'), scratch).summary }
  }

  it('brings a peaky mix to −14 LUFS under −1 dBTP with a true-peak limiter, as ffmpeg measures it', async () => {
    // A line at −26 dBFS with a slam 18 dB louder every second: plain gain stops near −17.5 LUFS.
    const wav = join(work, 'peaky.wav')
    await ffmpeg(['-f', 'lavfi', '-i', 'aevalsrc=0.05*sin(2*PI*997*t)*(1+6.5*lt(mod(t\\,1)\\,0.01)):s=48000:d=6', '-ac', '2', '-c:a', 'pcm_s16le', wav])
    const before = ffmpegLoudness(wav, scratch).summary
    console.log(`peaky track: ${before.integratedLufs} LUFS, true peak ${before.truePeakDbtp} dBTP`)
    const { report, measured } = await mixOf('loud', wav, -14)
    console.log(`mixed to −14: ffmpeg reads ${measured.integratedLufs} LUFS, true peak ${measured.truePeakDbtp} dBTP`)
    expect(Math.abs(measured.integratedLufs + 14)).toBeLessThanOrEqual(0.5)
    expect(measured.truePeakDbtp).toBeLessThanOrEqual(-0.9)
    expect(report.nodes.mix?.warnings).toBeUndefined()
  })

  it('says on the node, in the run record and in report.json when the target cannot be met, with the figure reached', async () => {
    const wav = join(work, 'clicks.wav')
    // 10 ms bursts near full scale once a second, silence between: all peak and little loudness.
    await ffmpeg(['-f', 'lavfi', '-i', 'aevalsrc=0.8*sin(2*PI*997*t)*lt(mod(t\\,1)\\,0.01):s=48000:d=6', '-ac', '2', '-c:a', 'pcm_s16le', wav])
    const { report, measured } = await mixOf('short', wav, -6)
    const warning = report.nodes.mix?.warnings?.[0] ?? ''
    expect(warning).toMatch(/^the mix reaches (-\d+\.\d) LUFS, short of the -6 LUFS target/)
    const reached = Number(/reaches (-\d+\.\d) LUFS/.exec(warning)?.[1])
    console.log(`short of −6: the node says ${reached} LUFS, ffmpeg reads ${measured.integratedLufs} LUFS`)
    expect(Math.abs(reached - measured.integratedLufs)).toBeLessThanOrEqual(0.3)
    expect(measured.truePeakDbtp).toBeLessThanOrEqual(-0.9)
  })

  it('shows a missed target on the mix node itself in the editor', async () => {
    const wav = join(work, 'clicks-editor.wav')
    await ffmpeg(['-f', 'lavfi', '-i', 'aevalsrc=0.8*sin(2*PI*997*t)*lt(mod(t\\,1)\\,0.01):s=48000:d=4', '-ac', '2', '-c:a', 'pcm_s16le', wav])
    const app = await openApp()
    try {
      const page = app.page
      await page.waitForSelector('[data-node-id]')
      await fromFileMenu(page, 'Import')
      const doc = pipelineDoc({
        id: 'loud',
        name: 'Too loud a target',
        nodes: [node('track', 'audio-input'), node('mix', 'mix', { targetLufs: -6 }, { at: { x: 340, y: 0 } })],
        edges: [link('track', 'audio', 'mix', 'tracks')],
      })
      await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({ name: 'loud.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) })
      await nodeOnPage(page, 'track').getByLabel('Choose a sound file').setInputFiles(wav)
      await nodeOnPage(page, 'track').locator('canvas[data-drawn="true"]').waitFor({ timeout: 60_000 })
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      await page.locator('[data-node-id="mix"][data-status="done"]').waitFor({ timeout: 120_000 })
      const message = nodeOnPage(page, 'mix').locator('.node__message')
      await expect(message.textContent()).resolves.toMatch(/^the mix reaches -\d+\.\d LUFS, short of the -6 LUFS target/)
      // Close enough to read the node, as a person would look at it.
      await page.getByRole('button', { name: 'fit view' }).click()
      await nodeOnPage(page, 'mix').screenshot({ path: join(projectRoot, 'test-results', 'missed-target.png') })
    } finally {
      await app.close()
    }
  })

  it('folds 5.1 to stereo as loud as ffmpeg’s ITU downmix, not 7.7 dB louder', async () => {
    const wav = join(work, 'surround.wav')
    await ffmpeg([
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=4', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:sample_rate=48000:duration=4:amplitude=0.1:seed=7',
      '-filter_complex', '[0]volume=0.8,asplit=3[l][r][c];[1]asplit=3[lfe][ls][rs];[l][r][c][lfe][ls][rs]join=inputs=6:channel_layout=5.1[out]',
      '-map', '[out]', '-c:a', 'pcm_s16le', wav,
    ])
    const theirs = join(work, 'surround-ffmpeg.wav')
    await ffmpeg(['-i', wav, '-ac', '2', '-c:a', 'pcm_s16le', theirs])
    const reference = ffmpegLoudness(theirs, scratch).summary
    const { measured } = await mixOf('downmix', wav, null)
    console.log(`5.1 downmix: ours ${measured.integratedLufs} LUFS, ffmpeg -ac 2 ${reference.integratedLufs} LUFS`)
    expect(Math.abs(measured.integratedLufs - reference.integratedLufs)).toBeLessThanOrEqual(0.3)
  })
})
