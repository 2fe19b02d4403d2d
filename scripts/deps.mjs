#!/usr/bin/env node
/**
 * `npm run deps`: the layer graph read from the imports, and a refusal of every import that points
 * up it or sideways where docs/architecture.md ("Layers") says it may not. Prints each pair of
 * layers with how many imports join them, then each refused import with its file and line; exits
 * 1 when there is any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Top to bottom, each with the layers it may import (besides itself). */
export const LAYERS = [
  { name: 'app', folder: 'src/app', may: ['editor', 'nodes', 'document', 'providers', 'storage', 'media', 'engine', 'graph'] },
  { name: 'editor', folder: 'src/editor', may: ['document', 'nodes', 'providers', 'storage', 'media', 'engine', 'graph'] },
  { name: 'nodes', folder: 'nodes', may: ['providers', 'storage', 'media', 'engine', 'graph'] },
  { name: 'document', folder: 'src/document', may: ['providers', 'storage', 'media', 'engine', 'graph'] },
  { name: 'providers', folder: 'src/providers', may: ['storage', 'media', 'engine', 'graph'] },
  { name: 'storage', folder: 'src/storage', may: ['engine', 'graph'] },
  { name: 'media', folder: 'src/media', may: [] },
  { name: 'engine', folder: 'src/engine', may: ['graph'] },
  { name: 'graph', folder: 'src/graph', may: [] },
]

/** The layer a repository path belongs to, or undefined outside the layered code (tests, scripts). */
export function layerOf(path) {
  return LAYERS.find((layer) => path === layer.folder || path.startsWith(`${layer.folder}/`))
}

const EDITOR_STATE = 'src/editor/state'

function within(path, folder) {
  return path === folder || path.startsWith(`${folder}/`)
}

/** Why an import from `from` to `to` (repository paths) is refused, or undefined when it may be. */
export function refusal(from, to) {
  const source = layerOf(from)
  const target = layerOf(to)
  if (!source || !target) return undefined
  if (source === target) {
    // Each node folder stands alone: what two node types share belongs in a layer below them.
    if (source.name === 'nodes' && from.split('/')[1] !== to.split('/')[1]) return 'a node folder imports another node folder'
    // The editor's state is what its UI folders read: it reaches none of them.
    if (within(from, EDITOR_STATE) && !within(to, EDITOR_STATE)) return 'editor state imports an editor UI folder'
    return undefined
  }
  // A node's panel is UI: it reaches the editor through its panel kit only.
  if (source.name === 'nodes' && /^nodes\/[^/]+\/panel\.tsx$/.test(from) && to.startsWith('src/editor/panel-kit')) return undefined
  return source.may.includes(target.name) ? undefined : `${source.name} may not import ${target.name}`
}

const SOURCE = /\.(ts|tsx|mts|mjs)$/
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.[^'"]*)['"]/g

function* sourceFiles(folder) {
  for (const entry of readdirSync(join(root, folder))) {
    const path = `${folder}/${entry}`
    if (statSync(join(root, path)).isDirectory()) yield* sourceFiles(path)
    else if (SOURCE.test(entry) && !/\.test\.tsx?$/.test(entry)) yield path
  }
}

/** Every relative import of the layered code: `{ from, to, line }` with repository paths. */
export function imports() {
  const found = []
  for (const layer of LAYERS) {
    let files
    try {
      files = [...sourceFiles(layer.folder)]
    } catch {
      continue
    }
    for (const from of files) {
      const lines = readFileSync(join(root, from), 'utf8').split('\n')
      lines.forEach((text, index) => {
        for (const match of text.matchAll(SPECIFIER)) {
          const to = relative(root, resolve(root, dirname(from), match[1]))
          found.push({ from, to, line: index + 1 })
        }
      })
    }
  }
  return found
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const counts = new Map()
  const refused = []
  for (const edge of imports()) {
    const source = layerOf(edge.from)?.name
    const target = layerOf(edge.to)?.name
    if (source && target && source !== target) counts.set(`${source} → ${target}`, (counts.get(`${source} → ${target}`) ?? 0) + 1)
    const why = refusal(edge.from, edge.to)
    if (why) refused.push(`${edge.from}:${edge.line} imports ${edge.to}: ${why}`)
  }
  console.log('Layers, top to bottom:', LAYERS.map((layer) => layer.name).join(' › '))
  for (const layer of LAYERS) {
    const out = [...counts].filter(([pair]) => pair.startsWith(`${layer.name} →`)).map(([pair, count]) => `${pair.split(' → ')[1]} (${count})`)
    console.log(`  ${layer.name.padEnd(9)} → ${out.length > 0 ? out.join(', ') : 'nothing'}`)
  }
  if (refused.length > 0) {
    console.log(`\n${refused.length} import${refused.length === 1 ? '' : 's'} against the layers (docs/architecture.md, "Layers"):`)
    for (const line of refused) console.log(`  ${line}`)
    process.exit(1)
  }
  console.log('\nEvery import points down the layers.')
}
