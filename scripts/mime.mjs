/**
 * File extensions and their media types, one table for the static server (what to send), the
 * runner's inputs (what a file is) and its outputs (what to name a result).
 */
const table = [
  ['html', 'text/html; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['mjs', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
  ['json', 'application/json; charset=utf-8'],
  ['map', 'application/json; charset=utf-8'],
  ['txt', 'text/plain; charset=utf-8'],
  ['md', 'text/markdown; charset=utf-8'],
  ['wasm', 'application/wasm'],
  ['bin', 'application/octet-stream'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
  ['avif', 'image/avif'],
  ['bmp', 'image/bmp'],
  ['svg', 'image/svg+xml'],
  ['ico', 'image/x-icon'],
  ['mp4', 'video/mp4'],
  ['m4v', 'video/mp4'],
  ['webm', 'video/webm'],
  ['mov', 'video/quicktime'],
  ['mkv', 'video/x-matroska'],
  ['wav', 'audio/wav'],
  ['mp3', 'audio/mpeg'],
  ['m4a', 'audio/mp4'],
  ['aac', 'audio/aac'],
  ['ogg', 'audio/ogg'],
  ['opus', 'audio/opus'],
  ['flac', 'audio/flac'],
  ['cube', 'text/plain; charset=utf-8'],
  ['woff', 'font/woff'],
  ['woff2', 'font/woff2'],
]

const byExtension = new Map(table)
/** The first extension listed for a type names files of that type (`image/jpeg` → `jpg`). */
const byType = new Map()
for (const [extension, type] of table) {
  const bare = type.split(';')[0]
  if (!byType.has(bare)) byType.set(bare, extension)
}
byType.set('audio/x-wav', 'wav')
byType.set('audio/wave', 'wav')
// What Reelgraph exports for other tools: a grade as a .cube LUT, a cut as a CMX 3600 EDL, as
// OpenTimelineIO and as FCPXML.
byType.set('text/x-cube', 'cube')
byType.set('text/x-edl', 'edl')
byType.set('application/x-otio+json', 'otio')
byType.set('application/x-fcpxml', 'fcpxml')

/** The media type to send for a file name, `application/octet-stream` when unknown. */
export function mimeForPath(path) {
  const dot = path.lastIndexOf('.')
  const extension = dot < 0 ? '' : path.slice(dot + 1).toLowerCase()
  return byExtension.get(extension) ?? 'application/octet-stream'
}

/** The extension to write a value of this media type under, `bin` when unknown. */
export function extensionForMime(mime) {
  return byType.get(String(mime).split(';')[0].trim().toLowerCase()) ?? 'bin'
}
