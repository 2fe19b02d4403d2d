import { exposedParamIssues, loadPipeline, upgradeNodes, withoutUnknownParams, type AssetRef } from '../../engine'
import { emptyRecord, validateDocument, type DocIssue, type PipelineDoc, type Position } from '../../graph'
import type { ComponentSummary, PipelineSummary } from '../../storage'
import { roomForMedia } from '../../storage/quota'
import { DEFAULT_BUNDLE_LIMITS, readBundle } from '../../document/bundle'
import type { SharedPipeline } from '../../document/share'
import { withTemplateSamples } from '../../document/templates/samples'
import type { EditorServices, EditorSlice, EditorState } from './editor-state'
import { newDocument } from './new-document'

/**
 * What an import did. An opened pipeline comes with its report: node types this build lacks (they
 * stay as missing nodes), problems that block running (bad params, loops), and for a bundle the
 * entries it refused and the assets it did not carry. Refused: nothing was opened or changed.
 */
export type ImportOutcome =
  | {
      ok: true
      issues: DocIssue[]
      missingNodeTypes: string[]
      refusedEntries: DocIssue[]
      missingAssets: DocIssue[]
      /** Template inputs (exposed params) that point at no node or no param; the simple form leaves them out. */
      templateInputs: DocIssue[]
      /** Params the node types do not have (a secret someone added, say), left out of the saved pipeline. */
      droppedParams: DocIssue[]
    }
  | {
      ok: false
      issues: DocIssue[]
      /** A bundle refused only for holding this much media; it opens when imported again with `allowLarge`. */
      largeBundleBytes?: number
    }

/** The saved pipelines, the open one's save state, and storage trouble the person must see. */
export interface LibrarySlice {
  pipelines: PipelineSummary[]
  /** The document as last saved; the open one is unsaved while it differs. */
  savedDoc: PipelineDoc | null
  /** Why the last save failed; the document stays open and is saved again. */
  saveError: string | null
  /** Storage trouble shown in the banner until dismissed (a full disk says what to free). */
  problem: string | null
  saveDocument(): Promise<void>
  refreshPipelines(): Promise<void>
  /** Makes `doc` the open document, with its cached results shown. */
  showDocument(doc: PipelineDoc): void
  openPipeline(id: string): Promise<void>
  createPipeline(): Promise<void>
  renamePipeline(id: string, name: string): Promise<void>
  duplicatePipeline(id: string): Promise<void>
  deletePipeline(id: string): Promise<void>
  /** Opens a pipeline file as a new pipeline; a file that cannot be read leaves the open one alone. */
  importPipeline(text: string): Promise<ImportOutcome>
  /** Opens a `.reelgraph.zip` bundle as a new pipeline, its assets stored and pinned; a large one only with `allowLarge`. */
  importBundle(zip: Blob, options?: { allowLarge?: boolean }): Promise<ImportOutcome>
  /** A pipeline that arrived in a share link, waiting for the person to open it or not. */
  sharedPipeline: SharedPipeline | null
  receiveSharedPipeline(shared: SharedPipeline): void
  /** Opens the shared pipeline as a new pipeline; nothing runs. */
  openSharedPipeline(): Promise<ImportOutcome>
  dismissSharedPipeline(): void
  /** Opens a template as a new pipeline of its own, in its simple form when it has inputs. */
  openTemplate(template: PipelineDoc): Promise<ImportOutcome>
  /** The components saved to the library, by name: the palette's "Components" section. */
  savedComponents: ComponentSummary[]
  refreshComponents(): Promise<void>
  /** Saves a component of the open pipeline to the library, with the values `instanceId` gives its inputs; false when it could not (reported). */
  saveComponent(componentId: string, instanceId?: string): Promise<boolean>
  /** Places a saved component on the open level (see `placeComponent`). */
  placeSavedComponent(libraryId: string, position: Position): Promise<void>
  /** The saved component as a file, to export or share as a pipeline is. */
  savedComponentFile(libraryId: string): Promise<PipelineDoc>
  deleteSavedComponent(libraryId: string): Promise<void>
  reportProblem(error: unknown): void
  dismissProblem(): void
}

