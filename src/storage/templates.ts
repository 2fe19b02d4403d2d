import { parsePipelineValue, pipelineDocSchema, type PipelineDoc } from '../graph'
import { templateRowSchema, type ReelgraphDB, type TemplateRow } from './db'
import { writeWithRoom, type QuotaRecovery } from './quota'

export interface TemplateSummary {
  id: string
  name: string
  description: string
  createdAt: number
}

/** The person's own templates: pipelines saved with "Save as template", shown in the gallery. */
export class TemplateLibrary {
  constructor(
    readonly db: ReelgraphDB,
    readonly recovery: QuotaRecovery,
  ) {}

  /** Newest first. */
  async list(): Promise<TemplateSummary[]> {
    const rows = await this.db.templates.orderBy('createdAt').reverse().toArray()
    return rows.map((stored) => {
      const { id, name, description, createdAt } = readRow(stored)
      return { id, name, description, createdAt }
    })
  }

  async get(id: string): Promise<PipelineDoc> {
    const stored = await this.db.templates.get(id)
    if (!stored) throw new Error(`There is no template with the id "${id}".`)
    const row = readRow(stored)
    const parsed = parsePipelineValue(row.doc)
    if (!parsed.ok) throw new Error(`The template "${row.name}" cannot be opened: ${parsed.issues[0]?.path}: ${parsed.issues[0]?.message}.`)
    return parsed.doc
  }

  /** The person's template already named `name` (ignoring case and spaces around it), if any. */
  async named(name: string): Promise<TemplateSummary | undefined> {
    const wanted = comparable(name)
    return (await this.list()).find((template) => comparable(template.name) === wanted)
  }

  /**
   * Keeps a copy of `doc` as a template under its own id, named and described as given (the
   * pipeline's own name and description when not), and returns that id. Names are distinct among the
   * person's templates, so the gallery and the simple view can tell them apart: a taken one is refused.
   */
  async save(doc: PipelineDoc, naming: { name?: string; description?: string } = {}): Promise<string> {
    const name = (naming.name ?? doc.name).trim()
    const description = (naming.description ?? doc.description).trim()
    if (name === '') throw new Error('A template needs a name.')
    if (await this.named(name)) throw new Error(`You already have a template named “${name}”. Choose another name.`)
    const checked = pipelineDocSchema.safeParse({ ...doc, name, description })
    if (!checked.success) throw new Error(`“${name}” was not saved as a template: ${checked.error.issues[0]?.message ?? 'it is not a valid pipeline'}.`)
    const id = crypto.randomUUID()
    const row: TemplateRow = { id, name, description, createdAt: Date.now(), doc: { ...checked.data, id } }
    await writeWithRoom(() => this.db.templates.add(row), this.recovery, 'template')
    return id
  }

  async delete(id: string): Promise<void> {
    await this.db.templates.delete(id)
  }
}

function comparable(name: string): string {
  return name.trim().toLocaleLowerCase()
}

function readRow(stored: unknown): TemplateRow {
  const row = templateRowSchema.safeParse(stored)
  if (row.success) return row.data
  throw new Error(`A saved template is damaged and cannot be read: ${row.error.issues[0]?.message ?? 'unknown problem'}.`)
}
