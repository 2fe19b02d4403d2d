import { useMemo } from 'react'
import type { Edit } from '../../../nodes/sequence/edit'
import type { AssetRef } from '../../engine'
import { Waveform } from '../waveform/Waveform'
import { useSoundPeaks } from '../waveform/use-sound-peaks'
import { peaksBetween, type ClipBlock } from './layout'
import type { TimelineClip } from './timeline-edits'
import type { LinkedClip } from './use-linked-clips'

/** Each clip's own sound under its picture, the part the cut keeps, as the sequence carries it over. */
export function SoundTrack({
  blocks,
  edit,
  clips,
  linked,
  pixelsPerFrame,
}: {
  blocks: ClipBlock[]
  edit: Edit
  clips: TimelineClip[]
  linked: Required<LinkedClip>[]
  pixelsPerFrame: number
}) {
  return (
    <div className="timeline__track timeline__track--sound" role="list" aria-label="Sound track">
      {blocks.map((block) => {
        const placed = edit.clips[block.index]!
        const clip = clips[block.link]!
        const asset = linked[block.link]!.clip
        return (
          <div key={block.link} role="listitem" className="timeline__sound" style={{ left: block.start * pixelsPerFrame, width: placed.frames * pixelsPerFrame }}>
            {asset.meta.hasAudio === false ? (
              <span className="timeline__silent">{clip.name}: no sound (silence)</span>
            ) : (
              <ClipSound asset={asset} name={clip.name} fromS={placed.first / clip.fps} toS={(placed.first + placed.sourceFrames) / clip.fps} />
            )}
          </div>
        )
      })}
    </div>
  )
}

function ClipSound({ asset, name, fromS, toS }: { asset: AssetRef; name: string; fromS: number; toS: number }) {
  const { peaks, error } = useSoundPeaks(asset.hash)
  const kept = useMemo(() => (peaks ? peaksBetween(peaks, fromS, toS) : undefined), [peaks, fromS, toS])
  if (error) return <span className="timeline__silent">{name}: {error}</span>
  if (!kept) return <span className="timeline__silent">{name}: reading its sound…</span>
  return <Waveform peaks={kept} label={`Sound of ${name}`} />
}

/** The sequence's own sound as last run: the cut's mix, across the whole cut. */
export function MixTrack({ video, width }: { video: AssetRef; width: number }) {
  const { peaks, error } = useSoundPeaks(video.hash)
  return (
    <div className="timeline__track timeline__track--sound" aria-label="Mixed sound of the sequence">
      <div className="timeline__sound" style={{ left: 0, width }}>
        {error ? <span className="timeline__silent">{error}</span> : peaks ? <Waveform peaks={peaks} label="The sequence’s sound" /> : null}
      </div>
    </div>
  )
}
