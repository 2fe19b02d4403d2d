import { useEffect, useId, useState } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { COMFYUI_DEFAULT_URL } from '../../providers/comfyui/comfyui'
import './comfy-server.css'
import './provider-keys.css'

/**
 * Where the person's ComfyUI listens. It needs no key, only its address, kept in the settings;
 * "Check" asks the server for its version, so a wrong address or a missing start flag shows here
 * rather than on the first run.
 */
export function ComfyServerField() {
  const { storage } = useEditorContext()
  const inputId = useId()
  const [saved, setSaved] = useState<string>()
  const [draft, setDraft] = useState('')
  const [report, setReport] = useState<{ ok: boolean; text: string }>()
  useEffect(() => {
    void storage.settings.get().then((settings) => setSaved(settings.comfyuiUrl))
  }, [storage])
  const address = (draft.trim() || saved || COMFYUI_DEFAULT_URL).replace(/\/+$/, '')

  const save = async () => {
    try {
      const settings = await storage.settings.update({ comfyuiUrl: draft.trim() })
      setSaved(settings.comfyuiUrl)
      setDraft('')
      setReport(undefined)
    } catch (error) {
      setReport({ ok: false, text: error instanceof Error ? error.message : String(error) })
    }
  }
  const check = async () => {
    setReport({ ok: true, text: `Asking ${address}…` })
    try {
      const response = await fetch(`${address}/system_stats`)
      const stats = (await response.json()) as { system?: { comfyui_version?: unknown } }
      const version = typeof stats.system?.comfyui_version === 'string' ? ` ${stats.system.comfyui_version}` : ''
      setReport({ ok: response.ok, text: response.ok ? `ComfyUI${version} answers at ${address}.` : `${address} answered HTTP ${response.status}.` })
    } catch {
      setReport({ ok: false, text: `Nothing answers this page at ${address}: start ComfyUI with --enable-cors-header ${location.origin}, or check the address.` })
    }
  }

  return (
    <section className="comfy-server" data-provider="comfyui">
      <label htmlFor={inputId} className="provider-keys__name">
        ComfyUI server
      </label>
      <p className="comfy-server__about">
        Your own ComfyUI runs the takes on your GPU, for nothing. Start it with{' '}
        <code>python main.py --enable-cors-header {location.origin}</code> so that this page may call it; choose ComfyUI as the provider of a
        Generate video node.
      </p>
      <form
        className="provider-keys__form"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <input
          id={inputId}
          type="url"
          spellCheck={false}
          placeholder={saved ?? COMFYUI_DEFAULT_URL}
          value={draft}
          aria-invalid={report?.ok === false}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" disabled={draft.trim() === ''}>
          Save
        </button>
        <button type="button" className="button--quiet" onClick={() => void check()}>
          Check
        </button>
      </form>
      {report && (
        <p className={`comfy-server__report${report.ok ? '' : ' comfy-server__report--problem'}`} role={report.ok ? 'status' : 'alert'}>
          {report.text}
        </p>
      )}
    </section>
  )
}
