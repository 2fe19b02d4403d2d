import { CURRENT_DOC_VERSION, type PipelineDoc } from '../graph'
import type { AssetRef } from '../engine'
import type { AssetStore } from '../storage'
import { storeMediaFile } from './media-files'

const SAMPLE_PLATE = 'samples/dusk-hills.jpg'

/**
 * What a new user sees first: a sample plate through a grade into a viewer, and the shot's
 * description into a second viewer. Run it, then change the exposure and run again.
 */
export async function createDefaultPipeline(assets: AssetStore): Promise<PipelineDoc> {
  const plate = await fetchSamplePlate(assets)
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: crypto.randomUUID(),
    name: 'Dusk over the hills',
    description: 'A sample plate through a first grade, with the shot description beside it.',
    nodes: [
      {
        id: 'image-input-1',
        type: 'image-input',
        typeVersion: 1,
        position: { x: 0, y: 0 },
        label: 'Plate',
        params: plate ? { file: plate } : {},
      },
      {
        id: 'image-adjust-1',
        type: 'image-adjust',
        typeVersion: 1,
        position: { x: 320, y: 0 },
        label: 'First grade',
        params: { exposure: 0.3, contrast: 1.1, saturation: 1.15 },
      },
      { id: 'preview-1', type: 'preview', typeVersion: 1, position: { x: 640, y: 0 }, label: 'Graded frame', params: {} },
      {
        id: 'text-1',
        type: 'text',
        typeVersion: 1,
        position: { x: 0, y: 380 },
        label: 'Shot description',
        params: { text: 'Dusk over the hills — establishing shot' },
      },
      { id: 'preview-2', type: 'preview', typeVersion: 1, position: { x: 320, y: 380 }, label: 'Slate', params: {} },
    ],
    edges: [
      { id: 'link-1', from: { node: 'image-input-1', port: 'image' }, to: { node: 'image-adjust-1', port: 'image' } },
      { id: 'link-2', from: { node: 'image-adjust-1', port: 'image' }, to: { node: 'preview-1', port: 'value' } },
      { id: 'link-3', from: { node: 'text-1', port: 'text' }, to: { node: 'preview-2', port: 'value' } },
    ],
  }
}

/** The sample plate, stored pinned; without it (offline and not cached) the image node waits for a file. */
async function fetchSamplePlate(assets: AssetStore): Promise<AssetRef | undefined> {
  const response = await fetch(new URL(SAMPLE_PLATE, document.baseURI))
  if (!response.ok) return undefined
  return storeMediaFile(assets, await response.blob(), 'image', 'dusk-hills.jpg')
}
