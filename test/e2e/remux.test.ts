/**
 * Sound into and out of clips in real Chromium, through the headless runner: ffmpeg makes a clip
 * with a 440 Hz tone and a voice stand-in at 880 Hz; ffmpeg and ffprobe check that the picture
 * packets come out bit for bit, and which tone the new sound carries, and for how long.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { runCommand, runReelgraph } from './harness'
import { pictureHashes, pipelineDoc, pipelineLink as link, pipelineNode as node, type Report } from './pipeline-files'

const CLIP_S = 2
const CLIP_TONE = 440
const NEW_TONE = 880

let work: string
const out = () => join(work, 'out')

async function tool(program: string, args: string[]): Promise<string> {
  const result = await runCommand(program, ['-v', 'error', ...args])
  expect(result.code, result.stderr).toBe(0)
  return result.stdout
}

/** An MD5 of the sound's packets as they are stored, without decoding them. */
async function soundPackets(file: string): Promise<string> {
  return (await tool('ffmpeg', ['-i', file, '-map', '0:a', '-c', 'copy', '-f', 'md5', '-'])).trim()
}

/**
 * The sound's codec and how long it plays: from its first packet to the end of its last, since a
 * WebM states no duration per stream.
 */
async function soundStream(file: string): Promise<{ codec_name: string; duration: number }> {
  const json = await tool('ffprobe', [
    '-select_streams', 'a', '-show_entries', 'stream=codec_name:packet=pts_time,duration_time', '-of', 'json', file,
  ])
  const probe = JSON.parse(json) as { streams: { codec_name: string }[]; packets: { pts_time: string; duration_time: string }[] }
  const [stream] = probe.streams
  expect(stream, `${file} has no sound`).toBeDefined()
  const ends = probe.packets.map((packet) => Number(packet.pts_time) + Number(packet.duration_time))
  const starts = probe.packets.map((packet) => Number(packet.pts_time))
  return { codec_name: stream!.codec_name, duration: Math.max(...ends) - Math.min(...starts) }
}

/** The mean level in dB of the sound narrowed to one tone by two bandpass stages. */
async function toneLevel(file: string, frequency: number): Promise<number> {
  const band = `bandpass=f=${frequency}:t=q:w=8`
  const result = await runCommand('ffmpeg', ['-i', file, '-map', '0:a', '-af', `${band},${band},volumedetect`, '-f', 'null', '-'])
  expect(result.code, result.stderr).toBe(0)
  const level = /mean_volume: (-?[\d.]+) dB/.exec(result.stderr)?.[1]
  expect(level, result.stderr).toBeDefined()
  return Number(level)
}

