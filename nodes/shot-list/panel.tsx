import { useEffect, useRef, useState, type ClipboardEvent } from 'react'
import { z } from 'zod'
import { isAssetRef, type AssetRef } from '../../src/engine'
import { useAssetUrl, useFileDrop, useOpenInDock, useParamSetter, useParamsSetter, useStoreFiles, type NodePanelProps } from '../../src/editor/panel-kit'
import { lintShot } from './lint'
import { shotRowSchema } from './node'
import { ACCEPTED_SCRIPTS, readScript, readScriptText } from './read-script'
import { blankShot, nextShotId, readSeconds, type ScriptProblem, type ShotRow } from './shots'
import './panel.css'

/** On the node, the columns a shot is recognised by; in the dock, every field. */
type Place = 'node' | 'dock'

type TextField = 'id' | 'scene' | 'subject' | 'action' | 'environment' | 'camera' | 'lighting' | 'mood' | 'style' | 'dialogue' | 'notes'
type Column = { field: TextField | 'durationS' | 'keyMomentS' | 'characters'; label: string; wide?: boolean }

const NODE_COLUMNS: readonly Column[] = [
  { field: 'id', label: 'Shot' },
  { field: 'subject', label: 'Subject' },
  { field: 'action', label: 'Action', wide: true },
  { field: 'camera', label: 'Camera' },
  { field: 'durationS', label: 'Dur. s' },
  { field: 'keyMomentS', label: 'Key s' },
]

const DOCK_COLUMNS: readonly Column[] = [
  { field: 'id', label: 'Shot' },
  { field: 'scene', label: 'Scene' },
  { field: 'subject', label: 'Subject' },
  { field: 'action', label: 'Action', wide: true },
  { field: 'environment', label: 'Environment', wide: true },
  { field: 'camera', label: 'Camera' },
  { field: 'lighting', label: 'Lighting' },
  { field: 'mood', label: 'Mood' },
  { field: 'style', label: 'Style' },
  { field: 'dialogue', label: 'Dialogue', wide: true },
  { field: 'durationS', label: 'Dur. s' },
  { field: 'keyMomentS', label: 'Key s' },
  { field: 'characters', label: 'Characters' },
  { field: 'notes', label: 'Notes', wide: true },
]

const rowsSchema = z.array(shotRowSchema)

/** The shot table on the node. */
export default function ShotListPanel(props: NodePanelProps) {
  return <ShotSheet {...props} place="node" />
}

/** The same table, larger and with every field, in the dock's preview. */
export function DockPanel(props: NodePanelProps) {
  return <ShotSheet {...props} place="dock" />
}

interface Refusal {
  name: string
  problems: readonly ScriptProblem[]
}

