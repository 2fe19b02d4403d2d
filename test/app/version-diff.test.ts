import { describe, expect, it } from 'vitest'
import { versionDiff } from '../../src/document/version-diff'
import { sampleDoc } from '../storage/fixtures'

describe('versionDiff', () => {
  it('names what restoring an older version would bring back, take away and change, by label', () => {
    const older = sampleDoc('p', 'Dusk', 3)
    const open = {
      ...older,
      name: 'Dusk, v2',
      nodes: [
        older.nodes[0]!,
        { ...older.nodes[1]!, label: 'Wide', params: { subject: 'a harbour' } },
        { id: 'shot-9', type: 'text', typeVersion: 1, position: { x: 0, y: 0 }, label: 'Note', params: {} },
      ],
      edges: [{ id: 'l1', from: { node: 'shot-9', port: 'text' }, to: { node: 'shot-0', port: 'vars' } }],
    }
    expect(versionDiff(open, older)).toEqual({ name: 'Dusk', comesBack: ['shot-2'], goesAway: ['Note'], changes: ['Wide: named “shot-1” → “Wide”, subject “subject 1” → “a harbour”'], linksDiffer: true })
  })

  it('names each param that changed with its value before and after', () => {
    const older = sampleDoc('p', 'Dusk', 1)
    const grade = { id: 'grade', type: 'color-grade', typeVersion: 1, position: { x: 0, y: 0 }, label: 'Grade', params: { exposure: 0.3, contrast: 1, lut: 'warm' } }
    const open = { ...older, nodes: [...older.nodes, { ...grade, params: { exposure: 0.7, contrast: 1 } }] }
    expect(versionDiff(open, { ...older, nodes: [...older.nodes, grade] }).changes).toEqual(['Grade: exposure 0.3 → 0.7, lut “warm” → unset'])
  })

  it('finds nothing between a version and itself, whatever the positions', () => {
    const doc = sampleDoc('p', 'Dusk', 2)
    const moved = { ...doc, nodes: doc.nodes.map((node) => ({ ...node, position: { x: node.position.x + 50, y: 9 } })) }
    expect(versionDiff(doc, moved)).toEqual({ comesBack: [], goesAway: [], changes: [], linksDiffer: false })
  })
})
