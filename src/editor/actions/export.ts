import { serializePipeline } from '../../graph'
import type { EditorAction } from './action'
import { download, fileNameFor } from './download'

/** Downloads the open pipeline as a file others can import (the document alone; media stays here). */
export const exportAction: EditorAction = {
  name: 'export',
  label: 'Export',
  shortcuts: [{ key: 'e', mod: true, shift: true }],
  isEnabled: () => true,
  perform: ({ store }) => {
    const { doc } = store.getState()
    download(new Blob([serializePipeline(doc)], { type: 'application/json' }), `${fileNameFor(doc.name)}.reelgraph.json`)
  },
}
