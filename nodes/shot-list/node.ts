import { z } from 'zod'
import { assetParam, defineNode, port, shotValueSchema, type AssetRef, type ParamUi, type ShotValue } from '../../src/engine'
import { ACCEPTED_SCRIPTS, readScript } from './read-script'
import { MAX_SHOTS, ScriptRefusal, type ShotRow } from './shots'

/** A row of the node's own table: a shot without its `kind`, each field defaulted so a new row is valid. */
export const shotRowSchema = shotValueSchema.omit({ kind: true }).extend({
  scene: shotValueSchema.shape.scene.default('1'),
  subject: shotValueSchema.shape.subject.default(''),
  action: shotValueSchema.shape.action.default(''),
  environment: shotValueSchema.shape.environment.default(''),
  camera: shotValueSchema.shape.camera.default(''),
  lighting: shotValueSchema.shape.lighting.default(''),
  mood: shotValueSchema.shape.mood.default(''),
  style: shotValueSchema.shape.style.default(''),
  dialogue: shotValueSchema.shape.dialogue.default(''),
  durationS: shotValueSchema.shape.durationS.default(5),
  characters: shotValueSchema.shape.characters.default([]),
  notes: shotValueSchema.shape.notes.default(''),
})

export default defineNode({
  type: 'shot-list',
  version: 1,
  title: 'Shot list',
  category: 'Pre-production',
  description: 'Shots from a screenplay (Fountain) or a shot table (CSV, TSV, pasted rows), or typed in its own table: what takes one shot runs once per shot.',
  inputs: {},
  outputs: { shots: port.list('shot', { label: 'Shots' }) },
  params: z.object({
    script: assetParam('file', ACCEPTED_SCRIPTS)
      .optional()
      .meta({ label: 'Script', description: 'A Fountain screenplay (.fountain, .txt) or a shot table (.csv, .tsv). While a script is set its shots are used; “Edit as table” copies them into the rows.' } satisfies ParamUi),
    rows: z
      .array(shotRowSchema)
      .max(MAX_SHOTS, `holds at most ${MAX_SHOTS} shots`)
      .default([])
      .meta({ label: 'Shots', description: 'The shot table: edit it on the node or, larger, in the dock.' } satisfies ParamUi),
  }),
  listSizes: (params) => (params.script ? {} : { shots: params.rows.length }),
  pure: true,
  async run({ params, ctx }) {
    const rows = params.script ? await scriptShots(params.script, (ref) => ctx.assets.get(ref)) : params.rows
    if (rows.length === 0) throw new Error('No shots yet: load a script (Fountain, CSV or TSV) or add a row.')
    const ids = new Set<string>()
    for (const row of rows) {
      if (ids.has(row.id)) throw new Error(`Two shots are ${row.id}: each shot needs its own id, so its takes stay its own.`)
      ids.add(row.id)
    }
    ctx.log(`${rows.length} ${rows.length === 1 ? 'shot' : 'shots'} in ${new Set(rows.map((row) => row.scene)).size} scenes`)
    const shots: ShotValue[] = rows.map((row) => ({ kind: 'shot', ...row }))
    return { shots }
  },
})

/** The shots of the script file, or the refusal with its lines, naming the file. */
async function scriptShots(script: AssetRef, get: (ref: AssetRef) => Promise<Blob>): Promise<ShotRow[]> {
  const name = script.meta.name ?? 'the script'
  const reading = readScript(new Uint8Array(await (await get(script)).arrayBuffer()), name)
  if (!reading.ok) throw new Error(`“${name}” cannot be read: ${new ScriptRefusal(reading.problems).message}. The shots already in the node are kept.`)
  return reading.shots
}
