import { describe, expect, it } from 'vitest'
import { readScriptText } from './read-script'
import { lintShot } from './lint'
import { blankShot, nextShotId, shotId, shotLetter } from './shots'
import { readShotTable } from './table'

describe('shot tables', () => {
  it('maps columns by header whatever the case, quoted cells with newlines and quotes, blank rows, unknown columns to notes', () => {
    const csv = [
      'Scene,SHOT,Subject,Action,Location,Camera Move,Lighting,Mood,Style,Dialogue,Duration (s),Key Moment,Cast,Lens,Notes',
      '12,1,Mara,"climbs the ridge,',
      'slowly",EXT. RIDGE,dolly in,low sun,tense,35 mm,"Mara: ""There it is.""",6,4.5,"Mara, Tom",35mm,wind',
      '',
      ',,,,',
      ',2,Tom,watches her,,static,,,,,4,,,,',
    ].join('\n')
    const reading = readShotTable(csv)
    expect(reading).toEqual({
      ok: true,
      shots: [
        {
          id: '12A',
          scene: '12',
          subject: 'Mara',
          action: 'climbs the ridge,\nslowly',
          environment: 'EXT. RIDGE',
          camera: 'dolly in',
          lighting: 'low sun',
          mood: 'tense',
          style: '35 mm',
          dialogue: 'Mara: "There it is."',
          durationS: 6,
          keyMomentS: 4.5,
          characters: ['Mara', 'Tom'],
          notes: 'wind\nLens: 35mm',
        },
        // A blank scene continues the one above; the row of empty cells is skipped.
        expect.objectContaining({ id: '12B', scene: '12', subject: 'Tom', camera: 'static', durationS: 4, characters: [], notes: '' }),
      ],
    })
  })

  it('reads rows pasted from a spreadsheet (tabs), and a .txt that starts with a table header', () => {
    const pasted = 'scene\tsubject\taction\n3\tMara\truns\n3\tTom\tfollows\n4\tMara\tstops\n'
    const reading = readScriptText(pasted, 'shots.txt')
    expect(reading.ok && reading.shots.map((shot) => [shot.id, shot.subject])).toEqual([
      ['3A', 'Mara'],
      ['3B', 'Tom'],
      ['4A', 'Mara'],
    ])
  })

  it('refuses with the line each problem is on, counting lines inside quoted cells', () => {
    const csv = ['scene,shot,action,duration', '1,1,"a cell', 'over two lines",5', '1,2,runs,six', '1,3,runs,4,extra', '1,1,again,5'].join('\n')
    expect(readShotTable(csv)).toEqual({
      ok: false,
      problems: [
        { line: 4, message: 'row 2: duration “six” is not a number of seconds' },
        { line: 5, message: 'row 3 has 5 cells, the header names 4 columns (a delimiter inside a cell that is not quoted?)' },
        { line: 6, message: 'row 4: shot 1A is already on line 2; each shot needs its own scene and shot' },
      ],
    })
    expect(readShotTable('scene,action\n1,"never closed\n2,runs\n')).toEqual({ ok: false, problems: [{ line: 2, message: 'a quoted cell is never closed: a " is missing' }] })
    expect(readShotTable('foo,bar\n1,2\n')).toEqual({ ok: false, problems: [{ line: 1, message: expect.stringContaining('names no shot field in its header') }] })
    expect(readShotTable('scene,action\n\n')).toEqual({ ok: false, problems: [{ line: 1, message: 'has a header and no shots under it' }] })
    expect(readShotTable('scene,action,key moment\n1,runs,61\n')).toEqual({ ok: false, problems: [{ line: 2, message: 'row 1: key moment 61 s is past 60 s' }] })
  })

  it('gives each shot an id from its scene and shot that a new row never takes', () => {
    expect([1, 2, 26, 27, 28, 52, 53].map(shotLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA'])
    expect(shotId('12', 1)).toBe('12A')
    expect(shotId('12', 'b')).toBe('12B')
    expect(shotId('12', '3')).toBe('12C')
    // Rows moved or removed keep their ids; a new row takes the first letter no shot of the scene has.
    expect(nextShotId([{ id: '12B' }, { id: '12A' }, { id: '3A' }], '12')).toBe('12C')
    expect(nextShotId([{ id: '12B' }], '12')).toBe('12A')
  })
})

describe('a shot’s lint in the table', () => {
  const full = {
    ...blankShot('1A', '1'),
    subject: 'Mara',
    action: 'turns',
    environment: 'exterior, Ridge, dusk',
    camera: 'dolly in',
    lighting: 'low sun',
    mood: 'tense',
  }

  it('is the prompt lint on the shot: missing parts, dialogue longer than the duration, a key moment after the end', () => {
    expect(lintShot(full)).toEqual([])
    expect(lintShot({ ...full, mood: '' }).map((finding) => finding.message)).toEqual(['no mood: a shot prompt works best with all six parts'])
    const talky = { ...full, durationS: 2, dialogue: 'Mara: I never said that, and you know I never would.' }
    expect(lintShot(talky).map((finding) => finding.field)).toEqual(['dialogue'])
    expect(lintShot({ ...full, keyMomentS: 6 }).map((finding) => finding.message)).toEqual([
      'the key moment at 6 s falls after the shot ends at 5 s; move it or lengthen the shot',
    ])
    expect(lintShot({ ...full, action: `${'walks slowly and '.repeat(30)}stops` }).map((finding) => finding.message)).toEqual([expect.stringMatching(/^\d+ words: past about 80/)])
  })
})
