import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePipelineJson, serializePipeline } from '../../src/graph'

const v1 = readFileSync(join(import.meta.dirname, '../fixtures/documents/v1.json'), 'utf8')

function firstIssue(text: string) {
  const result = parsePipelineJson(text)
  if (result.ok) throw new Error('expected the document to be refused')
  return result.issues[0]
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break documents on purpose, field by field
function withChange(change: (doc: Record<string, any>) => void): string {
  const doc = JSON.parse(v1)
  change(doc)
  return JSON.stringify(doc)
}

describe('parsePipelineJson', () => {
  it('reads a document and writes it back unchanged', () => {
    const result = parsePipelineJson(v1)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    const again = parsePipelineJson(serializePipeline(result.doc))
    expect(again).toEqual(result)
  })

  it('points at the first bad field with its path', () => {
    expect(firstIssue(withChange((doc) => (doc.nodes[1].position.x = 'left')))).toMatchObject({
      path: 'nodes[1].position.x',
    })
    expect(firstIssue(withChange((doc) => delete doc.edges[0].to))).toMatchObject({ path: 'edges[0].to' })
    expect(firstIssue(withChange((doc) => (doc.notes[0].size.width = -5)))).toMatchObject({ path: 'notes[0].size.width' })
    expect(firstIssue(withChange((doc) => (doc.notes[0].text = 7)))).toMatchObject({ path: 'notes[0].text' })
  })

  it('keeps a pipeline\'s budget, and refuses one that is not an amount of money with its path', () => {
    const kept = parsePipelineJson(withChange((doc) => (doc.budgetUsd = 12.5)))
    expect(kept.ok && kept.doc.budgetUsd).toBe(12.5)
    expect(firstIssue(withChange((doc) => (doc.budgetUsd = -1)))).toMatchObject({ path: 'budgetUsd' })
    expect(firstIssue(withChange((doc) => (doc.budgetUsd = '5 dollars')))).toMatchObject({ path: 'budgetUsd' })
  })

  it('says what is wrong with text that is not JSON', () => {
    expect(firstIssue('{"format": "reelgraph",')).toMatchObject({ path: '(document)', message: expect.stringMatching(/not valid JSON/) })
  })

  it('says when a file is not a Reelgraph pipeline at all', () => {
    expect(firstIssue('{"nodes": []}')).toMatchObject({ path: 'format', message: expect.stringMatching(/not a Reelgraph pipeline/) })
  })

  it('refuses a document from a newer Reelgraph', () => {
    expect(firstIssue(withChange((doc) => (doc.version = 99)))).toMatchObject({ path: 'version', message: expect.stringMatching(/version 99/) })
  })

  it('keeps a node of an unknown type with its params and links', () => {
    const result = parsePipelineJson(withChange((doc) => (doc.nodes[1].type = 'from-the-future')))
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.doc.nodes[1]).toMatchObject({ type: 'from-the-future', params: { exposure: 0.3 } })
    expect(result.doc.edges).toHaveLength(2)
  })
})
