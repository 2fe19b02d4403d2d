import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { builtInTemplates } from '../../src/document/templates'
import { samplesOf } from '../../src/document/templates/samples'
import { readScriptText } from '../../nodes/shot-list/read-script'
import { exposedParamIssues, loadPipeline, planRun, standaloneContext, type AssetRef, type CharacterValue, type PromptValue, type ShotValue } from '../../src/engine'
import { referenceTag, unusedReference } from '../../src/providers/prompt/shot-references'
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

  describe('Short film from a script', () => {
    const template = builtInTemplates[0]
    if (!template) throw new Error('no templates')

    it('plans: one prompt, take set and pick per shot, the cut gathering them, the score mixed under it', () => {
      expect(template.id).toBe('template-short-film')
      const planned = planRun(template, registry)
      if (!planned.ok) throw new Error(JSON.stringify(planned.issues))
      const depth = Object.fromEntries(planned.plan.steps.map((step) => [step.node.id, step.depth]))
      expect(depth).toMatchObject({ script: 0, prompt: 1, takes: 1, pick: 1, cut: 0, grade: 0, mix: 0, scored: 0, export: 0 })
      expect(planned.plan.steps.find((step) => step.node.id === 'cut')?.inputs.clips?.[0]?.reach).toBe('gather')
    })

    it('opens with samples that exist, each set on an exposed param', () => {
      const samples = samplesOf(template)
      expect(samples.map((sample) => sample.node).sort()).toEqual(['cafe', 'mara', 'ridge', 'score', 'script', 'theo'])
      const exposed = new Set((template.exposed ?? []).map((entry) => `${entry.node}.${entry.param}`))
      for (const sample of samples) {
        expect(exposed.has(`${sample.node}.${sample.param}`)).toBe(true)
        expect(existsSync(join('public', 'samples', sample.file))).toBe(true)
      }
    })

    it('gives each shot the stills of its own location and characters, and every character a still', async () => {
      const reading = readScriptText(readFileSync(join('public', 'samples', 'short-film.fountain'), 'utf8'), 'short-film.fountain')
      if (!reading.ok) throw new Error(JSON.stringify(reading.problems))
      const linkedInto = (port: string) => template.edges.filter((edge) => edge.to.node === 'prompt' && edge.to.port === port).map((edge) => template.nodes.find((node) => node.id === edge.from.node))
      // What the reference and character nodes would send: a still each, named and given a role as they do.
      const still = (name: string, role: string): AssetRef => ({ kind: 'image', hash: name.padEnd(64, '0'), mime: 'image/jpeg', bytes: 1, meta: { name, role } })
      const references = linkedInto('references').map((node) => still(String(node?.params.name), String(node?.params.role)))
      const characters = linkedInto('vars').map((node): CharacterValue => ({ kind: 'character', name: String(node?.params.name), description: '', references: [still(String(node?.params.name), 'character')] }))
      expect(references.map((reference) => reference.meta.role)).toEqual(['location', 'location'])
      const prompt = registry.get('prompt')
      const promptNode = template.nodes.find((node) => node.id === 'prompt')
      if (!prompt || !promptNode) throw new Error('no prompt')
      const sent: Record<string, unknown> = {}
      for (const row of reading.shots) {
        const shot: ShotValue = { kind: 'shot', ...row }
        const outputs = await prompt.run({ inputs: { shot, vars: characters, references }, params: prompt.params.parse(promptNode.params), ctx: standaloneContext() })
        sent[shot.id] = (outputs.prompt as PromptValue).references?.map((reference) => reference.meta.name)
      }
      expect(sent).toEqual({
        '1A': ['Mara', 'Hillside ridge'],
        '1B': ['Hillside ridge'],
        '1C': ['Mara', 'Theo', 'Hillside ridge'],
        '2A': ['Theo', 'Station café'],
        '2B': ['Mara', 'Station café'],
        '2C': ['Mara', 'Theo', 'Station café'],
      })
      for (const reference of references) expect(unusedReference(referenceTag(reference), reading.shots)).toBeUndefined()
      const withStills = new Set(samplesOf(template).filter((sample) => sample.param === 'images').map((sample) => sample.node))
      for (const node of template.nodes.filter((candidate) => candidate.type === 'character')) expect(withStills.has(node.id)).toBe(true)
    })

    it('holds a six-shot script: two characters, two locations, one dialogue scene, notes on its shots', () => {
      const reading = readScriptText(readFileSync(join('public', 'samples', 'short-film.fountain'), 'utf8'), 'short-film.fountain')
      if (!reading.ok) throw new Error(JSON.stringify(reading.problems))
      expect(reading.shots.map((shot) => shot.id)).toEqual(['1A', '1B', '1C', '2A', '2B', '2C'])
      expect(new Set(reading.shots.flatMap((shot) => shot.characters))).toEqual(new Set(['Mara', 'Theo']))
      expect(new Set(reading.shots.map((shot) => shot.environment)).size).toBe(2)
      expect(reading.shots.filter((shot) => shot.dialogue !== '').map((shot) => shot.id)).toEqual(['1C'])
      expect(reading.shots.filter((shot) => shot.keyMomentS !== undefined).map((shot) => shot.id)).toEqual(['1A', '2A'])
      expect(reading.shots.map((shot) => shot.durationS)).toEqual([2, 2, 3, 2, 2, 2])
    })
  })
})
