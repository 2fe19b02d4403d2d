/*
 * A shot table (CSV, TSV, or rows pasted from a spreadsheet) read into shots. Papa Parse reads the
 * cells (quotes, doubled quotes, newlines inside quoted cells); columns are found by their header,
 * whatever its case; a column no shot field has goes to the shot's notes as `Header: value`.
 */
import Papa from 'papaparse'
import { distinctNames, MAX_SHOTS, nextShotId, readSeconds, shotId, timingProblem, blankShot, type ScriptProblem, type ScriptReading, type ShotRow } from './shots'

type Column = Exclude<keyof ShotRow, 'characters' | 'durationS' | 'keyMomentS'> | 'shot' | 'characters' | 'durationS' | 'keyMomentS'

/** Header names (lower case, words split by single spaces) and the field each column fills. */
const HEADERS: Readonly<Record<string, Column>> = {
  id: 'id',
  'shot id': 'id',
  scene: 'scene',
  'scene number': 'scene',
  sc: 'scene',
  shot: 'shot',
  'shot number': 'shot',
  subject: 'subject',
  action: 'action',
  description: 'action',
  environment: 'environment',
  location: 'environment',
  setting: 'environment',
  camera: 'camera',
  'camera move': 'camera',
  'camera movement': 'camera',
  lighting: 'lighting',
  light: 'lighting',
  mood: 'mood',
  style: 'style',
  dialogue: 'dialogue',
  dialog: 'dialogue',
  duration: 'durationS',
  'duration s': 'durationS',
  length: 'durationS',
  seconds: 'durationS',
  'key moment': 'keyMomentS',
  'key moment s': 'keyMomentS',
  key: 'keyMomentS',
  characters: 'characters',
  character: 'characters',
  cast: 'characters',
  notes: 'notes',
  note: 'notes',
}

function columnOf(header: string): Column | undefined {
  const words = header
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  return HEADERS[words]
}

/** The delimiter a table uses: a tab when its first line has one (a spreadsheet's paste, a TSV), else a comma. */
export function tableDelimiter(text: string): '\t' | ',' {
  const firstLine = text.split('\n', 1)[0] ?? ''
  return firstLine.includes('\t') ? '\t' : ','
}

/** Whether a text's first line reads as a shot table's header: two or more columns and at least one named like a shot field. */
export function looksLikeTable(text: string): boolean {
  const firstLine = text.split('\n', 1)[0] ?? ''
  const cells = firstLine.split(tableDelimiter(text))
  return cells.length >= 2 && cells.some((cell) => columnOf(cell.replace(/^"|"$/g, '')) !== undefined)
}

interface ReadRow {
  cells: string[]
  line: number
}

export function readShotTable(text: string, delimiter: '\t' | ',' = tableDelimiter(text)): ScriptReading {
  const parsed = parseRows(text, delimiter)
  if (!parsed.ok) return parsed
  const [header, ...rows] = parsed.rows
  if (!header) return refuse(1, 'is empty: a shot table starts with a header row (scene, shot, subject, action, …)')
  const columns = header.cells.map((cell) => columnOf(cell))
  if (columns.every((column) => column === undefined)) {
    return refuse(header.line, `names no shot field in its header (“${header.cells.slice(0, 4).join('”, “')}”); use scene, shot, subject, action, environment, camera, lighting, mood, style, dialogue, duration, key moment, characters, notes`)
  }
  if (rows.length === 0) return refuse(header.line, 'has a header and no shots under it')
  if (rows.length > MAX_SHOTS) return refuse((rows[MAX_SHOTS] as ReadRow).line, `starts shot ${MAX_SHOTS + 1}: a shot list holds at most ${MAX_SHOTS}; split the table`)

  const shots: ShotRow[] = []
  const problems: ScriptProblem[] = []
  const lineOfId = new Map<string, number>()
  let scene = ''
  for (const [index, row] of rows.entries()) {
    const where = `row ${index + 1}`
    if (row.cells.length > header.cells.length) {
      problems.push({ line: row.line, message: `${where} has ${row.cells.length} cells, the header names ${header.cells.length} columns (a delimiter inside a cell that is not quoted?)` })
      continue
    }
    const cell = (column: Column) => row.cells.filter((_, i) => columns[i] === column).join('\n').trim()
    // A blank scene cell continues the scene above it, as a breakdown sheet is filled in.
    scene = cell('scene') || scene || '1'
    const shot = blankShot('', scene)
    const id = cell('id') || (cell('shot') ? shotId(scene, cell('shot')) : nextShotId(shots, scene))
    if (id.length > 40) {
      problems.push({ line: row.line, message: `${where}: the shot id “${id.slice(0, 40)}…” is longer than 40 characters` })
      continue
    }
    const twice = lineOfId.get(id)
    if (twice !== undefined) {
      problems.push({ line: row.line, message: `${where}: shot ${id} is already on line ${twice}; each shot needs its own scene and shot` })
      continue
    }
    lineOfId.set(id, row.line)
    shot.id = id
    for (const field of ['subject', 'action', 'environment', 'camera', 'lighting', 'mood', 'style', 'dialogue'] as const) shot[field] = cell(field)
    for (const [field, said] of [['durationS', 'duration'], ['keyMomentS', 'key moment']] as const) {
      const written = cell(field)
      if (written === '') continue
      const problem = timingProblem(said, written)
      if (problem) problems.push({ line: row.line, message: `${where}: ${problem}` })
      else shot[field] = readSeconds(written) as number
    }
    shot.characters = distinctNames(cell('characters').split(/[,;\n]/))
    const unknown = header.cells
      .map((name, i) => (columns[i] === undefined && (row.cells[i] ?? '').trim() !== '' ? `${name.trim() || `column ${i + 1}`}: ${(row.cells[i] as string).trim()}` : ''))
      .filter(Boolean)
    shot.notes = [cell('notes'), ...unknown].filter(Boolean).join('\n')
    shots.push(shot)
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, shots }
}

function refuse(line: number, message: string): ScriptReading {
  return { ok: false, problems: [{ line, message }] }
}

/** The rows with the line each starts on; blank rows left out; a cell Papa Parse cannot read refused with its line. */
function parseRows(text: string, delimiter: string): { ok: true; rows: ReadRow[] } | { ok: false; problems: ScriptProblem[] } {
  const rows: ReadRow[] = []
  const problems: ScriptProblem[] = []
  let start = 0
  let line = 1
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step(result) {
      const end = result.meta.cursor
      // The row's first line: past the line breaks before it, blank rows included.
      const rowLine = line
      line += countBreaks(text, start, end)
      start = end
      for (const error of result.errors) problems.push({ line: rowLine, message: quoteProblem(error) })
      const cells = result.data
      if (cells.every((cell) => cell.trim() === '')) return
      rows.push({ cells, line: rowLine })
    },
  })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, rows }
}

function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === 10) breaks += 1
  return breaks
}

function quoteProblem(error: Papa.ParseError): string {
  if (error.code === 'MissingQuotes') return 'a quoted cell is never closed: a " is missing'
  if (error.code === 'InvalidQuotes') return 'a quote sits in the middle of a cell that is not quoted; quote the whole cell and double the quote ("")'
  return error.message
}