const report = { current: undefined as Report | undefined }

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-remux-'))
  const clip = join(work, 'shot.mp4')
  const silent = join(work, 'silent.mp4')
  const line = join(work, 'line.wav')
  await tool('ffmpeg', [
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24', '-f', 'lavfi', '-i', `sine=frequency=${CLIP_TONE}`,
    '-t', String(CLIP_S), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clip,
  ])
  await tool('ffmpeg', ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24', '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', silent])
  // PCM in Matroska: no audio-only file takes it as it is, so it is decoded to WAV.
  await tool('ffmpeg', [
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24', '-f', 'lavfi', '-i', `sine=frequency=${CLIP_TONE}:sample_rate=48000`,
    '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le', join(work, 'tape.mkv'),
  ])
  await tool('ffmpeg', [
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24', '-f', 'lavfi', '-i', `sine=frequency=${CLIP_TONE}`,
    '-t', String(CLIP_S), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', join(work, 'web.webm'),
  ])
  // Longer than the clip, so the node has to cut it.
  await tool('ffmpeg', ['-f', 'lavfi', '-i', `sine=frequency=${NEW_TONE}:sample_rate=44100:duration=3`, '-c:a', 'pcm_s16le', line])

  const doc: PipelineDoc = pipelineDoc({
    id: 'remux',
    name: 'New sound for a shot',
    nodes: [
      node('shot', 'video-input'), node('silent', 'video-input'), node('line', 'audio-input'),
      node('swap', 'replace-audio', { mode: 'replace' }),
      node('layer', 'replace-audio', { mode: 'mix', originalGainDb: -12 }),
      node('sound', 'extract-audio'), node('mute', 'extract-audio'),
      // The clip's own AAC, taken out and put back: copied, not re-encoded.
      node('back', 'replace-audio'),
      node('tape', 'video-input'), node('tapeSound', 'extract-audio'),
      node('web', 'video-input'), node('webSwap', 'replace-audio'),
    ],
    edges: [
      link('shot', 'video', 'swap', 'video'), link('line', 'audio', 'swap', 'audio'),
      link('shot', 'video', 'layer', 'video'), link('line', 'audio', 'layer', 'audio'),
      link('shot', 'video', 'sound', 'video'), link('silent', 'video', 'mute', 'video'),
      link('shot', 'video', 'back', 'video'), link('sound', 'audio', 'back', 'audio'),
      link('tape', 'video', 'tapeSound', 'video'),
      link('web', 'video', 'webSwap', 'video'), link('line', 'audio', 'webSwap', 'audio'),
    ],
  })
  const path = join(work, 'remux.json')
  await writeFile(path, JSON.stringify(doc))
  const run = await runReelgraph([
    'run', path, '--out', out(), '--input', `shot=${clip}`, '--input', `silent=${silent}`, '--input', `line=${line}`,
    '--input', `tape=${join(work, 'tape.mkv')}`, '--input', `web=${join(work, 'web.webm')}`,
    '--save', 'swap', '--save', 'layer', '--save', 'sound', '--save', 'back', '--save', 'tapeSound', '--save', 'webSwap',
  ])
  expect([0, 1], `${run.stdout}\n${run.stderr}`).toContain(run.code)
  report.current = JSON.parse(await readFile(join(out(), 'report.json'), 'utf8')) as Report
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('replace-audio and extract-audio in Chromium', () => {
  it('writes the remuxed clips and the extracted sound', () => {
    for (const name of ['swap', 'layer', 'sound', 'back', 'tapeSound', 'webSwap']) {
      expect(report.current?.nodes[name], `${name}: ${report.current?.nodes[name]?.error}`).toMatchObject({ status: 'done' })
    }
    expect(report.current?.outputs.sort()).toEqual([
      'back.video.mp4', 'layer.video.mp4', 'sound.audio.m4a', 'swap.video.mp4', 'tapeSound.audio.wav', 'webSwap.video.webm',
    ])
  })

  it('replaces the sound with the new tone, cut to the clip, the picture packets unchanged', async () => {
    const swapped = join(out(), 'swap.video.mp4')
    const before = await pictureHashes(join(work, 'shot.mp4'))
    const after = await pictureHashes(swapped)
    console.log(`picture: ${before.length} packets before, ${after.length} after; first: ${after[0]}`)
    expect(before.length).toBe(CLIP_S * 24)
    expect(after).toEqual(before)
    const sound = await soundStream(swapped)
    const [high, low] = [await toneLevel(swapped, NEW_TONE), await toneLevel(swapped, CLIP_TONE)]
    console.log(`new sound: ${sound.codec_name}, ${sound.duration} s; ${NEW_TONE} Hz at ${high} dB, ${CLIP_TONE} Hz at ${low} dB`)
    expect(sound.codec_name).toBe('opus')
    expect(Math.abs(sound.duration - CLIP_S)).toBeLessThan(0.05)
    expect(high - low).toBeGreaterThan(30)
  })

  it('mixes the new tone over the clip’s own at the asked level', async () => {
    const layered = join(out(), 'layer.video.mp4')
    expect(await pictureHashes(layered)).toEqual(await pictureHashes(join(work, 'shot.mp4')))
    const [high, low] = [await toneLevel(layered, NEW_TONE), await toneLevel(layered, CLIP_TONE)]
    console.log(`mix: ${NEW_TONE} Hz at ${high} dB, the clip's ${CLIP_TONE} Hz at ${low} dB (asked 12 dB under)`)
    expect(Math.abs(high - low - 12)).toBeLessThan(1.5)
    expect(Math.abs((await soundStream(layered)).duration - CLIP_S)).toBeLessThan(0.05)
  })

  it('extracts the clip’s own tone, its AAC packets copied, as long as the clip', async () => {
    const extracted = join(out(), 'sound.audio.m4a')
    const sound = await soundStream(extracted)
    const [tone, other] = [await toneLevel(extracted, CLIP_TONE), await toneLevel(extracted, NEW_TONE)]
    console.log(`extracted: ${sound.codec_name}, ${sound.duration} s; ${CLIP_TONE} Hz at ${tone} dB, ${NEW_TONE} Hz at ${other} dB`)
    expect(sound.codec_name).toBe('aac')
    expect(Math.abs(sound.duration - CLIP_S)).toBeLessThan(0.05)
    expect(tone - other).toBeGreaterThan(30)
  })

  it('copies AAC sound as it is when it is as long as the clip', async () => {
    const restored = join(out(), 'back.video.mp4')
    expect(await pictureHashes(restored)).toEqual(await pictureHashes(join(work, 'shot.mp4')))
    expect(await soundPackets(restored)).toEqual(await soundPackets(join(work, 'shot.mp4')))
  })

  it('decodes to WAV a sound no audio-only file takes as it is', async () => {
    const extracted = join(out(), 'tapeSound.audio.wav')
    const sound = await soundStream(extracted)
    console.log(`PCM in MKV extracted: ${sound.codec_name}, ${sound.duration} s`)
    expect(sound.codec_name).toBe('pcm_s16le')
    expect(Math.abs(sound.duration - 1)).toBeLessThan(0.01)
    expect((await toneLevel(extracted, CLIP_TONE)) - (await toneLevel(extracted, NEW_TONE))).toBeGreaterThan(30)
  })

  it('keeps a WebM a WebM, its VP9 packets unchanged', async () => {
    const swapped = join(out(), 'webSwap.video.webm')
    const before = await pictureHashes(join(work, 'web.webm'), { fromFirstFrame: true })
    expect(before.length).toBe(CLIP_S * 24)
    expect(await pictureHashes(swapped, { fromFirstFrame: true })).toEqual(before)
    const sound = await soundStream(swapped)
    console.log(`WebM with new sound: ${sound.codec_name}, ${sound.duration} s`)
    expect(sound.codec_name).toBe('opus')
    expect(Math.abs(sound.duration - CLIP_S)).toBeLessThan(0.05)
    expect((await toneLevel(swapped, NEW_TONE)) - (await toneLevel(swapped, CLIP_TONE))).toBeGreaterThan(30)
  })

  it('says so on the node when the clip has no sound', () => {
    expect(report.current?.nodes.mute?.error).toMatch(/silent\.mp4 has no sound track to extract/)
  })
})
