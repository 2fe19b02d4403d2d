import { z } from 'zod'
import { assetRefSchema, defineNode, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { decodeWav, encodeWav } from '../../src/media/audio/wav'

/** A mix's audio carries its stems (stored by the mix node, which also outputs them as `stems`). */
const mixStemsSchema = z.array(assetRefSchema)

export default defineNode({
  type: 'export-stems',
  version: 1,
  title: 'Export stems',
  category: 'Outputs',
  description: 'The full mix and one stem per role (dialogue, score, ambience, foley, original) as WAV files, ready for a mixing room or an editor.',
  inputs: { audio: port.audio({ label: 'Mix' }) },
  outputs: { files: port.list('audio', { label: 'WAV files' }) },
  params: z.object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^/\\:*?"<>|]+$/, 'cannot hold / \\ : * ? " < > |')
      .default('mix')
      .meta({ label: 'File name', description: 'The mix is <name>.wav, each stem <name>-<role>.wav.' } satisfies ParamUi),
    encoding: z
      .enum(['float32', 'pcm16'])
      .default('float32')
      .meta({
        label: 'Samples',
        description: '32-bit float keeps every level exactly and never clips; 16-bit PCM is for players that cannot read float WAV.',
      } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const stems = mixStemsSchema.safeParse(inputs.audio.meta.stems)
    if (!stems.success) throw new Error('this sound is not the output of a Mix node, so it has no stems: link a Mix node’s “Mix” output here')
    const files = [{ ref: inputs.audio, name: `${params.name}.wav` }]
    for (const stem of stems.data) files.push({ ref: stem, name: `${params.name}-${stem.meta.role ?? 'stem'}.wav` })
    const exported: AssetRef[] = []
    for (const [index, file] of files.entries()) {
      ctx.signal.throwIfAborted()
      exported.push(params.encoding === 'float32' ? renamed(file.ref, file.name) : await toPcm16(file.ref, file.name, ctx))
      ctx.progress((index + 1) / files.length)
    }
    return { files: exported }
  },
})

/** The mix stores float WAV already: the same bytes, under the file name they will be saved as. */
function renamed(ref: AssetRef, name: string): AssetRef {
  const { stems: _stems, ...meta } = ref.meta
  return { ...ref, meta: { ...meta, name } }
}

async function toPcm16(ref: AssetRef, name: string, ctx: RunContext): Promise<AssetRef> {
  const { channels, sampleRate } = decodeWav(await (await ctx.assets.get(ref)).arrayBuffer())
  const clipped = channels.reduce((count, channel) => count + channel.filter((sample) => Math.abs(sample) > 1).length, 0)
  if (clipped > 0) ctx.log(`${name}: ${clipped} samples are over full scale and clip in 16 bits; lower the mix or keep float`)
  const bytes = encodeWav(channels, sampleRate, { encoding: 'pcm16' })
  const { stems: _stems, ...meta } = ref.meta
  return ctx.assets.put(new Blob([bytes], { type: 'audio/wav' }), { kind: 'audio', mime: 'audio/wav', meta: { ...meta, name } })
}
