import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { shotValueSchema } from '../../src/engine'
import { breakDownFountain, environmentOf } from './fountain'
import { readScript } from './read-script'
import type { ScriptReading, ShotRow } from './shots'

/** The real screenplays in fixtures/ (their sources and licences are in fixtures/README.md). */
function screenplay(name: string): ShotRow[] {
  const reading = readScript(readFileSync(new URL(`fixtures/${name}`, import.meta.url)), name)
  if (!reading.ok) throw new Error(JSON.stringify(reading.problems))
  return reading.shots
}

function shotsOf(reading: ScriptReading): ShotRow[] {
  if (!reading.ok) throw new Error(JSON.stringify(reading.problems))
  return reading.shots
}

function byId(shots: readonly ShotRow[], id: string): ShotRow {
  const shot = shots.find((candidate) => candidate.id === id)
  if (!shot) throw new Error(`no shot ${id}`)
  return shot
}

/** Every shot a valid `shot` value, each id once. */
function expectValidShots(shots: readonly ShotRow[]): void {
  for (const shot of shots) expect(shotValueSchema.safeParse({ kind: 'shot', ...shot }).error).toBeUndefined()
  expect(new Set(shots.map((shot) => shot.id)).size).toBe(shots.length)
}

describe('Fountain breakdown on real screenplays', () => {
  it('Brick & Steel (the format’s sample): a shot per action paragraph, dialogue with the shot before, scene headings as environments', () => {
    const shots = screenplay('brick-and-steel.fountain')
    expectValidShots(shots)
    expect(shots).toHaveLength(20)
    // The first scene: six action paragraphs, six shots, lettered in order.
    expect(shots.filter((shot) => shot.scene === '1').map((shot) => shot.id)).toEqual(['1A', '1B', '1C', '1D', '1E', '1F'])
    expect(byId(shots, '1A').environment).toBe("exterior, Brick's Patio, day")
    expect(byId(shots, '1A').characters).toEqual(['Brick'])
    expect(byId(shots, '1B')).toMatchObject({
      dialogue: "Steel: Beer's ready!\nBrick: Are they cold?\nSteel: Does a bear crap in the woods?",
      characters: ['Steel', 'Brick'],
      subject: 'Steel and Brick',
    })
    // Dual dialogue (`BRICK ^`) is Brick speaking; the paragraph of three lines is one shot.
    expect(byId(shots, '1F').dialogue).toBe('Steel: Screw retirement.\nBrick: Screw retirement.')
    expect(byId(shots, '1E').action).toBe("And then there's a long beat.\nLonger than is funny.\nLong enough to be depressing.")
    // Indented dialogue with emphasis marks; names in caps in the action.
    expect(byId(shots, '2A')).toMatchObject({ environment: 'interior, Trailer Home, day', characters: ['Dan', 'Jack'] })
    expect(byId(shots, '2A').dialogue).toBe("Jack: Did you know Brick and Steel are retired?\nDan: Then let's retire them. Permanently.")
    // A forced heading (`.SNIPER SCOPE POV`) is a scene of its own; a scene with only centered titles has no shot.
    expect(byId(shots, '4A').environment).toBe('Sniper Scope Pov')
    expect(shots.some((shot) => shot.scene === '5')).toBe(false)
    // A character introduced in caps who never speaks to the camera yet, and one who speaks later.
    expect(byId(shots, '8A').characters).toEqual(['Handsome Man'])
    // Dialogue long enough for more than the default five seconds gets the time to say it.
    expect(byId(shots, '6C').durationS).toBeGreaterThan(5)
  })

  it('My Living Memory: a scene that opens on dialogue makes its own shot; a voice-over is heard, not cast', () => {
    const shots = screenplay('my-living-memory.fountain')
    expectValidShots(shots)
    expect(shots).toHaveLength(74)
    // `FADE IN:` is read as action by Fountain but is no shot.
    expect(byId(shots, '1A').action).toMatch(/^The small bedroom is painted sky blue/)
    expect(byId(shots, '1A').characters).toEqual(['Joe', 'Matthew'])
    const opensOnDialogue = byId(shots, '4A')
    expect(opensOnDialogue).toMatchObject({ action: '', environment: 'interior, Living Room, day' })
    expect(opensOnDialogue.dialogue).toBe("Matthew: I'm tired, mommy.\nKate: Then go lie down.")
    const letter = shots.find((shot) => shot.dialogue.startsWith('Harry: My dearest Catherine'))
    expect(letter?.characters).not.toContain('Harry')
  })

  it('Big Fish (the format’s feature-length sample): every shot valid, each id once, scene numbers in order', () => {
    const shots = screenplay('big-fish.fountain')
    expectValidShots(shots)
    expect(shots.length).toBeGreaterThan(800)
    expect(new Set(shots.map((shot) => shot.scene)).size).toBeGreaterThan(150)
    const bedroom = shots.find((shot) => shot.environment.startsWith("interior, Will's Bedroom"))
    expect(bedroom).toMatchObject({ environment: "interior, Will's Bedroom, night (1973)" })
    // “WILL BLOOM, AGE 3, listens”: Will is introduced, his age is not a name.
    expect(bedroom?.characters).toEqual(['Will', 'Edward'])
    // Edward's opening voice-over belongs to the shot before it but puts nobody in frame.
    expect(byId(shots, '1B')).toMatchObject({ action: 'A RIVER.' })
    expect(shots.find((shot) => shot.dialogue.startsWith('Edward: There are some fish'))?.characters).toEqual([])
  })
})

