import { useState } from 'react'
import { isAssetRef, type AssetRef } from '../../src/engine'
import { SoundPlayer, useFileDrop, useParamSetter, useStoreFiles, type NodePanelProps } from '../../src/editor/panel-kit'
import { acceptedSoundTypes } from './node'
import './panel.css'

/** The file name endings the upload offers (`.wav`, `.mp3`, …), for a dropped file the browser gives no type. */
const soundEndings = acceptedSoundTypes.split(',').filter((accepted) => accepted.startsWith('.'))

/**
 * The sound on its node: its waveform with a play button as soon as a file is chosen (no run
 * needed), what decoding found out after a run, and a drop zone and upload button for the file.
 */
export default function AudioInputPanel({ nodeId, params, run }: NodePanelProps) {
  const file = isAssetRef(params.file) ? params.file : undefined
  const setParam = useParamSetter(nodeId)
  const storeFiles = useStoreFiles('audio')
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)

  const take = async (chosen: File | undefined) => {
    if (!chosen) return
    if (!isSoundFile(chosen)) {
      setProblem(`“${chosen.name}” is not a sound file: use WAV, MP3, M4A/AAC, Ogg/Opus or FLAC.`)
      return
    }
    setBusy(true)
    setProblem(undefined)
    try {
      const [stored] = await storeFiles([chosen])
      setParam('file', stored)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }
  const { dropZone } = useFileDrop((files) => void take(files[0]))
  const decoded = run?.outputs?.audio
  const facts = isAssetRef(decoded) && decoded.hash === file?.hash ? soundFacts(decoded) : undefined
  return (
    <div className="audio-input" {...dropZone}>
      {file && (
        <div className="node__result">
          <SoundPlayer sound={file} facts={facts} />
        </div>
      )}
      <label className="audio-input__drop nodrag">
        {busy ? 'Storing the sound…' : file ? 'Drop or choose another sound' : 'Drop a sound file here, or choose one'}
        <input
          type="file"
          accept={acceptedSoundTypes}
          aria-label="Choose a sound file"
          disabled={busy}
          onChange={(event) => {
            void take(event.target.files?.[0])
            event.target.value = ''
          }}
        />
      </label>
      {problem && (
        <p className="node__message node__message--error" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}

function isSoundFile(file: File): boolean {
  const name = file.name.toLowerCase()
  return file.type.startsWith('audio/') || soundEndings.some((ending) => name.endsWith(ending))
}

/** "stereo · 44.1 kHz": what decoding found out, in a few characters. */
function soundFacts(sound: AssetRef): string | undefined {
  const { channels, sampleRate } = sound.meta
  const parts: string[] = []
  if (typeof channels === 'number') parts.push(channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels} ch`)
  if (typeof sampleRate === 'number') parts.push(`${sampleRate / 1000} kHz`)
  return parts.length > 0 ? parts.join(' · ') : undefined
}
