import { addComponents } from './001-components'

/**
 * Document migrations. `documentMigrations[n]` turns a version-n document into a version-(n+1) one.
 * They only go up. Each one ships with a fixture of the older version under
 * test/fixtures/documents/, and test/graph/migrations.test.ts loads every fixture, so a migration
 * that no document exercises fails the suite.
 */
export type DocMigration = (doc: Record<string, unknown>) => Record<string, unknown>

export const documentMigrations: Readonly<Record<number, DocMigration>> = {
  1: addComponents,
}
