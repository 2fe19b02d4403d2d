import { z } from 'zod'
import type { ReelgraphDB } from './db'
import { writeWithRoom, type QuotaRecovery } from './quota'

const keySchema = z
  .string()
  .trim()
  .min(8, { error: 'That is too short to be an API key: paste the whole key.' })
  .max(4096, { error: 'That is too long to be an API key.' })
  .refine((key) => !/\s/.test(key), { error: 'An API key has no spaces or line breaks: paste just the key.' })

/**
 * API keys, one per provider, kept only here: never in a document, a bundle, a link, a log or a
 * message. Nothing in this class puts a key into a string other than the one `get` returns.
 */
export class SecretStore {
  constructor(
    readonly db: ReelgraphDB,
    readonly recovery: QuotaRecovery,
  ) {}

  async get(provider: string): Promise<string | undefined> {
    return (await this.db.secrets.get(provider))?.key
  }

  /** Refuses what cannot be a key with a sentence saying why (which does not repeat the key). */
  async set(provider: string, key: string): Promise<void> {
    const checked = keySchema.safeParse(key)
    if (!checked.success) throw new Error(checked.error.issues.map((issue) => issue.message).join(' '))
    await writeWithRoom(() => this.db.secrets.put({ provider, key: checked.data }), this.recovery, 'API key')
  }

  async delete(provider: string): Promise<void> {
    await this.db.secrets.delete(provider)
  }

  /** Which providers have a key, without reading the keys out. */
  async providersWithKeys(): Promise<string[]> {
    return (await this.db.secrets.toCollection().primaryKeys()).map(String)
  }
}
