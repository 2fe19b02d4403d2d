import { Inflate } from 'fflate'

/**
 * Reading a zip from a Blob by its central directory, entry by entry.
 *
 * fflate's streaming `Unzip` finds the end of an entry written with a data descriptor (as every
 * streamed zip is, ours included) by looking for the next header signature in the bytes; a video
 * that happens to hold those four bytes would be cut short. The central directory states every
 * entry's size and offset, and a Blob can be sliced, so each entry is read from where it is, one
 * at a time, without the whole zip in memory.
 */

export interface ZipEntry {
  name: string
  /** 0: stored, 8: deflated. */
  compression: number
  compressedBytes: number
  /** What the directory claims; checked while inflating, since a hostile zip can lie. */
  declaredBytes: number
  localHeaderOffset: number
  encrypted: boolean
}

/** A zip that cannot be read, with the entry (or `(bundle)`) it is about. */
export class ZipReadError extends Error {
  override readonly name = 'ZipReadError'

  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

const END_OF_DIRECTORY = 0x06054b50
const DIRECTORY_ENTRY = 0x02014b50
const LOCAL_HEADER = 0x04034b50
const END_RECORD_BYTES = 22
const MAX_COMMENT_BYTES = 0xffff
/** A field at its largest value means the real one is in a zip64 record. */
const ZIP64_MARK = 0xffffffff
/** Inflating a small slice at a time bounds what one step can produce (deflate expands at most ~1032×). */
const INFLATE_SLICE_BYTES = 16 * 1024

/** The entries the zip's central directory lists, refused before any entry is read when there are more than `maxEntries`. */
export async function readZipDirectory(zip: Blob, maxEntries: number): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, zip.size - END_RECORD_BYTES - MAX_COMMENT_BYTES)
  const tail = new DataView(await zip.slice(tailStart).arrayBuffer())
  let end = -1
  for (let at = tail.byteLength - END_RECORD_BYTES; at >= 0; at--) {
    if (tail.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at
      break
    }
  }
  if (end < 0) throw new ZipReadError('(bundle)', 'this is not a zip file, or it was cut short (no zip directory at its end)')
  const entryCount = tail.getUint16(end + 10, true)
  const directoryBytes = tail.getUint32(end + 12, true)
  const directoryOffset = tail.getUint32(end + 16, true)
  if (entryCount === 0xffff || directoryOffset === ZIP64_MARK) {
    throw new ZipReadError('(bundle)', 'this zip uses the zip64 extension for very large files; a Reelgraph bundle never needs it')
  }
  if (entryCount > maxEntries) {
    throw new ZipReadError('(bundle)', `the zip holds ${entryCount} entries; a bundle holds at most ${maxEntries}`)
  }
  if (directoryOffset + directoryBytes > zip.size) {
    throw new ZipReadError('(bundle)', 'the zip directory points past the end of the file; the file was cut short')
  }
  const directory = new DataView(await zip.slice(directoryOffset, directoryOffset + directoryBytes).arrayBuffer())
  return parseDirectory(directory, entryCount)
}

function parseDirectory(directory: DataView, entryCount: number): ZipEntry[] {
  const names = new TextDecoder()
  const entries: ZipEntry[] = []
  let at = 0
  for (let i = 0; i < entryCount; i++) {
    if (at + 46 > directory.byteLength || directory.getUint32(at, true) !== DIRECTORY_ENTRY) {
      throw new ZipReadError('(bundle)', `the zip directory is damaged at entry ${i + 1}`)
    }
    const nameBytes = directory.getUint16(at + 28, true)
    const extraBytes = directory.getUint16(at + 30, true)
    const commentBytes = directory.getUint16(at + 32, true)
    const name = names.decode(new Uint8Array(directory.buffer, directory.byteOffset + at + 46, nameBytes))
    const compressedBytes = directory.getUint32(at + 20, true)
    const declaredBytes = directory.getUint32(at + 24, true)
    if (compressedBytes === ZIP64_MARK || declaredBytes === ZIP64_MARK) {
      throw new ZipReadError(name, 'this entry uses the zip64 extension for very large files; a Reelgraph bundle never needs it')
    }
    entries.push({
      name,
      compression: directory.getUint16(at + 10, true),
      compressedBytes,
      declaredBytes,
      localHeaderOffset: directory.getUint32(at + 42, true),
      encrypted: (directory.getUint16(at + 8, true) & 1) === 1,
    })
    at += 46 + nameBytes + extraBytes + commentBytes
  }
  return entries
}

/** Bytes gathered before they become a Blob part, which the browser may keep on disk. */
const BLOB_PART_BYTES = 8 * 1024 * 1024

/**
 * Bytes handed to a Blob every few megabytes as they come (inflating a bundle, writing one), so a
 * large file is never one more copy in memory nor thousands of tiny parts.
 */
export class BlobParts {
  readonly #parts: Blob[] = []
  #pending: Uint8Array[] = []
  #pendingBytes = 0

  push(piece: Uint8Array): void {
    this.#pending.push(piece)
    this.#pendingBytes += piece.length
    if (this.#pendingBytes < BLOB_PART_BYTES) return
    this.#parts.push(new Blob(this.#pending as BlobPart[]))
    this.#pending = []
    this.#pendingBytes = 0
  }

  blob(type?: string): Blob {
    return new Blob([...this.#parts, new Blob(this.#pending as BlobPart[])], type === undefined ? {} : { type })
  }
}

/**
 * An entry's bytes, inflated a slice at a time and handed to a Blob every few megabytes, so a large
 * asset is not held in memory as it unpacks. `onBytes` sees every piece as it comes and may throw
 * to stop at once (a cap passed); reading stops there and nothing more is inflated.
 */
export async function readZipEntry(zip: Blob, entry: ZipEntry, onBytes: (count: number) => void): Promise<Blob> {
  if (entry.encrypted) throw new ZipReadError(entry.name, 'the entry is encrypted; a Reelgraph bundle never is')
  if (entry.compression !== 0 && entry.compression !== 8) {
    throw new ZipReadError(entry.name, `the entry is packed with method ${entry.compression}; a bundle uses stored (0) or deflate (8)`)
  }
  const header = new DataView(await zip.slice(entry.localHeaderOffset, entry.localHeaderOffset + 30).arrayBuffer())
  if (header.byteLength < 30 || header.getUint32(0, true) !== LOCAL_HEADER) {
    throw new ZipReadError(entry.name, 'the entry is not where the zip directory says it is')
  }
  const dataStart = entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true)
  if (dataStart + entry.compressedBytes > zip.size) throw new ZipReadError(entry.name, 'the entry runs past the end of the file')

  const parts = new BlobParts()
  const take = (piece: Uint8Array) => {
    onBytes(piece.length)
    parts.push(piece)
  }
  const inflate = entry.compression === 8 ? new Inflate((piece) => take(piece)) : undefined
  const reader = zip.slice(dataStart, dataStart + entry.compressedBytes).stream().getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!inflate) {
        take(value)
        continue
      }
      for (let offset = 0; offset < value.length; offset += INFLATE_SLICE_BYTES) {
        inflate.push(value.subarray(offset, offset + INFLATE_SLICE_BYTES))
      }
    }
    inflate?.push(new Uint8Array(0), true)
  } catch (error) {
    await reader.cancel()
    if (error instanceof ZipReadError) throw error
    throw new ZipReadError(entry.name, `the entry cannot be unpacked: ${(error as Error).message}`)
  }
  return parts.blob()
}
