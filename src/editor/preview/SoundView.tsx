import type { AssetRef } from '../../engine'
import { SoundPlayer } from '../waveform/SoundPlayer'

/** A sound, large in the dock: the same waveform and player a node shows, given the dock's room. */
export function SoundView({ sound }: { sound: AssetRef }) {
  return (
    <div className="preview-media preview-media--audio">
      <SoundPlayer sound={sound} />
    </div>
  )
}
