import '@xyflow/react/dist/style.css'
import '../editor/theme.css'
import { createRoot } from 'react-dom/client'
import { Editor } from '../editor/Editor'
import { resumePendingJobs } from '../providers/resume'
import { openStorage } from '../storage'
import { renderRecipesOnDemand } from '../document/rendered-recipes'
import { appRemoteAccess } from '../providers/proxied-access'
import { registry } from './node-types'
import { takeSharedPipelineFromAddress } from '../document/share'
import { openStartingPipeline } from './startup'
import { StartupFailure } from './StartupFailure'
import { createEditorStore } from '../editor/state/create-editor-store'
import { EditorProvider } from '../editor/state/EditorProvider'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
const root = createRoot(container)

try {
  const storage = openStorage()
  renderRecipesOnDemand(storage)
  const { doc, problem } = await openStartingPipeline(storage, registry)
  const store = createEditorStore({ storage, registry }, doc)
  const state = store.getState()
  state.showTheme((await storage.settings.get()).theme)
  state.showDocument(doc)
  if (problem) state.reportProblem(problem)
  // A share link's pipeline waits in a summary dialog; it is opened only when the person says so.
  // A link that cannot be read is a stranger's mistake: the person's own pipeline opens regardless.
  try {
    const shared = takeSharedPipelineFromAddress(registry)
    if (shared) state.receiveSharedPipeline(shared)
  } catch (error) {
    const message = `the link could not be read (${error instanceof Error ? error.message : String(error)})`
    state.receiveSharedPipeline({ ok: false, issues: [{ path: '(link)', message }] })
  }
  void state.refreshPipelines()
  // Paid takes still being made when the page last closed are followed to the cache now.
  void resumePendingJobs(appRemoteAccess(storage), storage).then(({ landed, problems }) => {
    if (landed > 0) state.reportProblem(`${landed === 1 ? 'A paid take' : `${landed} paid takes`} finished while Reelgraph was closed and ${landed === 1 ? 'is' : 'are'} now in the cache: run again to see ${landed === 1 ? 'it' : 'them'}.`)
    if (problems.length > 0) state.reportProblem(`Paid jobs from an earlier session: ${problems.join('; ')}.`)
  })
  // Best effort for an edit made in the last 300 ms before the tab goes away.
  window.addEventListener('pagehide', () => void store.getState().saveDocument())
  root.render(
    <EditorProvider value={{ store, storage, registry }}>
      <Editor />
    </EditorProvider>,
  )
} catch (error) {
  root.render(<StartupFailure message={error instanceof Error ? error.message : String(error)} />)
}
