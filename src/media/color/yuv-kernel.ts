/*
 * The Y'CbCr grading loop in WebAssembly (../wasm/grade.wat) for frames that share the kernel's
 * memory with their table. The page makes one shared memory for a clip's grade and lays it out; the
 * page and each worker instantiate the kernel on it, each with its own list of missed blocks, and
 * grade their bands of a frame in place: no copy between the threads or into the kernel.
 */
import { gradeWasm } from '../wasm/grade-wasm'
import { compiledKernel, exportedFunction } from '../wasm/kernels'
import { TABLE_SIZE, type BlockRowGrader } from './yuv'

/** Byte addresses in a grade memory. */
export interface GradeMemoryLayout {
  table: number
  frame: number
  frameBytes: number
  graded: number
  gradedBytes: number
  /** Each thread's missed-block list: thread t's starts at `missed` + t × `missedBytes`. */
  missed: number
  missedBytes: number
}

export interface GradeMemory {
  memory: WebAssembly.Memory
  layout: GradeMemoryLayout
  /** The table's entries, for `bakeYuvGrade`. */
  entries: Uint32Array
  /** Where a decoded frame is copied (`frameBytes`), and where its grade is written (packed I420). */
  frame: Uint8Array
  graded: Uint8Array
}

type GradeBlockRow = (
  data: number, entries: number, into: number,
  lumaIn: number, lumaStride: number, cbIn: number, crIn: number, chromaStep: number,
  lumaOut: number, width: number, evenWidth: number, cbOut: number, crOut: number,
  missed: number, missedCount: number,
) => number

const PAGE = 65536

/**
 * A memory for one clip's grade: one table, a frame of `frameBytes` (as `VideoFrame.copyTo` lays it
 * out), its graded copy of `gradedBytes` and a missed-block list for each of `threads` threads.
 * Undefined where the kernel cannot run: no WebAssembly SIMD or threads, or shared memory not allowed
 * (a page that is not cross-origin isolated).
 */
export function gradeMemory(frameBytes: number, gradedBytes: number, blocks: number, threads: number): GradeMemory | undefined {
  if (!compiledKernel(gradeWasm) || typeof SharedArrayBuffer === 'undefined') return undefined
  const table = 0
  const frame = TABLE_SIZE * 4
  const graded = align(frame + frameBytes)
  const missed = align(graded + gradedBytes)
  const missedBytes = align(blocks * 4)
  const pages = Math.ceil((missed + threads * missedBytes) / PAGE)
  let memory: WebAssembly.Memory
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
  } catch {
    return undefined
  }
  const layout = { table, frame, frameBytes, graded, gradedBytes, missed, missedBytes }
  return {
    memory,
    layout,
    entries: new Uint32Array(memory.buffer, table, TABLE_SIZE),
    frame: new Uint8Array(memory.buffer, frame, frameBytes),
    graded: new Uint8Array(memory.buffer, graded, gradedBytes),
  }
}

/**
 * The kernel for thread `thread` (0 the page, 1… the workers) on a grade memory. It reads and writes
 * through the addresses of the views it is given, which must be views of that memory.
 */
export function kernelBlockRows(memory: WebAssembly.Memory, layout: GradeMemoryLayout, thread: number): BlockRowGrader {
  const module = compiledKernel(gradeWasm)
  if (!module) throw new Error('this engine cannot run the grade kernel')
  const gradeBlockRow = exportedFunction<GradeBlockRow>(new WebAssembly.Instance(module, { env: { memory } }), 'gradeBlockRow')
  const missed = new Int32Array(memory.buffer, layout.missed + thread * layout.missedBytes, layout.missedBytes / 4)
  return {
    missed: (blocks) => {
      if (blocks > missed.length) throw new RangeError(`the grade memory has room for ${missed.length} missed blocks, not ${blocks}`)
      return missed
    },
    grade: (data, entries, into, blocks, missedList, missedCount) =>
      gradeBlockRow(
        data.byteOffset, entries.byteOffset, into.byteOffset,
        blocks.lumaIn, blocks.lumaStride, blocks.cbIn, blocks.crIn, blocks.chromaStep,
        blocks.lumaOut, blocks.width, blocks.evenWidth, blocks.cbOut, blocks.crOut,
        missedList.byteOffset, missedCount,
      ),
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16
}
