import { useEffect, useMemo, useState } from 'react'
import { pinClip, renderedCopies } from '../../document/rendered-recipes'
import { assetsIn, type AssetRef } from '../../engine'
import { recipeOf, recipeSummary, type Recipe } from '../../media/video/recipe'
import { formatBytes, type AssetFacts } from '../../storage'
import { useEditorContext } from '../state/use-editor-context'
import { assetName } from '../panel-kit'
import { useEditorStore } from '../state/use-editor-store'
import type { Act } from './StorageDialog'

interface NodeMedia {
  nodeId: string
  label: string
  media: AssetRef[]
  /** An input node's media are the pipeline's own files: pinned for good, since nothing can make them again. */
  ownFiles: boolean
}

/** The media in the results the canvas shows, node by node, each to pin or unpin; a node's whole result at once. */
export function PinnedResults({ version, act }: { version: number; act: Act }) {
  const { storage } = useEditorContext()
  const shown = useShownMedia()
  const facts = useAssetFacts(
    shown.flatMap((entry) => entry.media.map((ref) => ref.hash)),
    version,
  )

  const recipes = useMemo(() => new Map(shown.flatMap((entry) => entry.media.flatMap((ref) => recipeIn(ref)))), [shown])
  const copies = useRenderedCopies([...recipes.keys()], version)

  const setPinned = async (refs: readonly AssetRef[], pin: boolean, what: string) => {
    for (const ref of refs) await (pin ? pinClip(storage.assets, ref) : storage.assets.unpin(ref.hash))
    return pin ? `Pinned ${what}: never evicted.` : `Unpinned ${what}: evicted when the cache needs the room.`
  }

  return (
    <section className="storage__section" aria-label="Pinned results">
      <h3>Results on this pipeline</h3>
      {shown.length === 0 ? (
        <p>No media on the canvas yet: run the pipeline, and the media in its results can be pinned here.</p>
      ) : (
        <ul className="storage__pins">
          {shown.map((entry) => {
            const stored = entry.media.filter((ref) => facts.has(ref.hash))
            const allPinned = stored.length > 0 && stored.every((ref) => facts.get(ref.hash)?.pinned === 1)
            return (
              <li key={entry.nodeId} className="storage__pin-node" data-pins-of={entry.nodeId}>
                <div className="storage__pin-heading">
                  <strong>{entry.label}</strong>
                  {stored.length > 1 && !entry.ownFiles && (
                    <button
                      type="button"
                      aria-pressed={allPinned}
                      aria-label={`Pin the result of ${entry.label}`}
                      onClick={() => void act(() => setPinned(stored, !allPinned, `the result of ${entry.label}`))}
                    >
                      {allPinned ? 'Result pinned' : 'Pin result'}
                    </button>
                  )}
                </div>
                <ul>
                  {entry.media.map((ref) => {
                    const known = facts.get(ref.hash)
                    const name = assetName(ref)
                    const pinned = known?.pinned === 1
                    const recipe = recipes.get(ref.hash)
                    const copy = copies.get(ref.hash)
                    return (
                      <li key={ref.hash} className="storage__pin" data-hash={ref.hash} data-pinned={known ? String(pinned) : 'evicted'} data-recipe={recipe ? 'true' : undefined}>
                        <span className="storage__pin-name">{recipe ? recipeSummary(recipe) : name}</span>
                        <span className="storage__note">
                          {recipe ? `recipe ${formatBytes(ref.bytes)}${copy === undefined ? '' : `; rendered copy ${formatBytes(copy)}`}` : `${ref.kind} · ${formatBytes(ref.bytes)}`}
                        </span>
                        {entry.ownFiles && pinned ? (
                          <span className="storage__note">your file, always kept</span>
                        ) : known ? (
                          <button
                            type="button"
                            aria-pressed={pinned}
                            aria-label={`Pin ${name} of ${entry.label}`}
                            onClick={() => void act(() => setPinned([ref], !pinned, `${name} of ${entry.label}`))}
                          >
                            {pinned ? 'Pinned' : 'Pin'}
                          </button>
                        ) : (
                          <span className="storage__note">evicted</span>
                        )}
                      </li>
                    )
                  })}
                </ul>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

function useShownMedia(): NodeMedia[] {
  const { registry } = useEditorContext()
  const nodes = useEditorStore((state) => state.doc.nodes)
  const nodeRuns = useEditorStore((state) => state.nodeRuns)
  return useMemo(
    () =>
      nodes
        .map((node) => {
          const outputs = nodeRuns[node.id]?.outputs ?? {}
          // A take that is also another output is listed once.
          const media = [...new Map(Object.values(outputs).flatMap((value) => assetsIn(value)).map((ref) => [ref.hash, ref])).values()]
          const definition = registry.get(node.type)
          return { nodeId: node.id, label: node.label ?? definition?.title ?? node.type, media, ownFiles: definition?.category === 'Inputs' }
        })
        .filter((entry) => entry.media.length > 0),
    [nodes, nodeRuns, registry],
  )
}

/** The recipe a result's clip stands for, keyed by its hash; none for a plain file or a recipe that cannot be read. */
function recipeIn(ref: AssetRef): [string, Recipe][] {
  try {
    const recipe = recipeOf(ref)
    return recipe ? [[ref.hash, recipe]] : []
  } catch {
    // A recipe that cannot be read shows as the file it claims to be; rendering it says why it fails.
    return []
  }
}

/** The size of each recipe's rendered copy stored now, read again at each `version`. */
function useRenderedCopies(recipeHashes: readonly string[], version: number): ReadonlyMap<string, number> {
  const { storage } = useEditorContext()
  const [copies, setCopies] = useState<ReadonlyMap<string, number>>(new Map())
  const wanted = recipeHashes.join(',')
  useEffect(() => {
    let cancelled = false
    renderedCopies(storage, wanted === '' ? [] : wanted.split(',')).then(
      (found) => !cancelled && setCopies(found),
      () => !cancelled && setCopies(new Map()),
    )
    return () => {
      cancelled = true
    }
  }, [storage, wanted, version])
  return copies
}

/** The stored facts (pinned or not) of these assets, read again at each `version`; an evicted one is absent. */
function useAssetFacts(hashes: readonly string[], version: number): ReadonlyMap<string, AssetFacts> {
  const { storage } = useEditorContext()
  const [facts, setFacts] = useState<ReadonlyMap<string, AssetFacts>>(new Map())
  const wanted = hashes.join(',')
  useEffect(() => {
    let cancelled = false
    storage.assets.facts(wanted === '' ? [] : wanted.split(',')).then(
      (found) => !cancelled && setFacts(new Map(found.map((entry) => [entry.hash, entry]))),
      () => !cancelled && setFacts(new Map()),
    )
    return () => {
      cancelled = true
    }
  }, [storage, wanted, version])
  return facts
}
