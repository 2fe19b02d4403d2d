import { describe, expect, it } from 'vitest'
import type { Grade } from '../../../src/media/color/apply'
import { bakeYuvGrade, gradeYuv420, i420Size, type YuvMatrix } from '../../../src/media/color/yuv'
import { gradeMemory, kernelBlockRows } from '../../../src/media/color/yuv-kernel'
import { warmLut3d } from './looks'
import { decodedFrames, packedI420 } from './planes'

const BT709_LIMITED: YuvMatrix = { name: 'bt709', fullRange: false }

describe('the WebAssembly grading loop', () => {
  const grade: Grade = { lut: warmLut3d(17), cdl: { slope: [1.1, 1, 0.9], offset: [0, 0.01, 0], power: [1, 1, 1.1], saturation: 1.2 } }

  it('grades frame after frame exactly as the JavaScript loop, in two threads’ bands, from an empty table', () => {
    const width = 320
    const height = 182
    const size = i420Size(width, height)
    const frames = decodedFrames(width, height, 6)
    const blocks = (width >> 1) * (height >> 1)
    const shared = gradeMemory(size, size, blocks, 2)
    if (!shared) throw new Error('Node has WebAssembly SIMD, threads and shared memory: the kernel must be available')
    const kernelTable = bakeYuvGrade(grade, BT709_LIMITED, shared.entries)
    const page = kernelBlockRows(shared.memory, shared.layout, 0)
    const worker = kernelBlockRows(shared.memory, shared.layout, 1)
    const scriptTable = bakeYuvGrade(grade, BT709_LIMITED)
    for (const frame of frames) {
      shared.frame.set(frame)
      const source = packedI420(shared.frame, width, height)
      gradeYuv420(source, kernelTable, shared.graded, 0, 90, page)
      gradeYuv420(source, kernelTable, shared.graded, 90, height, worker)
      const expected = new Uint8Array(size)
      gradeYuv420(packedI420(frame, width, height), scriptTable, expected)
      expect(shared.graded).toEqual(expected)
    }
  })

  it('grades odd sizes, the edge blocks by the JavaScript loop', () => {
    const width = 33
    const height = 17
    const size = i420Size(width, height)
    const [frame] = decodedFrames(34, 18, 1).map((even) => {
      // Crop the even frame to the odd size, plane by plane.
      const cropped = new Uint8Array(size)
      const source = packedI420(even, 34, 18)
      const target = packedI420(cropped, width, height)
      for (let y = 0; y < height; y++) cropped.set(even.subarray(y * 34, y * 34 + width), y * width)
      for (let y = 0; y < (height + 1) >> 1; y++) {
        cropped.set(even.subarray(source.cb.offset + y * 17, source.cb.offset + y * 17 + 17), target.cb.offset + y * 17)
        cropped.set(even.subarray(source.cr.offset + y * 17, source.cr.offset + y * 17 + 17), target.cr.offset + y * 17)
      }
      return cropped
    })
    const shared = gradeMemory(size, size, 17 * 9, 1)!
    shared.frame.set(frame!)
    gradeYuv420(packedI420(shared.frame, width, height), bakeYuvGrade(grade, BT709_LIMITED, shared.entries), shared.graded, 0, height, kernelBlockRows(shared.memory, shared.layout, 0))
    const expected = new Uint8Array(size)
    gradeYuv420(packedI420(frame!, width, height), bakeYuvGrade(grade, BT709_LIMITED), expected)
    expect(shared.graded).toEqual(expected)
  })
})
