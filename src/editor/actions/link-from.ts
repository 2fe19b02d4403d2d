import { singleSelectedNode } from '../state/selection-slice'
import type { EditorAction } from './action'

/** Links one of the selected node's outputs to an input of another node, chosen from a list: no mouse needed. */
export const linkFromAction: EditorAction = {
  name: 'link-from',
  label: 'Link from…',
  shortcuts: [{ key: 'l' }],
  isEnabled: (state) => state.canvasSpots !== null && singleSelectedNode(state.selection) !== undefined,
  perform: ({ store }) => store.getState().openDialog('link-from'),
}
