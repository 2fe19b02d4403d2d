/**
 * Where the runner writes each result. A document is untrusted (a bundle from anyone, a shared
 * file), so nothing in it chooses a path or a file type: a node id only lends a readable part of a
 * name, every path is checked to be inside `--out`, and the extension is what the bytes are, read
 * from their first bytes, whatever media type the document or a bundle's manifest claims.
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'

/** A name part keeps letters, digits, `_` and `-`; dots would let an id pose as a port or an extension. */
const UNSAFE_CHARACTERS = /[^A-Za-z0-9_-]/g
const MAX_NAME_PART = 64
/** Names Windows keeps for devices whatever the extension (`CON.video.mp4` cannot be created there). */
const DEVICE_NAME = /^(con|prn|aux|nul|com\d|lpt\d)$/i

/**
 * A node id or port as a file name part: itself when it is already safe, otherwise its safe
 * characters and a short hash of the whole id, so two ids that read alike (`a/b`, `a.b`) never
 * share a name and a safe id never takes another's.
 */
export function namePart(id) {
  const safe = id.replace(UNSAFE_CHARACTERS, '_').slice(0, MAX_NAME_PART)
  if (safe === id && id !== '' && !DEVICE_NAME.test(id)) return id
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8)
  return `${safe.replace(/^_+|_+$/g, '') || 'node'}-${hash}`
}

/** `<nodeId>.<port>` (and `.<index>` for an item of a list), every part made safe. */
export function outputStem(nodeId, port, index) {
  return [namePart(nodeId), namePart(port), ...(index === undefined ? [] : [String(index)])].join('.')
}

/**
 * Characters a name by label leaves out: those no desktop system takes in a file name (Windows
 * refuses these), control characters, and the invisible ones that reorder or hide text (a
 * right-to-left override would make `gpj.exe` read as `exe.jpg`).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is taken out
const UNSAFE_IN_LABEL = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g
const MAX_LABEL_PART = 80

/** A pipeline or node name as part of a file name: on one line, no unsafe characters, no dots or spaces at its ends. */
function labelPart(text) {
  return String(text)
    .replace(UNSAFE_IN_LABEL, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, MAX_LABEL_PART)
    .replace(/^[\s.]+|[\s.]+$/g, '')
}

/**
 * `--name-by-label`: the name a download of the same result gets in the app (src/document/file-names.ts),
 * "Mara on the ridge — Dusk grade", then the port when the node writes more than one, then the
 * item's number (from 1) for one item of a list. The document chooses these words, so they are made
 * safe here, and the file still goes through `pathInside`.
 */
export function labelStem({ pipeline, node, port, index }) {
  const stem = [pipeline, node, port ?? '', index === undefined ? '' : String(index + 1)]
    .map(labelPart)
    .filter((part) => part !== '')
    .join(' — ')
  return stem === '' || DEVICE_NAME.test(stem) ? `reelgraph-${stem || 'output'}` : stem
}

/**
 * The names written in one run, each once: a name already taken (the hashed name of one id can be
 * another id, written out) gets `-2`, `-3`… before its extension rather than overwriting.
 */
export class OutputNames {
  #taken

  /** `reserved`: names the runner writes itself (report.json). */
  constructor(reserved = []) {
    this.#taken = new Set(reserved)
  }

