/*
 * A take's poster: one small picture of it, decoded once from the stored clip with the media code
 * every node uses (`frameOf`, as the timeline's thumbnails), and kept by the file's hash: the bytes
 * behind a hash never change, so a kept poster is never out of date. The Dailies draw posters and
 * mount a <video> only for the take being looked at, since a hundred mounted videos cost most of
 * each frame of a scroll. Posters stay in memory, not in the asset store: one frame decodes in tens
 * of milliseconds, once a session, and the store holds files the pipeline made, not pictures of them.
 */
import type { AssetRef } from '../../engine'
import type { AssetStore } from '../../storage'
import { frameOf, type FramePick } from '../../media/video/frames'

/** As wide as a take is drawn in the Dailies. */
const POSTER_WIDTH = 176
/** Posters kept: two films of 40 shots × 3 takes; each is about 70 KB. */
const KEPT = 240

/** Posters by file hash, each decoded once; the oldest asked for is forgotten past `kept`. */
export interface PosterCache<Picture> {
  /** The poster already decoded, to draw at once (while a scroll goes by, say). */
  ready(hash: string): Picture | undefined
  /** The poster, decoding it the first time; a failure is not kept, so the next look tries again. */
  poster(take: AssetRef): Promise<Picture>
}

export function posterCache<Picture>(decode: (take: AssetRef) => Promise<Picture>, kept: number): PosterCache<Picture> {
  const pending = new Map<string, Promise<Picture>>()
  const decoded = new Map<string, Picture>()
  const remember = (hash: string, picture: Promise<Picture>) => {
    // Most recently asked for goes to the back, so the oldest is forgotten first.
    pending.delete(hash)
    pending.set(hash, picture)
    if (pending.size > kept) {
      const oldest = pending.keys().next().value as string
      pending.delete(oldest)
      // Forgotten, not closed: a take may be drawing it this moment.
      decoded.delete(oldest)
    }
  }
  return {
    ready: (hash) => decoded.get(hash),
    poster(take) {
      const found = pending.get(take.hash)
      if (found) {
        remember(take.hash, found)
        return found
      }
      const picture = decode(take).then((result) => {
        if (pending.get(take.hash) === picture) decoded.set(take.hash, result)
        return result
      })
      remember(take.hash, picture)
      picture.catch(() => {
        if (pending.get(take.hash) === picture) pending.delete(take.hash)
      })
      return picture
    },
  }
}

/** A third of the way in, where a shot has usually settled (a first frame is often black). */
export function posterTime(take: AssetRef): FramePick {
  const duration = take.meta.durationS
  return duration !== undefined && duration > 0 ? duration / 3 : 'first'
}

let shared: { assets: AssetStore; cache: PosterCache<ImageBitmap> } | undefined

/** The editor's posters, read from its asset store. */
export function takePosters(assets: AssetStore): PosterCache<ImageBitmap> {
  if (shared?.assets !== assets) {
    // One decode at a time: a screenful of takes decoding at once would hold the page still for seconds.
    let previous: Promise<unknown> = Promise.resolve()
    const decodeInTurn = (take: AssetRef) => {
      const turn = previous.then(() => decodePoster(assets, take))
      previous = turn.catch(() => undefined)
      return turn
    }
    shared = { assets, cache: posterCache(decodeInTurn, KEPT) }
  }
  return shared.cache
}

async function decodePoster(assets: AssetStore, take: AssetRef): Promise<ImageBitmap> {
  const frame = await frameOf(await assets.get(take.hash), posterTime(take))
  const height = Math.max(1, Math.round((frame.height * POSTER_WIDTH) / frame.width))
  const image = new ImageData(new Uint8ClampedArray(frame.pixels), frame.width, frame.height)
  return createImageBitmap(image, { resizeWidth: POSTER_WIDTH, resizeHeight: height, resizeQuality: 'medium' })
}
