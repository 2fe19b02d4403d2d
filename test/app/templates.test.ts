import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtInTemplates } from '../../src/app/templates'
import { exposedParamIssues, loadPipeline } from '../../src/engine'
import { serializePipeline, validateDocument } from '../../src/graph'
import { registry } from '../engine/shipped-registry'

const waitingFolder = join(import.meta.dirname, '../../src/app/templates/waiting')
/** The node types the waiting templates use that other work is adding. */
const typesOnTheirWay = ['reference-image', 'take-picker', 'character']

describe('built-in templates', () => {
  it('are the six templates of the craft, four ready and two waiting for their node types', () => {
    const waiting = readdirSync(waitingFolder).map((file) => JSON.parse(readFileSync(join(waitingFolder, file), 'utf8')) as { name: string })
    expect([...builtInTemplates.map((template) => template.name), ...waiting.map((template) => template.name)].sort()).toEqual(
      [
        'Shot with takes and picker',
        'Character consistency across three shots',
        'Grade to match a hero shot',
        'Replace dialogue and score',
        'Finish: upscale to 4K and export',
        'Multi-tool: close-ups on one provider, wide shots on another',
      ].sort(),
    )
    expect(new Set(builtInTemplates.map((template) => template.id)).size).toBe(builtInTemplates.length)
  })

  for (const template of builtInTemplates) {
    describe(template.name, () => {
      it('loads from its file and validates against the node types of this build, with nothing to fix', () => {
        const loaded = loadPipeline(serializePipeline(template), registry)
        if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues))
        expect(loaded.doc).toEqual(template)
        expect(loaded.issues).toEqual([])
      })

      it('opens with a one-line note of what it is for', () => {
        expect(template.description.length).toBeGreaterThan(20)
        expect(template.description).not.toContain('\n')
      })

      it('exposes the params a person sets, each pointing at a real param', () => {
        expect(template.exposed?.length ?? 0).toBeGreaterThan(0)
        expect(exposedParamIssues(template, registry)).toEqual([])
        const labels = (template.exposed ?? []).map((exposed) => exposed.label)
        expect(new Set(labels).size).toBe(labels.length)
      })
    })
  }
})

describe('templates waiting for their node types', () => {
  for (const file of readdirSync(waitingFolder)) {
    it(`${file} is a sound document whose only problems are node types not in this build yet`, () => {
      const loaded = loadPipeline(readFileSync(join(waitingFolder, file), 'utf8'), registry)
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues))
      const missingTypes = new Set(loaded.doc.nodes.filter((node) => registry.get(node.type) === undefined).map((node) => node.type))
      for (const type of missingTypes) expect(typesOnTheirWay).toContain(type)
      const problems = [...validateDocument(loaded.doc, registry), ...exposedParamIssues(loaded.doc, registry)]
      expect(problems.filter((issue) => !/unknown node type|a type this Reelgraph lacks/.test(issue.message))).toEqual([])
    })
  }
})
