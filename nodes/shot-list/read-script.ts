/*
 * A script file's bytes into shots: refused, with the line and why, when they are not text; then
 * read as a table (`.csv`, `.tsv`, or a `.txt` whose first line is a shot table's header) or as a
 * Fountain screenplay.
 */
import { breakDownFountain } from './fountain'
import type { ScriptReading } from './shots'
import { looksLikeTable, readShotTable, tableDelimiter } from './table'

/** Far past any screenplay (a feature in Fountain is about 200 kB), short of anything that would stall the page. */
export const MAX_SCRIPT_BYTES = 5_000_000

/** What the file picker offers. */
export const ACCEPTED_SCRIPTS = '.fountain,.spmd,.txt,.csv,.tsv,text/plain,text/csv,text/tab-separated-values'

export function readScript(bytes: Uint8Array, name: string): ScriptReading {
  if (bytes.byteLength > MAX_SCRIPT_BYTES) return refuse(1, `is ${(bytes.byteLength / 1e6).toFixed(1)} MB; a script or shot table is far smaller (at most ${MAX_SCRIPT_BYTES / 1e6} MB)`)
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const binary = firstControl(text)
  if (binary >= 0) return refuse(lineAt(text, binary), 'holds binary data: this is not a text file (save the script as Fountain, CSV or TSV)')
  const undecodable = text.indexOf('\uFFFD')
  if (undecodable >= 0) return refuse(lineAt(text, undecodable), 'is not UTF-8 text: save the script as UTF-8')
  return readScriptText(text, name)
}

/** A script's text, by its file name: a table for `.csv`/`.tsv` (and a `.txt` that starts with a table header), else Fountain. */
export function readScriptText(text: string, name: string): ScriptReading {
  const extension = /\.([^.]+)$/.exec(name.toLowerCase())?.[1]
  if (extension === 'csv') return readShotTable(text, ',')
  if (extension === 'tsv' || extension === 'tab') return readShotTable(text, '\t')
  if (extension !== 'fountain' && extension !== 'spmd' && looksLikeTable(text)) return readShotTable(text, tableDelimiter(text))
  if (text.trim() === '') return refuse(1, 'is empty')
  return breakDownFountain(text)
}

function refuse(line: number, message: string): ScriptReading {
  return { ok: false, problems: [{ line, message }] }
}

/** Where the first control character no text file holds is (anything below a space but tab, line feed, form feed), or -1. */
function firstControl(text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i)
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c) return i
  }
  return -1
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length
}
