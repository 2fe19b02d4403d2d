import { useEffect, useState } from 'react'
import type { WaveformPeaks } from '../../media/audio/peaks'
import { useEditorContext } from '../state/use-editor-context'
import { soundPeaks } from './peaks-memo'

export type SoundPeaks = { peaks?: WaveformPeaks; error?: string }

/** The waveform of the stored sound `hash`, measured once per sound (see peaks-memo). */
export function useSoundPeaks(hash: string | undefined): SoundPeaks {
  const { storage } = useEditorContext()
  const [loaded, setLoaded] = useState<SoundPeaks & { hash?: string }>({})
  useEffect(() => {
    if (hash === undefined) return
    let cancelled = false
    soundPeaks(storage.assets, hash).then(
      (peaks) => {
        if (!cancelled) setLoaded({ hash, peaks })
      },
      (error: unknown) => {
        if (!cancelled) setLoaded({ hash, error: error instanceof Error ? error.message : String(error) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [hash, storage])
  // Until the new sound is measured, show nothing rather than the previous one.
  return loaded.hash === hash ? loaded : {}
}
