/*
 * A grade applied to decoded frames, each the fastest way its format allows: 8-bit 4:2:0 (I420 or
 * NV12, what H.264, VP9 and AV1 decoders give) is graded in its own planes through one Y'CbCr table
 * and goes to the encoder as I420, with no RGBA round trip; any other frame (10-bit, 4:4:4, RGB, a
 * matrix not known) is read back as RGBA and graded through the RGB table. Both tables are baked as
 * frames show colors, one per clip.
 */
import type { VideoSample } from 'mediabunny'
import { bakeGrade, gradeRgba, type Grade, type GradeTable } from '../color/apply'
import { bakeYuvGrade, gradeYuv420, i420Size, yuvMatrixOf, type Planes420, type YuvGradeTable } from '../color/yuv'
import { rgbaReader, UNTAGGED_COLOR_SPACE } from './rgba'

export function frameGrader(grade: Grade, untagged: boolean): (sample: VideoSample) => Promise<VideoFrame> {
  const yuvTables = new Map<string, YuvGradeTable>()
  let rgbTable: GradeTable | undefined
  const readRgba = rgbaReader(untagged)
  let planes = new Uint8Array(0)
  let graded = new Uint8Array(0)

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

  return async (sample) => {
    const colorSpace: VideoColorSpaceInit = untagged ? UNTAGGED_COLOR_SPACE : sample.colorSpace.toJSON()
    const matrix = yuvMatrixOf(colorSpace)
    if (!matrix || (sample.format !== 'I420' && sample.format !== 'NV12')) return gradeAsRgba(sample)
    const tableKey = `${matrix.name}/${matrix.fullRange}`
    let table = yuvTables.get(tableKey)
    if (!table) yuvTables.set(tableKey, (table = bakeYuvGrade(grade, matrix)))
    const { width, height } = sample.visibleRect
    const size = sample.allocationSize()
    if (planes.length !== size) planes = new Uint8Array(size)
    const layout = await sample.copyTo(planes)
    const packed = i420Size(width, height)
    if (graded.length !== packed) graded = new Uint8Array(packed)
    gradeYuv420(planesOf(planes, width, height, sample.format, layout), table, graded)
    return new VideoFrame(graded, {
      format: 'I420',
      codedWidth: width,
      codedHeight: height,
      timestamp: sample.microsecondTimestamp,
      duration: sample.microsecondDuration,
      colorSpace,
    })
  }
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
