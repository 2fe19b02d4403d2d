import { useId, useState, type FormEvent } from 'react'
import { formatUsd } from '../../engine'
import { MAX_BUDGET_USD } from '../../graph'
import { Modal } from '../dialogs/Modal'
import { useEditorStore } from '../state/use-editor-store'
import { usePipelineSpent } from './use-pipeline-spent'

/**
 * The pipeline's budget: what its runs have spent so far and the cap. A run whose estimate would pass
 * what is left does not start; a run stops sending paid work once it is reached. Kept in the
 * pipeline, so it travels with it (saved, exported, shared).
 */
export function BudgetDialog() {
  const close = useEditorStore((state) => state.closeDialog)
  const capUsd = useEditorStore((state) => state.doc.budgetUsd)
  const setBudget = useEditorStore((state) => state.setBudget)
  const spentUsd = usePipelineSpent()
  const [draft, setDraft] = useState(capUsd === undefined ? '' : capUsd.toFixed(2))
  const [problem, setProblem] = useState<string>()
  const inputId = useId()
  const problemId = useId()

  const save = (event: FormEvent) => {
    event.preventDefault()
    const typed = draft.trim().replace(/^\$/, '')
    if (typed === '') {
      setBudget(undefined)
      close()
      return
    }
    const usd = Number(typed)
    if (!Number.isFinite(usd) || usd < 0 || usd > MAX_BUDGET_USD) {
      setProblem(`“${draft}” is not an amount in dollars from $0 to ${formatUsd(MAX_BUDGET_USD)}`)
      return
    }
    setBudget(Math.round(usd * 100) / 100)
    close()
  }

  return (
    <Modal title="Budget" onClose={close}>
      <form className="budget-form" onSubmit={save}>
        <p className="budget-form__spent" data-field="spent">
          This pipeline’s runs have spent <strong>{spentUsd === undefined ? '…' : formatUsd(spentUsd)}</strong>
          {capUsd !== undefined && spentUsd !== undefined && ` of its ${formatUsd(capUsd)} budget (${formatUsd(Math.max(0, capUsd - spentUsd))} left)`}.
        </p>
        <label htmlFor={inputId}>Budget in US dollars (empty: no budget)</label>
        <input
          id={inputId}
          inputMode="decimal"
          autoFocus
          value={draft}
          placeholder="No budget"
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(event) => {
            setDraft(event.target.value)
            setProblem(undefined)
          }}
        />
        {problem && (
          <p id={problemId} className="budget-form__problem" role="alert">
            {problem}
          </p>
        )}
        <p className="budget-form__why">A run that could spend more than is left does not start; a run stops sending paid work once the budget is reached, and keeps what was already sent.</p>
        <div className="budget-form__actions">
          <button type="button" className="button--quiet" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button--primary">
            Save budget
          </button>
        </div>
      </form>
    </Modal>
  )
}