  claim(stem, extension) {
    let name = `${stem}.${extension}`
    for (let n = 2; this.#taken.has(name); n++) name = `${stem}-${n}.${extension}`
    this.#taken.add(name)
    return name
  }
}

/** A path refused because it would land outside the output folder. */
export class OutsideOutputError extends Error {
  constructor(name, outDir) {
    super(`refused to write "${name}": it would land outside ${outDir}`)
    this.name = 'OutsideOutputError'
  }
}

/** The absolute path of `name` in `outDir`, refused when it resolves anywhere but directly inside. */
export function pathInside(outDir, name) {
  const folder = resolve(outDir)
  const path = resolve(folder, name)
  const within = relative(folder, path)
  if (within === '' || within.startsWith('..') || isAbsolute(within) || within !== name) throw new OutsideOutputError(name, folder)
  return path
}

/** Writes `bytes` as `name` directly inside `outDir`; returns the name written. */
export async function writeInside(outDir, name, bytes) {
  await writeFile(pathInside(outDir, name), bytes)
  return name
}

/**
 * Writes every file directly inside `outDir`, one after another, each path checked before any is
 * written. Synchronous on purpose: a thousand small results through fs/promises cost a thread-pool
 * round trip and several promises each, about four times the CPU of writing them in turn, and the
 * runner has nothing else to do meanwhile.
 */
export function writeAllInside(outDir, files) {
  const paths = files.map((file) => pathInside(outDir, file.name))
  files.forEach((file, i) => writeFileSync(paths[i], file.bytes))
}

const ascii = (bytes, start, length) => String.fromCharCode(...bytes.subarray(start, start + length))

/** The ISO base media brands that are not plain MP4. */
const brandExtensions = new Map([
  ['qt  ', 'mov'],
  ['M4A ', 'm4a'],
  ['M4B ', 'm4a'],
  ['avif', 'avif'],
  ['avis', 'avif'],
])

/**
 * Whether an ISO base media file holds sound and no picture: every track its `moov` describes has a
 * `soun` handler. Only the top-level boxes are walked to find `moov`, so the media data is never read
 * as if it were a box.
 */
function isSoundOnly(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    let size = view.getUint32(offset)
    const type = ascii(bytes, offset + 4, 4)
    if (size === 1 && offset + 16 <= bytes.length) size = Number(view.getBigUint64(offset + 8))
    else if (size === 0) size = bytes.length - offset
    if (size < 8) return false
    if (type === 'moov') {
      const handlers = []
      const moov = bytes.subarray(offset, Math.min(bytes.length, offset + size))
      for (let at = moov.indexOf(0x68); at >= 0 && at + 16 <= moov.length; at = moov.indexOf(0x68, at + 1)) {
        // hdlr: 'hdlr', version and flags (4), pre_defined (4), then the handler type.
        if (ascii(moov, at, 4) === 'hdlr') handlers.push(ascii(moov, at + 12, 4))
      }
      return handlers.includes('soun') && !handlers.includes('vide')
    }
    offset += size
  }
  return false
}

/**
 * The extension for these bytes, from what they are: media by its magic numbers, text by its
 * content (a `.cube` LUT, a CMX EDL, an OpenTimelineIO timeline, JSON, FCPXML, else `.txt`), anything else `.bin`. Never an
 * extension that runs or renders as a page (`.js`, `.html`, `.svg`).
 */
export function sniffExtension(bytes) {
  const at = (offset, text) => bytes.length >= offset + text.length && ascii(bytes, offset, text.length) === text
  if (at(4, 'ftyp')) return brandExtensions.get(ascii(bytes, 8, 4)) ?? (isSoundOnly(bytes) ? 'm4a' : 'mp4')
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    // The EBML header names its DocType near the start: "webm", else Matroska.
    return ascii(bytes, 4, Math.min(60, bytes.length - 4)).includes('webm') ? 'webm' : 'mkv'
  }
  if (at(0, 'RIFF') && at(8, 'WAVE')) return 'wav'
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp'
  if (at(0, 'OggS')) return 'ogg'
  if (at(0, 'fLaC')) return 'flac'
  if (at(0, '\x89PNG\r\n\x1a\n')) return 'png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif'
  if (at(0, 'ID3')) return 'mp3'
  // An ADTS AAC frame (layer 0), else an MPEG audio frame: both start with an 11-bit sync.
  if (bytes[0] === 0xff && (bytes[1] & 0xf6) === 0xf0) return 'aac'
  if (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0) return 'mp3'
  const text = plainText(bytes)
  if (text === undefined) return 'bin'
  return textExtension(text)
}

function textExtension(text) {
  const start = text.trimStart()
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      const value = JSON.parse(text)
      // An OpenTimelineIO file is JSON whose top object names its schema (`Timeline.1`).
      return typeof value?.OTIO_SCHEMA === 'string' && value.OTIO_SCHEMA.startsWith('Timeline.') ? 'otio' : 'json'
    } catch {
      return 'txt'
    }
  }
  if (/^LUT_3D_SIZE\s+\d+\s*$/m.test(text)) return 'cube'
  if (/^TITLE:.*\r?\nFCM:/.test(start)) return 'edl'
  if (/^<\?xml[^>]*>\s*(<!DOCTYPE fcpxml>\s*)?<fcpxml[\s>]/.test(start)) return 'fcpxml'
  return 'txt'
}

/** The bytes as text when they are UTF-8 with no control characters but tab and line breaks. */
function plainText(bytes) {
  let text
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) ? undefined : text
}
