import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync, strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { builtInTemplates } from '../../src/document/templates'
import { MAX_SHARE_FRAGMENT_CHARS, readShareFragment, shareLinkFor, type SharedPipeline } from '../../src/document/share'
import { spendSummary, unopenedSpendDeps } from '../../src/document/spend-summary'
import { parsePipelineJson, type PipelineDoc } from '../../src/graph'
import { registry } from '../engine/shipped-registry'

const APP = 'https://reelgraph.example/app/'
const badFixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/bad', name), 'utf8')
const v1: PipelineDoc = currentFormat(readFileSync(join(import.meta.dirname, '../fixtures/documents/v1.json'), 'utf8'))

/** A stored document as the app holds it: migrated to today's format. */
function currentFormat(text: string): PipelineDoc {
  const parsed = parsePipelineJson(text)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.doc
}

/** The fragment a link would carry for this raw text, as a hostile or broken link could. */
function fragmentOf(text: string): string {
  const packed = deflateSync(strToU8(text))
  return `#pipeline=${Buffer.from(packed).toString('base64url')}`
}

function opened(shared: SharedPipeline | undefined) {
  if (!shared?.ok) throw new Error(`expected the link to open: ${JSON.stringify(shared)}`)
  return shared
}

function refused(shared: SharedPipeline | undefined) {
  if (!shared || shared.ok) throw new Error('expected the link to be refused')
  return shared.issues
}

describe('share links', () => {
  it('round-trips a document through the URL fragment, deep-equal', () => {
    const link = shareLinkFor(v1, APP)
    if (!link.ok) throw new Error(link.message)
    const url = new URL(link.url)
    expect(url.origin + url.pathname).toBe(APP)
    expect(url.hash).toMatch(/^#pipeline=[A-Za-z0-9_-]+$/)
    const shared = opened(readShareFragment(url.hash, registry))
    expect(shared.doc).toEqual(v1)
    expect(shared.summary).toEqual({
      name: 'Dusk establishing shot',
      description: v1.description,
      nodeCount: 4,
      nodeTypes: [
        { type: 'image-input', count: 1, known: true },
        { type: 'image-adjust', count: 1, known: true },
        { type: 'preview', count: 1, known: true },
        { type: 'text', count: 1, known: true },
      ],
    })
  })

  it('shows the providers a pipeline would call, the takes it would ask for, and the estimated cost', async () => {
    const multiTool = builtInTemplates.find((template) => template.name.startsWith('Multi-tool'))
    if (!multiTool) throw new Error('the multi-tool template is missing')
    const doc: PipelineDoc = {
      ...multiTool,
      nodes: [
        ...multiTool.nodes.map((node) => (node.id === 'close' ? { ...node, params: { ...node.params, takes: 4 } } : node)),
        { id: 'elsewhere', type: 'generate-video', typeVersion: 1, position: { x: 0, y: 900 }, params: { provider: 'sora-2', takes: 3 } },
      ],
    }
    const link = shareLinkFor(doc, APP)
    if (!link.ok) throw new Error(link.message)
    // Priced by the nodes' own estimates, as Run prices them; the node naming a provider this build
    // lacks cannot run, and the branches that can are still counted.
    const summary = await spendSummary(opened(readShareFragment(new URL(link.url).hash, registry)).doc, unopenedSpendDeps(registry))
    expect(summary.calls).toEqual([{ provider: 'animatic', name: 'Animatic (local previz)', nodes: 2, units: 5, unit: 'take', estimatedUsd: 0 }])
  })

  it('carries only the document’s own fields', () => {
    const withExtras = { ...v1, apiKey: 'sk-secret', nodes: v1.nodes.map((node) => ({ ...node, token: 'x' })) } as PipelineDoc
    const link = shareLinkFor(withExtras, APP)
    if (!link.ok) throw new Error(link.message)
    const text = JSON.stringify(opened(readShareFragment(new URL(link.url).hash, registry)).doc)
    expect(text).not.toContain('sk-secret')
    expect(text).not.toContain('token')
  })

  it('refuses a document too big for a link and offers the bundle', () => {
    // Incompressible text, so the fragment really is over the limit.
    const noise = Array.from({ length: 40_000 }, (_, i) => ((i * 7919) % 9973).toString(36)).join('')
    const big: PipelineDoc = { ...v1, nodes: v1.nodes.map((node) => ({ ...node, params: { text: noise } })) }
    const link = shareLinkFor(big, APP)
    expect(link).toEqual({ ok: false, message: expect.stringMatching(/too big for a link.*Export bundle/) })
  })

  it('ignores a fragment that carries no pipeline', () => {
    expect(readShareFragment('', registry)).toBeUndefined()
    expect(readShareFragment('#section-2', registry)).toBeUndefined()
  })

  it('shows an unknown node type in the summary and keeps it', () => {
    const shared = opened(readShareFragment(fragmentOf(badFixture('unknown-type.json')), registry))
    expect(shared.summary.nodeTypes).toContainEqual({ type: 'time-warp', count: 1, known: false })
    expect(shared.doc.nodes[1]?.params).toEqual({ speed: 2 })
  })

  it('opens HTML and a javascript: URL in labels as plain text, and drops unknown top-level fields', () => {
    const shared = opened(readShareFragment(fragmentOf(badFixture('hostile-label.json')), registry))
    expect(shared.summary.name).toBe('<img src=x onerror="window.__labelRan=true">')
    expect(shared.doc.nodes[0]?.label).toBe('<script>window.__labelRan=true</script>')
    expect(shared.doc).not.toHaveProperty('apiKey')
  })

  it('lists a cycle as a problem to fix before running', () => {
    const shared = opened(readShareFragment(fragmentOf(badFixture('cycle.json')), registry))
    expect(shared.issues.some((issue) => issue.message.includes('part of a loop'))).toBe(true)
  })

  it.each([
    ['truncated.json', '(document)', /not valid JSON/],
    ['wrong-types.json', 'name', /string/],
    ['future-version.json', 'version', /format version 99/],
  ])('refuses %s with the path of the problem', (fixture, path, message) => {
    const issues = refused(readShareFragment(fragmentOf(badFixture(fixture)), registry))
    expect(issues[0]?.path).toBe(path)
    expect(issues[0]?.message).toMatch(message)
  })

  it('refuses a link that was cut, changed or unpacks to too much', () => {
    const link = shareLinkFor(v1, APP)
    if (!link.ok) throw new Error(link.message)
    const hash = new URL(link.url).hash
    expect(refused(readShareFragment(hash.slice(0, hash.length - 20), registry))[0]?.message).toMatch(/cut or changed/)
    expect(refused(readShareFragment('#pipeline=<script>', registry))[0]?.message).toMatch(/characters a share link never has/)
    const bomb = `#pipeline=${Buffer.from(deflateSync(new Uint8Array(20 * 1024 * 1024))).toString('base64url')}`
    expect(bomb.length).toBeLessThan(MAX_SHARE_FRAGMENT_CHARS)
    expect(refused(readShareFragment(bomb, registry))[0]?.message).toMatch(/unpacks to more than 4 MB/)
  })
})
