import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext } from '../../src/engine'
import { clipMeta } from '../../src/media/video/probe'
import videoInput from './node'

const assets = new MemoryAssetStore()
const ctx = standaloneContext({ assets })

describe('video-input node', () => {
  it('says what to do when no clip was chosen yet', async () => {
    await expect(videoInput.run({ inputs: {}, params: {}, ctx })).rejects.toThrow(/upload an MP4, MOV, WebM or MKV file/)
  })

  it('takes only a video asset as its file', () => {
    const clip = { kind: 'video', hash: 'a'.repeat(64), mime: 'video/mp4', bytes: 10, meta: {} }
    expect(videoInput.params.safeParse({ file: clip }).success).toBe(true)
    expect(videoInput.params.safeParse({ file: { ...clip, kind: 'image' } }).success).toBe(false)
  })

  it('names the file when it cannot be read', async () => {
    const file = await assets.put(new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'video/mp4' }), {
      kind: 'video',
      meta: { name: 'broken.mp4' },
    })
    await expect(videoInput.run({ inputs: {}, params: { file }, ctx })).rejects.toThrow(/^“broken\.mp4”: /)
  })

  it('describes a clip with the facts downstream nodes read', () => {
    const facts = {
      width: 640,
      height: 360,
      fps: 24,
      frameCount: 48,
      durationS: 2,
      videoCodec: 'avc',
      videoCodecString: 'avc1.64001e',
      videoBitrate: 1_200_000,
      mime: 'video/mp4',
    }
    expect(clipMeta(facts)).toEqual({ width: 640, height: 360, fps: 24, durationS: 2, frameCount: 48, hasAudio: false, videoCodec: 'avc1.64001e' })
    const withSound = clipMeta({ ...facts, sound: { codec: 'aac', sampleRate: 44100, channels: 1, decodable: true } })
    expect(withSound).toMatchObject({ hasAudio: true, audioCodec: 'aac' })
  })

  it('carries a camera file’s own start timecode in the clip’s meta, and nothing when it has none', () => {
    const facts = { width: 64, height: 36, fps: 24, frameCount: 12, durationS: 0.5, videoCodec: 'avc', videoCodecString: 'avc1.64000a', videoBitrate: 1, mime: 'video/quicktime' }
    expect(clipMeta({ ...facts, startTimecode: '01:00:10:00' }).startTimecode).toBe('01:00:10:00')
    expect(clipMeta({ ...facts, timecodeUnreadable: 'its timecode track gives no frame rate' })).not.toHaveProperty('startTimecode')
  })

  it('is version 2: clips brought in before are read again for their timecode, params unchanged', () => {
    expect(videoInput.version).toBe(2)
    expect(videoInput.migrations?.[1]?.({ file: undefined })).toEqual({ file: undefined })
  })
})
