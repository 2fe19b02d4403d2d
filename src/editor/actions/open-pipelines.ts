import type { EditorAction } from './action'

export const openPipelinesAction: EditorAction = {
  name: 'open-pipelines',
  label: 'Pipelines',
  shortcuts: [{ key: 'p', mod: true, shift: true }],
  isEnabled: () => true,
  perform: ({ store }) => {
    void store.getState().refreshPipelines()
    store.getState().openDialog('pipelines')
  },
}
