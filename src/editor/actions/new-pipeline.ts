import type { EditorAction } from './action'

/** Starts an empty pipeline beside the saved ones (the Pipelines dialog's "New pipeline"). */
export const newPipelineAction: EditorAction = {
  name: 'new-pipeline',
  label: 'New pipeline',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => void store.getState().createPipeline(),
}
