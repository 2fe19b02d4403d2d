import { useEditorStore } from '../state/use-editor-store'
import type { CostToConfirm } from '../state/run-slice'
import { ShotSpendList } from '../spend/ShotSpendList'
import { Modal } from './Modal'
import './confirm-cost.css'

/**
 * Asked before a run that may spend more than the settings' limit, whose price is not all known
 * before it, or that would send a ComfyUI workflow not agreed to yet: what it would cost and where,
 * from the nodes' own estimates, and what would be sent.
 */
export function ConfirmCostDialog({ cost }: { cost: CostToConfirm }) {
  const startRun = useEditorStore((state) => state.startRun)
  const dismiss = useEditorStore((state) => state.dismissCost)
  const total = dollars(cost.estimatedUsd)
  const paid = cost.calls.filter((call) => (call.estimatedUsd ?? 0) > 0)
  const spends = cost.estimatedUsd > 0 || cost.unpriced.length > 0
  return (
    <Modal title={spends ? 'Spend on generation?' : 'Send this workflow?'} onClose={dismiss}>
      {cost.estimatedUsd > cost.limitUsd && (
        <p className="confirm-cost__lead">
          This run may spend up to <strong>{total}</strong> with your own accounts — more than the {dollars(cost.limitUsd)} a run may spend without
          asking. Takes already in the cache cost nothing.
        </p>
      )}
      {paid.length > 0 && cost.shots.length > 0 && <h3 className="confirm-cost__heading">By provider</h3>}
      {paid.length > 0 && (
        <ul className="confirm-cost__calls" aria-label="By provider">
          {paid.map((call) => (
            <li key={call.provider}>
              <span>{call.name}</span>
              <span>
                {call.units} {call.unit}
                {call.units === 1 ? '' : 's'}
              </span>
              <span>{dollars(call.estimatedUsd ?? 0)}</span>
            </li>
          ))}
        </ul>
      )}
      <ShotSpendList shots={cost.shots} />
      {cost.unpriced.length > 0 && (
        <section className="confirm-cost__unpriced" data-field="unpriced">
          <p className="confirm-cost__lead">Not priced yet — the run makes what sets the price, then stops before these and asks again:</p>
          <ul className="confirm-cost__calls">
            {cost.unpriced.map((entry) => (
              <li key={entry.nodeId}>
                <span>{entry.label}</span>
                <span>{entry.estimate.name}</span>
                <span>{entry.estimate.kind === 'unpriced' ? 'later' : ''}</span>
              </li>
            ))}
          </ul>
          <p className="confirm-cost__why">{cost.unpriced.map((entry) => (entry.estimate.kind === 'unpriced' ? `${entry.label}: ${entry.estimate.why}.` : '')).join(' ')}</p>
        </section>
      )}
      {cost.approvals.map((approval) => (
        <section key={approval.id} className="confirm-cost__approval" data-field="approval">
          <p className="confirm-cost__lead">
            <strong>{approval.title}</strong> came with this pipeline and goes to your ComfyUI as it is. Look at what it runs before it is first sent:
          </p>
          <ul>
            {approval.details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        </section>
      ))}
      <div className="confirm-cost__actions">
        <button type="button" className="button--quiet" onClick={dismiss}>
          Don’t run
        </button>
        <button type="button" className="button--primary" autoFocus onClick={() => void startRun(cost.target, { confirmed: cost })}>
          {spends ? `Run and spend up to ${total}${cost.unpriced.length > 0 ? ' for now' : ''}` : 'Send it and run'}
        </button>
      </div>
    </Modal>
  )
}

function dollars(amount: number): string {
  return `$${amount.toFixed(2)}`
}
