import { serializePipeline } from '../../graph'
import type { EditorAction } from './action'

/** Downloads the open pipeline as a file others can import. */
export const exportAction: EditorAction = {
  name: 'export',
  label: 'Export',
  shortcuts: [{ key: 'e', mod: true, shift: true }],
  isEnabled: () => true,
  perform: ({ store }) => {
    const { doc } = store.getState()
    const url = URL.createObjectURL(new Blob([serializePipeline(doc)], { type: 'application/json' }))
    const link = document.createElement('a')
    link.href = url
    link.download = `${fileNameFor(doc.name)}.reelgraph.json`
    link.click()
    // The download has its own copy once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  },
}

function fileNameFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
  return slug === '' ? 'pipeline' : slug
}
