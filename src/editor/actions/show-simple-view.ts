import type { EditorAction } from './action'

/** A pipeline with template inputs can be used from its simple form, without the graph. */
export const showSimpleViewAction: EditorAction = {
  name: 'show-simple-view',
  label: 'Simple view',
  shortcuts: [],
  isEnabled: (state) => state.mode === 'graph' && (state.doc.exposed?.length ?? 0) > 0,
  perform: ({ store }) => store.getState().setMode('simple'),
}
