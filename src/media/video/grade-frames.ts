/*
 * A grade applied to decoded frames, each the fastest way its format allows: 8-bit 4:2:0 (I420 or
 * NV12, what H.264, VP9 and AV1 decoders give) is graded in its own planes through one Y'CbCr table
 * and goes to the encoder as I420, with no RGBA round trip; any other frame (10-bit, 4:4:4, RGB, a
 * matrix not known) is read back as RGBA and graded through the RGB table. Both tables are baked as
 * frames show colors, one per clip. Where the page is cross-origin isolated, the 4:2:0 grading loop
 * runs in WebAssembly over one shared memory that holds the table and the frame (yuv-kernel.ts),
 * kept for the next render when this one is done (spare-grade-memory.ts).
 */
import type { VideoSample } from 'mediabunny'
import { bakeGrade, gradeRgba, type Grade, type GradeTable } from '../color/apply'
import { bakeYuvGrade, gradeClaimedRows, gradeYuv420, i420Size, TABLE_SIZE, yuvMatrixOf, type BlockRowGrader, type Planes420, type YuvGradeTable } from '../color/yuv'
import { kernelBlockRows } from '../color/yuv-kernel'
import { sharedWorkerPool } from '../workers/pool'
import type { GradeWorkerMessage } from './grade-worker'
import { rgbaReader, UNTAGGED_COLOR_SPACE } from './rgba'
import { keepGradeMemory, markingBakedPages, takeGradeMemory, type ReusableGradeMemory } from './spare-grade-memory'

/**
 * The grade stage of a render; `close` lets its workers go. Where the page can share memory with
 * workers, the page and the workers grade each frame together, a chunk of rows at a time, through
 * one shared table that every thread bakes into (in the kernel's memory, or a SharedArrayBuffer for
 * the JavaScript loop).
 */
