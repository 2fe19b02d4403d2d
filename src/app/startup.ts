import { upgradeNodes, type NodeRegistry } from '../engine'
import type { PipelineDoc } from '../graph'
import type { Storage } from '../storage'
import { createDefaultPipeline } from './default-pipeline'

export interface StartingPipeline {
  doc: PipelineDoc
  /** Why the last pipeline could not be reopened, when it could not. */
  problem?: string
}

/**
 * The pipeline the editor opens with: the last one open, else the most recently changed, else
 * (on a first start) the default pipeline, created and saved.
 */
export async function openStartingPipeline(storage: Storage, registry: NodeRegistry): Promise<StartingPipeline> {
  const { lastPipelineId } = await storage.settings.get()
  let problem: string | undefined
  if (lastPipelineId !== undefined) {
    try {
      const last = await storage.pipelines.get(lastPipelineId)
      if (last) return { doc: last }
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error)
    }
  }
  for (const summary of await storage.pipelines.list()) {
    if (summary.id === lastPipelineId) continue
    const recent = await storage.pipelines.get(summary.id).catch(() => undefined)
    if (recent) return withProblem(recent, problem)
  }
  // Written once, read by every new user: its nodes take their types' current versions.
  const { doc } = upgradeNodes(await createDefaultPipeline(storage.assets), registry)
  await storage.pipelines.create(doc)
  return withProblem(doc, problem)
}

function withProblem(doc: PipelineDoc, problem: string | undefined): StartingPipeline {
  return problem === undefined ? { doc } : { doc, problem }
}
