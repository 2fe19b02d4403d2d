import type { AssetKind, AssetRef } from '../../engine'
import type { PipelineDoc } from '../../graph'
import type { AssetStore } from '../../storage'
import { storeMediaFile } from '../media-files'

/**
 * A file of public/samples/ (described in its README) that a built-in template opens with, set on
 * one of its params. A template is a document and holds no media; these are brought into the
 * store when the template is opened, as the default pipeline brings its references.
 */
export interface TemplateSample {
  node: string
  param: string
  file: string
  kind: AssetKind
  /** The param holds a list of files (a character's images), not one. */
  list: boolean
}

const templateSamples: Readonly<Record<string, readonly TemplateSample[]>> = {
  'template-short-film': [
    { node: 'script', param: 'script', file: 'short-film.fountain', kind: 'file', list: false },
    { node: 'mara', param: 'images', file: 'mara-portrait.jpg', kind: 'image', list: true },
    { node: 'theo', param: 'images', file: 'theo-portrait.jpg', kind: 'image', list: true },
    { node: 'ridge', param: 'images', file: 'dusk-hills.jpg', kind: 'image', list: true },
    { node: 'cafe', param: 'images', file: 'station-cafe.jpg', kind: 'image', list: true },
    { node: 'score', param: 'file', file: 'temp-score.opus', kind: 'audio', list: false },
  ],
}

export function samplesOf(template: PipelineDoc): readonly TemplateSample[] {
  return Object.hasOwn(templateSamples, template.id) ? (templateSamples[template.id] ?? []) : []
}

/**
 * The template with its samples stored (pinned) and set on their params. A sample that cannot be
 * loaded (offline, not cached) leaves its param as the template has it: the node asks for a file.
 */
export async function withTemplateSamples(
  template: PipelineDoc,
  assets: AssetStore,
  load: (file: string) => Promise<Blob | undefined>,
): Promise<PipelineDoc> {
  const samples = samplesOf(template)
  if (samples.length === 0) return template
  const stored = await Promise.all(
    samples.map(async (sample): Promise<[TemplateSample, AssetRef | undefined]> => {
      const blob = await load(sample.file)
      return [sample, blob && (await storeMediaFile(assets, blob, sample.kind, sample.file))]
    }),
  )
  const nodes = template.nodes.map((node) => {
    const params = { ...node.params }
    for (const [sample, ref] of stored) {
      if (sample.node !== node.id || !ref) continue
      const held = params[sample.param]
      params[sample.param] = sample.list ? [...(Array.isArray(held) ? held : []), ref] : ref
    }
    return { ...node, params }
  })
  return { ...template, nodes }
}
