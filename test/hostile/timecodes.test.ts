/**
 * The hostile timecode corpus: every file in test/hostile/timecodes/ is one camera file a stranger
 * could hand someone, described as an MP4 with a timecode track (written by our writer, so the
 * case says only what it breaks) and the bytes a case changes in it: a size past the end, a count of
 * four billion, a frame rate of zero. Reading its start timecode must give the case's timecode, none,
 * or the case's reason why the track cannot be read; never throw (which would lose the import), and
 * never read more of the file than its box headers, its movie header and the one sample, so a big
 * file is not read whole.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output } from 'mediabunny'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { readStartTimecode } from '../../src/media/video/timecode-reader'
import { isDropFrame, timecodeFrames, withTimecodeTrack } from '../../src/media/video/timecode-track'

const folder = join(import.meta.dirname, 'timecodes')

const caseSchema = z.object({
  title: z.string(),
  file: z.object({
    fps: z.number().positive(),
    startTimecode: z.string(),
    /** Bytes of picture before the movie header: a big file, whose media must not be read. */
    pictureBytes: z.number().int().positive().default(16),
    /** Empty top-level boxes put at the file's start, before everything else. */
    emptyBoxesFirst: z.number().int().nonnegative().default(0),
  }),
  /** The timecode's one sample, a frame number, written over the one the writer put at the file's end. */
  firstSample: z.number().int().nonnegative().max(0xffffffff).optional(),
  /**
   * Bytes written over the file: in the box at `path` (box types from the top, `trak:tmcd` the
   * timecode track), `at` bytes from the box's start (its size field is at 0, its type at 4).
   */
  changes: z
    .array(
      z.object({
        path: z.string(),
        at: z.number().int().nonnegative(),
        value: z.union([z.object({ u8: z.number().int() }), z.object({ u32: z.number().int() }), z.object({ u64: z.string() }), z.object({ type: z.string().length(4) })]),
      }),
    )
    .default([]),
  expect: z.union([z.object({ timecode: z.string() }), z.object({ none: z.literal(true) }), z.object({ unreadable: z.string() })]),
})
type TimecodeCase = z.infer<typeof caseSchema>

const cases = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, hostile: caseSchema.parse(JSON.parse(readFileSync(join(folder, name), 'utf8'))) }))

/** An MP4 of two packets that are no picture (it is demuxed, never decoded), moov after the media, and a timecode track. */
async function cameraFile({ fps, startTimecode, pictureBytes, emptyBoxesFirst }: TimecodeCase['file']): Promise<Uint8Array<ArrayBuffer>> {
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: false }), target: new BufferTarget() })
  const picture = new EncodedVideoPacketSource('vp9')
  output.addVideoTrack(picture, { frameRate: fps })
  await output.start()
  await picture.add(new EncodedPacket(new Uint8Array(pictureBytes), 'key', 0, 1 / fps), { decoderConfig: { codec: 'vp09.00.10.08', codedWidth: 64, codedHeight: 36 } })
  await picture.add(new EncodedPacket(new Uint8Array(16), 'delta', 1 / fps, 1 / fps))
  await output.finalize()
  const { buffer } = output.target as BufferTarget
  if (!buffer) throw new Error('the file was not written')
  const stamped = withTimecodeTrack(new Uint8Array(buffer), timecodeFrames(startTimecode, fps), fps, isDropFrame(startTimecode))
  const empty = new Uint8Array(8 * emptyBoxesFirst)
  for (let box = 0; box < emptyBoxesFirst; box++) empty.set([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65], box * 8)
  const file = new Uint8Array(empty.length + stamped.length)
  file.set(empty)
  file.set(stamped, empty.length)
  return file
}

/** Where the box at `path` starts: each step the first box of that type inside the last (`trak:tmcd`, the timecode track). */
function boxAt(file: Uint8Array, path: string): number {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const typeAt = (at: number) => String.fromCharCode(...file.subarray(at + 4, at + 8))
  const inside = (start: number, end: number) => {
    const boxes: number[] = []
    for (let at = start; at + 8 <= end && view.getUint32(at) >= 8; at += view.getUint32(at)) boxes.push(at)
    return boxes
  }
  let found = -1
  for (const step of path.split('/')) {
    const [type, handler] = step.split(':')
    const boxes = found < 0 ? inside(0, file.length) : inside(found + 8, found + view.getUint32(found))
    found = boxes.find((at) => typeAt(at) === type && (!handler || handlerOf(file, at) === handler)) ?? -1
    if (found < 0) throw new Error(`the case names a box the file has not: ${path}`)
  }
  return found
}

/** The handler type of the `trak` at `at`, found by its `hdlr` box's bytes. */
function handlerOf(file: Uint8Array, at: number): string {
  const text = String.fromCharCode(...file.subarray(at, at + new DataView(file.buffer, file.byteOffset).getUint32(at)))
  const hdlr = text.indexOf('hdlr')
  return hdlr < 0 ? '' : text.slice(hdlr + 12, hdlr + 16)
}

function changed(file: Uint8Array<ArrayBuffer>, { changes, firstSample }: TimecodeCase): Uint8Array<ArrayBuffer> {
  const out = file.slice()
  const view = new DataView(out.buffer)
  if (firstSample !== undefined) view.setUint32(out.length - 4, firstSample)
  for (const { path, at, value } of changes) {
    const offset = boxAt(file, path) + at
    if ('u8' in value) view.setUint8(offset, value.u8)
    else if ('u32' in value) view.setUint32(offset, value.u32)
    else if ('u64' in value) view.setBigUint64(offset, BigInt(value.u64))
    else out.set(Array.from(value.type, (char) => char.charCodeAt(0)), offset)
  }
  return out
}

/** A Blob that counts the bytes read through its slices. */
class CountedBlob extends Blob {
  read = 0
  override slice(start?: number, end?: number, contentType?: string): Blob {
    const part = super.slice(start, end, contentType)
    this.read += part.size
    return part
  }
}

/** The most any case may read: its box headers, a small movie header and one sample; far less than a big file. */
const MOST_READ = 64 * 1024

describe('hostile timecode tracks', () => {
  it.each(cases)('$name: $hostile.title', async ({ hostile }) => {
    const file = new CountedBlob([changed(await cameraFile(hostile.file), hostile)])
    const reading = await readStartTimecode(file)
    if ('timecode' in hostile.expect) expect(reading).toMatchObject({ startTimecode: { timecode: hostile.expect.timecode } })
    else expect(reading).toEqual(hostile.expect)
    expect(file.read).toBeLessThanOrEqual(MOST_READ)
  })
})
