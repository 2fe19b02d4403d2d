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
})
