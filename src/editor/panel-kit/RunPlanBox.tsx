import type { ReactNode } from 'react'
import './generate-plan.css'

/**
 * Where a node's panel says, before a run, what the run will make and cost: the price first
 * (`generate-plan__cost`, its amount in `data-cost`), lines of detail, the back end in faint type, and
 * the reason it cannot run, when it cannot, in red.
 */
export function RunPlanBox({ className, refusal, children }: { className?: string; refusal?: string | undefined; children: ReactNode }) {
  return (
    <div className={className ? `generate-plan ${className}` : 'generate-plan'}>
      {children}
      {refusal && (
        <p className="generate-plan__refusal" role="alert">
          Cannot run: {refusal}
        </p>
      )}
    </div>
  )
}
