import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { statedSampleRate } from '../../../src/media/audio/stated-rate'
import { ffmpeg, scratchDirectory, UNHURRIED } from './ffmpeg-reference'

const scratch = scratchDirectory()
afterAll(() => scratch.remove())

/** A second of a tone encoded by ffmpeg; `extra` adds output options (a tag, a codec setting). */
function encoded(name: string, rate: number, codec: string, extra: readonly string[] = []): string {
  const path = scratch.path(name)
  ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${rate}:duration=1`, '-c:a', codec, ...extra, path])
  return path
}

function ffprobeRate(path: string): number {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate', '-of', 'csv=p=0', path])
  return Number(probe.stdout.toString().trim())
}

describe('the sample rate a sound file states', UNHURRIED, () => {
  const cases: [name: string, rate: number, codec: string, extra?: string[]][] = [
    ['tone.flac', 44100, 'flac'],
    ['tagged.flac', 96000, 'flac', ['-metadata', 'title=Night tram']],
    ['tone.mp3', 44100, 'libmp3lame'],
    ['tone-22k.mp3', 22050, 'libmp3lame'],
    ['tagged.mp3', 48000, 'libmp3lame', ['-id3v2_version', '3', '-metadata', 'title=Night tram']],
    ['tone-8k.mp3', 8000, 'libmp3lame'],
    ['tone.aac', 32000, 'aac'],
    ['tone.m4a', 44100, 'aac'],
    ['tone.ogg', 22050, 'libvorbis'],
    ['tone.opus', 24000, 'libopus'],
  ]
  for (const [name, rate, codec, extra] of cases) {
    it(`reads ${name} as ffprobe does`, () => {
      const path = encoded(name, rate, codec, extra)
      expect(statedSampleRate(readFileSync(path))).toBe(ffprobeRate(path))
    })
  }

  it('says nothing for a file that is not sound', () => {
    const path = scratch.path('notes.txt')
    writeFileSync(path, 'INT. TRAM STOP - NIGHT')
    expect(statedSampleRate(readFileSync(path))).toBeUndefined()
    expect(statedSampleRate(new Uint8Array([0x49, 0x44, 0x33]))).toBeUndefined()
  })
})
