import { spawnSync } from 'node:child_process'
import { i420Size, type Planes420 } from '../../../src/media/color/yuv'

/** A packed I420 frame (Y, then Cb, then Cr, no row padding) as `gradeYuv420` reads it. */
export function packedI420(data: Uint8Array, width: number, height: number): Planes420 {
  const chromaWidth = (width + 1) >> 1
  const chromaPlane = chromaWidth * ((height + 1) >> 1)
  return {
    data,
    width,
    height,
    y: { offset: 0, stride: width },
    cb: { offset: width * height, stride: chromaWidth },
    cr: { offset: width * height + chromaPlane, stride: chromaWidth },
    chromaStep: 1,
  }
}

/** Frames of a moving test pattern with the noise of an H.264 encode, as a decoder gives them: many colors, new ones each frame. */
export function decodedFrames(width: number, height: number, count: number): Uint8Array[] {
  const encode = spawnSync('ffmpeg', [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}:r=24`, '-frames:v', String(count),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', '-pix_fmt', 'yuv420p', '-f', 'h264', '-',
  ], { maxBuffer: 64 * 1024 * 1024 })
  const decode = spawnSync('ffmpeg', ['-v', 'error', '-f', 'h264', '-i', '-', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], { input: encode.stdout, maxBuffer: 256 * 1024 * 1024 })
  if (decode.status !== 0) throw new Error(`ffmpeg failed: ${decode.stderr?.toString()}`)
  const size = i420Size(width, height)
  return Array.from({ length: count }, (_, index) => new Uint8Array(decode.stdout.subarray(index * size, (index + 1) * size)))
}
