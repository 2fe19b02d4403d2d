import { CURRENT_DOC_VERSION } from './schema'
import { documentMigrations, type DocMigration } from './migrations'

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly path = 'version',
  ) {
    super(message)
    this.name = 'MigrationError'
  }
}

/**
 * Brings a raw document of any known version up to `target`, one step at a time. A document newer
 * than this build is refused rather than guessed at.
 */
export function migrateDocument(
  raw: Record<string, unknown> & { version: number },
  migrations: Readonly<Record<number, DocMigration>> = documentMigrations,
  target: number = CURRENT_DOC_VERSION,
): Record<string, unknown> {
  if (raw.version > target) {
    throw new MigrationError(
      `this document is format version ${raw.version}; this Reelgraph reads up to version ${target}. Update Reelgraph to open it.`,
    )
  }
  let doc: Record<string, unknown> = raw
  for (let version = raw.version; version < target; version++) {
    const step = migrations[version]
    if (!step) throw new MigrationError(`no migration from format version ${version} to ${version + 1}`)
    doc = { ...step(doc), version: version + 1 }
  }
  return doc
}
