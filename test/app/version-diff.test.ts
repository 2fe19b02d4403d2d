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
    expect(versionDiff(open, older)).toEqual({ name: 'Dusk', comesBack: ['shot-2'], goesAway: ['Note'], changes: ['shot-1'], linksDiffer: true })
  })

  it('finds nothing between a version and itself, whatever the positions', () => {
    const doc = sampleDoc('p', 'Dusk', 2)
    const moved = { ...doc, nodes: doc.nodes.map((node) => ({ ...node, position: { x: node.position.x + 50, y: 9 } })) }
    expect(versionDiff(doc, moved)).toEqual({ comesBack: [], goesAway: [], changes: [], linksDiffer: false })
  })
})
