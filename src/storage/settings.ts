import { z } from 'zod'
import type { ReelgraphDB } from './db'
import { writeWithRoom, type QuotaRecovery } from './quota'

export const DEFAULT_CACHE_BUDGET_BYTES = 2 * 1024 ** 3

/** More jobs at once than any provider's plan allows. */
export const MAX_PROVIDER_CONCURRENCY = 50

/** More ComfyUI servers than a studio keeps within reach of one page. */
export const MAX_COMFY_SERVERS = 16

/** A ComfyUI server the person runs: where it listens, and how many takes it is given at once. */
export const comfyServerSchema = z.object({
  url: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/\s]+\/?$/, { error: 'The ComfyUI address must be like http://127.0.0.1:8188: http or https, a host and a port, no path.' })
    .transform((url) => url.replace(/\/+$/, '')),
  jobsAtOnce: z
    .number({ error: 'Jobs at once must be a number.' })
    .int({ error: 'Jobs at once must be a whole number.' })
    .min(1, { error: 'A ComfyUI server must be given at least one job at once.' })
    .max(MAX_PROVIDER_CONCURRENCY, { error: `No ComfyUI server runs more than ${MAX_PROVIDER_CONCURRENCY} jobs at once.` })
    .default(1),
})
export type ComfyServerSetting = z.output<typeof comfyServerSchema>

/** An address's origin as the browser compares it (`http://gpu-box:8188`), or the address itself when it does not read. */
export function serverOriginOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

export const themeChoices = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof themeChoices)[number]

export const settingsSchema = z.object({
  /** How much unpinned media the result cache may keep before the least recently used goes. */
  cacheBudgetBytes: z
    .number({ error: 'The cache budget must be a number of bytes.' })
    .int({ error: 'The cache budget must be a whole number of bytes.' })
    .nonnegative({ error: 'The cache budget cannot be negative.' })
    .default(DEFAULT_CACHE_BUDGET_BYTES),
  /** The pipeline to reopen at start-up. */
  lastPipelineId: z.string({ error: 'The last pipeline must be named by its id.' }).min(1).optional(),
  /** A run that may spend more than this (US dollars, at the providers' estimates) asks first. */
  confirmRunsAboveUsd: z
    .number({ error: 'The spending limit must be a number of dollars.' })
    .nonnegative({ error: 'The spending limit cannot be negative.' })
    .default(1),
  /** The editor's colours: the system's choice (`prefers-color-scheme`) until the person picks one. */
  theme: z.enum(themeChoices, { error: 'The theme must be system, light or dark.' }).default('system'),
  /** Jobs each cloud provider runs at once, by provider id, where the person set their account's figure. */
  providerConcurrency: z
    .record(
      z.string(),
      z
        .number({ error: 'Jobs at once must be a number.' })
        .int({ error: 'Jobs at once must be a whole number.' })
        .min(1, { error: 'A provider must be allowed at least one job at once.' })
        .max(MAX_PROVIDER_CONCURRENCY, { error: `No provider plan runs more than ${MAX_PROVIDER_CONCURRENCY} jobs at once.` }),
    )
    .optional(),
  /**
   * What the person agreed to send once and for all (`SpendApproval` ids): a ComfyUI workflow from a
   * bundle or a link, by its hash, is asked about before its first run only.
   */
  approvals: z.array(z.string().max(200)).max(2000).optional(),
  /**
   * The person's ComfyUI servers (a studio's GPUs), each with the jobs it runs at once; ComfyUI's
   * own default address when unset. The browser calls them at these addresses, not through the proxy.
   */
  comfyuiServers: z
    .array(comfyServerSchema)
    .min(1, { error: 'Keep at least one ComfyUI server, or remove them all for ComfyUI’s own default address.' })
    .max(MAX_COMFY_SERVERS, { error: `At most ${MAX_COMFY_SERVERS} ComfyUI servers.` })
    .refine((servers) => new Set(servers.map((server) => serverOriginOf(server.url))).size === servers.length, { error: 'Each ComfyUI server is listed once.' })
    .optional(),
})
export type Settings = z.infer<typeof settingsSchema>

// All settings live in one row.
const SETTINGS_KEY = 'app'

export class SettingsStore {
  constructor(
    readonly db: ReelgraphDB,
    readonly recovery: QuotaRecovery,
    /** Told of every settings value read or written, so the cache budget is known without a read. */
    readonly observe: (settings: Settings) => void = () => {},
  ) {}

  async get(): Promise<Settings> {
    const row = await this.db.settings.get(SETTINGS_KEY)
    const settings = restoreSettings(row?.value)
    this.observe(settings)
    return settings
  }

  /** Validates the whole result before writing it; an invalid value is refused with a sentence saying why. */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const checked = settingsSchema.safeParse({ ...(await this.get()), ...patch })
    if (!checked.success) {
      throw new Error(`Settings not saved. ${checked.error.issues.map((issue) => issue.message).join(' ')}`)
    }
    await writeWithRoom(() => this.db.settings.put({ key: SETTINGS_KEY, value: checked.data }), this.recovery, 'settings')
    this.observe(checked.data)
    return checked.data
  }
}

/**
 * Reads stored settings field by field: a field that does not read (a damaged row, a value from a
 * newer build) falls back to its default alone, and the others are kept. Settings from before
 * several ComfyUI servers (one `comfyuiUrl`, its jobs at once under `providerConcurrency.comfyui`)
 * read as a list of that one server.
 */
function restoreSettings(stored: unknown): Settings {
  const fields = z.record(z.string(), z.unknown()).safeParse(stored)
  const values = fields.success ? migrateComfyAddress(fields.data) : {}
  const restored: Record<string, unknown> = {}
  for (const [field, schema] of Object.entries(settingsSchema.shape)) {
    if (schema.safeParse(values[field]).success) restored[field] = values[field]
  }
  return settingsSchema.parse(restored)
}

function migrateComfyAddress(values: Record<string, unknown>): Record<string, unknown> {
  const { comfyuiUrl, ...rest } = values
  if (typeof comfyuiUrl !== 'string' || rest.comfyuiServers !== undefined) return rest
  const concurrency = z.object({ comfyui: z.number() }).safeParse(rest.providerConcurrency)
  return { ...rest, comfyuiServers: [{ url: comfyuiUrl, jobsAtOnce: concurrency.success ? concurrency.data.comfyui : 1 }] }
}
