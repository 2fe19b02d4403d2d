import { componentIdOf } from '../../graph'
import { singleSelectedNode } from '../state/selection-slice'
import type { EditorState } from '../state/editor-state'
import type { EditorAction } from './action'

function selectedComponentNode(state: EditorState): string | undefined {
  const id = singleSelectedNode(state.selection)
  const node = id === undefined ? undefined : state.levelDoc.nodes.find((candidate) => candidate.id === id)
  const componentId = node && componentIdOf(node.type)
  return componentId !== undefined && state.doc.components?.some((component) => component.id === componentId) ? id : undefined
}

/** Puts the selected component node's nodes back in its place, with their links and params. */
export const unpackComponentAction: EditorAction = {
  name: 'unpack-component',
  label: 'Unpack component',
  shortcuts: [{ key: 'u', mod: true, shift: true }],
  isEnabled: (state) => selectedComponentNode(state) !== undefined,
  perform: ({ store }) => {
    const id = selectedComponentNode(store.getState())
    if (id !== undefined) store.getState().unpackComponent(id)
  },
}
