// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { Blob as NodeBlob } from 'node:buffer'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { FileField } from '../../src/editor/inspector/FileField'
import { FilesField } from '../../src/editor/inspector/FilesField'
import { paramControl, type ParamControl } from '../../src/editor/inspector/param-control'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { assetParam, isAssetRef, NodeRegistry, type AssetRef } from '../../src/engine'
import type { Storage } from '../../src/storage'
import { doc } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'
import { storeMediaUnderJsdom } from './jsdom-media'

const open: EditorStore[] = []
afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

storeMediaUnderJsdom()
// A picture is "opened" by a stand-in for the browser's createImageBitmap that accepts PNG bytes
// only, as a browser refuses a non-image.
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47]
beforeAll(() => {
  globalThis.createImageBitmap = (async (image: Blob) => {
    const head = [...new Uint8Array(await image.slice(0, 4).arrayBuffer())]
    if (head.join() !== PNG_SIGNATURE.join()) throw new DOMException('The source image could not be decoded.', 'InvalidStateError')
    return { width: 64, height: 36, close: () => undefined }
  }) as unknown as typeof createImageBitmap
})

/** A file as the picker gives it; its bytes (a PNG's or not) are what storing reads. */
function pickedFile(name: string, type: string, png: boolean, seed = 0): File {
  const bytes = new Uint8Array(32).fill(seed)
  if (png) bytes.set(PNG_SIGNATURE)
  // A Node Blob with a name: jsdom's File cannot be hashed by Node's WebCrypto, and the field reads only name, type and bytes.
  return Object.assign(new NodeBlob([bytes], { type }), { name, lastModified: 0 }) as unknown as File
}

/** A field inside the editor's context, holding its value as a node's param: every write is kept. */
function mount(name: string, schema: z.ZodType, initial?: unknown) {
  const storage: Storage = freshStorage()
  const store = createEditorStore({ storage, registry: new NodeRegistry([]) }, doc([]))
  open.push(store)
  const control: ParamControl = paramControl(name, schema)
  const written: unknown[] = []
  function Holder() {
    const [value, setValue] = useState<unknown>(initial)
    const onChange = (changed: unknown) => {
      written.push(changed)
      setValue(changed)
    }
    if (control.kind === 'file') return <FileField control={control} value={value} onChange={onChange} />
    if (control.kind === 'files') return <FilesField control={control} value={value} onChange={onChange} />
    throw new Error(`${name} is not a file param`)
  }
  render(
    <EditorProvider value={{ store, storage, registry: new NodeRegistry([]) }}>
      <Holder />
    </EditorProvider>,
  )
  const user = userEvent.setup({ applyAccept: false })
  /** Picks files and waits until the field has stored them: it writes, or says what it refused. */
  const upload = async (picker: HTMLElement, files: File | File[]) => {
    const before = written.length
    await user.upload(picker, files)
    await waitFor(() => expect(written.length > before || screen.queryAllByRole('alert').length > 0).toBe(true))
  }
  return { storage, written, user, upload }
}

async function stored(storage: Storage, ref: unknown): Promise<{ pinned: boolean } | undefined> {
  if (!isAssetRef(ref)) return undefined
  const [facts] = await storage.assets.facts([ref.hash])
  return facts && { pinned: facts.pinned === 1 }
}

describe('a file field', () => {
  it('stores the chosen LUT pinned, captions it by name, and Clear empties an optional param', async () => {
    const { storage, written, user, upload } = mount('lut', assetParam('lut', '.cube').optional().meta({ label: 'LUT (.cube)' }))
    const picker = screen.getByLabelText('LUT (.cube)')
    expect(picker.getAttribute('accept')).toBe('.cube')

    await upload(picker, pickedFile('teal-orange.cube', '', false))
    const ref = written.at(-1) as AssetRef
    expect(ref).toMatchObject({ kind: 'lut', meta: { name: 'teal-orange.cube' } })
    expect(await stored(storage, ref)).toEqual({ pinned: true })
    expect(screen.getByText('teal-orange.cube')).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Clear' }))
    expect(written.at(-1)).toBeUndefined()
    expect(screen.queryByText('teal-orange.cube')).toBeNull()
  })

  it('offers no Clear for a file the node needs', async () => {
    const { written, upload } = mount('file', assetParam('lut', '.cube').meta({ label: 'LUT' }))
    await upload(screen.getByLabelText('LUT'), pickedFile('look.cube', '', false))
    expect(isAssetRef(written.at(-1))).toBe(true)
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull()
  })

  it('refuses a file that is not a picture by its name, and keeps the picture it had', async () => {
    const { written, upload } = mount('file', assetParam('image', 'image/png').optional().meta({ label: 'Image file' }))
    const picker = screen.getByLabelText('Image file')
    await upload(picker, pickedFile('still.png', 'image/png', true))
    const kept = written.at(-1) as AssetRef
    expect(kept.meta).toMatchObject({ name: 'still.png', width: 64, height: 36 })
    expect(screen.getByText('still.png · 64×36')).toBeTruthy()

    await upload(picker, pickedFile('notes.png', 'image/png', false))
    expect(screen.getByRole('alert').textContent).toBe('“notes.png” is not an image this browser can open; use PNG, JPEG or WebP.')
    expect(picker.getAttribute('aria-invalid')).toBe('true')
    expect(written).toEqual([kept])
    expect(screen.getByText('still.png · 64×36')).toBeTruthy()
  })
})

describe('a files field', () => {
  const references = () => z.array(assetParam('image', 'image/png')).max(3).default([]).meta({ label: 'Reference images' })

  it('adds several files at once, refuses the ones it cannot open by name, and keeps the rest', async () => {
    const { storage, written, upload } = mount('images', references())
    const picker = screen.getByLabelText('Reference images')
    await upload(picker, [pickedFile('front.png', 'image/png', true, 1), pickedFile('broken.png', 'image/png', false, 2), pickedFile('side.png', 'image/png', true, 3)])
    const added = written.at(-1) as AssetRef[]
    expect(added.map((ref) => ref.meta.name)).toEqual(['front.png', 'side.png'])
    expect(await Promise.all(added.map((ref) => stored(storage, ref)))).toEqual([{ pinned: true }, { pinned: true }])
    expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toEqual(['“broken.png” is not an image this browser can open; use PNG, JPEG or WebP.'])
  })

  it('takes no more than it holds, says how many were left out, and Remove takes one out', async () => {
    const { written, user, upload } = mount('images', references())
    const picker = screen.getByLabelText('Reference images')
    await upload(picker, [1, 2, 3, 4, 5].map((seed) => pickedFile(`angle-${seed}.png`, 'image/png', true, seed)))
    expect((written.at(-1) as AssetRef[]).map((ref) => ref.meta.name)).toEqual(['angle-1.png', 'angle-2.png', 'angle-3.png'])
    expect(screen.getByRole('alert').textContent).toBe('Reference images holds at most 3; 2 left out.')
    expect(picker).toHaveProperty('disabled', true)

    await user.click(screen.getByRole('button', { name: 'Remove angle-2.png' }))
    expect((written.at(-1) as AssetRef[]).map((ref) => ref.meta.name)).toEqual(['angle-1.png', 'angle-3.png'])
    expect(picker).toHaveProperty('disabled', false)
  })
})
