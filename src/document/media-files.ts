import type { AssetKind, AssetMeta, AssetRef } from '../engine'
import type { AssetStore } from '../storage'

/**
 * Stores a file the person brought in (uploaded, dropped, pasted) as a pinned asset: a document's
 * own inputs are never evicted. Images are opened first, so a file the browser cannot show is
 * refused here with its name, not later on the node.
 */
export async function storeMediaFile(assets: AssetStore, file: Blob, kind: AssetKind, name: string): Promise<AssetRef> {
  const meta: AssetMeta = { name, ...(kind === 'image' ? await imageSize(file, name) : {}) }
  return assets.put(file, { kind, mime: file.type || undefined, meta }, { pin: true })
}

async function imageSize(file: Blob, name: string): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(file).catch(() => {
    throw new Error(`“${name}” is not an image this browser can open; use PNG, JPEG or WebP.`)
  })
  const size = { width: bitmap.width, height: bitmap.height }
  bitmap.close()
  return size
}

/** The first image among dropped or pasted files. */
export function firstImage(files: FileList | readonly File[]): File | undefined {
  return [...files].find((file) => file.type.startsWith('image/'))
}

/** The first clip among dropped files; an MKV often comes without a media type, so its name counts too. */
export function firstClip(files: FileList | readonly File[]): File | undefined {
  return [...files].find((file) => file.type.startsWith('video/') || /\.(mp4|m4v|mov|webm|mkv)$/i.test(file.name))
}

/** The first sound among dropped files; an Opus or FLAC file often comes without a media type. */
export function firstSound(files: FileList | readonly File[]): File | undefined {
  return [...files].find((file) => file.type.startsWith('audio/') || /\.(wav|mp3|m4a|aac|ogg|opus|flac)$/i.test(file.name))
}
