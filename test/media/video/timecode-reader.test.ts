/**
 * A file's own start timecode, read as ffprobe reads it (`stream_tags=timecode`, the independent
 * reference): files ffmpeg writes with `-timecode` (MOV and MP4, whole, NTSC and drop-frame rates,
 * moov before and after the media), a file without a timecode track, and our writer's files read back.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { readStartTimecode, startTimecodeAt } from '../../../src/media/video/timecode-reader'
import { timecodeFrames, withTimecodeTrack } from '../../../src/media/video/timecode-track'
import { ffmpeg, scratchDirectory, UNHURRIED } from '../audio/ffmpeg-reference'

const scratch = scratchDirectory()
afterAll(() => scratch.remove())

/** The timecode ffprobe reads off the file's timecode track, if any. */
function ffprobeTimecode(path: string): string | undefined {
  const result = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'd', '-show_entries', 'stream_tags=timecode', '-of', 'csv=p=0', path])
  if (result.status !== 0) throw new Error(`ffprobe failed: ${result.stderr.toString()}`)
  return result.stdout.toString().trim() || undefined
}

function cameraFile(name: string, rate: string, extra: string[]): string {
  const path = scratch.path(name)
  ffmpeg(['-f', 'lavfi', '-i', `testsrc=size=64x36:rate=${rate}:duration=0.5`, '-c:v', 'libx264', '-preset', 'ultrafast', ...extra, path])
  return path
}

const fileOf = (path: string) => new Blob([readFileSync(path)])

describe('readStartTimecode', () => {
  it.each([
    { name: 'MOV at 24 fps', file: 'a.mov', rate: '24', extra: ['-timecode', '01:02:03:04'], fps: 24 },
    { name: 'MP4 at 24 fps', file: 'a.mp4', rate: '24', extra: ['-timecode', '01:02:03:04'], fps: 24 },
    { name: 'MP4, moov in front (faststart), 25 fps', file: 'front.mp4', rate: '25', extra: ['-timecode', '23:59:59:24', '-movflags', '+faststart'], fps: 25 },
    { name: 'MOV at 23.976 fps', file: 'film.mov', rate: '24000/1001', extra: ['-timecode', '10:00:00:00'], fps: 24000 / 1001 },
    { name: 'drop-frame MOV at 29.97 fps', file: 'drop.mov', rate: '30000/1001', extra: ['-timecode', '00:59:59;28'], fps: 30000 / 1001 },
    { name: 'drop-frame MP4 at 59.94 fps', file: 'drop-59.mp4', rate: '60000/1001', extra: ['-timecode', '00:09:59;58'], fps: 60000 / 1001 },
  ])('$name: what ffprobe reads', UNHURRIED, async ({ file, rate, extra, fps }) => {
    const path = cameraFile(file, rate, extra)
    const expected = ffprobeTimecode(path)
    expect(expected).toBe(extra[1])
    const reading = await readStartTimecode(fileOf(path))
    expect(reading).toEqual({ startTimecode: { timecode: expected, frame: timecodeFrames(expected!, fps), fps: expect.closeTo(fps, 9) as number, dropFrame: expected!.includes(';') } })
  })

  it('finds no timecode in a file without a timecode track', UNHURRIED, async () => {
    const path = cameraFile('none.mov', '24', ['-write_tmcd', '0'])
    expect(ffprobeTimecode(path)).toBeUndefined()
    expect(await readStartTimecode(fileOf(path))).toEqual({ none: true })
  })

  it('reads back what our writer wrote, moov in front of the media or after it', UNHURRIED, async () => {
    for (const [file, flags] of [
      ['plain.mp4', []],
      ['fast.mp4', ['-movflags', '+faststart']],
    ] as const) {
      const path = cameraFile(file, '30000/1001', ['-write_tmcd', '0', ...flags])
      const stamped = withTimecodeTrack(new Uint8Array(readFileSync(path)), timecodeFrames('01:00:00;00', 30000 / 1001), 30000 / 1001, true)
      const reading = await readStartTimecode(new Blob([stamped]))
      expect(reading).toMatchObject({ startTimecode: { timecode: '01:00:00;00', frame: 107_892, dropFrame: true } })
    }
  })

  it('finds no movie header in a file that is not MP4 or MOV', async () => {
    expect(await readStartTimecode(new Blob([new Uint8Array([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65])]))).toEqual({ none: true })
    expect(await readStartTimecode(new Blob([]))).toEqual({ none: true })
  })

  it('gives the start at the picture’s rate when the timecode runs at another', () => {
    const at25 = { timecode: '01:00:00:24', frame: timecodeFrames('01:00:00:24', 25), fps: 25, dropFrame: false }
    expect(startTimecodeAt(at25, 25)).toBe('01:00:00:24')
    expect(startTimecodeAt(at25, 50)).toBe('01:00:00:48')
    const drop = { timecode: '00:01:00;02', frame: 1800, fps: 30000 / 1001, dropFrame: true }
    expect(startTimecodeAt(drop, 30000 / 1001)).toBe('00:01:00;02')
    expect(startTimecodeAt(drop, 60000 / 1001)).toBe('00:01:00;04')
    expect(startTimecodeAt(drop, 60)).toBe('00:01:00:00')
  })
})
