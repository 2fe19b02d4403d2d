import { useCallback, useEffect, useId, useState, type ReactNode } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { concurrencyOf } from '../../providers/concurrency'
import { CLOUD_PROVIDERS, type CloudProviderInfo } from '../../providers/registry'
import { MAX_PROVIDER_CONCURRENCY } from '../../storage'
import { ComfyServersField } from './ComfyServersField'
import { Modal } from './Modal'
import './provider-keys.css'

/**
 * API keys for the cloud providers. A key is kept only in this browser's `secrets` table; once
 * saved it is never shown again (only that there is one), and it never goes into a pipeline, a
 * bundle, a link or a log.
 */
export function ProviderKeysDialog() {
  const close = useEditorStore((state) => state.closeDialog)
  const { storage } = useEditorContext()
  const [withKeys, setWithKeys] = useState<ReadonlySet<string>>(new Set())
  const refresh = useCallback(() => void storage.secrets.providersWithKeys().then((ids) => setWithKeys(new Set(ids))), [storage])
  useEffect(refresh, [refresh])
  // The person's jobs-at-once figures; undefined until the settings are read.
  const [concurrency, setConcurrency] = useState<Readonly<Record<string, number>>>()
  useEffect(() => void storage.settings.get().then((settings) => setConcurrency(settings.providerConcurrency ?? {})), [storage])
  return (
    <Modal title="Provider keys" onClose={close}>
      <p className="provider-keys__intro">
        Cloud providers are paid with your own account. Keys stay in this browser only: they are never written into a pipeline, a
        bundle or a share link. Calls go through the local proxy that <code>npm start</code> runs.
      </p>
      <ul className="provider-keys">
        {CLOUD_PROVIDERS.map((provider) => (
          <ProviderKeyRow key={provider.id} provider={provider} hasKey={withKeys.has(provider.id)} onChange={refresh}>
            {concurrency && <JobsAtOnce providerId={provider.id} chosen={concurrency} onSaved={setConcurrency} />}
          </ProviderKeyRow>
        ))}
      </ul>
      <ComfyServersField />
    </Modal>
  )
}

function ProviderKeyRow({ provider, hasKey, onChange, children }: { provider: CloudProviderInfo; hasKey: boolean; onChange(): void; children: ReactNode }) {
  const { storage } = useEditorContext()
  const [draft, setDraft] = useState('')
  const [problem, setProblem] = useState<string>()
  const inputId = useId()
  const save = async () => {
    try {
      await storage.secrets.set(provider.id, draft)
      setDraft('')
      setProblem(undefined)
      onChange()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
    }
  }
  return (
    <li className="provider-keys__row" data-provider={provider.id}>
      <label htmlFor={inputId} className="provider-keys__name">
        {provider.name}
      </label>
      <span className={`provider-keys__state${hasKey ? ' provider-keys__state--set' : ''}`}>{hasKey ? 'Key saved' : 'No key'}</span>
      <form
        className="provider-keys__form"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={hasKey ? 'Paste a new key to replace it' : 'Paste your API key'}
          value={draft}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? `${inputId}-problem` : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" disabled={draft.trim() === ''}>
          Save
        </button>
        {hasKey && (
          <button type="button" className="button--quiet" onClick={() => void storage.secrets.delete(provider.id).then(onChange)}>
            Remove
          </button>
        )}
      </form>
      <a className="provider-keys__where" href={provider.keyPage} target="_blank" rel="noreferrer">
        Get a key
      </a>
      {children}
      {problem && (
        <p id={`${inputId}-problem`} className="provider-keys__problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  )
}

/**
 * How many of this provider's jobs run at once: what the person's account allows (a Runway tier,
 * a Kling resource pack, an ElevenLabs plan). More would be refused or held by the provider, so
 * the scheduler queues them here. Saved as it is typed; a figure that is not allowed says why.
 */
function JobsAtOnce({ providerId, chosen, onSaved }: { providerId: string; chosen: Readonly<Record<string, number>>; onSaved(chosen: Readonly<Record<string, number>>): void }) {
  const { storage } = useEditorContext()
  const [draft, setDraft] = useState(String(concurrencyOf(providerId, chosen)))
  const [problem, setProblem] = useState<string>()
  const inputId = useId()
  const save = async (text: string) => {
    setDraft(text)
    const jobs = text.trim() === '' ? Number.NaN : Number(text)
    try {
      const saved = await storage.settings.update({ providerConcurrency: { ...chosen, [providerId]: jobs } })
      setProblem(undefined)
      onSaved(saved.providerConcurrency ?? {})
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
    }
  }
  return (
    <div className="provider-keys__jobs">
      <label htmlFor={inputId}>Jobs at once</label>
      <input
        id={inputId}
        type="number"
        min={1}
        max={MAX_PROVIDER_CONCURRENCY}
        step={1}
        value={draft}
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? `${inputId}-problem` : `${inputId}-hint`}
        onChange={(event) => void save(event.target.value)}
      />
      <span id={`${inputId}-hint`} className="provider-keys__hint">
        what your plan allows; more wait their turn here
      </span>
      {problem && (
        <p id={`${inputId}-problem`} className="provider-keys__problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}
