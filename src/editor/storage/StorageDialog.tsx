import { useId, useState } from 'react'
import { RENDERED_RECIPE_MAKER } from '../../document/rendered-recipes'
import { RECIPE_MIME } from '../../media/video/recipe'
import { enforceBudget, formatBytes } from '../../storage'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { Modal } from '../dialogs/Modal'
import { DockTable } from '../dock/DockTable'
import { PinnedResults } from './PinnedResults'
import { useStorageFigures, type StorageFigures } from './use-storage-figures'
import './storage.css'

const MB = 1024 ** 2
const USAGE_COLUMNS = ['Made by', 'Results', 'Media', 'Size', 'Pinned']

/**
 * What the cache, the takes and the person's own media use against the browser's quota, and what
 * to do about it: set the cache budget, evict everything unpinned, pin or unpin results, ask the
 * browser to keep the storage. The numbers are read again after every action.
 */
export function StorageDialog() {
  const close = useEditorStore((state) => state.closeDialog)
  return (
    <Modal title="Storage" onClose={close}>
      <StorageManager />
    </Modal>
  )
}

function StorageManager() {
  const [version, setVersion] = useState(0)
  const { figures, error } = useStorageFigures(version)
  const [said, setSaid] = useState<string | null>(null)

  /** Runs an action, says how it went, and reads the numbers again. */
  const act = async (action: () => Promise<string>) => {
    try {
      setSaid(await action())
    } catch (failure) {
      setSaid(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setVersion((current) => current + 1)
    }
  }

  if (error) return <p role="alert">{error}</p>
  if (!figures) return <p aria-busy="true">Measuring…</p>
  return (
    <div className="storage" data-version={version}>
      <p className="storage__said" role="status">
        {said}
      </p>
      <QuotaSection figures={figures} act={act} />
      <UsageSection figures={figures} />
      <BudgetSection figures={figures} act={act} />
      <PinnedResults version={version} act={act} />
      <PinnedMediaSection figures={figures} act={act} />
    </div>
  )
}

/** Runs a storage action; what it returns is said to the person. */
export type Act = (action: () => Promise<string>) => Promise<void>

function QuotaSection({ figures, act }: { figures: StorageFigures; act: Act }) {
  const { usage, quota, persisted } = figures.browser
  return (
    <section className="storage__section" aria-label="Browser quota">
      <h3>Browser quota</h3>
      {usage !== undefined && quota !== undefined ? (
        <>
          <p data-usage={usage} data-quota={quota}>
            Reelgraph uses <strong>{formatBytes(usage)}</strong> of the <strong>{formatBytes(quota)}</strong> this browser allows it.
          </p>
          <meter className="storage__meter" min={0} max={quota} value={usage} aria-label="Share of the quota used" />
        </>
      ) : (
        <p>This browser does not say how much room it gives Reelgraph.</p>
      )}
      <p className="storage__persist" data-persisted={String(persisted ?? false)}>
        {persisted
          ? 'Storage is persistent: the browser will not clear it on its own.'
          : 'Storage is not persistent: the browser may clear it when the disk runs low.'}{' '}
        {!persisted && (
          <button type="button" onClick={() => void act(askToPersist)}>
            Ask to keep storage
          </button>
        )}
      </p>
    </section>
  )
}

async function askToPersist(): Promise<string> {
  if (!navigator.storage?.persist) return 'This browser cannot be asked to keep storage.'
  const granted = await navigator.storage.persist()
  return granted
    ? 'The browser agreed: it will keep Reelgraph’s storage until you clear it.'
    : 'The browser said no. It decides by how you use the site (a bookmark, an installed app, frequent visits); ask again later.'
}

function UsageSection({ figures }: { figures: StorageFigures }) {
  const { registry } = useEditorContext()
  const { breakdown } = figures
  const label = (nodeType: string) => {
    if (nodeType === RENDERED_RECIPE_MAKER) return 'Rendered copies of graded and resized clips (made again when needed)'
    const definition = registry.get(nodeType)
    if (!definition) return nodeType
    return 'takes' in definition.outputs ? `Takes (${definition.title})` : definition.title
  }
  return (
    <section className="storage__section" aria-label="What uses it">
      <h3>What uses it</h3>
      <DockTable className="storage__table" columns={USAGE_COLUMNS}>
        <tbody>
          {breakdown.byNodeType.map((usage) => (
            <tr key={usage.nodeType} data-maker={usage.nodeType} data-bytes={usage.bytes} data-pinned-bytes={usage.pinnedBytes}>
              <th scope="row">{label(usage.nodeType)}</th>
              <td>{usage.results}</td>
              <td>{usage.assets}</td>
              <td>{formatBytes(usage.bytes)}</td>
              <td>{formatBytes(usage.pinnedBytes)}</td>
            </tr>
          ))}
          <tr data-maker="unreferenced" data-bytes={breakdown.unreferenced.bytes} data-pinned-bytes={breakdown.unreferenced.pinnedBytes}>
            <th scope="row">Your media in no result (imports, uploads)</th>
            <td>—</td>
            <td>{breakdown.unreferenced.assets}</td>
            <td>{formatBytes(breakdown.unreferenced.bytes)}</td>
            <td>{formatBytes(breakdown.unreferenced.pinnedBytes)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr data-maker="all" data-bytes={breakdown.assetBytes} data-pinned-bytes={breakdown.pinnedBytes}>
            <th scope="row">All media</th>
            <td>{breakdown.resultCount}</td>
            <td>{breakdown.assetCount}</td>
            <td>{formatBytes(breakdown.assetBytes)}</td>
            <td>{formatBytes(breakdown.pinnedBytes)}</td>
          </tr>
        </tfoot>
      </DockTable>
    </section>
  )
}

function BudgetSection({ figures, act }: { figures: StorageFigures; act: Act }) {
  const { storage } = useEditorContext()
  const running = useEditorStore((state) => state.currentRun.active)
  const forgetEvictedResults = useEditorStore((state) => state.forgetEvictedResults)
  const [budgetMb, setBudgetMb] = useState(String(Math.round(figures.budgetBytes / MB)))
  const budgetId = useId()
  const cachedBytes = figures.breakdown.assetBytes - figures.breakdown.pinnedBytes

  const saveBudget = async () => {
    const megabytes = Number(budgetMb)
    if (budgetMb.trim() === '' || !Number.isFinite(megabytes) || megabytes < 0) return 'The budget must be a number of megabytes, 0 or more.'
    const saved = await storage.settings.update({ cacheBudgetBytes: Math.round(megabytes * MB) })
    const evicted = await enforceBudget(storage, saved.cacheBudgetBytes)
    await forgetEvictedResults()
    const freed = evicted.evictedResults > 0 ? ` ${evicted.evictedResults} least recently used results went, freeing ${formatBytes(evicted.freedBytes)}.` : ''
    return `Cache budget set to ${formatBytes(saved.cacheBudgetBytes)}.${freed}`
  }
  const evictUnpinned = async () => {
    const evicted = await storage.results.evictUnpinned()
    await forgetEvictedResults()
    return `Evicted ${evicted.evictedResults} cached results and freed ${formatBytes(evicted.freedBytes)}. Pinned media stay.`
  }

  return (
    <section className="storage__section" aria-label="Cache">
      <h3>Cache</h3>
      <p data-cached-bytes={cachedBytes}>
        Unpinned media use <strong>{formatBytes(cachedBytes)}</strong> of a <strong>{formatBytes(figures.budgetBytes)}</strong> budget; past it, the
        least recently used results go. Pinned media are never evicted.
      </p>
      <form
        className="storage__budget"
        onSubmit={(event) => {
          event.preventDefault()
          void act(saveBudget)
        }}
      >
        <label htmlFor={budgetId}>Cache budget</label>
        <input id={budgetId} type="number" min={0} step={1} value={budgetMb} onChange={(event) => setBudgetMb(event.target.value)} />
        <span>MB</span>
        <button type="submit">Set budget</button>
      </form>
      <p>
        <button type="button" className="button--danger" disabled={running} onClick={() => void act(evictUnpinned)}>
          Evict all unpinned
        </button>{' '}
        {running && <span className="storage__note">Not while a run is writing results.</span>}
      </p>
    </section>
  )
}

/** Everything pinned, in every pipeline: what is kept whatever the budget, each to unpin. */
function PinnedMediaSection({ figures, act }: { figures: StorageFigures; act: Act }) {
  const { storage, registry } = useEditorContext()
  const unpin = async (hash: string, name: string) => {
    await storage.assets.unpin(hash)
    return `Unpinned ${name}: evicted when the cache needs the room.`
  }
  return (
    <section className="storage__section" aria-label="Pinned media">
      <h3>Pinned media</h3>
      {figures.pinned.length === 0 ? (
        <p>Nothing is pinned.</p>
      ) : (
        <ul className="storage__pins">
          {figures.pinned.map((medium) => {
            const named = medium.name ?? `${medium.mime} ${medium.hash.slice(0, 8)}`
            // A chain of pixel nodes is kept as a small recipe over its source (docs/architecture.md, "Chains of pixel nodes").
            const name = medium.mime === RECIPE_MIME ? `${named} (recipe, renders when needed)` : named
            const maker = medium.nodeType === undefined ? undefined : registry.get(medium.nodeType)
            const from = medium.nodeType === undefined ? 'imported or uploaded' : (maker?.title ?? medium.nodeType)
            // A pipeline's own inputs (plates, sounds, LUTs, a bundle's files) stay pinned: they cannot be made again.
            const ownFile = medium.nodeType === undefined || maker?.category === 'Inputs'
            return (
              <li key={medium.hash} className="storage__pin" data-pinned-hash={medium.hash}>
                <span className="storage__pin-name">{name}</span>
                <span className="storage__note">
                  {from} · {formatBytes(medium.bytes)}
                </span>
                {ownFile ? (
                  <span className="storage__note">your file, always kept</span>
                ) : (
                  <button type="button" aria-label={`Unpin ${name} (${from})`} onClick={() => void act(() => unpin(medium.hash, name))}>
                    Unpin
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
