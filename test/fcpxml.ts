/**
 * Reads an FCPXML document back as Final Cut Pro and Resolve would, for the tests of what the
 * sequence node writes, from Apple's FCPXML Reference and nothing of the writer: a small XML reader,
 * then the sequence's spine as clips and transitions in frames, each clip's start in frames of its
 * own format.
 */

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!)
}

/** Elements and attributes only (FCPXML keeps its data there); refuses badly nested markup. */
export function readXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '').replace(/<!--[\s\S]*?-->/g, '')
  const root: XmlElement = { name: '#document', attributes: {}, children: [] }
  const open: XmlElement[] = [root]
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>/g
  let last = 0
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    if (body.slice(last, match.index).trim() !== '') throw new Error(`text outside an attribute: ${body.slice(last, match.index).trim().slice(0, 40)}`)
    last = tag.lastIndex
    const [, closing, name, attributeText, selfClosing] = match
    if (closing) {
      const element = open.pop()
      if (element?.name !== name) throw new Error(`</${name}> closes <${element?.name}>`)
      continue
    }
    const attributes: Record<string, string> = {}
    for (const [, key, value] of attributeText!.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attributes[key!] = unescape(value!)
    const element: XmlElement = { name: name!, attributes, children: [] }
    open.at(-1)!.children.push(element)
    if (!selfClosing) open.push(element)
  }
  if (open.length !== 1 || body.slice(last).trim() !== '') throw new Error('the document ends inside an element')
  if (root.children.length !== 1) throw new Error('an XML document has one root element')
  return root.children[0]!
}

/** FCPXML time: rational seconds, `1001/30000s`, `3s`, `0s`, as [numerator, denominator]. */
export function readTime(value: string | undefined): [number, number] {
  const match = /^(-?\d+)(?:\/(\d+))?s$/.exec(value ?? '')
  if (!match) throw new Error(`not an FCPXML time: ${value}`)
  return [Number(match[1]), Number(match[2] ?? 1)]
}

/** A time in whole frames of a frame duration; throws when it falls between frames. */
function framesOf(time: [number, number], frameDuration: [number, number]): number {
  const frames = (time[0] * frameDuration[1]) / (time[1] * frameDuration[0])
  if (Math.abs(frames - Math.round(frames)) > 1e-9) throw new Error(`${time[0]}/${time[1]}s is not on a frame of ${frameDuration[0]}/${frameDuration[1]}s`)
  return Math.round(frames)
}

export interface FcpxmlClip {
  kind: 'clip'
  name: string
  file: string
  /** The file's frame rate, from its asset's format. */
  sourceFps: number
  /** Its first frame in its file, in the file's frames. */
  sourceIn: number
  /** Where it starts on the sequence and how long it lasts, in sequence frames from the sequence's start. */
  offset: number
  duration: number
  hasAudio: boolean
}

export interface FcpxmlTransition {
  kind: 'transition'
  name: string
  offset: number
  duration: number
}

export interface FcpxmlSequence {
  version: string
  fps: number
  width: number
  height: number
  /** The sequence's length and its start timecode, in its frames. */
  duration: number
  tcStart: number
  spine: (FcpxmlClip | FcpxmlTransition)[]
}

export function readFcpxml(text: string): FcpxmlSequence {
  const root = readXml(text)
  if (root.name !== 'fcpxml') throw new Error(`the root is <${root.name}>, not <fcpxml>`)
  const resources = new Map((root.children.find((child) => child.name === 'resources')?.children ?? []).map((element) => [element.attributes.id!, element]))
  const format = (id: string | undefined) => {
    const element = resources.get(id ?? '')
    if (element?.name !== 'format') throw new Error(`no format ${id}`)
    return { frameDuration: readTime(element.attributes.frameDuration), width: Number(element.attributes.width), height: Number(element.attributes.height) }
  }
  const find = (element: XmlElement, name: string): XmlElement => {
    const found = element.children.find((child) => child.name === name)
    if (!found) throw new Error(`<${element.name}> has no <${name}>`)
    return found
  }
  const sequence = find(find(find(find(root, 'library'), 'event'), 'project'), 'sequence')
  const sequenceFormat = format(sequence.attributes.format)
  const frame = sequenceFormat.frameDuration
  const tcStart = framesOf(readTime(sequence.attributes.tcStart ?? '0s'), frame)
  const spine = find(sequence, 'spine').children.map((element): FcpxmlClip | FcpxmlTransition => {
    const offset = framesOf(readTime(element.attributes.offset), frame) - tcStart
    const duration = framesOf(readTime(element.attributes.duration), frame)
    if (element.name === 'transition') return { kind: 'transition', name: element.attributes.name ?? '', offset, duration }
    if (element.name !== 'asset-clip') throw new Error(`<${element.name}> in the spine`)
    const asset = resources.get(element.attributes.ref ?? '')
    if (asset?.name !== 'asset') throw new Error(`asset-clip refers to ${element.attributes.ref}, not an asset`)
    const own = format(element.attributes.format ?? asset.attributes.format)
    const mediaRep = asset.children.find((child) => child.name === 'media-rep')
    return {
      kind: 'clip',
      name: element.attributes.name ?? '',
      file: decodeURI(mediaRep?.attributes.src ?? asset.attributes.src ?? ''),
      sourceFps: own.frameDuration[1] / own.frameDuration[0],
      sourceIn: framesOf(readTime(element.attributes.start ?? '0s'), own.frameDuration),
      offset,
      duration,
      hasAudio: asset.attributes.hasAudio === '1',
    }
  })
  return {
    version: root.attributes.version ?? '',
    fps: frame[1] / frame[0],
    width: sequenceFormat.width,
    height: sequenceFormat.height,
    duration: framesOf(readTime(sequence.attributes.duration), frame),
    tcStart,
    spine,
  }
}
