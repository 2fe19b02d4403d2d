import { useState } from 'react'
import { isAssetRef, type AssetRef } from '../../engine'
import { assetName, ValueView } from '../panel-kit'
import { Clip, Still } from './MediaView'
import type { PreviewItem } from './preview-items'
import { SplitView } from './SplitView'
import { ASSUMED_FPS, VideoTransport } from './VideoTransport'
import { SoundView } from './SoundView'

/**
 * Two results against each other: pictures (stills or clips) in a split view with one transport
 * for both clips; sounds and texts one above the other.
 */
export function CompareView({ before, after, beforeFrom, afterFrom }: { before: PreviewItem; after: PreviewItem; beforeFrom: string; afterFrom: string }) {
  const [beforeVideo, setBeforeVideo] = useState<HTMLVideoElement | null>(null)
  const [afterVideo, setAfterVideo] = useState<HTMLVideoElement | null>(null)
  if (!isPicture(before.value) || !isPicture(after.value)) {
    return (
      <div className="compare-stack">
        <CompareRow title={`Before: ${beforeFrom}, ${before.label}`} item={before} />
        <CompareRow title={`After: ${afterFrom}, ${after.label}`} item={after} />
      </div>
    )
  }
  const picture = (asset: AssetRef, onElement: (video: HTMLVideoElement | null) => void) =>
    asset.kind === 'video' ? <Clip clip={asset} onElement={onElement} /> : <Still image={asset} />
  // The clip that leads the transport: the after clip when there is one.
  const clips = [after.value, before.value].filter((asset) => asset.kind === 'video')
  const lead = clips[0]
  return (
    <div className="preview-media preview-media--compare">
      <SplitView
        before={picture(before.value, setBeforeVideo)}
        after={picture(after.value, setAfterVideo)}
        beforeLabel={`Before: ${beforeFrom}, ${assetName(before.value)}`}
        afterLabel={`After: ${afterFrom}, ${assetName(after.value)}`}
      />
      {lead && (
        <VideoTransport
          videos={after.value.kind === 'video' ? [afterVideo, beforeVideo] : [beforeVideo]}
          fps={lead.meta.fps ?? ASSUMED_FPS}
          durationS={Math.max(...clips.map((clip) => clip.meta.durationS ?? 0))}
        />
      )}
    </div>
  )
}

function isPicture(value: PreviewItem['value']): value is AssetRef {
  return isAssetRef(value) && (value.kind === 'image' || value.kind === 'video')
}

function CompareRow({ title, item }: { title: string; item: PreviewItem }) {
  return (
    <section className="compare-stack__row" aria-label={title}>
      <h4>{title}</h4>
      {isAssetRef(item.value) && item.value.kind === 'audio' ? <SoundView sound={item.value} /> : <ValueView value={item.value} large />}
    </section>
  )
}
