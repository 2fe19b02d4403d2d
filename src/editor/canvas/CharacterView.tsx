import type { CharacterValue } from '../../engine'
import { AssetView } from './AssetView'
import './character-view.css'

/** A character as a node shows it: the name, the description, and the reference sheet as a strip. */
export function CharacterView({ character, large }: { character: CharacterValue; large: boolean }) {
  const { name, description, references } = character
  return (
    <div className={`value value--character${large ? ' value--character-large' : ''}`}>
      <CharacterHeading name={name || '(unnamed character)'} description={description} />
      {references.length > 0 && (
        <ul className="character-view__sheet" aria-label={`${name} references`}>
          {references.map((reference) => (
            <li key={reference.hash}>
              <AssetView asset={reference} large={false} />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** A character's name and, under it, its description: on its value, and on the character node. */
export function CharacterHeading({ name, description }: { name: string; description: string }) {
  return (
    <>
      <p className="character-view__name">{name}</p>
      {description && <p className="character-view__description">{description}</p>}
    </>
  )
}
