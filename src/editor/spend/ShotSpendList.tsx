import type { ShotSpend } from '../../document/spend-summary'
import { formatUsd } from '../../engine'
import './shot-spend.css'

/**
 * The film's estimate shot by shot: what each shot's takes not yet made would cost, and the shots
 * whose takes are all in the cache as free (a re-run pays nothing for them).
 */
export function ShotSpendList({ shots }: { shots: readonly ShotSpend[] }) {
  if (shots.length === 0) return null
  return (
    <section className="shot-spend" aria-label="By shot">
      <h3 className="shot-spend__title">By shot</h3>
      <ul className="shot-spend__rows">
        {shots.map((shot) => (
          <li key={shot.item} data-shot={shot.item} data-cached={shot.running === 0}>
            <span>Shot {shot.item}</span>
            <span>{describePieces(shot)}</span>
            <span>{shot.running === 0 ? 'free' : shot.estimatedUsd === undefined ? 'later' : formatUsd(shot.estimatedUsd)}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function describePieces(shot: ShotSpend): string {
  if (shot.running === 0) return 'in the cache'
  const made = shot.estimatedUsd === undefined ? 'priced during the run' : `${shot.units} ${shot.unit}${shot.units === 1 ? '' : 's'}`
  return shot.cached > 0 ? `${made}; ${shot.cached} cached` : made
}
