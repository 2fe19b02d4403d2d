import { assetsOfDocument } from '../../document/bundle'
import { shareLinkFor } from '../../document/share'
import type { EditorAction } from './action'

/** Copies a link that carries the open pipeline (not its media); too big for a link, it says to export a bundle. */
export const copyShareLinkAction: EditorAction = {
  name: 'copy-share-link',
  label: 'Copy share link',
  shortcuts: [],
  isEnabled: () => true,
  perform: ({ store }) => {
    const { doc, say } = store.getState()
    const appUrl = window.location.href.split('#')[0] ?? window.location.href
    const link = shareLinkFor(doc, appUrl)
    if (!link.ok) {
      say(link.message)
      return
    }
    const media = assetsOfDocument(doc).length
    const mediaNote = media === 0 ? '' : ` Its ${media} media ${media === 1 ? 'file is' : 'files are'} not in the link; “Export bundle” carries them.`
    void navigator.clipboard.writeText(link.url).then(
      () => say(`Share link copied: it opens “${doc.name}” as a new pipeline.${mediaNote}`),
      (error: unknown) => say(`The link could not be copied: ${error instanceof Error ? error.message : String(error)}`),
    )
  },
}