export function createLibrarySlice(services: EditorServices): EditorSlice<LibrarySlice> {
  const { storage, registry } = services
  // Saves run one after another, so an older document never lands after a newer one.
  let saving: Promise<void> = Promise.resolve()

  /** Runs a library operation, showing its failure in the banner instead of losing it. */
  async function guarded(operation: () => Promise<void>, report: (error: unknown) => void): Promise<void> {
    try {
      await operation()
    } catch (error) {
      report(error)
    }
  }

  /**
   * Saves an imported document as a new pipeline and shows it. A document whose id is already in
   * the library opens as a copy, never over the original. Bundle assets are pinned only once the
   * pipeline is saved: a document's own inputs are never evicted.
   */
  async function openAsNewPipeline(
    loadedDoc: PipelineDoc,
    issues: DocIssue[],
    from: { refusedEntries: DocIssue[]; missingAssets: DocIssue[]; assets: AssetRef[] },
    get: () => EditorState,
  ): Promise<ImportOutcome> {
    try {
      await get().saveDocument()
      const { doc: known, dropped } = withoutUnknownParams(loadedDoc, registry)
      const taken = await storage.pipelines.get(known.id).then(
        (stored) => stored !== undefined,
        () => true,
      )
      const doc = taken ? { ...known, id: crypto.randomUUID() } : known
      await storage.pipelines.create(doc)
      for (const asset of from.assets) await storage.assets.pin(asset.hash)
      get().showDocument(doc)
      await get().refreshPipelines()
      const missingNodeTypes = [...new Set(doc.nodes.map((node) => node.type).filter((type) => registry.get(type) === undefined))]
      return {
        ok: true,
        issues,
        missingNodeTypes,
        refusedEntries: from.refusedEntries,
        missingAssets: from.missingAssets,
        templateInputs: exposedParamIssues(doc, registry),
        droppedParams: dropped,
      }
    } catch (error) {
      return { ok: false, issues: [{ path: '(library)', message: messageOf(error) }] }
    }
  }

  return (set, get) => ({
    pipelines: [],
    savedDoc: null,
    saveError: null,
    problem: null,
    sharedPipeline: null,

    saveDocument() {
      saving = saving.then(async () => {
        const doc = get().doc
        if (doc === get().savedDoc) return
        try {
          await storage.pipelines.save(doc)
          set((state) => {
            state.savedDoc = doc
            state.saveError = null
          })
        } catch (error) {
          set((state) => {
            state.saveError = messageOf(error)
          })
        }
      })
      return saving
    },

    savedComponents: [],

    async refreshComponents() {
      await guarded(async () => {
        const saved = await storage.components.list()
        set((state) => {
          state.savedComponents = saved
        })
      }, get().reportProblem)
    },

    async saveComponent(componentId, instanceId) {
      const instance = instanceId === undefined ? undefined : get().levelDoc.nodes.find((node) => node.id === instanceId)
      try {
        await storage.components.save(get().doc, componentId, instance)
      } catch (error) {
        get().reportProblem(error)
        return false
      }
      await get().refreshComponents()
      return true
    },

    async placeSavedComponent(libraryId, position) {
      await guarded(async () => {
        get().placeComponent(await storage.components.get(libraryId), position)
      }, get().reportProblem)
    },

    savedComponentFile(libraryId) {
      return storage.components.get(libraryId)
    },

    async deleteSavedComponent(libraryId) {
      await guarded(async () => {
        await storage.components.delete(libraryId)
        await get().refreshComponents()
      }, get().reportProblem)
    },

    async refreshPipelines() {
      await guarded(async () => {
        const pipelines = await storage.pipelines.list()
        set((state) => {
          state.pipelines = pipelines
        })
      }, get().reportProblem)
    },

    showDocument(stored) {
      // An older node comes up to its type's version on the way in; the autosave then keeps it so.
      const { doc, notUpgraded } = upgradeNodes(stored, registry)
      set((state) => {
        state.doc = doc
        state.openPath = []
        state.levelDoc = doc
        state.savedDoc = stored
        state.saveError = null
        state.selection = { nodes: [], links: [] }
        state.sizes = emptyRecord()
        state.mode = 'graph'
      })
      get().forgetHistory()
      get().forgetRuns()
      void get().showStoredResults().catch(get().reportProblem)
      void get().showLastRunLog().catch(get().reportProblem)
      void storage.settings.update({ lastPipelineId: doc.id }).catch(get().reportProblem)
      if (notUpgraded.length > 0) get().reportProblem(`Some nodes keep their older settings: ${notUpgraded.map((issue) => `${issue.nodeId}: ${issue.message}`).join('; ')}.`)
    },

    async openPipeline(id) {
      await guarded(async () => {
        await get().saveDocument()
        const doc = await storage.pipelines.get(id)
        if (!doc) throw new Error(`The pipeline ${id} is not in the library any more.`)
        get().showDocument(doc)
      }, get().reportProblem)
    },

    async createPipeline() {
      await guarded(async () => {
        await get().saveDocument()
        const doc = newDocument()
        await storage.pipelines.create(doc)
        get().showDocument(doc)
        await get().refreshPipelines()
      }, get().reportProblem)
    },

    async renamePipeline(id, name) {
      const trimmed = name.trim()
      if (trimmed === '') return
      if (id === get().doc.id) {
        get().renameDocument(trimmed)
        await get().saveDocument()
      } else {
        await guarded(() => storage.pipelines.rename(id, trimmed), get().reportProblem)
      }
      await get().refreshPipelines()
    },

    async duplicatePipeline(id) {
      await guarded(async () => {
        await get().saveDocument()
        await storage.pipelines.duplicate(id, crypto.randomUUID())
        await get().refreshPipelines()
      }, get().reportProblem)
    },

    async deletePipeline(id) {
      await guarded(async () => {
        await storage.pipelines.delete(id)
        const remaining = await storage.pipelines.list()
        if (id === get().doc.id) {
          const next = remaining[0] ? await storage.pipelines.get(remaining[0].id) : undefined
          if (next) get().showDocument(next)
          else await get().createPipeline()
        }
        await get().refreshPipelines()
      }, get().reportProblem)
    },

    async importPipeline(text) {
      const loaded = loadPipeline(text, registry)
      if (!loaded.ok) return loaded
      return openAsNewPipeline(loaded.doc, loaded.issues, noBundle(), get)
    },

    async importBundle(zip, options = {}) {
      const services = { registry, assets: storage.assets, room: () => roomForMedia(storage.assets.budget) }
      const read = await readBundle(zip, services, DEFAULT_BUNDLE_LIMITS, options).catch((error: unknown) => ({
        ok: false as const,
        issues: [{ path: '(bundle)', message: messageOf(error) }],
      }))
      if (!read.ok) return read
      return openAsNewPipeline(read.doc, read.issues, read, get)
    },

    receiveSharedPipeline(shared) {
      set((state) => {
        state.sharedPipeline = shared
      })
    },

    async openSharedPipeline() {
      const shared = get().sharedPipeline
      if (!shared?.ok) return { ok: false, issues: shared?.issues ?? [{ path: '(link)', message: 'there is no shared pipeline to open' }] }
      const outcome = await openAsNewPipeline(shared.doc, shared.issues, noBundle(), get)
      if (outcome.ok) get().dismissSharedPipeline()
      return outcome
    },

    dismissSharedPipeline() {
      set((state) => {
        state.sharedPipeline = null
      })
    },

    async openTemplate(template) {
      const withSamples = await withTemplateSamples(template, storage.assets, fetchSample)
      const { doc: upgraded } = upgradeNodes(withSamples, registry)
      const outcome = await openAsNewPipeline({ ...upgraded, id: crypto.randomUUID() }, validateDocument(upgraded, registry), noBundle(), get)
      if (outcome.ok && (template.exposed?.length ?? 0) > 0) get().setMode('simple')
      return outcome
    },

    reportProblem(error) {
      set((state) => {
        state.problem = messageOf(error)
      })
    },

    dismissProblem() {
      set((state) => {
        state.problem = null
      })
    },
  })
}

/** A file of the app's bundled samples (public/samples/), or nothing when it cannot be had (offline, not cached). */
async function fetchSample(file: string): Promise<Blob | undefined> {
  const response = await fetch(new URL(`samples/${file}`, document.baseURI)).catch(() => undefined)
  return response?.ok ? response.blob() : undefined
}

/** What a document that did not come in a bundle brings besides itself: nothing. */
function noBundle(): { refusedEntries: DocIssue[]; missingAssets: DocIssue[]; assets: AssetRef[] } {
  return { refusedEntries: [], missingAssets: [], assets: [] }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
