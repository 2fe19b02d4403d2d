/*
 * Small pictures of a clip's frames for the timeline, decoded from the stored file with the media
 * code every node uses (`frameOf`), kept by the file's hash and the frame: the bytes behind a hash
 * never change, so what is kept is never out of date.
 */
import type { AssetStore } from '../../storage'
import { frameOf } from '../../media/video/frames'

/** How wide a kept picture is; the timeline draws it at most this wide. */
const THUMBNAIL_WIDTH = 160
/** Pictures kept; each is about 60 KB. */
const KEPT = 96

const kept = new Map<string, Promise<ImageBitmap>>()

/** The picture of the clip `hash` at `seconds` from its first frame, decoded once. */
export function thumbnail(assets: AssetStore, hash: string, seconds: number): Promise<ImageBitmap> {
  const key = `${hash}@${seconds.toFixed(4)}`
  const found = kept.get(key)
  if (found) {
    // Most recently asked for goes to the back, so the oldest is forgotten first.
    kept.delete(key)
    kept.set(key, found)
    return found
  }
  const picture = decode(assets, hash, seconds)
  kept.set(key, picture)
  // A failure is not kept: the next look tries again.
  picture.catch(() => kept.delete(key))
  // Forgotten, not closed: a timeline may be drawing it this moment.
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!)
  return picture
}

async function decode(assets: AssetStore, hash: string, seconds: number): Promise<ImageBitmap> {
  const frame = await frameOf(await assets.get(hash), seconds)
  const height = Math.max(1, Math.round((frame.height * THUMBNAIL_WIDTH) / frame.width))
  const image = new ImageData(new Uint8ClampedArray(frame.pixels), frame.width, frame.height)
  return createImageBitmap(image, { resizeWidth: THUMBNAIL_WIDTH, resizeHeight: height, resizeQuality: 'medium' })
}
