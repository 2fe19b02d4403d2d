import { isAssetRef, type AssetRef } from '../../src/engine'
import { SoundPlayer, useLinkedSourceNames, type NodePanelProps } from '../../src/editor/panel-kit'
import { trackSettingsSchema } from './mix-plan'
import './panel.css'

/**
 * The mix on its node: the linked tracks in order with their roles, and once it has run, the
 * mix's waveform with a play button and its measured loudness.
 */
export default function MixPanel({ nodeId, params, run }: NodePanelProps) {
  const names = useLinkedSourceNames(nodeId, 'tracks')
  const entries = Array.isArray(params.tracks) ? params.tracks : []
  const mix = run?.outputs?.audio
  return (
    <>
      {names.length > 0 && (
        <ol className="mix-tracks" aria-label="Tracks">
          {names.map((name, index) => {
            const track = trackSettingsSchema.safeParse(entries[index] ?? {})
            return (
              <li key={index} className={track.success && track.data.mute ? 'mix-tracks__muted' : undefined}>
                <span className="mix-tracks__name">{name}</span>
                <span className="mix-tracks__role">{track.success ? `${track.data.role} · ${formatDb(track.data.gainDb)}` : 'bad settings'}</span>
              </li>
            )
          })}
        </ol>
      )}
      {isAssetRef(mix) ? (
        <div className={`node__result${run?.stale ? ' node__result--stale' : ''}`}>
          <SoundPlayer sound={mix} facts={loudness(mix)} />
        </div>
      ) : (
        <p className="node__placeholder">{names.length === 0 ? 'Link sounds into Tracks' : 'Run to hear the mix'}</p>
      )}
    </>
  )
}

function formatDb(db: number): string {
  return `${db > 0 ? '+' : db < 0 ? '−' : ''}${Math.abs(db)} dB`
}

/** "−14.0 LUFS": what the mix measures as delivered. */
function loudness(mix: AssetRef): string | undefined {
  const lufs = mix.meta.loudnessLufs
  return typeof lufs === 'number' ? `${lufs < 0 ? '−' : ''}${Math.abs(lufs).toFixed(1)} LUFS` : undefined
}
