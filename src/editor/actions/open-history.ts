import type { EditorAction } from './action'

/** The open pipeline's saved versions, to look at and restore. */
export const openHistoryAction: EditorAction = {
  name: 'open-history',
  label: 'History',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => store.getState().openDialog('history'),
}
