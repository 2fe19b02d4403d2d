import { describe, expect, it } from 'vitest'
import { lutFromGrade, type Grade } from '../../../src/media/color/apply'
import { parseCube } from '../../../src/media/color/cube'
import { gradeAsCube } from '../../../src/media/color/cube-export'

const warm: Grade = {
  cdl: { slope: [1.1, 1, 0.85], offset: [0.02, 0, -0.01], power: [0.9, 1, 1.1], saturation: 1.2 },
  strength: 0.8,
}

describe('a grade exported as .cube', () => {
  it('opens with its notes, TITLE, LUT_3D_SIZE and the DOMAIN lines, then the table', () => {
    const text = gradeAsCube(warm, { title: 'shot 12 grade', size: 3, notes: ['Made by Reelgraph', 'two\nlines'] })
    expect(text.split('\n').slice(0, 7)).toEqual([
      '# Made by Reelgraph',
      '# two lines',
      'TITLE "shot 12 grade"',
      'LUT_3D_SIZE 3',
      'DOMAIN_MIN 0 0 0',
      'DOMAIN_MAX 1 1 1',
      expect.stringMatching(/^[\d.e-]+ [\d.e-]+ [\d.e-]+$/),
    ])
    expect(text.trimEnd().split('\n')).toHaveLength(6 + 27)
  })

  it('reads back to the lattice of the grade, 33 points an axis unless asked', () => {
    const lut = parseCube(gradeAsCube(warm, { title: 'warm' }))
    expect(lut).toMatchObject({ kind: '3d', size: 33, title: 'warm', domainMin: [0, 0, 0], domainMax: [1, 1, 1] })
    expect(lut.data).toEqual(lutFromGrade(warm, 33).data)
  })
})
