import { CURRENT_DOC_VERSION, type PipelineDoc } from '../../graph'

/** An empty pipeline with a fresh id. */
export function newDocument(name = 'Untitled pipeline'): PipelineDoc {
  return { format: 'reelgraph', version: CURRENT_DOC_VERSION, id: crypto.randomUUID(), name, description: '', nodes: [], edges: [] }
}
