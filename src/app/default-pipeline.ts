import { CURRENT_DOC_VERSION, type PipelineDoc } from '../graph'
import type { AssetRef } from '../engine'
import type { AssetStore } from '../storage'
import { storeMediaFile } from '../document/media-files'

const CHARACTER_SAMPLE = 'mara-portrait.jpg'
const LOCATION_SAMPLE = 'dusk-hills.jpg'

/**
 * What a new user sees first: one shot from references to a file. A character and a location go
 * with a written shot into five animatic takes; one is picked, graded, shown and exported. It all
 * runs offline; the previz is short and 480p so a first run takes moments, not minutes.
 */
export async function createDefaultPipeline(assets: AssetStore): Promise<PipelineDoc> {
  const [character, location] = await Promise.all([fetchSample(assets, CHARACTER_SAMPLE), fetchSample(assets, LOCATION_SAMPLE)])
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: crypto.randomUUID(),
    name: 'Mara on the ridge',
    description: 'Shot 1: character and location references, a written shot, five animatic takes, the pick graded and exported.',
    nodes: [
      {
        id: 'reference-image-1',
        type: 'reference-image',
        typeVersion: 1,
        position: { x: 0, y: 0 },
        label: 'Mara',
        params: { images: character ? [character] : [], name: 'Mara', role: 'character', aspect: '16:9' },
      },
      {
        id: 'reference-image-2',
        type: 'reference-image',
        typeVersion: 1,
        position: { x: 0, y: 330 },
        label: 'The ridge',
        params: { images: location ? [location] : [], name: 'The ridge at dusk', role: 'location', aspect: '16:9' },
      },
      {
        id: 'prompt-1',
        type: 'prompt',
        typeVersion: 1,
        position: { x: 300, y: 0 },
        label: 'Shot 1',
        params: {
          subject: 'Mara, a woman in her thirties in a dark wool coat',
          action: 'stops on the ridge and looks back toward the valley',
          environment: 'grassy hills at dusk, the sun low on the horizon',
          camera: 'dolly in',
          lighting: 'warm low backlight, soft blue fill from the sky',
          mood: 'quiet, wistful',
          style: '35 mm film, shallow depth of field',
          dialogue: 'The last train left without us.',
          durationS: 3,
        },
      },
      {
        id: 'generate-video-1',
        type: 'generate-video',
        typeVersion: 1,
        position: { x: 600, y: 0 },
        label: 'Shot 1 takes',
        params: { provider: 'animatic', aspect: '16:9', height: 480, fps: 24, seed: 1, takes: 5 },
      },
      {
        id: 'take-picker-1',
        type: 'take-picker',
        typeVersion: 1,
        position: { x: 900, y: 0 },
        label: 'Pick shot 1',
        params: { selected: [0], reviews: {} },
      },
      {
        id: 'color-grade-1',
        type: 'color-grade',
        typeVersion: 1,
        position: { x: 1520, y: 0 },
        label: 'Dusk grade',
        params: { slope: [1.08, 1, 0.9], offset: [0.01, 0, -0.01], power: [1, 1, 1], saturation: 1.1, strength: 1 },
      },
      { id: 'preview-1', type: 'preview', typeVersion: 1, position: { x: 1820, y: 0 }, label: 'Graded shot', params: {} },
      { id: 'export-1', type: 'export', typeVersion: 2, position: { x: 1820, y: 380 }, label: 'Previz file', params: { container: 'mp4' } },
    ],
    edges: [
      { id: 'link-1', from: { node: 'reference-image-1', port: 'images' }, to: { node: 'generate-video-1', port: 'references' } },
      { id: 'link-2', from: { node: 'reference-image-2', port: 'images' }, to: { node: 'generate-video-1', port: 'references' } },
      { id: 'link-3', from: { node: 'prompt-1', port: 'prompt' }, to: { node: 'generate-video-1', port: 'prompt' } },
      { id: 'link-4', from: { node: 'generate-video-1', port: 'takes' }, to: { node: 'take-picker-1', port: 'takes' } },
      { id: 'link-5', from: { node: 'take-picker-1', port: 'video' }, to: { node: 'color-grade-1', port: 'media' } },
      { id: 'link-6', from: { node: 'color-grade-1', port: 'media' }, to: { node: 'preview-1', port: 'value' } },
      { id: 'link-7', from: { node: 'color-grade-1', port: 'media' }, to: { node: 'export-1', port: 'video' } },
    ],
  }
}

/** A sample still, stored pinned; without it (offline and not cached) its reference waits for a file. */
async function fetchSample(assets: AssetStore, file: string): Promise<AssetRef | undefined> {
  const response = await fetch(new URL(`samples/${file}`, document.baseURI))
  if (!response.ok) return undefined
  return storeMediaFile(assets, await response.blob(), 'image', file)
}
