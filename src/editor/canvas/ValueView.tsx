import { isAssetRef, isCharacter, isShot, type AssetRef, type ShotValue, type Value } from '../../engine'
import { AssetView } from './AssetView'
import { CharacterView } from './CharacterView'

/** Characters of text a thumbnail shows; a preview shows more. */
const THUMBNAIL_CHARS = 140
const PREVIEW_CHARS = 2000

/**
 * Any value a port carries, as a thumbnail on its node or large in a preview; `fileName` names a
 * file the person downloads from it.
 */
export function ValueView({ value, large = false, fileName }: { value: Value; large?: boolean; fileName?: (asset: AssetRef) => string }) {
  if (Array.isArray(value)) {
    const first = value[0]
    return (
      <div className="value value--list">
        <span className="value__count">{value.length === 1 ? '1 item' : `${value.length} items`}</span>
        {first !== undefined && <ValueView value={first} large={large} fileName={fileName} />}
      </div>
    )
  }
  if (typeof value === 'number') return <p className="value value--number">{formatNumber(value)}</p>
  if (typeof value === 'string') return <TextValue text={value} large={large} />
  if (isCharacter(value)) return <CharacterView character={value} large={large} />
  if (isShot(value)) return <TextValue text={shotLine(value)} large={large} />
  if (value.kind === 'prompt') return <TextValue text={value.text} large={large} />
  if (isAssetRef(value)) return <AssetView asset={value} large={large} fileName={fileName?.(value)} />
  return null
}

function TextValue({ text, large }: { text: string; large: boolean }) {
  const limit = large ? PREVIEW_CHARS : THUMBNAIL_CHARS
  if (text === '') return <p className="value value--text value--empty">(empty text)</p>
  return <p className="value value--text">{text.length > limit ? `${text.slice(0, limit)}…` : text}</p>
}

/** A shot as one line: its id, length and what happens in it. */
function shotLine(shot: ShotValue): string {
  const what = [shot.subject, shot.action].filter((part) => part.trim() !== '').join(' — ')
  return `${shot.id} · ${formatNumber(shot.durationS)} s · ${what || '(no subject or action)'}`
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '')
}
