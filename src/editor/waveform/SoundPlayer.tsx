import { useEffect, useRef, useState } from 'react'
import type { AssetRef } from '../../engine'
import { useAssetUrl } from '../canvas/use-asset-url'
import { useSoundPeaks } from './use-sound-peaks'
import { Waveform } from './Waveform'

/**
 * A stored sound as a waveform with a play button: the playhead runs over the waveform while it
 * plays, and a click on the waveform moves it there. `facts` is a short line beside the button
 * (a mix's loudness, a file's channels).
 */
export function SoundPlayer({ sound, facts }: { sound: AssetRef; facts?: string }) {
  const name = sound.meta.name ?? `sound ${sound.hash.slice(0, 8)}`
  const { url, error: urlError } = useAssetUrl(sound)
  const { peaks, error: peaksError } = useSoundPeaks(sound.hash)
  const audio = useRef<HTMLAudioElement>(null)
  const [playing, setPlaying] = useState(false)
  const [seconds, setSeconds] = useState(0)
  const durationS = peaks?.durationS ?? (typeof sound.meta.durationS === 'number' ? sound.meta.durationS : 0)

  // While it plays, the playhead follows the element's clock once a frame.
  useEffect(() => {
    if (!playing) return
    let frame = 0
    const follow = () => {
      if (audio.current) setSeconds(audio.current.currentTime)
      frame = requestAnimationFrame(follow)
    }
    frame = requestAnimationFrame(follow)
    return () => cancelAnimationFrame(frame)
  }, [playing])

  const problem = urlError ?? (peaksError && `No waveform: ${peaksError}`)
  const toggle = () => {
    const element = audio.current
    if (!element) return
    if (element.paused) void element.play().catch(() => setPlaying(false))
    else element.pause()
  }
  const seek = (fraction: number) => {
    if (!audio.current || durationS === 0) return
    audio.current.currentTime = fraction * durationS
    setSeconds(audio.current.currentTime)
  }
  return (
    <div className="sound-player" data-playing={playing ? 'true' : undefined}>
      {peaks ? (
        <Waveform peaks={peaks} label={`Waveform of ${name}`} position={durationS > 0 ? seconds / durationS : 0} onSeek={seek} />
      ) : (
        !problem && <div className="waveform" aria-busy="true" />
      )}
      {problem && <p className="sound-player__problem">{problem}</p>}
      {url && (
        <audio
          ref={audio}
          src={url}
          preload="metadata"
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => setPlaying(false)}
          onTimeUpdate={(event) => setSeconds(event.currentTarget.currentTime)}
        />
      )}
      <div className="sound-player__bar">
        <button type="button" className="sound-player__play nodrag" disabled={!url} aria-label={`${playing ? 'Pause' : 'Play'} ${name}`} onClick={toggle}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <span className="sound-player__clock">{`${clock(seconds, durationS)} / ${clock(durationS, durationS)}`}</span>
        {facts && <span className="sound-player__facts">{facts}</span>}
      </div>
    </div>
  )
}

/** 2.25 s → "2.3", or "1:23.2" for 83.25 s when the sound runs a minute or more. */
function clock(seconds: number, durationS: number): string {
  if (durationS < 60) return seconds.toFixed(1)
  const minutes = Math.floor(seconds / 60)
  return `${minutes}:${(seconds - minutes * 60).toFixed(1).padStart(4, '0')}`
}
