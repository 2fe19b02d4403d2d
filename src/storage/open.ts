import { AssetStore } from './assets'
import { DEFAULT_DATABASE_NAME, ReelgraphDB } from './db'
import { ComponentLibrary } from './components'
import { CacheBudget } from './eviction'
import { JobStore } from './jobs'
import { PipelineLibrary } from './pipelines'
import { ResultCache } from './results'
import { RunLog } from './runs'
import { SecretStore } from './secrets'
import { SettingsStore } from './settings'
import { TemplateLibrary } from './templates'

export interface Storage {
  db: ReelgraphDB
  assets: AssetStore
  results: ResultCache
  pipelines: PipelineLibrary
  runs: RunLog
  settings: SettingsStore
  jobs: JobStore
  secrets: SecretStore
  /** The person's own templates. */
  templates: TemplateLibrary
  /** The person's saved components, placed from the palette. */
  components: ComponentLibrary
  /** Closes the database once the result writes already queued have landed. */
  close(): void
}

/** Opens the database and the stores over it, wired to one cache budget. */
export function openStorage(name: string = DEFAULT_DATABASE_NAME): Storage {
  const db = new ReelgraphDB(name)
  let knownBudgetBytes: number | undefined
  const budget = new CacheBudget(db, async (): Promise<number> => knownBudgetBytes ?? (await settings.get()).cacheBudgetBytes)
  const settings = new SettingsStore(db, budget, (current) => {
    knownBudgetBytes = current.cacheBudgetBytes
  })
  const results = new ResultCache(db, budget)
  return {
    db,
    assets: new AssetStore(db, budget),
    results,
    pipelines: new PipelineLibrary(db, budget),
    runs: new RunLog(db, budget),
    settings,
    jobs: new JobStore(db, budget),
    secrets: new SecretStore(db, budget),
    templates: new TemplateLibrary(db, budget),
    components: new ComponentLibrary(db, budget),
    close() {
      void results.flush().then(() => db.close())
    },
  }
}
