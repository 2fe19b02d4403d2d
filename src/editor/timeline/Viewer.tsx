import { useEffect, useMemo, useRef } from 'react'
import type { Edit } from '../../../nodes/sequence/edit'
import { layersAt } from '../../../nodes/sequence/timeline'
import type { AssetRef } from '../../engine'
import type { TimelineClip } from './timeline-edits'
import type { LinkedClip } from './use-linked-clips'
import { useAssetUrls } from './use-asset-urls'

/** Farther than this from where the playhead says, a playing picture is put back in step. */
const DRIFT_S = 0.15

/**
 * The picture at the playhead: the sequence's own result when it is the cut as it stands, otherwise
 * the clip under the playhead (the incoming one during a dissolve) at the right frame of its file.
 * At normal speed forwards it plays, with its sound; otherwise it shows each frame the playhead
 * reaches, silent.
 */
export function Viewer({
  edit,
  linked,
  clips,
  fps,
  frame,
  speed,
  result,
}: {
  edit: Edit
  linked: Required<LinkedClip>[]
  clips: TimelineClip[]
  fps: number
  frame: number
  speed: number
  result: { video: AssetRef } | undefined
}) {
  const video = useRef<HTMLVideoElement>(null)
  const hashes = useMemo(() => (result ? [result.video.hash] : linked.map(({ clip }) => clip.hash)), [result, linked])
  const urls = useAssetUrls(hashes)
  const source = pictureAt(edit, linked, clips, fps, frame, result)
  const url = source && urls.get(source.hash)

  useEffect(() => {
    const player = video.current
    if (!player || !url || !source) return
    const playing = speed === 1
    player.muted = !playing
    if (playing) {
      if (Math.abs(player.currentTime - source.timeS) > DRIFT_S) player.currentTime = source.timeS
      // A play cut short by the next seek or a change of clip is expected while scrubbing.
      if (player.paused) player.play().catch((error: unknown) => console.debug('timeline preview:', error))
      return
    }
    if (!player.paused) player.pause()
    if (player.currentTime !== source.timeS) player.currentTime = source.timeS
  }, [url, source?.timeS, speed, source])

  return (
    <div className="timeline__viewer">
      {url ? (
        <video ref={video} className="timeline__picture" src={url} playsInline preload="auto" aria-label={source.label} data-source={result ? 'sequence' : 'clip'} />
      ) : (
        <div className="timeline__picture timeline__picture--empty">No picture</div>
      )}
      <p className="timeline__viewer-caption">{source?.label}</p>
    </div>
  )
}

/** Which file shows at sequence frame `frame`, and the time in it. */
function pictureAt(
  edit: Edit,
  linked: Required<LinkedClip>[],
  clips: TimelineClip[],
  fps: number,
  frame: number,
  result: { video: AssetRef } | undefined,
): { hash: string; timeS: number; label: string } | undefined {
  if (result) return { hash: result.video.hash, timeS: (frame + 0.5) / fps, label: 'The sequence as last run' }
  const layers = layersAt(frame, edit.timeline, edit.clips.map(({ frames }) => frames), edit.joins)
  const shown = layers.at(-1)
  if (!shown) return undefined
  const placed = edit.clips[shown.clip]!
  const clip = clips[placed.link]!
  const timeS = placed.first / clip.fps + (frame - edit.timeline.starts[shown.clip]! + 0.5) / fps
  return { hash: linked[placed.link]!.clip.hash, timeS, label: `${clip.name} (not run as a sequence yet: the clip under the playhead)` }
}
