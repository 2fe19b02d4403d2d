import { BUNDLE_EXTENSION, writeBundle } from '../../document/bundle'
import type { EditorAction } from './action'
import { download, fileNameFor } from './download'

/** Downloads the open pipeline with the media it uses (plates, LUTs, sound), to open anywhere with no other file. */
export const exportBundleAction: EditorAction = {
  name: 'export-bundle',
  label: 'Export bundle',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store, storage }) => {
    const { doc, say } = store.getState()
    void writeBundle(doc, storage.assets).then(
      (bundle) => download(bundle, `${fileNameFor(doc.name)}${BUNDLE_EXTENSION}`),
      (error: unknown) => say(`The bundle was not written: ${error instanceof Error ? error.message : String(error)}`),
    )
  },
}
