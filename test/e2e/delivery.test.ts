/**
 * Delivery: what `export` writes, checked in real Chromium through the headless runner, with ffmpeg
 * and ffprobe as the independent readers.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEdl } from '../edl'
import { framesByNumber } from '../frames-by-number'
import { readFcpxml } from '../fcpxml'
import { readOtio } from '../otio'
import { runCommand, runReelgraph } from './harness'
import { ffmpeg, pipelineLink as link, pipelineNode as node, writePipeline, type Report } from './pipeline-files'

let work: string

/**
 * The least an archive keeps of its input on any frame (RGB PSNR, dB, as ffmpeg reads both): the
 * Archive preset's VP9 at quantizer 4 keeps 47.9 on the grain below, where the Resolve preset's
 * H.264 keeps 26.9, and 46.9 on the one-pass bench's 1080p grain (Resolve: 36.9).
 */
const ARCHIVE_FLOOR_DB = 45

async function run(doc: string, out: string, options: string[]): Promise<Report> {
  const result = await runReelgraph(['run', doc, '--out', join(work, out), ...options])
  const report = JSON.parse(await readFile(join(work, out, 'report.json'), 'utf8')) as Report
  expect(result.code, result.stderr).toBe(0)
  return report
}

/** RGB PSNR in dB over every frame, and of the frame that measures lowest. */
interface PsnrFigures {
  average: number
  worstFrame: number
}

/**
 * RGB PSNR of two 24 fps clips as ffmpeg shows them: each turned to RGB by swscale with the matrix
 * and range its own tags name (untagged: swscale's BT.601), then compared frame by frame.
 */
async function rgbPsnrFigures(ours: string, theirs: string): Promise<PsnrFigures> {
  // Frames paired by number: the two files count time in different time bases.
  const toRgb = `${framesByNumber(24)},scale=in_color_matrix=auto:in_range=auto,format=gbrp`
  const compared = await runCommand('ffmpeg', [
    '-v', 'info', '-i', ours, '-i', theirs,
    '-lavfi', `[0:v]${toRgb}[a];[1:v]${toRgb}[b];[a][b]psnr`, '-f', 'null', '-',
  ])
  const [, average, worstFrame] = (/PSNR .* average:([\d.]+|inf) min:([\d.]+|inf)/.exec(compared.stderr) ?? []).map(Number)
  expect(average, compared.stderr.slice(-400)).not.toBeNaN()
  expect(worstFrame, compared.stderr.slice(-400)).not.toBeNaN()
  return { average: average!, worstFrame: worstFrame! }
}

async function rgbPsnr(ours: string, theirs: string): Promise<number> {
  return (await rgbPsnrFigures(ours, theirs)).average
}

interface ColorTags {
  color_space?: string
  color_primaries?: string
  color_transfer?: string
  color_range?: string
}

