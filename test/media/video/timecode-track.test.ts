/**
 * The timecode track as ffprobe reads it, on files ffmpeg writes without one: moov after the media
 * (ffmpeg's default) and in front of it (+faststart, as mediabunny writes), MP4 and MOV, whole and
 * NTSC rates; and the picture and sound still decode frame for frame the same.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { framesAsTimecode, isDropFrame, timecodeFrames, withTimecodeTrack } from '../../../src/media/video/timecode-track'
import { ffmpeg, scratchDirectory, UNHURRIED } from '../audio/ffmpeg-reference'

const scratch = scratchDirectory()
afterAll(() => scratch.remove())

function ffprobeJson(path: string): { streams: { codec_type: string; codec_tag_string: string; tags?: Record<string, string> }[] } {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path])
  if (result.status !== 0) throw new Error(`ffprobe failed: ${result.stderr.toString()}`)
  return JSON.parse(result.stdout.toString()) as ReturnType<typeof ffprobeJson>
}

/** The decoded frames' checksums, picture and sound, as ffmpeg's framemd5 lists them. */
function frameSums(path: string): string {
  return ffmpeg(['-i', path, '-map', '0:v', '-map', '0:a', '-f', 'framemd5', '-'])
    .toString()
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
}

function source(name: string, rate: string, extra: string[]): string {
  const path = scratch.path(name)
  ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=${rate}:duration=1`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=1'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'pcm_s16le', '-write_tmcd', '0', ...extra, path],
  ])
  return path
}

describe('withTimecodeTrack', () => {
  it.each([
    { name: 'moov after the media, MOV, 24 fps', file: 'late.mov', rate: '24', fps: 24, extra: [], timecode: '01:00:00:00' },
    { name: 'moov in front (faststart), MOV, 25 fps', file: 'front.mov', rate: '25', fps: 25, extra: ['-movflags', '+faststart'], timecode: '10:59:59:24' },
    { name: 'moov in front, MP4, 29.97 fps', file: 'front.mp4', rate: '30000/1001', fps: 30000 / 1001, extra: ['-movflags', '+faststart', '-c:a', 'aac'], timecode: '00:00:10:29' },
    { name: 'drop-frame, MOV, 29.97 fps', file: 'drop.mov', rate: '30000/1001', fps: 30000 / 1001, extra: [], timecode: '01:00:00;00' },
    { name: 'drop-frame past a skipped minute, MP4, 59.94 fps', file: 'drop-59.mp4', rate: '60000/1001', fps: 60000 / 1001, extra: ['-c:a', 'aac'], timecode: '00:01:00;04' },
  ])('$name: ffprobe reads $timecode and the media is unchanged', UNHURRIED, ({ file, rate, fps, extra, timecode }) => {
    const path = source(file, rate, extra)
    expect(ffprobeJson(path).streams.some((stream) => stream.tags?.timecode)).toBe(false)
    const stamped = withTimecodeTrack(new Uint8Array(readFileSync(path)), timecodeFrames(timecode, fps), fps, isDropFrame(timecode))
    const out = scratch.path(`stamped-${file}`)
    writeFileSync(out, stamped)
    const streams = ffprobeJson(out).streams
    const data = streams.find((stream) => stream.codec_tag_string === 'tmcd')
    expect(data?.codec_type).toBe('data')
    expect(data?.tags?.timecode).toBe(timecode)
    // ffmpeg puts the referenced timecode on the picture stream too (the tref link).
    expect(streams.find((stream) => stream.codec_type === 'video')?.tags?.timecode).toBe(timecode)
    expect(frameSums(out)).toBe(frameSums(path))
    // Same file and timecode, same bytes.
    expect(Buffer.from(withTimecodeTrack(new Uint8Array(readFileSync(path)), timecodeFrames(timecode, fps), fps, isDropFrame(timecode))).equals(Buffer.from(stamped))).toBe(true)
  })

  it('refuses a file that already has a timecode track', UNHURRIED, () => {
    const path = source('has-tmcd.mov', '24', [])
    const once = withTimecodeTrack(new Uint8Array(readFileSync(path)), 0, 24)
    expect(() => withTimecodeTrack(once, 0, 24)).toThrow(/already has a timecode track/)
  })
})

describe('timecodeFrames', () => {
  it('counts frames at the whole-number rate', () => {
    expect(timecodeFrames('01:00:00:00', 24)).toBe(86_400)
    expect(timecodeFrames('00:00:01:29', 30000 / 1001)).toBe(59)
  })

  // SMPTE ST 12-1: drop-frame skips labels 00 and 01 (00 to 03 at 59.94) at each minute but every tenth.
  it('counts drop-frame timecode without the labels it skips', () => {
    const ntsc = 30000 / 1001
    expect(timecodeFrames('00:00:59;29', ntsc)).toBe(1799)
    expect(timecodeFrames('00:01:00;02', ntsc)).toBe(1800)
    expect(timecodeFrames('00:10:00;00', ntsc)).toBe(17_982)
    expect(timecodeFrames('01:00:00;00', ntsc)).toBe(107_892)
    expect(timecodeFrames('00:01:00;04', 60000 / 1001)).toBe(3600)
    expect(timecodeFrames('01:00:00;00', 60000 / 1001)).toBe(215_784)
  })

  it('writes frame counts back as the same timecode, drop-frame or not', () => {
    const ntsc = 30000 / 1001
    expect(framesAsTimecode(1800, ntsc, true)).toBe('00:01:00;02')
    expect(framesAsTimecode(1800, ntsc)).toBe('00:01:00:00')
    expect(framesAsTimecode(107_892, ntsc, true)).toBe('01:00:00;00')
    expect(framesAsTimecode(86_400, 24, true)).toBe('01:00:00:00')
    for (const fps of [ntsc, 60000 / 1001]) {
      for (let frames = 0; frames < 40_000; frames += 7) expect(timecodeFrames(framesAsTimecode(frames, fps, true), fps)).toBe(frames)
    }
  })

  it('refuses drop-frame at a rate that has none, and a label drop-frame skips', () => {
    expect(() => timecodeFrames('01:00:00;00', 24)).toThrow(/only 29\.97 and 59\.94 fps/)
    // 30 and 60 fps exactly are no NTSC rates, however near 29.97 and 59.94 they are.
    expect(() => timecodeFrames('01:00:00;00', 30)).toThrow(/only 29\.97 and 59\.94 fps/)
    expect(() => timecodeFrames('01:00:00;00', 60)).toThrow(/only 29\.97 and 59\.94 fps/)
    expect(timecodeFrames('01:00:00;00', 29.970_03)).toBe(107_892)
    expect(() => timecodeFrames('00:01:00;01', 30000 / 1001)).toThrow(/a label drop-frame timecode skips/)
    expect(timecodeFrames('00:10:00;00', 30000 / 1001)).toBe(17_982)
    expect(isDropFrame('01:00:00;00')).toBe(true)
    expect(isDropFrame('01:00:00:00')).toBe(false)
  })

  it('says what is wrong with a timecode it cannot read', () => {
    expect(() => timecodeFrames('1:00:00', 24)).toThrow(/hours:minutes:seconds:frames/)
    expect(() => timecodeFrames('01:00:00:24', 24)).toThrow(/frames 00 to 23/)
  })
})
