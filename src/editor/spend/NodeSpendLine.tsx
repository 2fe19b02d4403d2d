import type { ReactNode } from 'react'
import { formatUsd } from '../../engine'
import { useEditorStore } from '../state/use-editor-store'
import { useSpendSummary } from './use-spend-summary'

/**
 * What a run of this node would spend, from its own estimate, worked out as Run works it out (the
 * same figure the confirm dialog asks about and the run is held to): the price and how it is made
 * up, "priced during the run" with why, or why it cannot run. `detail` follows the price.
 */
export function NodeSpendLine({ nodeId, detail }: { nodeId: string; detail?: ReactNode }) {
  const doc = useEditorStore((state) => state.doc)
  const summary = useSpendSummary(doc, { target: nodeId })
  if (!summary) return <p className="generate-plan__cost">Working out the cost…</p>
  const entry = summary.nodes.find((candidate) => candidate.nodeId === nodeId)
  if (!entry) return <p className="generate-plan__cost" data-cost={0}>In the cache: a run pays nothing for it</p>
  const { estimate } = entry
  if (estimate.kind === 'cannot-run') {
    return (
      <p className="generate-plan__refusal" role="alert">
        Cannot run: {estimate.why}
      </p>
    )
  }
  if (estimate.kind === 'unpriced') {
    return (
      <p className="generate-plan__cost" data-cost="unknown">
        <strong>Priced during the run</strong>
        <span> · {estimate.why}; Run asks first</span>
      </p>
    )
  }
  const pieces = `${estimate.units} ${estimate.unit}${estimate.units === 1 ? '' : 's'}`
  return (
    <p className="generate-plan__cost" data-cost={estimate.usd}>
      <strong>{estimate.usd === 0 ? 'Free' : `about ${formatUsd(estimate.usd)} for ${pieces}`}</strong>
      {detail}
      <span> · {estimate.basis}</span>
    </p>
  )
}
