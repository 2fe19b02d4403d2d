/**
 * A Vite plugin that serves the ML models the app runs from its own origin: at build time it
 * copies each model's folder (src/media/ml/models.json) out of node_modules into the build, under
 * the name the app asks for (`models/esrgan-slim/x2/model.json`, its weights beside it), and the
 * dev server answers the same paths from node_modules. Nothing is fetched from a CDN at run time.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from './dist.mjs'

/** @returns {{ packageFolder: string, servedFolder: string }[]} */
function modelFolders() {
  return Object.values(JSON.parse(readFileSync(join(projectRoot, 'src', 'media', 'ml', 'models.json'), 'utf8')))
}

/** @returns {import('vite').Plugin} */
export function modelFiles() {
  const folders = modelFolders()
  const sourceOf = (folder) => join(projectRoot, 'node_modules', folder.packageFolder)
  let base = '/'
  return {
    name: 'reelgraph-model-files',
    configResolved(config) {
      base = config.base
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
        const folder = folders.find(({ servedFolder }) => path.startsWith(`${base}${servedFolder}/`))
        const name = folder && path.slice(`${base}${folder.servedFolder}/`.length)
        if (!folder || !readdirSync(sourceOf(folder)).includes(name)) return next()
        response.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/octet-stream')
        response.end(readFileSync(join(sourceOf(folder), name)))
      })
    },
    generateBundle() {
      for (const folder of folders) {
        for (const name of readdirSync(sourceOf(folder))) {
          this.emitFile({ type: 'asset', fileName: `${folder.servedFolder}/${name}`, source: readFileSync(join(sourceOf(folder), name)) })
        }
      }
    },
  }
}
