/**
 * The Dailies benchmark's page side: the real editor with a film's takes in the Dailies (a list of
 * shots → prompt → generate-video → take-picker, as after a run), frames counted while it scrolls.
 * bench/dailies-run.ts drives it and prints the figures.
 */
import '@xyflow/react/dist/style.css'
import '../src/editor/theme.css'
import { createRoot } from 'react-dom/client'
import { registry } from '../src/app/node-types'
import { createEditorStore } from '../src/editor/state/create-editor-store'
import { EditorProvider } from '../src/editor/state/EditorProvider'
import { Editor } from '../src/editor/Editor'
import type { NodeRun } from '../src/editor/state/node-run'
import { CURRENT_DOC_VERSION, type PipelineDoc } from '../src/graph'
import type { AssetRef } from '../src/engine'
import { openStorage } from '../src/storage'
import { countFrames, stopCounting, type FrameFigures } from './frames'

declare global {
  interface Window {
    reelgraphDailiesBench: {
      /** Stores the takes (one clip, each copy made distinct) and opens the editor on the film. */
      load(shots: number, takesPerShot: number, clipBase64: string): Promise<{ takes: number }>
      startFrames(): void
      stopFrames(): FrameFigures
      /** Videos mounted now: the take under the pointer or the cursor, not every take. */
      mountedVideos(): number
    }
  }
}

function film(shots: number): PipelineDoc {
  const node = (id: string, type: string, x: number, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, position: { x, y: 0 }, params })
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'dailies-bench',
    name: 'Dailies bench',
    description: '',
    nodes: [
      node('shots', 'text-list', 0, { texts: Array.from({ length: shots }, (_, i) => `shot ${i + 1}`) }),
      node('prompt', 'prompt', 340),
      node('takes', 'generate-video', 680, { provider: 'animatic', height: 480 }),
      node('pick', 'take-picker', 1020, { selected: [0] }),
    ],
    edges: [
      { id: 'e1', from: { node: 'shots', port: 'texts' }, to: { node: 'prompt', port: 'text' } },
      { id: 'e2', from: { node: 'prompt', port: 'prompt' }, to: { node: 'takes', port: 'prompt' } },
      { id: 'e3', from: { node: 'takes', port: 'takes' }, to: { node: 'pick', port: 'takes' } },
    ],
  }
}

/** The clip with a `free` box after it holding `tag`: a distinct file (and hash) that plays the same. */
function distinctCopy(clip: Uint8Array, tag: string): Blob {
  const payload = new TextEncoder().encode(tag)
  const header = new Uint8Array(8)
  new DataView(header.buffer).setUint32(0, 8 + payload.length)
  header.set(new TextEncoder().encode('free'), 4)
  return new Blob([clip as Uint8Array<ArrayBuffer>, header, payload], { type: 'video/mp4' })
}

window.reelgraphDailiesBench = {
  async load(shots, takesPerShot, clipBase64) {
    const clip = Uint8Array.from(atob(clipBase64), (char) => char.charCodeAt(0))
    const storage = openStorage(`reelgraph-dailies-bench-${Date.now()}`)
    const keys = Array.from({ length: shots }, (_, i) => String(i + 1))
    const takes: AssetRef[][] = []
    for (const key of keys) {
      const made: AssetRef[] = []
      for (let take = 1; take <= takesPerShot; take++) {
        made.push(await storage.assets.put(distinctCopy(clip, `shot ${key} take ${take}`), { kind: 'video', meta: { durationS: 2, width: 854, height: 480, take } }))
      }
      takes.push(made)
    }
    const doc = film(shots)
    const store = createEditorStore({ storage, registry }, doc)
    store.getState().showDocument(doc)
    // As after a run: each shot's prompt and takes, item by item.
    const done = (items: NodeRun['items']): NodeRun => ({ status: 'done', progress: 1, stale: false, ...(items ? { items } : {}) })
    store.setState((state) => ({
      nodeRuns: {
        ...state.nodeRuns,
        prompt: done(keys.map((key) => ({ key, status: 'done', outputs: { prompt: { kind: 'prompt', text: `A lighthouse keeper, shot ${key}, walks to the pier at dusk.`, fields: {} } } }))),
        takes: done(keys.map((key, i) => ({ key, status: 'done', outputs: { takes: takes[i] as AssetRef[] } }))),
      },
    }))
    const container = document.getElementById('root') as HTMLElement
    container.style.height = '100vh'
    createRoot(container).render(
      <EditorProvider value={{ store, storage, registry }}>
        <Editor />
      </EditorProvider>,
    )
    store.getState().toggleDock('dailies')
    return { takes: shots * takesPerShot }
  },
  startFrames: countFrames,
  stopFrames: stopCounting,
  mountedVideos: () => document.querySelectorAll('.dailies video').length,
}
