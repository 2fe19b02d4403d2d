import type { Planes420 } from '../../../src/media/color/yuv'

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
