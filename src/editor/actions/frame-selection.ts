import { GROUP_PREFIX, NOTE_PREFIX } from '../state/flow-view'
import type { EditorAction } from './action'

/** Zooms and pans the canvas to the selection (nodes, groups, notes), or to the whole pipeline when nothing is selected. */
export const frameSelectionAction: EditorAction = {
  name: 'frame-selection',
  label: 'Frame selection',
  shortcuts: [{ key: 'f' }],
  isEnabled: (state) => state.canvasSpots !== null,
  perform: ({ store }) => {
    const { selection, canvasSpots } = store.getState()
    canvasSpots?.frame([
      ...selection.nodes,
      ...(selection.groups ?? []).map((id) => `${GROUP_PREFIX}${id}`),
      ...(selection.notes ?? []).map((id) => `${NOTE_PREFIX}${id}`),
    ])
  },
}
