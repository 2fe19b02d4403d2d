import type { PipelineDoc } from '../../graph'
import { planRun, type NodeRegistry, type Step } from '../../engine'

/**
 * The planned steps whose results may already be in the cache. When the whole pipeline cannot be
 * planned (an input left unlinked somewhere), each end of the pipeline is planned on its own, so the
 * branches that are fine still show their results.
 */
export function plannableSteps(doc: PipelineDoc, registry: NodeRegistry): Step[] {
  const whole = planRun(doc, registry)
  if (whole.ok) return whole.plan.steps
  const readFrom = new Set(doc.edges.map((edge) => edge.from.node))
  const steps = new Map<string, Step>()
  for (const end of doc.nodes.filter((node) => !readFrom.has(node.id))) {
    const branch = planRun(doc, registry, end.id)
    if (!branch.ok) continue
    for (const step of branch.plan.steps) steps.set(step.node.id, step)
  }
  return [...steps.values()]
}
