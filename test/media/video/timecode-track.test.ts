/**
 * The timecode track as ffprobe reads it, on files ffmpeg writes without one: moov after the media
 * (ffmpeg's default) and in front of it (+faststart, as mediabunny writes), MP4 and MOV, whole and
 * NTSC rates; and the picture and sound still decode frame for frame the same.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { timecodeFrames, withTimecodeTrack } from '../../../src/media/video/timecode-track'
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
  ])('$name: ffprobe reads $timecode and the media is unchanged', UNHURRIED, ({ file, rate, fps, extra, timecode }) => {
    const path = source(file, rate, extra)
    expect(ffprobeJson(path).streams.some((stream) => stream.tags?.timecode)).toBe(false)
    const stamped = withTimecodeTrack(new Uint8Array(readFileSync(path)), timecodeFrames(timecode, fps), fps)
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
    expect(Buffer.from(withTimecodeTrack(new Uint8Array(readFileSync(path)), timecodeFrames(timecode, fps), fps)).equals(Buffer.from(stamped))).toBe(true)
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

  it('says what is wrong with a timecode it cannot read', () => {
    expect(() => timecodeFrames('1:00:00', 24)).toThrow(/hours:minutes:seconds:frames/)
    expect(() => timecodeFrames('01:00:00:24', 24)).toThrow(/frames 00 to 23/)
  })
})
