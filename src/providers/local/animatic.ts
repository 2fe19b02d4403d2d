/*
 * The animatic: a local provider that needs no key and no network. It renders a previz clip of the
 * shot — the reference images (or a storyboard card) moved by the prompt's camera move, characters
 * in front of the location, a caption with the subject and action, the dialogue as subtitles, and
 * an ambient bed shaped by the mood — so a pipeline can be tried end to end before paying a cloud
 * model. Same request, same seed, same clip.
 */
import { encodeFrames } from '../../media/video/encode'
import { cameraMovesIn } from '../camera'
import { frameSize, type GeneratedClip, type GenerationProvider, type GenerationRequest, type ReferenceImage } from '../provider'
import { AMBIENCE_RATE, ambienceBed } from './ambience'
import { stageReferences } from './cast'
import { localJobs } from './jobs'
import { cameraPath, type View } from './motion'
import { seededRandom } from './seeded'
import { subtitleAt, subtitlesFor, type Subtitle } from './subtitles'

export const animatic: GenerationProvider = {
  id: 'animatic',
  name: 'Animatic (local previz)',
  capabilities: {
    // As long as the longest cloud models make, so a previz never promises a shot no back end can deliver.
    durationS: { min: 1, max: 25 },
    aspects: ['16:9', '9:16', '1:1'],
    heights: [480, 720, 1080],
    fps: [12, 24, 25, 30],
    maxReferenceImages: 8,
    nativeAudio: true,
  },
  runsOn: 'this-machine',
  pollIntervalMs: 100,
  estimateCost: () => ({ amount: 0, currency: 'USD', basis: 'rendered on this machine, offline' }),
  ...localJobs('animatic', renderAnimatic),
}

