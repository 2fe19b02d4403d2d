import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { MemoryAssetStore, shotValueSchema, standaloneContext, type Outputs } from '../../src/engine'
import shotList from './node'

/** The node's `shots`, read back as shot values. */
const shotsOf = (outputs: Outputs) => z.array(shotValueSchema).parse(outputs.shots)

async function withScript(text: string, name: string) {
  const assets = new MemoryAssetStore()
  const script = await assets.put(new Blob([text], { type: 'text/plain' }), { kind: 'file', mime: 'text/plain', meta: { name } })
  return { ctx: standaloneContext({ assets }), script }
}

describe('shot-list node', () => {
  it('outputs its rows as shots, in order', async () => {
    const params = shotList.params.parse({ rows: [{ id: '1B', action: 'she turns' }, { id: '1A', subject: 'Mara', keyMomentS: 2 }] })
    const shots = shotsOf(await shotList.run({ inputs: {}, params, ctx: standaloneContext() }))
    expect(shots.map((shot) => [shot.kind, shot.id, shot.scene, shot.durationS])).toEqual([
      ['shot', '1B', '1', 5],
      ['shot', '1A', '1', 5],
    ])
    expect(shots[1]?.keyMomentS).toBe(2)
    expect(shotList.listSizes?.(params)).toEqual({ shots: 2 })
  })

  it('reads its script file, which wins over the rows while it is set', async () => {
    const { ctx, script } = await withScript('EXT. RIDGE - DUSK\n\nMARA climbs.\n\nMARA\nThere.\n', 'film.fountain')
    const params = shotList.params.parse({ script, rows: [{ id: '9A', action: 'kept for later' }] })
    expect(shotsOf(await shotList.run({ inputs: {}, params, ctx }))).toEqual([expect.objectContaining({ kind: 'shot', id: '1A', environment: 'exterior, Ridge, dusk', dialogue: 'Mara: There.', characters: ['Mara'] })])
  })

  it('refuses a script it cannot read with the file’s name, the line and why; the rows stay', async () => {
    const { ctx, script } = await withScript('scene,action,duration\n1,runs,forever\n', 'shots.csv')
    const params = shotList.params.parse({ script, rows: [{ id: '9A' }] })
    await expect(shotList.run({ inputs: {}, params, ctx })).rejects.toThrow('“shots.csv” cannot be read: line 2: row 1: duration “forever” is not a number of seconds')
    expect(params.rows).toHaveLength(1)
  })

  it('says what to do with no shots, and refuses two shots with one id', async () => {
    await expect(shotList.run({ inputs: {}, params: shotList.params.parse({}), ctx: standaloneContext() })).rejects.toThrow('No shots yet')
    const twice = shotList.params.parse({ rows: [{ id: '1A' }, { id: '1A' }] })
    await expect(shotList.run({ inputs: {}, params: twice, ctx: standaloneContext() })).rejects.toThrow('Two shots are 1A')
  })

  it('refuses a row whose fields a shot cannot hold, with its path', () => {
    const result = shotList.params.safeParse({ rows: [{ id: '1A' }, { id: '1B', durationS: 0.5 }] })
    expect(result.error?.issues[0]?.path).toEqual(['rows', 1, 'durationS'])
  })
})
