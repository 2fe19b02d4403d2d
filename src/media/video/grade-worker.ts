/*
 * A worker that grades chunks of rows of a 4:2:0 frame, claimed from a counter it shares with the
 * page and the other workers, through a Y'CbCr table shared with them too (see grade-frames.ts); in
 * the WebAssembly kernel when the frame lives in the kernel's memory. Two workers may bake the same color at once; both write the same entry, so the
 * race is harmless.
 */
import type { Grade } from '../color/apply'
import { bakeYuvGrade, gradeClaimedRows, type BlockRowGrader, type Planes420, type YuvGradeTable, type YuvMatrix } from '../color/yuv'
import { kernelBlockRows, type GradeMemoryLayout } from '../color/yuv-kernel'
import { markingBakedPages } from './spare-grade-memory'

export type GradeWorkerMessage =
  /** `bakedPages`: the table lives in a kept grade memory, whose baked pages are marked (spare-grade-memory.ts). */
  | { kind: 'table'; key: string; grade: Grade; matrix: YuvMatrix; entries: Uint32Array; bakedPages: Uint8Array | undefined }
  | { kind: 'kernel'; memory: WebAssembly.Memory; layout: GradeMemoryLayout }
  /** `kernelThread`: the frame, its output and the table are in the kernel's memory; the kernel's missed list to use. */
  | { kind: 'rows'; key: string; source: Planes420; into: Uint8Array; chunkRows: number; nextChunk: Int32Array; kernelThread: number | undefined }

const tables = new Map<string, YuvGradeTable>()
let kernel: { memory: WebAssembly.Memory; layout: GradeMemoryLayout } | undefined
/** The kernel instantiated for the missed list the page gives this worker (the same every job). */
let kernelRows: { thread: number; blockRows: BlockRowGrader } | undefined

function kernelFor(thread: number): BlockRowGrader {
  if (!kernel) throw new Error('no grade kernel in this worker')
  if (kernelRows?.thread !== thread) kernelRows = { thread, blockRows: kernelBlockRows(kernel.memory, kernel.layout, thread) }
  return kernelRows.blockRows
}

self.onmessage = (event: MessageEvent<GradeWorkerMessage>) => {
  const message = event.data
  if (message.kind === 'table') {
    const table = bakeYuvGrade(message.grade, message.matrix, message.entries)
    tables.set(message.key, message.bakedPages ? markingBakedPages(table, message.bakedPages) : table)
    return
  }
  if (message.kind === 'kernel') {
    kernel = { memory: message.memory, layout: message.layout }
    kernelRows = undefined
    return
  }
  try {
    const table = tables.get(message.key)
    if (!table) throw new Error(`no grade table ${message.key} in this worker`)
    const blockRows = message.kernelThread === undefined ? undefined : kernelFor(message.kernelThread)
    gradeClaimedRows(message.nextChunk, message.chunkRows, message.source, table, message.into, blockRows)
    self.postMessage({ done: true })
  } catch (error) {
    self.postMessage({ done: false, error: error instanceof Error ? error.message : String(error) })
  }
}
