import { describe, expect, it } from 'vitest'
import type { Grade } from '../../../src/media/color/apply'
import { bakeYuvGrade, gradeYuv420, i420Size, type YuvMatrix } from '../../../src/media/color/yuv'
import { kernelBlockRows } from '../../../src/media/color/yuv-kernel'
import { keepGradeMemory, markingBakedPages, takeGradeMemory, type ReusableGradeMemory } from '../../../src/media/video/spare-grade-memory'
import { decodedFrames, packedI420 } from '../color/planes'
import { warmLut3d } from '../color/looks'

const BT709_LIMITED: YuvMatrix = { name: 'bt709', fullRange: false }
const WIDTH = 96
const HEIGHT = 54
const SIZE = i420Size(WIDTH, HEIGHT)
const BLOCKS = (WIDTH >> 1) * (HEIGHT >> 1)

/** Grades the frames in the memory's kernel, its table marking what it bakes, and returns the graded planes. */
function gradeInKernel(memory: ReusableGradeMemory, grade: Grade, frames: Uint8Array[]): Uint8Array[] {
  const table = markingBakedPages(bakeYuvGrade(grade, BT709_LIMITED, memory.entries), memory.bakedPages)
  const blockRows = kernelBlockRows(memory.memory, memory.layout, 0)
  return frames.map((frame) => {
    memory.frame.set(frame)
    gradeYuv420(packedI420(memory.frame, WIDTH, HEIGHT), table, memory.graded, 0, HEIGHT, blockRows)
    return memory.graded.slice(0, SIZE)
  })
}

/** The same frames through a table of its own in the JavaScript loop: what any render must give. */
function gradeAlone(grade: Grade, frames: Uint8Array[]): Uint8Array[] {
  const table = bakeYuvGrade(grade, BT709_LIMITED)
  return frames.map((frame) => {
    const graded = new Uint8Array(SIZE)
    gradeYuv420(packedI420(frame, WIDTH, HEIGHT), table, graded)
    return graded
  })
}

describe('a grade memory kept from one render to the next', () => {
  const warm: Grade = { lut: warmLut3d(17) }
  const cool: Grade = { lut: warmLut3d(9), cdl: { slope: [0.9, 1, 1.15], offset: [0, 0, 0.02], power: [1, 1, 1], saturation: 0.8 } }

  it('is used again with its table empty, and grades the next grade exactly as a fresh memory', () => {
    const frames = decodedFrames(WIDTH, HEIGHT, 4)
    const first = takeGradeMemory(SIZE, SIZE, BLOCKS, 2)
    if (!first) throw new Error('Node has WebAssembly SIMD, threads and shared memory: the kernel must be available')
    expect(gradeInKernel(first, warm, frames)).toEqual(gradeAlone(warm, frames))
    expect(first.entries.some((entry) => entry !== 0)).toBe(true)
    keepGradeMemory(first)

    const second = takeGradeMemory(SIZE, SIZE, BLOCKS, 2)
    // Compared as booleans: a failing toBe would print two 64 MB tables.
    expect(second === first).toBe(true)
    expect(second!.entries.every((entry) => entry === 0)).toBe(true)
    expect(second!.bakedPages.every((flag) => flag === 0)).toBe(true)
    expect(gradeInKernel(second!, cool, frames)).toEqual(gradeAlone(cool, frames))
  })

  it('is let go for a render it is too small for, and is not handed to two renders at once', () => {
    const small = takeGradeMemory(SIZE, SIZE, BLOCKS, 1)!
    keepGradeMemory(small)
    const larger = takeGradeMemory(2 * SIZE, 2 * SIZE, 4 * BLOCKS, 1)
    expect(larger === small).toBe(false)
    // Nothing is kept while `larger` is in use: a second render at once gets a memory of its own.
    const meanwhile = takeGradeMemory(SIZE, SIZE, BLOCKS, 1)
    expect(meanwhile === larger || meanwhile === small).toBe(false)
  })
})
