/*
 * The sequence's cut as FCPXML 1.9, the interchange format Final Cut Pro and DaVinci Resolve import
 * (Apple's "FCPXML Reference"). Times are rational seconds (`1001/30000s`), so every clip keeps its
 * own rate exactly:
 *
 * - a `format` per frame rate and size, the sequence's first; an `asset` per file, its whole length
 *   at its rate, found again by its file name (`media-rep`);
 * - the spine's `asset-clip`s: `offset` where the clip starts on the sequence (which starts at
 *   its start timecode, 01:00:00:00 unless the node says otherwise), `start` its first frame in its
 *   file at the file's rate, `duration` its length on the sequence. A clip with sound brings it along, so the sound follows the cut;
 * - a dissolve is a `transition` (Cross Dissolve) that starts on the edit, as the EDL and the .otio
 *   have it: the outgoing clip ends where the fade starts, its later frames are the handle.
 */
import { cutEvents, dissolveInto, rateRatio, type Cut } from './cut'

/** Final Cut Pro's Cross Dissolve, which Resolve maps to its own. */
const CROSS_DISSOLVE_UID = 'FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265'

/** `frames` frames at `fps` as FCPXML rational seconds, reduced: `3/2s`, `1001/30000s`, `0s`. */
export function fcpxmlTime(frames: number, fps: number): string {
  const { frames: rate, seconds } = rateRatio(fps)
  const numerator = frames * seconds
  if (numerator === 0) return '0s'
  const divisor = gcd(numerator, rate)
  const [top, bottom] = [numerator / divisor, rate / divisor]
  return bottom === 1 ? `${top}s` : `${top}/${bottom}s`
}

export function cutAsFcpxml(cut: Cut): string {
  const events = cutEvents(cut)
  const formats = new Map<string, string>()
  const formatId = (fps: number, width: number, height: number) => {
    const key = `${fcpxmlTime(1, fps)} ${width}x${height}`
    if (!formats.has(key)) formats.set(key, `r${formats.size + 1}`)
    return formats.get(key)!
  }
  const sequenceFormat = formatId(cut.fps, cut.width, cut.height)
  const assets = new Map<string, string>()
  const resources: string[] = []
  const assetLines: string[] = []
  for (const clip of cut.clips) {
    if (assets.has(clip.name)) continue
    const id = `a${assets.size + 1}`
    assets.set(clip.name, id)
    const sound: Record<string, string> = clip.sound ? { hasAudio: '1', audioSources: '1', audioChannels: String(clip.sound.channels), audioRate: String(clip.sound.sampleRate) } : { hasAudio: '0' }
    assetLines.push(
      `    <asset ${attributes({ id, name: clip.name, start: fcpxmlTime(clip.sourceTimecode?.startFrame ?? 0, clip.source.fps), duration: fcpxmlTime(clip.source.fileFrames, clip.source.fps), hasVideo: '1', format: formatId(clip.source.fps, clip.width, clip.height), ...sound })}>`,
      `      <media-rep ${attributes({ kind: 'original-media', src: encodeURI(clip.name) })}/>`,
      '    </asset>',
    )
  }
  for (const [key, id] of formats) {
    const [frameDuration, size] = key.split(' ') as [string, string]
    const [width, height] = size.split('x') as [string, string]
    resources.push(`    <format ${attributes({ id, frameDuration, width, height })}/>`)
  }
  resources.push(...assetLines)
  const crossfades = cut.clips.some((_, index) => dissolveInto(cut, index) > 0)
  if (crossfades) resources.push(`    <effect ${attributes({ id: 'e1', name: 'Cross Dissolve', uid: CROSS_DISSOLVE_UID })}/>`)

  const origin = cut.startFrame
  const spine: string[] = []
  cut.clips.forEach((clip, index) => {
    const { recordStart, recordFrames } = events[index]!
    if (dissolveInto(cut, index) > 0) {
      spine.push(
        `            <transition ${attributes({ name: 'Cross Dissolve', offset: fcpxmlTime(origin + recordStart, cut.fps), duration: fcpxmlTime(dissolveInto(cut, index), cut.fps) })}>`,
        `              <filter-video ${attributes({ ref: 'e1', name: 'Cross Dissolve' })}/>`,
        '            </transition>',
      )
    }
    spine.push(
      `            <asset-clip ${attributes({
        ref: assets.get(clip.name)!,
        name: clip.name,
        offset: fcpxmlTime(origin + recordStart, cut.fps),
        start: fcpxmlTime((clip.sourceTimecode?.startFrame ?? 0) + clip.source.first, clip.source.fps),
        duration: fcpxmlTime(recordFrames, cut.fps),
        format: formatId(clip.source.fps, clip.width, clip.height),
        // How the clip's own timecode reads: a drop-frame camera file's is drop-frame.
        tcFormat: clip.sourceTimecode?.dropFrame ? 'DF' : 'NDF',
      })}/>`,
    )
  })
  const sequence = attributes({
    format: sequenceFormat,
    duration: fcpxmlTime(cut.timeline.frames, cut.fps),
    tcStart: fcpxmlTime(origin, cut.fps),
    tcFormat: cut.dropFrame ? 'DF' : 'NDF',
    audioLayout: 'stereo',
    audioRate: '48k',
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    '<fcpxml version="1.9">',
    '  <resources>',
    ...resources,
    '  </resources>',
    '  <library>',
    `    <event ${attributes({ name: cut.title })}>`,
    `      <project ${attributes({ name: cut.title })}>`,
    `        <sequence ${sequence}>`,
    '          <spine>',
    ...spine,
    '          </spine>',
    '        </sequence>',
    '      </project>',
    '    </event>',
    '  </library>',
    '</fcpxml>',
    '',
  ].join('\n')
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(value)}"`)
    .join(' ')
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\r\n\t]/g, ' ')
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}
