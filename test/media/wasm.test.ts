import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { assemble, exportName, kernelsDirectory } from '../../scripts/wasm.mjs'

describe('WebAssembly kernels', () => {
  it('hold the bytes their .wat assembles to (run `node scripts/wasm.mjs` after editing one)', async () => {
    const sources = (await readdir(kernelsDirectory)).filter((file) => file.endsWith('.wat'))
    expect(sources.length).toBeGreaterThan(0)
    for (const file of sources) {
      const name = file.slice(0, -'.wat'.length)
      const bytes: Uint8Array = await assemble(file, await readFile(join(kernelsDirectory, file), 'utf8'))
      const built: Record<string, string> = await import(join(kernelsDirectory, `${name}-wasm.ts`))
      expect(built[exportName(name)], `${name}-wasm.ts`).toBe(Buffer.from(bytes).toString('base64'))
    }
  })
})
