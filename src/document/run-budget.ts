/*
 * A run under a pipeline's budget where no one is asked (the headless runner): refused before it
 * starts when its estimate passes what the budget has left, and otherwise given what is left, so
 * the executor stops sending new paid work once the run's own spending reaches the cap (work
 * already sent finishes and is kept). The editor does the same with its run bar and dialogs.
 */
import type { SpendDeps } from '../engine'
import type { PipelineDoc } from '../graph'
import { budgetRefusal, spendSummary, type BudgetLeft } from './spend-summary'

export type StartingBudget = { ok: true; leftUsd(): number } | { ok: false; refusal: string }

export async function startingBudget(doc: PipelineDoc, deps: SpendDeps, budget: BudgetLeft): Promise<StartingBudget> {
  const summary = await spendSummary(doc, deps)
  const refusal = budgetRefusal(summary.totalUsd, budget)
  if (refusal) return { ok: false, refusal }
  // The executor counts what this run spends against it; what ran before is in `spentUsd`.
  const left = budget.capUsd - budget.spentUsd
  return { ok: true, leftUsd: () => left }
}
