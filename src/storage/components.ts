import { componentDocument, componentInDocument, formatPath, parsePipelineValue, pipelineDocSchema, type PipelineDoc, type PipelineNode } from '../graph'
import { componentRowSchema, type ComponentRow, type ReelgraphDB } from './db'
import { writeWithRoom, type QuotaRecovery } from './quota'

export interface ComponentSummary {
  id: string
  name: string
  nodeCount: number
  savedAt: number
}

/**
 * The person's components, saved from any pipeline to be placed in any other. Each is kept as a
 * pipeline document whose one node is an instance of it, so it is read, migrated, exported and
 * shared by the same code as a pipeline (src/graph/component-library.ts).
 */
export class ComponentLibrary {
  constructor(
    readonly db: ReelgraphDB,
    readonly recovery: QuotaRecovery,
  ) {}

  /** By name. */
  async list(): Promise<ComponentSummary[]> {
    const rows = (await this.db.components.toArray()).map(readRow)
    return rows.map(({ id, name, nodeCount, savedAt }) => ({ id, name, nodeCount, savedAt })).sort((a, b) => a.name.localeCompare(b.name) || a.savedAt - b.savedAt)
  }

  /** The component's document, parsed and migrated; not yet upgraded to this build's node versions. */
  async get(id: string): Promise<PipelineDoc> {
    const stored = await this.db.components.get(id)
    if (!stored) throw new Error(`There is no saved component with the id "${id}".`)
    const row = readRow(stored)
    const parsed = parsePipelineValue(row.doc)
    if (!parsed.ok) {
      const issue = parsed.issues[0]
      throw new Error(`The saved component “${row.name}” cannot be read: ${issue ? `${issue.path}: ${issue.message}` : 'it is not a pipeline document'}.`)
    }
    return parsed.doc
  }

  /**
   * Saves the component `componentId` of `doc` (with the components nested in it) and returns its
   * library id. Saving a definition the library already holds, unchanged, keeps the one it has.
   */
  async save(doc: PipelineDoc, componentId: string, instance?: PipelineNode): Promise<string> {
    const file = componentDocument(doc, componentId, instance)
    if (!file) throw new Error(`The component “${componentId}” is not in “${doc.name}”.`)
    const checked = pipelineDocSchema.safeParse(file)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw new Error(`“${file.name}” was not saved: ${issue ? `${formatPath(issue.path)}: ${issue.message}` : 'it is not a valid component'}.`)
    }
    const text = JSON.stringify(checked.data)
    for (const stored of await this.db.components.toArray()) {
      const row = readRow(stored)
      if (JSON.stringify(row.doc) === text) return row.id
    }
    const found = componentInDocument(checked.data)
    const nodeCount = found.ok ? found.components.reduce((sum, component) => sum + component.nodes.length, 0) : 0
    const id = crypto.randomUUID()
    const row: ComponentRow = { id, name: file.name, nodeCount, savedAt: Date.now(), doc: checked.data }
    await writeWithRoom(() => this.db.components.add(row), this.recovery, 'component')
    return id
  }

  async delete(id: string): Promise<void> {
    await this.db.components.delete(id)
  }
}

function readRow(stored: unknown): ComponentRow {
  const row = componentRowSchema.safeParse(stored)
  if (row.success) return row.data
  throw new Error(`A saved component is damaged and cannot be read: ${row.error.issues[0]?.message ?? 'unknown problem'}.`)
}