async function colorTags(file: string): Promise<ColorTags> {
  const probe = await runCommand('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=color_space,color_primaries,color_transfer,color_range', '-of', 'json', file,
  ])
  expect(probe.code, probe.stderr).toBe(0)
  return (JSON.parse(probe.stdout) as { streams: ColorTags[] }).streams[0] ?? {}
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-delivery-'))
  // Saturated bars, still, so the figure measures the colours rather than the encoder's compression.
  await ffmpeg([
    '-f', 'lavfi', '-i', 'smptebars=size=640x360:rate=24', '-t', '1',
    '-c:v', 'libvpx-vp9', '-crf', '20', '-b:v', '0', '-pix_fmt', 'yuv420p',
    '-color_primaries', 'unknown', '-color_trc', 'unknown', '-colorspace', 'unknown', join(work, 'untagged.webm'),
  ])
  await ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '1', '-c:v', 'libvpx-vp9', '-c:a', 'libopus', join(work, 'with-sound.webm'),
  ])
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('export keeps the colours', () => {
  it('exports an untagged VP9 WebM to MP4 with the colours ffmpeg sees in the source, tagged with what its pixels are', async () => {
    const source = join(work, 'untagged.webm')
    expect((await colorTags(source)).color_space ?? 'unknown').toBe('unknown')
    const doc = await writePipeline(work, 'untagged-export', [node('shot', 'video-input'), node('deliver', 'export')], [link('shot', 'video', 'deliver', 'video')])
    const report = await run(doc, 'untagged', ['--input', `shot=${source}`])
    expect(report.nodes.deliver?.status).toBe('done')
    const delivered = join(work, 'untagged', 'deliver.file.mp4')
    const figure = await rgbPsnr(delivered, source)
    console.log(`untagged VP9 WebM exported to MP4, RGB PSNR against the source: ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(40)
    // Untagged media is read as BT.601 limited range (ffmpeg's rule), so that is what the output says it is.
    expect(await colorTags(delivered)).toEqual({ color_space: 'smpte170m', color_primaries: 'smpte170m', color_transfer: 'smpte170m', color_range: 'tv' })
  })
})

async function pictureBitrate(file: string): Promise<number> {
  const probe = await runCommand('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=bit_rate', '-of', 'csv=p=0', file])
  expect(probe.code, probe.stderr).toBe(0)
  return Number(probe.stdout)
}

describe('export quality', () => {
  it('reads an older document’s bitrate as a quality, and a lower quality makes a smaller picture', { timeout: 400_000 }, async () => {
    // Noise the encoder cannot squeeze to an asked bitrate: why the control is a quality (issue 15, item 5).
    const noisy = join(work, 'noisy.mp4')
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24,noise=alls=25:allf=t', '-t', '1', '-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv420p', noisy])
    const rates: Record<string, number> = {}
    for (const [out, megabits] of [['asked-2', 2], ['asked-40', 40]] as const) {
      const doc = await writePipeline(work, out, [node('shot', 'video-input'), node('deliver', 'export', { videoBitrate: megabits })], [link('shot', 'video', 'deliver', 'video')])
      const report = await run(doc, out, ['--input', `shot=${noisy}`])
      expect(report.nodes.deliver?.status).toBe('done')
      rates[out] = await pictureBitrate(join(work, out, 'deliver.file.mp4'))
    }
    console.log(`picture bitrates (ffprobe): videoBitrate 2 → ${(rates['asked-2']! / 1e6).toFixed(1)} Mbit/s, 40 → ${(rates['asked-40']! / 1e6).toFixed(1)} Mbit/s`)
    expect(rates['asked-2']!).toBeLessThan(rates['asked-40']! * 0.8)
  })
})

describe('the same inputs give the same file', () => {
  it('writes byte-identical MP4s from two runs of one export, with no wall-clock stamp in the container', async () => {
    const source = join(work, 'untagged.webm')
    const doc = await writePipeline(work, 'twice', [node('shot', 'video-input'), node('deliver', 'export')], [link('shot', 'video', 'deliver', 'video')])
    const digests: string[] = []
    for (const out of ['first', 'second']) {
      await run(doc, out, ['--input', `shot=${source}`])
      digests.push(createHash('sha256').update(await readFile(join(work, out, 'deliver.file.mp4'))).digest('hex'))
    }
    expect(digests[1]).toBe(digests[0])
    const probe = await runCommand('ffprobe', ['-v', 'error', '-show_entries', 'format_tags:stream_tags', '-of', 'json', join(work, 'first', 'deliver.file.mp4')])
    expect(probe.stdout).not.toMatch(/creation_time/)
  })
})

describe('delivery presets', () => {
  it('writes the Web preset as MP4 with H.264 High profile and the index in front of the media', async () => {
    const doc = await writePipeline(work, 'web', [node('shot', 'video-input'), node('deliver', 'export', { preset: 'web' })], [link('shot', 'video', 'deliver', 'video')])
    await run(doc, 'web', ['--input', `shot=${join(work, 'with-sound.webm')}`])
    const file = join(work, 'web', 'deliver.file.mp4')
    const probe = await runCommand('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,profile', '-of', 'json', file])
    expect((JSON.parse(probe.stdout) as { streams: unknown[] }).streams[0]).toEqual({ codec_name: 'h264', profile: 'High' })
    const bytes = await readFile(file)
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'))
  })

  it('archives as Matroska: near-lossless VP9 and 24-bit PCM at 48 kHz', { timeout: 300_000 }, async () => {
    const source = join(work, 'with-sound.webm')
    const doc = await writePipeline(work, 'archive', [node('shot', 'video-input'), node('deliver', 'export', { preset: 'archive' })], [link('shot', 'video', 'deliver', 'video')])
    const report = await run(doc, 'archive', ['--input', `shot=${source}`])
    expect(report.outputs).toEqual(['deliver.file.mkv'])
    const file = join(work, 'archive', 'deliver.file.mkv')
    const probe = await runCommand('ffprobe', ['-v', 'error', '-show_entries', 'format=format_name,bit_rate:stream=codec_type,codec_name,sample_rate,bits_per_raw_sample', '-of', 'json', file])
    const facts = JSON.parse(probe.stdout) as { format: { format_name: string; bit_rate: string }; streams: Record<string, unknown>[] }
    expect(facts.format.format_name).toContain('matroska')
    expect(facts.streams).toEqual([
      expect.objectContaining({ codec_type: 'video', codec_name: 'vp9' }),
      expect.objectContaining({ codec_type: 'audio', codec_name: 'pcm_s24le', sample_rate: '48000' }),
    ])
    const figure = await rgbPsnr(file, source)
    console.log(`archive: ${(Number(facts.format.bit_rate) / 1e6).toFixed(1)} Mbit/s, RGB PSNR against the source ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(45)
  })

  it('archives closer to its input than the Resolve preset, on every frame, as ffmpeg reads both', { timeout: 400_000 }, async () => {
    // Grain that changes every frame, so a frame measured against its neighbour measures far lower
    // than against itself; lossless VP9, which every preset re-encodes (none copies its packets), in
    // MP4, whose time base is not Matroska's milliseconds.
    const source = join(work, 'grain.mp4')
    await ffmpeg([
      '-f', 'lavfi', '-i', 'gradients=speed=0.05:nb_colors=3:c0=0xc04020:c1=0x2060c0:c2=0x40c060:x0=0:y0=0:x1=639:y1=359:size=640x360:rate=24,format=yuv420p,noise=alls=12:allf=t:all_seed=7',
      '-frames:v', '12', '-c:v', 'libvpx-vp9', '-lossless', '1', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', source,
    ])
    const measured: Partial<Record<'resolve' | 'archive', PsnrFigures>> = {}
    for (const [preset, extension] of [['resolve', 'mov'], ['archive', 'mkv']] as const) {
      const doc = await writePipeline(work, `grain-${preset}`, [node('shot', 'video-input'), node('deliver', 'export', { preset })], [link('shot', 'video', 'deliver', 'video')])
      await run(doc, `grain-${preset}`, ['--input', `shot=${source}`])
      measured[preset] = await rgbPsnrFigures(join(work, `grain-${preset}`, `deliver.file.${extension}`), source)
    }
    const { resolve, archive } = measured as Required<typeof measured>
    console.log(`RGB PSNR against the input, average and worst frame: archive ${archive.average.toFixed(2)} / ${archive.worstFrame.toFixed(2)} dB, resolve ${resolve.average.toFixed(2)} / ${resolve.worstFrame.toFixed(2)} dB`)
    expect(archive.average).toBeGreaterThan(resolve.average)
    expect(archive.worstFrame).toBeGreaterThanOrEqual(ARCHIVE_FLOOR_DB)
  })

  it('reframes Vertical 9:16 with a centre crop to 1080×1920, as ffmpeg crops and scales the same frames', { timeout: 300_000 }, async () => {
    const source = join(work, 'with-sound.webm')
    const doc = await writePipeline(work, 'vertical', [node('shot', 'video-input'), node('deliver', 'export', { preset: 'vertical' })], [link('shot', 'video', 'deliver', 'video')])
    await run(doc, 'vertical', ['--input', `shot=${source}`])
    const file = join(work, 'vertical', 'deliver.file.mp4')
    const probe = await runCommand('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file])
    expect((JSON.parse(probe.stdout) as { streams: unknown[] }).streams[0]).toEqual({ codec_name: 'h264', width: 1080, height: 1920 })
    // 640×360 → the middle 202 columns (9:16 on even pixels), scaled with Lanczos.
    const theirs = join(work, 'vertical-ffmpeg.mkv')
    await ffmpeg(['-i', source, '-vf', 'crop=202:360:218:0,scale=1080:1920:flags=lanczos', '-c:v', 'ffv1', '-an', theirs])
    const figure = await rgbPsnr(file, theirs)
    console.log(`vertical: RGB PSNR against ffmpeg's crop and scale ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(35)
    // Off by a quarter of the width, the same picture is far further from it.
    const shifted = join(work, 'vertical-shifted.mkv')
    await ffmpeg(['-i', source, '-vf', 'crop=202:360:60:0,scale=1080:1920:flags=lanczos', '-c:v', 'ffv1', '-an', shifted])
    expect(await rgbPsnr(file, shifted)).toBeLessThan(figure - 10)
  })

  it('hands off to Resolve as MOV with H.264 and 24-bit PCM at 48 kHz, never Opus', async () => {
    const doc = await writePipeline(work, 'resolve', [node('shot', 'video-input'), node('deliver', 'export', { preset: 'resolve' })], [link('shot', 'video', 'deliver', 'video')])
    const report = await run(doc, 'resolve', ['--input', `shot=${join(work, 'with-sound.webm')}`])
    expect(report.outputs).toEqual(['deliver.file.mov'])
    const probe = await runCommand('ffprobe', [
      '-v', 'error', '-show_entries', 'format=format_name:stream=codec_type,codec_name,sample_rate,bits_per_sample', '-of', 'json', join(work, 'resolve', 'deliver.file.mov'),
    ])
    const facts = JSON.parse(probe.stdout) as { format: { format_name: string }; streams: Record<string, unknown>[] }
    expect(facts.format.format_name).toContain('mov')
    expect(facts.streams).toEqual([
      expect.objectContaining({ codec_type: 'video', codec_name: 'h264' }),
      expect.objectContaining({ codec_type: 'audio', codec_name: 'pcm_s24le', sample_rate: '48000', bits_per_sample: 24 }),
    ])
  })
})

describe('the file’s start timecode', () => {
  async function timecodeStreams(file: string): Promise<{ codec_type: string; codec_tag_string: string; tags?: { timecode?: string } }[]> {
    const probe = await runCommand('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file])
    expect(probe.code, probe.stderr).toBe(0)
    return (JSON.parse(probe.stdout) as { streams: Awaited<ReturnType<typeof timecodeStreams>> }).streams
  }

  it('hands a sequence to Resolve at the sequence’s start timecode: the MOV’s timecode track and the EDL, .otio and .fcpxml record side agree', async () => {
    const fps = 24
    const doc = await writePipeline(
      work,
      'timecode-cut',
      [node('first', 'video-input'), node('second', 'video-input'), node('cut', 'sequence', { startTimecode: '10:00:00:00' }), node('deliver', 'export', { preset: 'resolve' })],
      [link('first', 'video', 'cut', 'clips'), link('second', 'video', 'cut', 'clips'), link('cut', 'video', 'deliver', 'video')],
    )
    // MP4 at exactly 24 fps: a WebM's millisecond timestamps measure 24.008, which the .otio would keep.
    const clip = join(work, 'exact-24.mp4')
    await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=${fps}`, '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip])
    await run(doc, 'timecode-cut', ['--input', `first=${clip}`, '--input', `second=${clip}`, '--save', 'cut'])
    const streams = await timecodeStreams(join(work, 'timecode-cut', 'deliver.file.mov'))
    expect(streams.find((stream) => stream.codec_tag_string === 'tmcd')).toMatchObject({ codec_type: 'data', tags: { timecode: '10:00:00:00' } })
    expect(streams.find((stream) => stream.codec_type === 'video')?.tags?.timecode).toBe('10:00:00:00')
    // The sequence's own clip carries it too, for a player or a suite given that file.
    const cutStreams = await timecodeStreams(join(work, 'timecode-cut', 'cut.video.mp4'))
    expect(cutStreams.find((stream) => stream.codec_tag_string === 'tmcd')).toMatchObject({ codec_type: 'data', tags: { timecode: '10:00:00:00' } })

    const start = 10 * 3600 * fps
    const { events } = readEdl(await readFile(join(work, 'timecode-cut', 'cut.edl.edl'), 'utf8'), fps)
    expect(events[0]?.recordIn).toBe(start)
    expect(readOtio(await readFile(join(work, 'timecode-cut', 'cut.otio.otio'), 'utf8')).global_start_time).toMatchObject({ rate: fps, value: start })
    expect(readFcpxml(await readFile(join(work, 'timecode-cut', 'cut.fcpxml.fcpxml'), 'utf8')).tcStart).toBe(start)
  })

  it('writes the asked start timecode into an MP4 of a clip, and none when none is asked', async () => {
    const doc = await writePipeline(work, 'timecode-clip', [node('shot', 'video-input'), node('deliver', 'export', { startTimecode: '01:00:00:00' })], [link('shot', 'video', 'deliver', 'video')])
    await run(doc, 'timecode-clip', ['--input', `shot=${join(work, 'with-sound.webm')}`])
    const streams = await timecodeStreams(join(work, 'timecode-clip', 'deliver.file.mp4'))
    expect(streams.find((stream) => stream.codec_tag_string === 'tmcd')?.tags?.timecode).toBe('01:00:00:00')
    const plain = await writePipeline(work, 'no-timecode', [node('shot', 'video-input'), node('deliver', 'export')], [link('shot', 'video', 'deliver', 'video')])
    await run(plain, 'no-timecode', ['--input', `shot=${join(work, 'with-sound.webm')}`])
    expect((await timecodeStreams(join(work, 'no-timecode', 'deliver.file.mp4'))).some((stream) => stream.tags?.timecode)).toBe(false)
  })
})
