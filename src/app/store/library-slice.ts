import { loadPipeline } from '../../engine'
import type { DocIssue, PipelineDoc } from '../../graph'
import type { PipelineSummary } from '../../storage'
import type { EditorServices, EditorSlice } from './editor-state'
import { newDocument } from './new-document'

export type ImportOutcome = { ok: true; issues: DocIssue[] } | { ok: false; issues: DocIssue[] }

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

  return (set, get) => ({
    pipelines: [],
    savedDoc: null,
    saveError: null,
    problem: null,

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

    async refreshPipelines() {
      await guarded(async () => {
        const pipelines = await storage.pipelines.list()
        set((state) => {
          state.pipelines = pipelines
        })
      }, get().reportProblem)
    },

    showDocument(doc) {
      set((state) => {
        state.doc = doc
        state.savedDoc = doc
        state.saveError = null
        state.selection = { nodes: [], links: [] }
        state.sizes = {}
      })
      get().forgetHistory()
      get().forgetRuns()
      void get().showStoredResults().catch(get().reportProblem)
      void storage.settings.update({ lastPipelineId: doc.id }).catch(get().reportProblem)
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
      try {
        await get().saveDocument()
        // A file of a pipeline already in the library opens as a copy, never over the original.
        const taken = await storage.pipelines.get(loaded.doc.id).then(
          (stored) => stored !== undefined,
          () => true,
        )
        const doc = taken ? { ...loaded.doc, id: crypto.randomUUID() } : loaded.doc
        await storage.pipelines.create(doc)
        get().showDocument(doc)
        await get().refreshPipelines()
        return { ok: true, issues: loaded.issues }
      } catch (error) {
        return { ok: false, issues: [{ path: '(library)', message: messageOf(error) }] }
      }
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
