import { useEffect, useId, useState } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { COMFYUI_DEFAULT_URL } from '../../providers/comfyui/servers'
import { MAX_PROVIDER_CONCURRENCY, type ComfyServerSetting } from '../../storage'
import './comfy-server.css'
import './provider-keys.css'

type Report = { ok: boolean; text: string }

/**
 * The person's ComfyUI servers (a studio's GPUs). They need no key, only their addresses and how
 * many takes each is given at once, kept in the settings; takes are spread across the ones that
 * answer. "Check" asks a server for its version, so a wrong address, a missing start flag or an
 * address this page may not call shows here rather than on the first run.
 */
export function ComfyServersField() {
  const { storage } = useEditorContext()
  const inputId = useId()
  // Undefined until the settings are read; empty when the person has named none (ComfyUI's default is used).
  const [saved, setSaved] = useState<readonly ComfyServerSetting[]>()
  const [draft, setDraft] = useState('')
  const [problem, setProblem] = useState<string>()
  const [reports, setReports] = useState<Readonly<Record<string, Report>>>({})
  useEffect(() => {
    void storage.settings.get().then((settings) => setSaved(settings.comfyuiServers ?? []))
  }, [storage])

  const store = async (servers: readonly ComfyServerSetting[]) => {
    try {
      const settings = await storage.settings.update({ comfyuiServers: servers.length > 0 ? [...servers] : undefined })
      setSaved(settings.comfyuiServers ?? [])
      setProblem(undefined)
      return true
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
      return false
    }
  }
  const add = async () => {
    if (await store([...(saved ?? []), { url: draft.trim(), jobsAtOnce: 1 }])) setDraft('')
  }
  const check = async (url: string) => {
    setReports((all) => ({ ...all, [url]: { ok: true, text: `Asking ${url}…` } }))
    const report = await checkServer(url)
    setReports((all) => ({ ...all, [url]: report }))
  }
  const listed = saved === undefined ? [] : saved.length > 0 ? saved : [{ url: COMFYUI_DEFAULT_URL, jobsAtOnce: 1 }]

  return (
    <section className="comfy-server" data-provider="comfyui" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`} className="provider-keys__name">
        ComfyUI servers
      </h3>
      <p className="comfy-server__about">
        Your own ComfyUI runs the takes on your GPUs, for nothing; with several, takes are spread across the ones that answer, the least busy
        first. Start each with <code>python main.py --enable-cors-header {location.origin}</code> so that this page may call it; choose ComfyUI
        as the provider of a Generate video node.
      </p>
      <ul className="comfy-servers">
        {listed.map((server, index) => (
          <li key={server.url} className="comfy-servers__row" data-server={server.url}>
            <span className="comfy-servers__url">
              {server.url}
              {saved?.length === 0 && <span className="provider-keys__hint"> ComfyUI’s default, until you add a server</span>}
            </span>
            <label className="comfy-servers__jobs">
              Jobs at once
              <input
                type="number"
                min={1}
                max={MAX_PROVIDER_CONCURRENCY}
                step={1}
                defaultValue={server.jobsAtOnce}
                disabled={saved?.length === 0}
                aria-label={`Jobs at once on ${server.url}`}
                onChange={(event) => {
                  const jobsAtOnce = event.target.value.trim() === '' ? Number.NaN : Number(event.target.value)
                  void store(listed.map((one, at) => (at === index ? { ...one, jobsAtOnce } : one)))
                }}
              />
            </label>
            <button type="button" className="button--quiet" aria-label={`Check ${server.url}`} onClick={() => void check(server.url)}>
              Check
            </button>
            {saved?.length !== 0 && (
              <button type="button" className="button--quiet" aria-label={`Remove ${server.url}`} onClick={() => void store(listed.filter((_, at) => at !== index))}>
                Remove
              </button>
            )}
            {reports[server.url] && (
              <p className={`comfy-server__report${reports[server.url]?.ok ? '' : ' comfy-server__report--problem'}`} role={reports[server.url]?.ok ? 'status' : 'alert'}>
                {reports[server.url]?.text}
              </p>
            )}
          </li>
        ))}
      </ul>
      <form
        className="provider-keys__form"
        onSubmit={(event) => {
          event.preventDefault()
          void add()
        }}
      >
        <label htmlFor={inputId} className="comfy-servers__add">
          Add a ComfyUI server
        </label>
        <input
          id={inputId}
          type="url"
          spellCheck={false}
          placeholder="http://192.168.1.20:8188"
          value={draft}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? `${inputId}-problem` : `${inputId}-hint`}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" disabled={draft.trim() === ''}>
          Add
        </button>
      </form>
      {problem ? (
        <p id={`${inputId}-problem`} className="comfy-server__report comfy-server__report--problem" role="alert">
          {problem}
        </p>
      ) : (
        <p id={`${inputId}-hint`} className="provider-keys__hint">
          A server on another machine must also be named when Reelgraph starts: <code>COMFYUI_URL=http://192.168.1.20:8188,http://192.168.1.21:8188 npm start</code>
        </p>
      )}
    </section>
  )
}

/**
 * Asks a server for its version. The browser tells a refused connection and a page-origin refusal
 * apart from nothing, but it does report an address this page's Content-Security-Policy forbids.
 */
async function checkServer(url: string): Promise<Report> {
  let forbidden = false
  const onViolation = (event: SecurityPolicyViolationEvent) => {
    if (event.blockedURI.startsWith(url)) forbidden = true
  }
  document.addEventListener('securitypolicyviolation', onViolation)
  try {
    const response = await fetch(`${url}/system_stats`)
    const stats = (await response.json()) as { system?: { comfyui_version?: unknown } }
    const version = typeof stats.system?.comfyui_version === 'string' ? ` ${stats.system.comfyui_version}` : ''
    return { ok: response.ok, text: response.ok ? `ComfyUI${version} answers at ${url}.` : `${url} answered HTTP ${response.status}.` }
  } catch {
    // The violation event is queued as a task; let it arrive before deciding.
    await new Promise((resolve) => setTimeout(resolve, 0))
    if (forbidden) {
      return { ok: false, text: `This page may not call ${url}: start Reelgraph naming it, COMFYUI_URL=${url} npm start (several separated by commas).` }
    }
    return { ok: false, text: `Nothing answers this page at ${url}: start ComfyUI with --enable-cors-header ${location.origin}, or check the address.` }
  } finally {
    document.removeEventListener('securitypolicyviolation', onViolation)
  }
}
