import { useCallback, useEffect, useId, useState } from 'react'
import { useEditorContext } from '../../app/store/use-editor-context'
import { useEditorStore } from '../../app/store/use-editor-store'
import { CLOUD_PROVIDERS, type CloudProviderInfo } from '../../providers/registry'
import { ComfyServerField } from './ComfyServerField'
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
  return (
    <Modal title="Provider keys" onClose={close}>
      <p className="provider-keys__intro">
        Cloud providers are paid with your own account. Keys stay in this browser only: they are never written into a pipeline, a
        bundle or a share link. Calls go through the local proxy that <code>npm start</code> runs.
      </p>
      <ul className="provider-keys">
        {CLOUD_PROVIDERS.map((provider) => (
          <ProviderKeyRow key={provider.id} provider={provider} hasKey={withKeys.has(provider.id)} onChange={refresh} />
        ))}
      </ul>
      <ComfyServerField />
    </Modal>
  )
}

function ProviderKeyRow({ provider, hasKey, onChange }: { provider: CloudProviderInfo; hasKey: boolean; onChange(): void }) {
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
      {problem && (
        <p id={`${inputId}-problem`} className="provider-keys__problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  )
}