describe('Fountain breakdown rules', () => {
  const script = [
    'Title: Test', // line 1
    '',
    'EXT. RIDGE - DUSK', // 3
    '',
    'MARA climbs the last yard. [[camera: dolly in; duration: 6; key: 4.5]]', // 5
    '',
    'MARA',
    '(breathless)',
    'There it is.',
    '',
    '[[lighting: low sun; lens: 35 mm]]', // 11
    '',
    'She turns. TOM, 60, watches.',
    '',
    'INT. HUT - NIGHT',
    '',
    '[[mood: hushed]]',
    '',
    'A candle gutters. INES sleeps.',
  ].join('\n')

  it('a note sets the fields of its shot, or of the shot to come before a scene’s first action; unknown fields go to notes', () => {
    const shots = shotsOf(breakDownFountain(script))
    expect(shots.map((shot) => shot.id)).toEqual(['1A', '1B', '2A'])
    expect(shots[0]).toMatchObject({ camera: 'dolly in', durationS: 6, keyMomentS: 4.5, lighting: 'low sun', notes: 'lens: 35 mm', dialogue: 'Mara: There it is.' })
    // “She” is no name; Tom is introduced in caps with his age.
    expect(shots[1]?.characters).toEqual(['Tom'])
    expect(shots[2]).toMatchObject({ mood: 'hushed', environment: 'interior, Hut, night', durationS: 5, characters: ['Ines'] })
    expect(shots[2]?.keyMomentS).toBeUndefined()
  })

  it('refuses a note it cannot read with its line, and says why', () => {
    const reading = breakDownFountain(script.replace('duration: 6', 'duration: six').replace('mood: hushed', 'key: soon'))
    expect(reading).toEqual({
      ok: false,
      problems: [
        { line: 5, message: '[[camera: dolly in; duration: six; key: 4.5]]: duration “six” is not a number of seconds' },
        { line: 17, message: '[[key: soon]]: key moment “soon” is not a number of seconds' },
      ],
    })
  })

  it('refuses a text with no action paragraph, and a file that is not text, each with a line', () => {
    expect(breakDownFountain('Title: Nothing\n\nINT. ROOM - DAY\n\nBOB\nHi.\n').ok).toBe(true)
    expect(breakDownFountain('Title: Only a title\nAuthor: Me\n')).toEqual({ ok: false, problems: [{ line: 1, message: expect.stringContaining('no action paragraph') }] })
    const binary = new Uint8Array([...new TextEncoder().encode('INT. ROOM - DAY\n\nline two\n'), 0, 1, 2])
    expect(readScript(binary, 'film.fountain')).toEqual({ ok: false, problems: [{ line: 4, message: expect.stringContaining('binary') }] })
    const latin1 = new Uint8Array([...new TextEncoder().encode('INT. CAF'), 0xc9, ...new TextEncoder().encode(' - DAY\n')])
    expect(readScript(latin1, 'film.txt')).toEqual({ ok: false, problems: [{ line: 1, message: expect.stringContaining('UTF-8') }] })
  })

  it('keeps a scene’s shot ids when a shot is added to another scene', () => {
    const before = shotsOf(breakDownFountain(script))
    const after = shotsOf(breakDownFountain(script.replace('INES sleeps.', 'INES sleeps.\n\nThe door opens.')))
    expect(after.slice(0, 3)).toEqual(before)
    expect(after[3]?.id).toBe('2B')
  })

  it('uses a heading’s own scene number (`#12#`)', () => {
    const shots = shotsOf(breakDownFountain('INT. HUT - NIGHT #12#\n\nA candle gutters.\n\nThe door opens.\n'))
    expect(shots.map((shot) => shot.id)).toEqual(['12A', '12B'])
  })

  it('reads headings as environments', () => {
    expect(environmentOf('INT. BLOOM HOUSE KITCHEN - DAY')).toBe('interior, Bloom House Kitchen, day')
    expect(environmentOf('EXT.  OUTSIDE LA RUE 14° - NIGHT')).toBe('exterior, Outside La Rue 14°, night')
    expect(environmentOf('INT./EXT. CAR - MOVING - NIGHT')).toBe('interior and exterior, Car, Moving, night')
    expect(environmentOf('I/E SUBMARINE - DAY')).toBe('interior and exterior, Submarine, day')
  })
})
