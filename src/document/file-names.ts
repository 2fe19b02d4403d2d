/**
 * The name a delivered file gets on the person's disk: the pipeline's name, the node's (its label,
 * else its title) and, for one item of a list, the item's, as in "Mara on the ridge — Dusk grade.mp4"
 * (issue 15's wording), rather than the take's or clip's internal name.
 */

/** Characters no desktop system takes in a file name (Windows refuses these), and control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is taken out
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g
/** Names Windows keeps for devices whatever the extension. */
const DEVICE_NAME = /^(con|prn|aux|nul|com\d|lpt\d)$/i
const MAX_PART = 80

export interface DeliveryNameParts {
  pipeline: string
  node: string
  /** The item's name or key, for one item of a per-item node. */
  item?: string
}

/** `{ pipeline: 'Mara on the ridge', node: 'Dusk grade' }`, `mp4` → `Mara on the ridge — Dusk grade.mp4`. */
export function deliveryName(parts: DeliveryNameParts, extension: string): string {
  const stem = [parts.pipeline, parts.node, parts.item ?? ''].map(safePart).filter((part) => part !== '').join(' — ')
  const named = stem === '' || DEVICE_NAME.test(stem) ? `reelgraph-${stem || 'export'}` : stem
  return `${named}.${extension}`
}

/** A part without path separators or characters a file system refuses, on one line, without dots or spaces at its ends. */
function safePart(text: string): string {
  return text
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, MAX_PART)
    .replace(/^[\s.]+|[\s.]+$/g, '')
}

/** The extension of a file name (`take 1.mp4` → `mp4`), or `bin` when it has none. */
export function extensionOf(fileName: string | undefined): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '')?.[1]?.toLowerCase() ?? 'bin'
}