function ShotSheet({ nodeId, params, place }: NodePanelProps & { place: Place }) {
  const setParam = useParamSetter(nodeId)
  const setParams = useParamsSetter(nodeId)
  const storeFiles = useStoreFiles('file')
  const openInDock = useOpenInDock(nodeId)
  const picker = useRef<HTMLInputElement>(null)
  const [refusal, setRefusal] = useState<Refusal | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const script = isAssetRef(params.script) ? params.script : undefined
  const parsedRows = rowsSchema.safeParse(params.rows ?? [])
  const rows: ShotRow[] = parsedRows.success ? parsedRows.data : []
  const scriptReading = useScriptReading(script)

  // A file is read before it is kept: one it cannot read changes nothing in the node.
  const load = async (file: File | undefined) => {
    if (!file) return
    setProblem(undefined)
    const reading = readScript(new Uint8Array(await file.arrayBuffer()), file.name)
    if (!reading.ok) {
      setRefusal({ name: file.name, problems: reading.problems })
      return
    }
    setRefusal(undefined)
    try {
      const [stored] = await storeFiles([file])
      setParam('script', stored)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
    }
  }
  const { dropping, dropZone } = useFileDrop((files) => void load(files[0]))

  const setRows = (next: readonly ShotRow[]) => setParam('rows', next)
  // Rows pasted from a spreadsheet (tab-separated, with their header) join the table.
  const onPaste = (event: ClipboardEvent) => {
    if (script || event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return
    const text = event.clipboardData.getData('text/plain')
    if (!text.includes('\t')) return
    event.preventDefault()
    const reading = readScriptText(text, 'pasted rows.tsv')
    if (!reading.ok) {
      setRefusal({ name: 'The pasted rows', problems: reading.problems })
      return
    }
    const taken = reading.shots.find((shot) => rows.some((row) => row.id === shot.id))
    if (taken) {
      setProblem(`Shot ${taken.id} is already in the table: paste rows with other scene or shot numbers.`)
      return
    }
    setRefusal(undefined)
    setRows([...rows, ...reading.shots])
  }

  const shown = script ? (scriptReading.shots ?? []) : rows
  const columns = place === 'dock' ? DOCK_COLUMNS : NODE_COLUMNS
  return (
    <div className={`shot-sheet shot-sheet--${place} nodrag nowheel${dropping ? ' shot-sheet--dropping' : ''}`} onPaste={onPaste} {...dropZone}>
      <div className="shot-sheet__bar">
        <span className="shot-sheet__source">
          {script ? `${script.meta.name ?? 'Script'} · ${shown.length} shots` : `${rows.length} ${rows.length === 1 ? 'shot' : 'shots'} typed`}
        </span>
        <input ref={picker} type="file" hidden accept={ACCEPTED_SCRIPTS} onChange={(event) => void load(event.target.files?.[0]).finally(() => (event.target.value = ''))} />
        <button type="button" onClick={() => picker.current?.click()}>
          {script ? 'Replace script…' : 'Load script…'}
        </button>
        {script && scriptReading.shots && (
          <button type="button" title="Copies the script’s shots into the table to edit them; the script is set aside (undo brings it back)" onClick={() => setParams({ rows: scriptReading.shots, script: undefined })}>
            Edit as table
          </button>
        )}
        {script && (
          <button type="button" className="button--quiet" onClick={() => setParam('script', undefined)}>
            Clear script
          </button>
        )}
        {!script && (
          <button type="button" onClick={() => setRows([...rows, newShot(rows)])}>
            Add shot
          </button>
        )}
        {place === 'node' && (
          <button type="button" className="button--quiet" onClick={openInDock}>
            Open in dock
          </button>
        )}
      </div>
      {script && rows.length > 0 && <p className="shot-sheet__hint">The script’s shots are used; the {rows.length} typed rows are kept for when it is cleared.</p>}
      {script && scriptReading.problems && <Problems title={`${script.meta.name ?? 'The script'} cannot be read`} problems={scriptReading.problems} />}
      {refusal && <Problems title={`${refusal.name} was not loaded: nothing in the node changed`} problems={refusal.problems} />}
      {problem && (
        <p className="shot-sheet__problem" role="alert">
          {problem}
        </p>
      )}
      {!parsedRows.success && (
        <p className="shot-sheet__problem" role="alert">
          The rows cannot be read: {parsedRows.error.issues[0]?.message}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="shot-sheet__hint">No shots yet: load a Fountain screenplay or a CSV/TSV shot table (or drop one here), paste rows from a spreadsheet, or add a shot.</p>
      ) : (
        <div className="shot-sheet__scroll">
          <table className="shot-sheet__table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.field} scope="col">
                    {column.label}
                  </th>
                ))}
                <th scope="col">Lint</th>
                {!script && (
                  <th scope="col" aria-label="Move or remove" />
                )}
              </tr>
            </thead>
            <tbody>
              {shown.map((shot, index) => (
                <ShotLine
                  key={shot.id}
                  shot={shot}
                  columns={columns}
                  editable={!script}
                  onChange={(next) => setRows(rows.map((row, i) => (i === index ? next : row)))}
                  onMove={(by) => setRows(moved(rows, index, by))}
                  onRemove={() => setRows(rows.filter((_, i) => i !== index))}
                  first={index === 0}
                  last={index === shown.length - 1}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

/** A new shot in the last row's scene, with the first letter no shot of that scene has. */
function newShot(rows: readonly ShotRow[]): ShotRow {
  const scene = rows.at(-1)?.scene ?? '1'
  return blankShot(nextShotId(rows, scene), scene)
}

function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by
  if (target < 0 || target >= list.length) return [...list]
  const next = [...list]
  ;[next[index], next[target]] = [next[target] as T, next[index] as T]
  return next
}

interface ShotLineProps {
  shot: ShotRow
  columns: readonly Column[]
  editable: boolean
  first: boolean
  last: boolean
  onChange(next: ShotRow): void
  onMove(by: -1 | 1): void
  onRemove(): void
}

function ShotLine({ shot, columns, editable, first, last, onChange, onMove, onRemove }: ShotLineProps) {
  const findings = lintShot(shot)
  return (
    <tr className={findings.some((finding) => finding.level === 'error') ? 'shot-sheet__row--error' : undefined}>
      {columns.map((column) => (
        <td key={column.field} className={column.wide ? 'shot-sheet__cell--wide' : undefined}>
          <Cell shot={shot} column={column} editable={editable} onChange={onChange} />
        </td>
      ))}
      <td className="shot-sheet__lint">
        {findings.length === 0 ? (
          <span className="shot-sheet__ok" aria-label="No lint">
            ✓
          </span>
        ) : (
          <ul>
            {findings.map((finding) => (
              <li key={finding.message} className={`shot-sheet__finding--${finding.level}`}>
                {finding.message}
              </li>
            ))}
          </ul>
        )}
      </td>
      {editable && (
        <td className="shot-sheet__actions">
          <button type="button" className="button--quiet" aria-label={`Move ${shot.id} up`} disabled={first} onClick={() => onMove(-1)}>
            ↑
          </button>
          <button type="button" className="button--quiet" aria-label={`Move ${shot.id} down`} disabled={last} onClick={() => onMove(1)}>
            ↓
          </button>
          <button type="button" className="button--quiet" aria-label={`Remove ${shot.id}`} onClick={onRemove}>
            ✕
          </button>
        </td>
      )}
    </tr>
  )
}

/**
 * One cell: text as written, seconds, or names separated by commas. An edit is kept when the cell
 * loses focus (one undo step per cell, not per key); seconds that are not a number go back.
 */
function Cell({ shot, column, editable, onChange }: { shot: ShotRow; column: Column; editable: boolean; onChange(next: ShotRow): void }) {
  const value = cellText(shot, column)
  const label = `${column.label} of ${shot.id}`
  if (!editable) return <span className="shot-sheet__text">{value}</span>
  const commit = (text: string) => {
    if (text === value) return
    const next = withCell(shot, column, text)
    if (next) onChange(next)
  }
  if (column.wide) {
    return <textarea key={value} aria-label={label} defaultValue={value} rows={2} onBlur={(event) => commit(event.target.value)} />
  }
  return (
    <input
      key={value}
      aria-label={label}
      defaultValue={value}
      inputMode={column.field === 'durationS' || column.field === 'keyMomentS' ? 'decimal' : undefined}
      onBlur={(event) => {
        if (withCell(shot, column, event.target.value) === undefined) event.target.value = value
        else commit(event.target.value)
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur()
      }}
    />
  )
}

function cellText(shot: ShotRow, column: Column): string {
  switch (column.field) {
    case 'durationS':
      return String(shot.durationS)
    case 'keyMomentS':
      return shot.keyMomentS === undefined ? '' : String(shot.keyMomentS)
    case 'characters':
      return shot.characters.join(', ')
    default:
      return shot[column.field]
  }
}

/** The shot with one cell changed, or undefined when the text is not what the cell holds (seconds out of range, an empty id). */
function withCell(shot: ShotRow, column: Column, text: string): ShotRow | undefined {
  switch (column.field) {
    case 'durationS': {
      const seconds = readSeconds(text)
      return seconds !== undefined && seconds >= 1 && seconds <= 60 ? { ...shot, durationS: seconds } : undefined
    }
    case 'keyMomentS': {
      if (text.trim() === '') {
        const { keyMomentS: _dropped, ...rest } = shot
        return rest
      }
      const seconds = readSeconds(text)
      return seconds !== undefined && seconds <= 60 ? { ...shot, keyMomentS: seconds } : undefined
    }
    case 'characters':
      return { ...shot, characters: text.split(',').map((name) => name.trim()).filter(Boolean) }
    case 'id':
      return text.trim() === '' ? undefined : { ...shot, id: text.trim() }
    default:
      return { ...shot, [column.field]: text }
  }
}

function Problems({ title, problems }: { title: string; problems: readonly ScriptProblem[] }) {
  return (
    <div className="shot-sheet__problem" role="alert">
      <p>{title}:</p>
      <ul>
        {problems.slice(0, 8).map((problem) => (
          <li key={`${problem.line}:${problem.message}`}>
            line {problem.line}: {problem.message}
          </li>
        ))}
        {problems.length > 8 && <li>and {problems.length - 8} more</li>}
      </ul>
    </div>
  )
}

/** The script file's shots, read here as the run will read them, or the problems with it. */
function useScriptReading(script: AssetRef | undefined): { shots?: ShotRow[]; problems?: readonly ScriptProblem[] } {
  const { url, error } = useAssetUrl(script)
  const [reading, setReading] = useState<{ url: string; shots?: ShotRow[]; problems?: readonly ScriptProblem[] } | undefined>()
  useEffect(() => {
    if (url === undefined) return
    let cancelled = false
    void fetch(url)
      .then((response) => response.arrayBuffer())
      .then((bytes) => {
        if (cancelled) return
        const read = readScript(new Uint8Array(bytes), script?.meta.name ?? '')
        setReading(read.ok ? { url, shots: read.shots } : { url, problems: read.problems })
      })
    return () => {
      cancelled = true
    }
  }, [url, script?.meta.name])
  if (error) return { problems: [{ line: 1, message: error }] }
  return reading && reading.url === url ? reading : {}
}
