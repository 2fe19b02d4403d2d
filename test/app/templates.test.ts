import { describe, expect, it } from 'vitest'
import { builtInTemplates } from '../../src/document/templates'
import { exposedParamIssues, loadPipeline, planRun } from '../../src/engine'
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

  it('makes three shots of one character from one Shot component placed three times, each shot starting from the last frame of the one before, in fewer than half the 14 nodes it once took', () => {
    const template = builtInTemplates.find((candidate) => candidate.id === 'template-character-consistency')
    if (!template) throw new Error('no character template')
    expect(template.nodes.length).toBeLessThan(7)
    expect(template.nodes.filter((node) => node.type === 'component:shot').map((node) => node.params.Action)).toEqual([
      '{ines} steps out of the rain into the bar',
      '{ines} sits at the counter and orders',
      '{ines} turns as the door opens behind her',
    ])
    const planned = planRun(template, registry)
    if (!planned.ok) throw new Error(JSON.stringify(planned.issues))
    // Expanded, each shot's takes are made from its own prompt, with the shot before's last frame as their reference.
    const steps = new Map(planned.plan.steps.map((step) => [step.node.id, step]))
    const takes = [...steps.values()].filter((step) => step.node.type === 'generate-video')
    expect(takes).toHaveLength(3)
    const startFrames = takes.map((step) => step.inputs.references?.map((source) => steps.get(source.node)?.node.type) ?? [])
    expect(startFrames).toEqual([[], ['frame-grab'], ['frame-grab']])
    const shotOf = (nodeId: string) => nodeId.split('/')[0]
    const chained = takes.slice(1).map((step) => [shotOf(step.node.id), shotOf(step.inputs.references?.[0]?.node ?? '')])
    expect(chained).toEqual([['shot-2', 'shot-1'], ['shot-3', 'shot-2']])
    expect(steps.get('cut')?.inputs.clips?.map((source) => shotOf(source.node))).toEqual(['shot-1', 'shot-2', 'shot-3'])
  })
})
