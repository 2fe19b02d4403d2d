import { describe, expect, it } from 'vitest'
import { NodeRegistry } from '../../src/engine'
import exportNode from './node'
import { encodeSettings, exportName, startTimecodeFor, verticalReframe } from './settings'

describe('export settings', () => {
  it('leaves the codecs to the container when none is chosen', () => {
    expect(encodeSettings({ container: 'mp4' })).toEqual({ container: 'mp4' })
  })

  it('maps the filmmaker’s codec names and quality to the encoder’s', () => {
    expect(encodeSettings({ container: 'mp4', videoCodec: 'h264', audioCodec: 'opus', quality: 'low' })).toEqual({
      container: 'mp4',
      videoCodec: 'avc',
      audioCodec: 'opus',
      videoQuality: 'low',
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
      videoQuality: 'very-high',
      audioCodec: 'pcm-s24',
      audioSampleRate: 48_000,
    })
    expect(() => encodeSettings({ container: 'webm', audioCodec: 'pcm' })).toThrow(/cannot hold PCM; choose Opus/)
  })

  it('archives as Matroska with near-lossless VP9 and 24-bit PCM', () => {
    expect(encodeSettings({ container: 'mp4', preset: 'archive' })).toMatchObject({ container: 'mkv', videoCodec: 'vp9', audioCodec: 'pcm-s24', audioSampleRate: 48_000 })
    expect(encodeSettings({ container: 'mp4', preset: 'archive' }).videoQuantizer).toBeLessThanOrEqual(8)
  })

  it('reframes for Vertical with a centre crop to 9:16 on even pixels, then 1080×1920', () => {
    expect(verticalReframe(1920, 1080)).toEqual({ width: 1080, height: 1920, crop: { x: 656, y: 0, width: 606, height: 1080 } })
    expect(verticalReframe(1280, 720)).toEqual({ width: 1080, height: 1920, crop: { x: 438, y: 0, width: 404, height: 720 } })
    // Taller than 9:16 already: the crop takes the middle band of rows.
    expect(verticalReframe(720, 1600)).toEqual({ width: 1080, height: 1920, crop: { x: 0, y: 160, width: 720, height: 1280 } })
    expect(verticalReframe(1080, 1920).crop).toEqual({ x: 0, y: 0, width: 1080, height: 1920 })
  })

  it('names the file after the clip, with the container’s extension', () => {
    expect(exportName('dusk-take3.mov', 'webm')).toBe('dusk-take3.webm')
    expect(exportName(undefined, 'mp4')).toBe('reelgraph-export.mp4')
    expect(exportName('.mov', 'mp4')).toBe('reelgraph-export.mp4')
  })
})

describe('export node', () => {
  it('reads a version-1 export’s bitrate as the nearest quality, and keeps its other settings', () => {
    const registry = new NodeRegistry([exportNode])
    const older = (params: Record<string, unknown>) => registry.upgrade({ id: 'deliver', type: 'export', typeVersion: 1, position: { x: 0, y: 0 }, params })
    expect(older({ container: 'mov', videoBitrate: 2 })).toMatchObject({ typeVersion: 2, params: { container: 'mov', quality: 'low' } })
    expect(older({ videoBitrate: 3 }).params).toEqual({ quality: 'medium' })
    expect(older({ videoBitrate: 6 }).params).toEqual({ quality: 'high' })
    expect(older({ videoBitrate: 40 }).params).toEqual({ quality: 'very-high' })
    expect(older({ container: 'webm' }).params).toEqual({ container: 'webm' })
    expect(exportNode.params.parse(older({ videoBitrate: 40 }).params)).toEqual({ container: 'mp4', quality: 'very-high' })
  })

  it('defaults to MP4 and refuses an unknown container', () => {
    expect(exportNode.params.parse({})).toEqual({ container: 'mp4' })
    expect(exportNode.params.safeParse({ container: 'avi' }).success).toBe(false)
  })

  it('takes a start timecode as hours:minutes:seconds:frames, and says how to write one it cannot read', () => {
    expect(exportNode.params.parse({ startTimecode: '01:00:00:00' }).startTimecode).toBe('01:00:00:00')
    const refused = exportNode.params.safeParse({ startTimecode: '01:00:00' })
    expect(refused.error?.issues[0]?.message).toMatch(/hours:minutes:seconds:frames/)
  })
})

describe('the file’s start timecode', () => {
  it('is the one asked for, else the sequence’s, in MP4 and MOV', () => {
    expect(startTimecodeFor('10:00:00:00', { startTimecode: '01:00:00:00' }, 'mov')).toBe('10:00:00:00')
    expect(startTimecodeFor(undefined, { startTimecode: '01:00:00:00', fps: 24 }, 'mp4')).toBe('01:00:00:00')
    expect(startTimecodeFor(undefined, {}, 'mp4')).toBeUndefined()
    expect(startTimecodeFor(undefined, { startTimecode: 'dusk' }, 'mp4')).toBeUndefined()
  })

  it('is a trimmed camera clip’s own first frame, not its file’s start (the trim’s in point later)', () => {
    const trimmed = { startTimecode: '01:00:10:00', frameSpan: { fps: 24, first: 12, frames: 12, fileFrames: 24 } }
    expect(startTimecodeFor(undefined, trimmed, 'mov')).toBe('01:00:10:12')
    const dropTrimmed = { startTimecode: '00:59:59;28', frameSpan: { fps: 30000 / 1001, first: 2, frames: 10, fileFrames: 30 } }
    // Past the tenth minute, which keeps its labels 00 and 01.
    expect(startTimecodeFor(undefined, dropTrimmed, 'mp4')).toBe('01:00:00;00')
    expect(startTimecodeFor(undefined, { ...trimmed, frameSpan: { ...trimmed.frameSpan, first: 0 } }, 'mp4')).toBe('01:00:10:00')
    // Meta a bundle could carry: drop-frame at 24 fps is no timecode there.
    expect(startTimecodeFor(undefined, { startTimecode: '01:00:00;00', frameSpan: trimmed.frameSpan }, 'mp4')).toBeUndefined()
  })

  it('refuses one asked for in WebM or Matroska, and leaves out a sequence’s there', () => {
    expect(() => startTimecodeFor('01:00:00:00', {}, 'webm')).toThrow(/WebM file holds no start timecode; export to MP4 or MOV/)
    expect(() => startTimecodeFor('01:00:00:00', {}, 'mkv')).toThrow(/Matroska file holds no start timecode/)
    expect(startTimecodeFor(undefined, { startTimecode: '01:00:00:00' }, 'mkv')).toBeUndefined()
  })
})
