import type { PipelineDoc } from '../../graph'
import { isAssetRef, isPrompt, type AssetRef, type Outputs, type Value } from '../../engine'
import { hasOwnBoard, readItemBoard, type TakeBoard } from '../../../nodes/take-picker/reviews'
import type { NodeRun } from '../state/node-run'

/** One shot in the Dailies: a take picker's item (or the picker itself, when it runs once) and its takes. */
export interface DailiesRow {
  /** Unique in the view: the picker and the item key. */
  id: string
  pickerId: string
  /** The item key as the run record names it (`3`, `12A`); '' for a picker that runs once. */
  key: string
  /** What the row is called: its item key, or the picker's name when it runs once. */
  title: string
  /** A line of the shot's prompt, when the run has made it. */
  prompt?: string
  durationS?: number
  takes: AssetRef[]
  board: TakeBoard
  /** True when the item runs with the picker's choice rather than one of its own. */
  usesPickerChoice: boolean
}

/** How far above a picker the Dailies look for the prompt a shot was made from. */
const PROMPT_SEARCH_DEPTH = 4

/**
 * Every take picker's shots, in document order and each picker's item order (the script's, as the
 * list gave them), with the takes that reached them in the last run. The rows are read from the
 * document and the run; choices live in the pickers' params alone.
 */
export function dailiesRows(doc: PipelineDoc, nodeRuns: Readonly<Record<string, NodeRun>>): DailiesRow[] {
  const rows: DailiesRow[] = []
  for (const picker of doc.nodes) {
    if (picker.type !== 'take-picker') continue
    const link = doc.edges.find((edge) => edge.to.node === picker.id && edge.to.port === 'takes')
    if (!link) continue
    const source = Object.hasOwn(nodeRuns, link.from.node) ? nodeRuns[link.from.node] : undefined
    if (!source) continue
    const name = picker.label ?? picker.id
    const shots = source.items
      ? source.items.map((item) => ({ key: item.key, outputs: item.outputs }))
      : [{ key: '', outputs: source.outputs }]
    for (const shot of shots) {
      const takes = videosIn(shot.outputs?.[link.from.port])
      const prompt = promptAbove(doc, nodeRuns, link.from.node, shot.key)
      const durationS = takes.find((take) => take.meta.durationS !== undefined)?.meta.durationS
      rows.push({
        id: `${picker.id}\u0000${shot.key}`,
        pickerId: picker.id,
        key: shot.key,
        title: shot.key === '' ? name : shot.key,
        ...(prompt !== undefined ? { prompt } : {}),
        ...(durationS !== undefined ? { durationS } : {}),
        takes,
        board: readItemBoard(picker.params, shot.key),
        usesPickerChoice: shot.key !== '' && !hasOwnBoard(picker.params, shot.key),
      })
    }
  }
  return rows
}

/** Whether the shot has a chosen take among the takes that came in: what “has a select” counts. */
export function hasSelect(row: DailiesRow): boolean {
  return row.board.selected.some((index) => index < row.takes.length)
}

function videosIn(value: Value | undefined): AssetRef[] {
  if (!Array.isArray(value)) return isAssetRef(value) && value.kind === 'video' ? [value] : []
  return value.filter((take): take is AssetRef => isAssetRef(take) && take.kind === 'video')
}

/**
 * The prompt the shot was made from: the nearest node above the takes' maker whose result for this
 * item (or whose one result) holds a prompt.
 */
function promptAbove(doc: PipelineDoc, nodeRuns: Readonly<Record<string, NodeRun>>, maker: string, key: string): string | undefined {
  let level = [maker]
  const seen = new Set(level)
  for (let depth = 0; depth <= PROMPT_SEARCH_DEPTH && level.length > 0; depth++) {
    for (const nodeId of level) {
      const run = Object.hasOwn(nodeRuns, nodeId) ? nodeRuns[nodeId] : undefined
      const outputs: Outputs | undefined = run?.items ? run.items.find((item) => item.key === key)?.outputs : run?.outputs
      const prompt = outputs && Object.values(outputs).find(isPrompt)
      if (prompt) return prompt.text
    }
    const next: string[] = []
    for (const edge of doc.edges) {
      if (!level.includes(edge.to.node) || seen.has(edge.from.node)) continue
      seen.add(edge.from.node)
      next.push(edge.from.node)
    }
    level = next
  }
  return undefined
}
