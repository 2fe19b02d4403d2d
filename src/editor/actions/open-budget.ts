import type { EditorAction } from './action'

/** The pipeline's budget: what its runs have spent so far, and the cap they may not pass. */
export const openBudgetAction: EditorAction = {
  name: 'open-budget',
  label: 'Budget…',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('budget'),
}
