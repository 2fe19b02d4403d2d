/*
 * mediabunny stamps every MP4/MOV it writes with the wall-clock time (the creation and modification
 * times of `mvhd`, each `tkhd` and each `mdhd`, ISO/IEC 14496-12 §8.2.2, §8.3.2, §8.4.2), and has no
 * option to leave them out. Those stamps are the only thing that makes two renders of the same
 * inputs differ, so they are zeroed here ("unknown", as ffmpeg writes with `-fflags +bitexact`),
 * in place: the same inputs give byte-identical files, and a cached result matches a fresh one.
 */

/** Boxes that hold the boxes with times, down to `mdhd`. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia'])
/** Full boxes that start with creation_time and modification_time after version and flags. */
const TIMED = new Set(['mvhd', 'tkhd', 'mdhd'])

export function zeroMp4Times(file: Uint8Array): void {
  zeroIn(file, new DataView(file.buffer, file.byteOffset, file.byteLength), 0, file.byteLength)
}

function zeroIn(file: Uint8Array, view: DataView, start: number, end: number): void {
  let offset = start
  while (offset + 8 <= end) {
    let size = view.getUint32(offset)
    let header = 8
    if (size === 1) {
      if (offset + 16 > end) return
      size = Number(view.getBigUint64(offset + 8))
      header = 16
    } else if (size === 0) {
      size = end - offset
    }
    if (size < header || offset + size > end) return
    const type = String.fromCharCode(file[offset + 4]!, file[offset + 5]!, file[offset + 6]!, file[offset + 7]!)
    if (CONTAINERS.has(type)) zeroIn(file, view, offset + header, offset + size)
    if (TIMED.has(type)) {
      const fields = offset + header + 4
      // Version 1 has 64-bit times, version 0 32-bit: two of them either way.
      const length = file[offset + header] === 1 ? 16 : 8
      if (fields + length <= offset + size) file.fill(0, fields, fields + length)
    }
    offset += size
  }
}
