import { describe, expect, it } from 'vitest'
import { codecName } from '../../src/media/video/codec-name'

describe('codec names', () => {
  it('names codec strings the way a filmmaker knows them, with H.264’s profile', () => {
    expect(codecName('avc1.64001f')).toBe('H.264 High')
    expect(codecName('avc1.42E01E')).toBe('H.264 Baseline')
    expect(codecName('avc1.4d401f')).toBe('H.264 Main')
    expect(codecName('hvc1.1.6.L93.B0')).toBe('HEVC')
    expect(codecName('vp09.00.10.08')).toBe('VP9')
    expect(codecName('av01.0.04M.08')).toBe('AV1')
    expect(codecName('mp4a.40.2')).toBe('AAC')
    expect(codecName('opus')).toBe('Opus')
  })

  it('gives back a string it does not know as it is, rather than a wrong name', () => {
    expect(codecName('xyz1.0')).toBe('xyz1.0')
    expect(codecName('avc1.ff001f')).toBe('H.264')
  })
})
