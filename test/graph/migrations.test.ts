import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CURRENT_DOC_VERSION, documentMigrations, migrateDocument, MigrationError, parsePipelineJson, validateDocument } from '../../src/graph'
import { registry } from '../engine/shipped-registry'

const fixtureDir = join(import.meta.dirname, '../fixtures/documents')
const fixtures = readdirSync(fixtureDir)
  .filter((name) => /^v\d+\.json$/.test(name))
  .map((name) => ({ name, version: Number(name.slice(1, -5)), text: readFileSync(join(fixtureDir, name), 'utf8') }))

describe('document migrations', () => {
  it('has a fixture document of every format version, so every migration is exercised', () => {
    const versions = fixtures.map((fixture) => fixture.version).sort((a, b) => a - b)
    expect(versions).toEqual(Array.from({ length: CURRENT_DOC_VERSION }, (_, i) => i + 1))
    // And a migration for each step up.
    for (let version = 1; version < CURRENT_DOC_VERSION; version++) expect(documentMigrations[version]).toBeTypeOf('function')
  })

  it.each(fixtures)('opens $name as the current format', ({ text, version }) => {
    expect(JSON.parse(text).version).toBe(version)
    const result = parsePipelineJson(text)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.doc.version).toBe(CURRENT_DOC_VERSION)
    expect(result.doc.nodes.length).toBeGreaterThan(0)
    // Groups and notes are for the people and travel with the document.
    expect(result.doc.groups?.length ?? 0).toBe(JSON.parse(text).groups?.length ?? 0)
    expect(result.doc.notes).toEqual(JSON.parse(text).notes)
    // Components (format version 2) travel whole: every instance still finds its definition.
    expect(result.doc.components ?? []).toEqual(JSON.parse(text).components ?? [])
    expect(validateDocument(result.doc, registry).filter((issue) => /component/.test(issue.message))).toEqual([])
  })

  it('keeps an older Reelgraph from dropping components: a version-2 document is refused by a version-1 reader', () => {
    const v2 = fixtures.find((fixture) => fixture.version === 2)
    expect(() => migrateDocument(JSON.parse(v2?.text ?? '{}'), documentMigrations, 1)).toThrow(/Update Reelgraph/)
  })

  describe('the chain', () => {
    const migrations = {
      1: (doc: Record<string, unknown>) => ({ ...doc, title: undefined, name: doc.title }),
      2: (doc: Record<string, unknown>) => ({ ...doc, description: doc.description ?? '' }),
    }

    it('applies each step in order up to the target version', () => {
      const migrated = migrateDocument({ format: 'reelgraph', version: 1, title: 'Old' }, migrations, 3)
      expect(migrated).toEqual({ format: 'reelgraph', version: 3, title: undefined, name: 'Old', description: '' })
    })

    it('starts from the document’s own version', () => {
      const migrated = migrateDocument({ format: 'reelgraph', version: 2, name: 'Mid' }, migrations, 3)
      expect(migrated).toEqual({ format: 'reelgraph', version: 3, name: 'Mid', description: '' })
    })

    it('refuses a document newer than this build, saying so', () => {
      expect(() => migrateDocument({ format: 'reelgraph', version: 9 }, migrations, 3)).toThrow(MigrationError)
      expect(() => migrateDocument({ format: 'reelgraph', version: 9 }, migrations, 3)).toThrow(/Update Reelgraph/)
    })

    it('refuses a gap in the chain rather than guessing', () => {
      expect(() => migrateDocument({ format: 'reelgraph', version: 1 }, { 2: migrations[2] }, 3)).toThrow(/no migration from format version 1/)
    })
  })
})
