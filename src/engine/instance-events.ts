import type { Expansion } from '../graph'
import type { NodeEvent } from './events'
import type { Step } from './plan'
import type { Outputs } from './values'

interface InstanceProgress {
  members: Set<string>
  settled: Set<string>
  queued: boolean
  allCached: boolean
  durationMs: number
  outputs: Outputs
  failed?: string
  skipped?: string
  cancelled: boolean
}

/**
 * Passes each event on and, for a node that came out of a component instance, also tells the
 * instance: queued with its first inner node, running with the share of its inner nodes settled,
 * then done (or cached, when every inner node was) with its outputs taken from the inner nodes that
 * feed them; failed, skipped or cancelled when an inner node was, naming it.
 */
export function instanceEvents(expansion: Expansion, steps: readonly Step[], emit: (event: NodeEvent) => void): (event: NodeEvent) => void {
  const instances = new Map<string, InstanceProgress>()
  for (const step of steps) {
    const owner = expansion.owners.get(step.node.id)
    if (owner === undefined) continue
    const progress = instances.get(owner)
    if (progress) progress.members.add(step.node.id)
    else instances.set(owner, { members: new Set([step.node.id]), settled: new Set(), queued: false, allCached: true, durationMs: 0, outputs: {}, cancelled: false })
  }
  const keyOf = new Map(steps.map((step) => [step.node.id, step.cacheKey]))
  const innerName = (nodeId: string, owner: string) => nodeId.slice(owner.length + 1)

  const settle = (owner: string, instance: InstanceProgress, nodeId: string) => {
    instance.settled.add(nodeId)
    if (instance.settled.size < instance.members.size) {
      emit({ nodeId: owner, status: 'running', progress: instance.settled.size / instance.members.size })
      return
    }
    if (instance.failed !== undefined) emit({ nodeId: owner, status: 'error', message: instance.failed })
    else if (instance.cancelled) emit({ nodeId: owner, status: 'cancelled' })
    else if (instance.skipped !== undefined) emit({ nodeId: owner, status: 'skipped', because: instance.skipped })
    else emit({ nodeId: owner, status: instance.allCached ? 'cached' : 'done', outputs: instance.outputs, durationMs: instance.durationMs })
  }

  return (event) => {
    emit(event)
    const owner = expansion.owners.get(event.nodeId)
    const instance = owner === undefined ? undefined : instances.get(owner)
    if (owner === undefined || !instance || !instance.members.has(event.nodeId)) return
    switch (event.status) {
      case 'queued':
        if (instance.queued) return
        instance.queued = true
        emit({ nodeId: owner, status: 'queued', cacheKey: keyOf.get(event.nodeId) ?? event.cacheKey })
        return
      case 'running':
        emit({ nodeId: owner, status: 'running', progress: (instance.settled.size + event.progress) / instance.members.size })
        return
      case 'cached':
      case 'done':
        if (event.status === 'done') instance.allCached = false
        instance.durationMs += event.durationMs
        for (const [port, source] of Object.entries(expansion.outputs.get(owner) ?? {})) {
          if (source.node === event.nodeId && event.outputs[source.port] !== undefined) instance.outputs[port] = event.outputs[source.port] as Outputs[string]
        }
        return settle(owner, instance, event.nodeId)
      case 'error':
        instance.failed ??= `“${innerName(event.nodeId, owner)}” inside failed: ${event.message}`
        return settle(owner, instance, event.nodeId)
      case 'skipped':
        instance.skipped ??= event.because
        return settle(owner, instance, event.nodeId)
      case 'cancelled':
        instance.cancelled = true
        return settle(owner, instance, event.nodeId)
      case 'log':
        emit({ ...event, nodeId: owner })
        return
    }
  }
}
