import { useEditorStore } from '../../app/store/use-editor-store'
import type { CostToConfirm } from '../../app/store/run-slice'
import { Modal } from './Modal'
import './confirm-cost.css'

/** Asked before a run that may spend more than the settings' limit: what it would cost, and where. */
export function ConfirmCostDialog({ cost }: { cost: CostToConfirm }) {
  const startRun = useEditorStore((state) => state.startRun)
  const dismiss = useEditorStore((state) => state.dismissCost)
  const total = dollars(cost.estimatedUsd)
  return (
    <Modal title="Spend on generation?" onClose={dismiss}>
      <p className="confirm-cost__lead">
        This run may spend up to <strong>{total}</strong> with your own accounts — more than the {dollars(cost.limitUsd)} a run may spend without
        asking. Takes already in the cache cost nothing.
      </p>
      <ul className="confirm-cost__calls">
        {cost.calls
          .filter((call) => (call.estimatedUsd ?? 0) > 0)
          .map((call) => (
            <li key={call.provider}>
              <span>{call.name}</span>
              <span>{call.takes === 1 ? '1 take' : `${call.takes} takes`}</span>
              <span>{dollars(call.estimatedUsd ?? 0)}</span>
            </li>
          ))}
      </ul>
      <div className="confirm-cost__actions">
        <button type="button" className="button--quiet" onClick={dismiss}>
          Don’t run
        </button>
        <button type="button" className="button--primary" autoFocus onClick={() => void startRun(cost.target, { costConfirmed: true })}>
          Run and spend up to {total}
        </button>
      </div>
    </Modal>
  )
}

function dollars(amount: number): string {
  return `$${amount.toFixed(2)}`
}
