import { useEffect, useRef, useState } from 'react'
import { frameAtTime, frameCount, seekTimeOf, timecode } from './timecode'

/** A clip's frame rate when its facts do not say (a file that was not probed). */
export const ASSUMED_FPS = 24

/**
 * Play, pause, frame steps and a scrubber in frames, for one clip or two side by side (a compare):
 * the first clip leads and the second follows it. The frame shown is the one the decoder presented
 * (`requestVideoFrameCallback`), not a time rounded by the player.
 */
export function VideoTransport({ videos, fps, durationS }: { videos: readonly (HTMLVideoElement | null)[]; fps: number; durationS: number }) {
  const lead = videos[0] ?? null
  const frames = frameCount(durationS, fps)
  const [frame, setFrame] = useState(0)
  const [playing, setPlaying] = useState(false)
  // The frame a seek asked for, until the decoder presents it: a frame presented for an earlier
  // seek may still arrive, and must not take the position back.
  const seekingTo = useRef<number | undefined>(undefined)

  useEffect(() => {
    if (!lead) return
    let handle = 0
    const onFrame: VideoFrameRequestCallback = (_now, presented) => {
      const shown = Math.min(frames - 1, frameAtTime(presented.mediaTime, fps))
      if (seekingTo.current === undefined || seekingTo.current === shown || !lead.paused) {
        seekingTo.current = undefined
        setFrame(shown)
      }
      handle = lead.requestVideoFrameCallback(onFrame)
    }
    handle = lead.requestVideoFrameCallback(onFrame)
    const onPlay = () => setPlaying(true)
    const onStop = () => setPlaying(false)
    lead.addEventListener('play', onPlay)
    lead.addEventListener('pause', onStop)
    lead.addEventListener('ended', onStop)
    return () => {
      lead.cancelVideoFrameCallback(handle)
      lead.removeEventListener('play', onPlay)
      lead.removeEventListener('pause', onStop)
      lead.removeEventListener('ended', onStop)
    }
  }, [lead, fps, frames])

  const seek = (to: number) => {
    const target = Math.min(frames - 1, Math.max(0, Math.round(to)))
    seekingTo.current = target
    seekClips(videos, seekTimeOf(target, fps))
    setFrame(target)
  }
  const togglePlay = () => {
    if (playing) return seekClips(videos, undefined)
    // From the start again once at the end; every clip from the same frame.
    playClips(videos, seekTimeOf(frame >= frames - 1 ? 0 : frame, fps)).catch(() => setPlaying(false))
  }

  const position = `${timecode(frame, fps)} · frame ${frame + 1} of ${frames}`
  return (
    <div className="transport" role="group" aria-label="Clip controls">
      <button type="button" className="transport__play" onClick={togglePlay} disabled={!lead}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" aria-label="Previous frame" title="Previous frame" onClick={() => seek(frame - 1)} disabled={!lead || frame === 0}>
        ‹
      </button>
      <button type="button" aria-label="Next frame" title="Next frame" onClick={() => seek(frame + 1)} disabled={!lead || frame >= frames - 1}>
        ›
      </button>
      <input
        className="transport__scrubber"
        type="range"
        aria-label="Frame"
        aria-valuetext={position}
        min={0}
        max={frames - 1}
        step={1}
        value={frame}
        disabled={!lead}
        onChange={(event) => seek(Number(event.target.value))}
      />
      <output className="transport__time" data-frame={frame} aria-live="off">
        {position}
      </output>
      <span className="transport__rate">{Number.isInteger(fps) ? fps : fps.toFixed(3)} fps</span>
    </div>
  )
}

/** Pauses every clip, at `timeS` when given. */
function seekClips(videos: readonly (HTMLVideoElement | null)[], timeS: number | undefined): void {
  for (const video of videos) {
    if (!video) continue
    video.pause()
    if (timeS !== undefined) video.currentTime = timeS
  }
}

async function playClips(videos: readonly (HTMLVideoElement | null)[], fromS: number): Promise<void> {
  const playing: Promise<void>[] = []
  for (const video of videos) {
    if (!video) continue
    video.currentTime = fromS
    playing.push(video.play())
  }
  await Promise.all(playing)
}
