import type { EditorContextValue } from '../state/context'
import { parseBoundedJson } from '../../graph'
import { hasReport } from './ImportReport'

/**
 * Opens a pipeline file (.json) or bundle (.reelgraph.zip) as a new pipeline, from the file picker,
 * a drop on the canvas or a paste alike. A clean import says so near the canvas; one with a report,
 * or a refused one, shows it in the import dialog. The open pipeline is kept either way. A bundle
 * with more media than the app pins unasked waits in the dialog for a yes (`allowLarge`).
 */
export async function importFile({ store }: EditorContextValue, file: File, options: { allowLarge?: boolean } = {}): Promise<void> {
  const { importBundle, importPipeline } = store.getState()
  const outcome = (await isZip(file)) ? await importBundle(file, options) : await importPipeline(await file.text())
  const state = store.getState()
  if (outcome.ok && !hasReport(outcome)) {
    if (state.dialog === 'import') state.closeDialog()
    state.say(`Opened “${file.name}”.`)
    return
  }
  state.showImportReport({ file: file.name, outcome, source: file })
}

/** Whether a dropped or pasted file is a pipeline or bundle rather than media, by its name or type. */
export function isPipelineFile(file: File): boolean {
  return /\.(json|zip)$/i.test(file.name) || ['application/json', 'application/zip', 'application/x-zip-compressed'].includes(file.type)
}

/** Whether pasted text is a whole pipeline document (copied nodes are a fragment, not this). */
export function isPipelineText(text: string): boolean {
  // A cheap look before JSON.parse: a document starts as an object naming its format.
  if (!/^\s*\{/.test(text) || !text.includes('"reelgraph"')) return false
  // Too deep to read is still a document, so the import refuses it and says why.
  const read = parseBoundedJson(text)
  if (!read.ok) return read.reason === 'too deep'
  return typeof read.value === 'object' && read.value !== null && (read.value as { format?: unknown }).format === 'reelgraph'
}

/** A zip starts with "PK\x03\x04"; the content decides, since a renamed or downloaded file may have lost its extension. */
async function isZip(file: Blob): Promise<boolean> {
  const start = new Uint8Array(await file.slice(0, 4).arrayBuffer())
  return start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04
}
