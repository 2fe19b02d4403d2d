/*
 * A worker that grades a band of rows of a 4:2:0 frame through a Y'CbCr table shared with the page
 * and the other workers (see grade-frames.ts). Two workers may bake the same color at once; both
 * write the same entry, so the race is harmless.
 */
import type { Grade } from '../color/apply'
import { bakeYuvGrade, gradeYuv420, type Planes420, type YuvGradeTable, type YuvMatrix } from '../color/yuv'

export type GradeWorkerMessage =
  | { kind: 'table'; key: string; grade: Grade; matrix: YuvMatrix; entries: Uint32Array }
  | { kind: 'rows'; key: string; source: Planes420; into: Uint8Array; fromRow: number; toRow: number }

const tables = new Map<string, YuvGradeTable>()

self.onmessage = (event: MessageEvent<GradeWorkerMessage>) => {
  const message = event.data
  if (message.kind === 'table') {
    tables.set(message.key, bakeYuvGrade(message.grade, message.matrix, message.entries))
    return
  }
  try {
    const table = tables.get(message.key)
    if (!table) throw new Error(`no grade table ${message.key} in this worker`)
    gradeYuv420(message.source, table, message.into, message.fromRow, message.toRow)
    self.postMessage({ done: true })
  } catch (error) {
    self.postMessage({ done: false, error: error instanceof Error ? error.message : String(error) })
  }
}
