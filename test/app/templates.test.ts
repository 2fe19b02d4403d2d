import { describe, expect, it } from 'vitest'
import { builtInTemplates } from '../../src/document/templates'
import { exposedParamIssues, loadPipeline, planRun } from '../../src/engine'
import { serializePipeline } from '../../src/graph'
import { registry } from '../engine/shipped-registry'

describe('built-in templates', () => {
  it('are the templates of the craft, all ready, the short film first, then from a single shot to the finished film', () => {
    expect(builtInTemplates.map((template) => template.name)).toEqual([
      'Short film from a script',
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

  it('makes three shots of one character with one chain run per shot, in fewer than half the 14 nodes it once took', () => {
    const template = builtInTemplates.find((candidate) => candidate.id === 'template-character-consistency')
    if (!template) throw new Error('no character template')
    expect(template.nodes.length).toBeLessThan(7)
    expect(template.nodes.find((node) => node.type === 'text-list')?.params.texts).toHaveLength(3)
    const planned = planRun(template, registry)
    if (!planned.ok) throw new Error(JSON.stringify(planned.issues))
    const depth = Object.fromEntries(planned.plan.steps.map((step) => [step.node.id, step.depth]))
    expect(depth).toEqual({ shots: 0, character: 0, prompt: 1, takes: 1, pick: 1, cut: 0 })
    expect(planned.plan.steps.find((step) => step.node.id === 'cut')?.inputs.clips?.[0]?.reach).toBe('gather')
  })
})
