/*
 * One grade memory (the WebAssembly kernel's table, frame and output, ../color/yuv-kernel.ts) kept
 * from one render to the next. A fresh memory costs its 64 MB table again, page by page: every 4 KB
 * page of the table the footage touches is a page fault the first time it is written, and on a
 * container's CPU those faults cost the grade as much as baking the colors themselves (bench/media-run.ts
 * prints the CPU by thread). A kept memory has its pages already; before it is used again only the
 * pages a bake wrote are cleared, so each render still starts from an empty table and bakes its own
 * grade, exactly as a fresh memory would.
 */
import { TABLE_SIZE, type YuvGradeTable } from '../color/yuv'
import { gradeMemory, type GradeMemory } from '../color/yuv-kernel'

/** Table entries in a 4 KB page: 2^10 u32s. */
const PAGE_SHIFT = 10
const PAGE_ENTRIES = 1 << PAGE_SHIFT
/** How long a kept memory waits for the next render before it is let go, its pages with it. */
const KEEP_MS = 60_000

export interface ReusableGradeMemory extends GradeMemory {
  /** One flag a table page, set (by any thread) before an entry in that page is baked. */
  bakedPages: Uint8Array
  /** The threads the memory has missed-block lists for. */
  threads: number
}

let spare: { memory: ReusableGradeMemory; release: ReturnType<typeof setTimeout> } | undefined

/**
 * A grade memory with an empty table for frames of `frameBytes` (as copied out of the decoder) and
 * `gradedBytes` (packed I420), `blocks` 2×2 blocks and `threads` threads: the kept one when it is
 * big enough, a new one otherwise. Undefined where the kernel cannot run.
 */
export function takeGradeMemory(frameBytes: number, gradedBytes: number, blocks: number, threads: number): ReusableGradeMemory | undefined {
  const kept = spare?.memory
  if (spare) clearTimeout(spare.release)
  spare = undefined
  if (kept && fits(kept, frameBytes, gradedBytes, blocks, threads)) {
    clearBakedPages(kept)
    return kept
  }
  const memory = gradeMemory(frameBytes, gradedBytes, blocks, threads)
  if (!memory) return undefined
  return { ...memory, bakedPages: new Uint8Array(new SharedArrayBuffer(TABLE_SIZE >> PAGE_SHIFT)), threads }
}

/**
 * Keeps `memory` for the next render. Only once no thread can write into it any more: a worker
 * still grading would bake the old grade into the next render's table.
 */
export function keepGradeMemory(memory: ReusableGradeMemory): void {
  if (spare) clearTimeout(spare.release)
  spare = { memory, release: setTimeout(() => (spare = undefined), KEEP_MS) }
}

/** The table, marking the page of every entry it bakes in `bakedPages`, so a reuse knows what to clear. */
export function markingBakedPages(table: YuvGradeTable, bakedPages: Uint8Array): YuvGradeTable {
  return {
    entries: table.entries,
    bakeKeys: (keys, count) => {
      for (let index = 0; index < count; index++) bakedPages[keys[index]! >>> PAGE_SHIFT] = 1
      table.bakeKeys(keys, count)
    },
  }
}

function fits(memory: ReusableGradeMemory, frameBytes: number, gradedBytes: number, blocks: number, threads: number): boolean {
  const { layout } = memory
  return layout.frameBytes >= frameBytes && layout.gradedBytes >= gradedBytes && layout.missedBytes >= blocks * 4 && memory.threads >= threads
}

function clearBakedPages(memory: ReusableGradeMemory): void {
  const { bakedPages, entries } = memory
  for (let page = bakedPages.indexOf(1); page >= 0; page = bakedPages.indexOf(1, page + 1)) {
    entries.fill(0, page * PAGE_ENTRIES, (page + 1) * PAGE_ENTRIES)
  }
  bakedPages.fill(0)
}
