import { describe, expect, it } from 'vitest'
import { builtInTemplates } from '../../src/app/templates'
import { exposedParamIssues, loadPipeline } from '../../src/engine'
import { serializePipeline } from '../../src/graph'
import { registry } from '../engine/shipped-registry'

describe('built-in templates', () => {
  it('are the six templates of the craft, all ready, from a single shot to the finished film', () => {
    expect(builtInTemplates.map((template) => template.name)).toEqual([
      'Shot with takes and picker',
      'Character consistency across three shots',
      'Multi-tool: close-ups on one provider, wide shots on another',
      'Grade to match a hero shot',
      'Replace dialogue and score',
      'Finish: upscale to 4K and export',
    ])
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
