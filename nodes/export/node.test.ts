import { describe, expect, it } from 'vitest'
import exportNode from './node'
import { encodeSettings, exportName } from './settings'

describe('export settings', () => {
  it('leaves the codecs to the container when none is chosen', () => {
    expect(encodeSettings({ container: 'mp4' })).toEqual({ container: 'mp4' })
  })

  it('maps the filmmaker’s codec names and megabits to the encoder’s', () => {
    expect(encodeSettings({ container: 'mp4', videoCodec: 'h264', audioCodec: 'opus', videoBitrate: 8 })).toEqual({
      container: 'mp4',
      videoCodec: 'avc',
      audioCodec: 'opus',
      videoBitrate: 8_000_000,
    })
  })

  it('refuses codecs a WebM file cannot hold, saying what it can', () => {
    expect(() => encodeSettings({ container: 'webm', videoCodec: 'h264' })).toThrow(/cannot hold H\.264; choose VP9 or AV1/)
    expect(() => encodeSettings({ container: 'webm', audioCodec: 'aac' })).toThrow(/cannot hold AAC; choose Opus/)
    expect(encodeSettings({ container: 'webm', videoCodec: 'av1' })).toEqual({ container: 'webm', videoCodec: 'av1' })
  })

  it('gives each delivery preset its own file, over the free settings', () => {
    expect(encodeSettings({ container: 'webm', preset: 'web' })).toEqual({ container: 'mp4', videoCodec: 'avc' })
    expect(encodeSettings({ container: 'mp4', audioCodec: 'opus', preset: 'resolve' })).toEqual({
      container: 'mov',
      videoCodec: 'avc',
      bestQuality: true,
      audioCodec: 'pcm-s24',
      audioSampleRate: 48_000,
    })
    expect(() => encodeSettings({ container: 'webm', audioCodec: 'pcm' })).toThrow(/cannot hold PCM; choose Opus/)
  })

  it('names the file after the clip, with the container’s extension', () => {
    expect(exportName('dusk-take3.mov', 'webm')).toBe('dusk-take3.webm')
    expect(exportName(undefined, 'mp4')).toBe('reelgraph-export.mp4')
    expect(exportName('.mov', 'mp4')).toBe('reelgraph-export.mp4')
  })
})

describe('export node', () => {
  it('defaults to MP4 and refuses an unknown container', () => {
    expect(exportNode.params.parse({})).toEqual({ container: 'mp4' })
    expect(exportNode.params.safeParse({ container: 'avi' }).success).toBe(false)
  })
})
