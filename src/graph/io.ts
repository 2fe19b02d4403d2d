import type { z } from 'zod'
import { migrateDocument, MigrationError } from './migrate'
import { parseBoundedJson } from './json'
import { formatPath } from './path'
import { pipelineDocSchema, versionedSchema } from './schema'
import type { DocIssue, PipelineDoc } from './types'

export type ParseResult = { ok: true; doc: PipelineDoc } | { ok: false; issues: DocIssue[] }

/** The largest document text we read; a pipeline is a recipe, not media. */
export const MAX_DOCUMENT_CHARS = 50_000_000

/**
 * Reads a document from outside (a file, a link, a template): JSON, then its version, then the
 * migrations up to today's format, then the schema. Nothing in it runs; the caller validates the
 * graph against the node catalog before anything does.
 */
export function parsePipelineJson(text: string): ParseResult {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return fail('(document)', `the file is ${text.length} characters; a pipeline document is at most ${MAX_DOCUMENT_CHARS}`)
  }
  const read = parseBoundedJson(text)
  if (!read.ok) return fail('(document)', read.message)
  return parsePipelineValue(read.value)
}

export function parsePipelineValue(raw: unknown): ParseResult {
  const header = versionedSchema.safeParse(raw)
  if (!header.success) return { ok: false, issues: zodIssues(header.error) }
  let migrated: Record<string, unknown>
  try {
    migrated = migrateDocument(raw as Record<string, unknown> & { version: number })
  } catch (error) {
    if (error instanceof MigrationError) return fail(error.path, error.message)
    throw error
  }
  const parsed = pipelineDocSchema.safeParse(migrated)
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) }
  return { ok: true, doc: parsed.data }
}

/** Canonical, readable JSON of a document, ready for a file. */
export function serializePipeline(doc: PipelineDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`
}

function zodIssues(error: z.ZodError): DocIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
}

function fail(path: string, message: string): ParseResult {
  return { ok: false, issues: [{ path, message }] }
}
