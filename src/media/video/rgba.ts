/*
 * Decoded frames read back as 8-bit RGBA, the form the color math works on.
 */
import type { InputVideoTrack, VideoSample } from 'mediabunny'

/**
 * How a clip that does not say its YUV matrix is read: as BT.601, limited range, which is what ffmpeg
 * (and so most tools that wrote the clip) assumes. Chromium would guess from the frame size, and a
 * wrong guess shifts greens visibly.
 */
export const UNTAGGED_COLOR_SPACE: VideoColorSpaceInit = { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false }

export interface RgbaFrame {
  /** Reused by the next read: copy it to keep it. */
  pixels: Uint8Array
  width: number
  height: number
}

/** True when the clip does not say which YUV matrix its picture uses. */
export async function isUntagged(picture: InputVideoTrack): Promise<boolean> {
  return !(await picture.getColorSpace()).matrix
}

/**
 * Reads frames of one clip into one buffer reused for every frame: a 1080p frame is 8 MB, and a new
 * one per frame would keep the collector busy. `crop`: only that part of each frame.
 */
export function rgbaReader(untagged: boolean, crop?: DOMRectInit): (sample: VideoSample) => Promise<RgbaFrame> {
  let pixels = new Uint8Array(0)
  let planes = new Uint8Array(0)
  const rgba = { format: 'RGBA', ...(crop ? { rect: crop } : {}) } as const
  return async (sample) => {
    const { width = 0, height = 0 } = crop ?? sample.visibleRect
    const size = sample.allocationSize(rgba)
    if (pixels.length !== size) pixels = new Uint8Array(size)
    if (!untagged || !sample.format) {
      await sample.copyTo(pixels, rgba)
      return { pixels, width, height }
    }
    if (planes.length !== sample.allocationSize()) planes = new Uint8Array(sample.allocationSize())
    const retagged = await withColorSpace(sample, planes, UNTAGGED_COLOR_SPACE)
    try {
      await retagged.copyTo(pixels, rgba)
    } finally {
      retagged.close()
    }
    return { pixels, width, height }
  }
}

/**
 * Gives each decoded frame of an untagged clip the color space it is read with, its planes unchanged,
 * so that the encoder tags the new file with what its pixels are. Without it Chromium hands the encoder
 * frames it calls BT.709 (WebCodecs' default for YUV), and the output says BT.709 over BT.601 pixels.
 */
export function untaggedRetagger(): (sample: VideoSample) => Promise<VideoFrame> {
  let planes = new Uint8Array(0)
  return async (sample) => {
    if (!sample.format) return sample.toVideoFrame()
    if (planes.length !== sample.allocationSize()) planes = new Uint8Array(sample.allocationSize())
    return withColorSpace(sample, planes, UNTAGGED_COLOR_SPACE)
  }
}

/** The decoded frame again, its planes copied into `planes`, with the color space it should have had. */
async function withColorSpace(sample: VideoSample, planes: Uint8Array, colorSpace: VideoColorSpaceInit): Promise<VideoFrame> {
  const layout = await sample.copyTo(planes)
  return new VideoFrame(planes, {
    format: sample.format as VideoPixelFormat,
    codedWidth: sample.codedWidth,
    codedHeight: sample.codedHeight,
    visibleRect: sample.visibleRect,
    layout,
    timestamp: sample.microsecondTimestamp,
    duration: sample.microsecondDuration,
    colorSpace,
  })
}