export function frameGrader(grade: Grade, untagged: boolean): { process: (sample: VideoSample) => Promise<VideoFrame>; close(): void } {
  const workers = sharedWorkerPool(() => new Worker(new URL('./grade-worker.ts', import.meta.url), { type: 'module' }), 3)
  const buffer = (bytes: number) => new Uint8Array(workers ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
  const yuvTables = new Map<string, YuvGradeTable>()
  let rgbTable: GradeTable | undefined
  const readRgba = rgbaReader(untagged)
  let planes: Uint8Array = new Uint8Array(0)
  let graded: Uint8Array = new Uint8Array(0)
  // The kernel's memory, made at the first 4:2:0 frame for its size and its matrix's table; null
  // where the kernel cannot run. A later frame of another size or matrix takes the JavaScript loop.
  let kernel: { memory: ReusableGradeMemory; tableKey: string; blockRows: BlockRowGrader } | null | undefined
  // Frames being graded: the kernel's memory is kept for the next render only when none is.
  let grading = 0

  const kernelFor = (size: number, packed: number, width: number, height: number, tableKey: string) => {
    if (kernel !== undefined) return kernel
    const blocks = ((width + 1) >> 1) * ((height + 1) >> 1)
    const memory = takeGradeMemory(size, packed, blocks, (workers?.size ?? 0) + 1)
    if (!memory) return (kernel = null)
    if (workers) workers.tell({ kind: 'kernel', memory: memory.memory, layout: memory.layout } satisfies GradeWorkerMessage)
    return (kernel = { memory, tableKey, blockRows: kernelBlockRows(memory.memory, memory.layout, 0) })
  }

  const tableFor = (key: string, matrix: NonNullable<ReturnType<typeof yuvMatrixOf>>) => {
    let table = yuvTables.get(key)
    if (table) return table
    const inKernel = kernel?.tableKey === key ? kernel.memory : undefined
    const entries = inKernel?.entries ?? (workers ? new Uint32Array(new SharedArrayBuffer(TABLE_SIZE * 4)) : undefined)
    const baked = bakeYuvGrade(grade, matrix, entries)
    table = inKernel ? markingBakedPages(baked, inKernel.bakedPages) : baked
    yuvTables.set(key, table)
    if (workers) workers.tell({ kind: 'table', key, grade, matrix, entries: table.entries, bakedPages: inKernel?.bakedPages } satisfies GradeWorkerMessage)
    return table
  }

  // Rows a thread claims at a time, and the shared counter of the next chunk to claim.
  const chunkRows = 32
  const nextChunk = workers ? new Int32Array(new SharedArrayBuffer(4)) : undefined

  /** The page and its workers grade the frame together, chunk by chunk, each claiming the next. */
  const gradeTogether = async (source: Planes420, key: string, table: YuvGradeTable, blockRows: BlockRowGrader | undefined) => {
    if (!workers || !nextChunk) return gradeYuv420(source, table, graded, 0, source.height, blockRows)
    Atomics.store(nextChunk, 0, 0)
    const job = (index: number): GradeWorkerMessage => ({
      kind: 'rows', key, source, into: graded, chunkRows, nextChunk, kernelThread: blockRows ? index + 1 : undefined,
    })
    // A worker that could not start: the page claims the chunks it would have.
    const helpers = Array.from({ length: workers.size }, (_, index) =>
      workers.run(index, job(index), () => gradeClaimedRows(nextChunk, chunkRows, source, table, graded, blockRows)),
    )
    gradeClaimedRows(nextChunk, chunkRows, source, table, graded, blockRows)
    await Promise.all(helpers)
  }

  const gradeAsRgba = async (sample: VideoSample) => {
    rgbTable ??= bakeGrade(grade)
    const frame = await readRgba(sample)
    gradeRgba(frame.pixels, rgbTable)
    return new VideoFrame(frame.pixels, {
      format: 'RGBA',
      codedWidth: frame.width,
      codedHeight: frame.height,
      timestamp: sample.microsecondTimestamp,
      duration: sample.microsecondDuration,
    })
  }

  const gradeFrame = async (sample: VideoSample) => {
    const colorSpace: VideoColorSpaceInit = untagged ? UNTAGGED_COLOR_SPACE : sample.colorSpace.toJSON()
    const matrix = yuvMatrixOf(colorSpace)
    if (!matrix || (sample.format !== 'I420' && sample.format !== 'NV12')) return gradeAsRgba(sample)
    const tableKey = `${matrix.name}/${matrix.fullRange}`
    const { width, height } = sample.visibleRect
    const size = sample.allocationSize()
    const packed = i420Size(width, height)
    const fast = kernelFor(size, packed, width, height, tableKey)
    const table = tableFor(tableKey, matrix)
    const inKernel = fast !== null && fast.tableKey === tableKey && size <= fast.memory.layout.frameBytes && packed <= fast.memory.layout.gradedBytes
    if (inKernel) {
      planes = fast.memory.frame.subarray(0, size)
      graded = fast.memory.graded.subarray(0, packed)
    } else {
      if (planes.length !== size || planes.buffer === fast?.memory.frame.buffer) planes = buffer(size)
      if (graded.length !== packed || graded.buffer === fast?.memory.graded.buffer) graded = buffer(packed)
    }
    const layout = await sample.copyTo(planes)
    await gradeTogether(planesOf(planes, width, height, sample.format, layout), tableKey, table, inKernel ? fast.blockRows : undefined)
    return new VideoFrame(graded, {
      format: 'I420',
      codedWidth: width,
      codedHeight: height,
      timestamp: sample.microsecondTimestamp,
      duration: sample.microsecondDuration,
      colorSpace,
    })
  }
  const process = async (sample: VideoSample) => {
    grading++
    try {
      return await gradeFrame(sample)
    } finally {
      grading--
    }
  }
  const close = () => {
    workers?.close()
    if (kernel && grading === 0) keepGradeMemory(kernel.memory)
  }
  return { process, close }
}

function planesOf(data: Uint8Array, width: number, height: number, format: 'I420' | 'NV12', layout: PlaneLayout[]): Planes420 {
  const [luma, first, second] = layout
  if (!luma || !first) throw new Error(`a ${format} frame came with ${layout.length} planes`)
  if (format === 'NV12') {
    return { data, width, height, y: luma, cb: first, cr: { offset: first.offset + 1, stride: first.stride }, chromaStep: 2 }
  }
  if (!second) throw new Error('an I420 frame came without its third plane')
  return { data, width, height, y: luma, cb: first, cr: second, chromaStep: 1 }
}