/** Renders the shot a request describes; exported for the benchmark, which times it without polling. */
export async function renderAnimatic(
  request: GenerationRequest,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<GeneratedClip> {
  const { durationS, fps, seed, prompt } = request
  const { width, height } = frameSize(request.aspect, request.height)
  const frameCount = Math.max(1, Math.round(durationS * fps))
  const layers = await layersFor(request, width, height, arrivalOf(prompt.fields.keyMomentS, frameCount / fps))
  const caption = captionOf(prompt)
  const subtitles = subtitlesFor(prompt.fields.dialogue ?? '', durationS)
  const [left, right] = ambienceBed(prompt.fields.mood ?? '', frameCount / fps, seed)
  try {
    const rendered = await encodeFrames({
      width,
      height,
      fps,
      frameCount,
      sound: { channels: [left, right], sampleRate: AMBIENCE_RATE },
      drawFrame: (context, index) => {
        drawPicture(context, layers, caption, frameCount > 1 ? index / (frameCount - 1) : 0)
        drawSubtitle(context, subtitleAt(subtitles, index / fps), subtitles)
      },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    })
    return { video: rendered.blob, width, height, fps, durationS: frameCount / fps, hasAudio: true }
  } finally {
    closeLayers(layers)
  }
}

/**
 * Where in the shot (0–1) the camera move should arrive: the prompt's key moment (README,
 * `shot-list` and `prompt`) over the shot's length; the whole shot without one, or with one that
 * falls outside it.
 */
export function arrivalOf(keyMomentS: string | undefined, durationS: number): number {
  const moment = Number(keyMomentS)
  if (keyMomentS === undefined || keyMomentS.trim() === '' || !Number.isFinite(moment) || moment <= 0 || moment >= durationS) return 1
  return moment / durationS
}

/** What a still of the shot is drawn from: the prompt, the references and the seed, as for a take. */
export type StillRequest = Pick<GenerationRequest, 'prompt' | 'references' | 'seed'>

/**
 * The shot's first frame as the animatic frames it — references staged, or the storyboard card,
 * and the caption — as a PNG: a storyboard frame made the same way the previz is.
 */
export async function renderStill(request: StillRequest, width: number, height: number): Promise<Blob> {
  const layers = await layersFor(request, width, height)
  try {
    const { card, context } = canvas2d(width, height)
    drawPicture(context, layers, captionOf(request.prompt), 0)
    return await card.convertToBlob({ type: 'image/png' })
  } finally {
    closeLayers(layers)
  }
}

/** One frame's picture at `progress` through the shot: the layers under the camera, and the caption. */
function drawPicture(context: OffscreenCanvasRenderingContext2D, layers: readonly PictureLayer[], caption: string, progress: number): void {
  const { width, height } = context.canvas
  context.fillStyle = '#000'
  context.fillRect(0, 0, width, height)
  for (const layer of layers) drawLayer(context, layer, progress)
  drawCaption(context, caption)
}

/** The caption a frame carries: who and what, as a storyboard panel is captioned. */
function captionOf(prompt: GenerationRequest['prompt']): string {
  return [prompt.fields.subject, prompt.fields.action].filter(Boolean).join(' — ')
}

function closeLayers(layers: readonly PictureLayer[]): void {
  for (const layer of layers) for (const plate of layer.plates) if (plate instanceof ImageBitmap) plate.close()
}

type Plate = ImageBitmap | OffscreenCanvas

/**
 * One depth of the picture: its pictures, where each sits in the frame before the camera moves
 * (`coverBox` fills it, `figureBox` stands a person in the lower middle), and the camera's path for it.
 */
interface PictureLayer {
  plates: Plate[]
  place: (plate: Plate, width: number, height: number) => Box
  view: (progress: number) => View
}

/**
 * The layers the camera moves over, back to front: the location (or the storyboard card) behind,
 * the characters in front. With no reference at all the card's figure is a layer of its own, so
 * moves through space parallax there too; a lone reference with no character is one layer.
 */
async function layersFor(request: StillRequest, width: number, height: number, arriveAt = 1): Promise<PictureLayer[]> {
  const moves = cameraMovesIn(request.prompt.fields.camera ?? '')
  const { background, foreground } = stageReferences(request.references)
  const behind: PictureLayer = {
    plates: background.length > 0 ? await decodeReferences(background) : [storyboardCard(request, width, height)],
    place: coverBox,
    view: cameraPath(moves, request.seed, 'background', arriveAt),
  }
  const near = cameraPath(moves, request.seed, 'foreground', arriveAt)
  if (foreground.length > 0) {
    const figures = await Promise.all((await decodeReferences(foreground)).map((plate) => shrunkToFigure(plate, width, height)))
    return [behind, { plates: figures, place: figureBox, view: near }]
  }
  if (background.length > 0) return [behind]
  const figure = storyboardFigure(request, width, height)
  return [behind, { plates: [figure.plate], place: () => figure.box, view: near }]
}

function decodeReferences(references: readonly ReferenceImage[]): Promise<ImageBitmap[]> {
  return Promise.all(
    references.map(({ image, name }) =>
      createImageBitmap(image).catch(() => {
        throw new Error(`cannot decode the reference image${name ? ` “${name}”` : ''} (${image.type || 'unknown type'}); use PNG, JPEG or WebP`)
      }),
    ),
  )
}

/**
 * A character's picture at about the size it is drawn, once, rather than a full-size still
 * resampled into a small box every frame; twice the box leaves room for a push-in.
 */
async function shrunkToFigure(plate: ImageBitmap, width: number, height: number): Promise<ImageBitmap> {
  const box = figureBox(plate, width, height)
  const scale = Math.min(1, (2 * box.width) / plate.width)
  if (scale === 1) return plate
  const shrunk = await createImageBitmap(plate, { resizeWidth: Math.round(plate.width * scale), resizeHeight: Math.round(plate.height * scale), resizeQuality: 'high' })
  plate.close()
  return shrunk
}

/**
 * Several pictures in a layer share the shot end to end, each dissolving into the next over the
 * last fifth of its part, so every one is seen under the same camera move.
 */
function drawLayer(context: OffscreenCanvasRenderingContext2D, layer: PictureLayer, progress: number): void {
  const { plates, place } = layer
  const view = layer.view(progress)
  const position = Math.min(plates.length - 1e-9, progress * plates.length)
  const index = Math.floor(position)
  drawPlate(context, plates[index] as Plate, place, view, 1)
  const within = position - index
  const next = plates[index + 1]
  if (next && within > 0.8) drawPlate(context, next, place, view, (within - 0.8) / 0.2)
}

function drawPlate(context: OffscreenCanvasRenderingContext2D, plate: Plate, place: PictureLayer['place'], view: View, alpha: number): void {
  const { width, height } = context.canvas
  const box = place(plate, width, height)
  context.save()
  context.globalAlpha = alpha
  // The camera's view of the frame: shifted, turned and scaled about the frame's centre.
  context.translate(width / 2 + view.shiftX * width, height / 2 + view.shiftY * height)
  context.rotate(view.rotation)
  context.scale(view.scale, view.scale)
  context.imageSmoothingQuality = 'high'
  context.drawImage(plate, box.x, box.y, box.width, box.height)
  context.restore()
}

interface Box {
  /** From the frame's centre. */
  x: number
  y: number
  width: number
  height: number
}

/** The plate filling the frame, cropped rather than letterboxed. */
function coverBox(plate: Plate, width: number, height: number): Box {
  const cover = Math.max(width / plate.width, height / plate.height)
  return { x: (-plate.width * cover) / 2, y: (-plate.height * cover) / 2, width: plate.width * cover, height: plate.height * cover }
}

/** A character standing in the shot: half the frame high (at most 40 % of it wide), feet near the bottom, in the middle. */
function figureBox(plate: Plate, width: number, height: number): Box {
  const scale = Math.min((0.5 * height) / plate.height, (0.4 * width) / plate.width)
  const box = { width: plate.width * scale, height: plate.height * scale }
  return { ...box, x: -box.width / 2, y: 0.42 * height - box.height }
}

function drawCaption(context: OffscreenCanvasRenderingContext2D, caption: string): void {
  if (!caption) return
  const { width, height } = context.canvas
  const size = Math.round(Math.min(width, height) / 26)
  context.font = `600 ${size}px sans-serif`
  context.textBaseline = 'top'
  context.textAlign = 'left'
  const lines = wrap(context, caption, width - 4 * size).slice(0, 3)
  const pad = size * 0.5
  const boxWidth = Math.max(...lines.map((line) => context.measureText(line).width)) + 2 * pad
  context.fillStyle = 'rgba(0, 0, 0, 0.55)'
  context.fillRect(size, size, boxWidth, lines.length * size * 1.25 + pad)
  context.fillStyle = '#fff'
  lines.forEach((line, i) => context.fillText(line, size + pad, size + pad / 2 + i * size * 1.25))
}

function drawSubtitle(context: OffscreenCanvasRenderingContext2D, subtitle: Subtitle | undefined, all: readonly Subtitle[]): void {
  if (!subtitle || all.length === 0) return
  const { width, height } = context.canvas
  const size = Math.round(Math.min(width, height) / 18)
  context.font = `500 ${size}px sans-serif`
  context.lineJoin = 'round'
  context.textAlign = 'center'
  context.textBaseline = 'bottom'
  const lines = wrap(context, subtitle.text, width * 0.86).slice(-3)
  lines.forEach((line, i) => {
    const y = height - size * 1.2 - (lines.length - 1 - i) * size * 1.25
    context.lineWidth = size / 6
    context.strokeStyle = 'rgba(0, 0, 0, 0.85)'
    context.strokeText(line, width / 2, y)
    context.fillStyle = '#ffec9e'
    context.fillText(line, width / 2, y)
  })
}

/** The card's look for a seed: its sky's hue, and where its figure stands across the frame. */
function cardLook(seed: number): { hue: number; figureX: number } {
  const random = seededRandom(seed)
  const hue = Math.round(random() * 360)
  return { hue, figureX: 0.42 + random() * 0.16 }
}

function canvas2d(width: number, height: number): { card: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } {
  const card = new OffscreenCanvas(width, height)
  const context = card.getContext('2d')
  if (!context) throw new Error('this browser gives no 2D canvas to draw on')
  return { card, context }
}

/** A readable storyboard card: a sky, a horizon, and the shot written on it; its figure is `storyboardFigure`. */
function storyboardCard(request: StillRequest, width: number, height: number): OffscreenCanvas {
  const { card, context } = canvas2d(width, height)
  const { hue } = cardLook(request.seed)
  const sky = context.createLinearGradient(0, 0, 0, height)
  sky.addColorStop(0, `hsl(${hue} 35% 70%)`)
  sky.addColorStop(0.62, `hsl(${(hue + 30) % 360} 30% 45%)`)
  sky.addColorStop(0.62, `hsl(${(hue + 180) % 360} 15% 30%)`)
  sky.addColorStop(1, `hsl(${(hue + 180) % 360} 15% 18%)`)
  context.fillStyle = sky
  context.fillRect(0, 0, width, height)
  // The caption already carries subject and action; the card writes where and how, in the middle
  // band, which every camera move keeps in frame.
  const { environment = '', lighting = '', mood = '' } = request.prompt.fields
  const unit = Math.min(width, height)
  const size = Math.round(unit / 16)
  context.fillStyle = 'rgba(255, 255, 255, 0.92)'
  context.textAlign = 'center'
  context.textBaseline = 'middle'
  context.font = `600 ${size}px sans-serif`
  const lines = [environment, lighting, mood].filter(Boolean).flatMap((text) => wrap(context, text, width * 0.7)).slice(0, 4)
  const top = height * 0.36 - ((lines.length - 1) * size * 1.3) / 2
  lines.forEach((line, i) => context.fillText(line, width / 2, top + i * size * 1.3))
  return card
}

/**
 * The card's figure, a layer of its own: in the middle third, so a push-in visibly closes on the
 * subject. Drawn on a canvas only as big as the figure, so the layer costs little to draw each frame.
 */
function storyboardFigure(request: StillRequest, width: number, height: number): { plate: OffscreenCanvas; box: Box } {
  const unit = Math.min(width, height)
  const head = unit * 0.05
  const box: Box = { x: width * (cardLook(request.seed).figureX - 0.5) - head, y: height * 0.28 - unit * 0.34 - head, width: 2 * head, height: unit * 0.34 + head }
  const { card, context } = canvas2d(Math.ceil(box.width), Math.ceil(box.height))
  context.fillStyle = 'rgba(20, 20, 24, 0.9)'
  context.beginPath()
  context.arc(head, head, head, 0, Math.PI * 2)
  context.fill()
  context.fillRect(head - unit * 0.045, head + unit * 0.06, unit * 0.09, unit * 0.28)
  return { plate: card, box }
}

/** Splits text into lines no wider than `maxWidth` in the context's current font. */
function wrap(context: OffscreenCanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word
    if (line && context.measureText(candidate).width > maxWidth) {
      lines.push(line)
      line = word
    } else line = candidate
  }
  if (line) lines.push(line)
  return lines
}
