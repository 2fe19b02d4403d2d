import { parsePipelineValue, type PipelineDoc } from '../../graph'

/**
 * The built-in templates: one pipeline document per file in this folder, each with a one-line
 * note (its description) of what it is for and the params a person sets (its `exposed` inputs).
 * Files are named `<n>-<what>.json`, shown in that order, from a single shot to the finished film.
 */
const files = import.meta.glob<unknown>('./*.json', { eager: true, import: 'default' })

export const builtInTemplates: readonly PipelineDoc[] = Object.keys(files)
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  .map((path) => {
    const parsed = parsePipelineValue(files[path])
    // A template that does not parse is a build mistake; test/app/templates.test.ts catches it first.
    if (!parsed.ok) throw new Error(`${path}: ${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`)
    return parsed.doc
  })
