#!/usr/bin/env node
/** `npm start`: builds the app when needed and serves it, offline, at http://localhost:PORT/. */
import { serverOrigins } from './csp.mjs'
import { ensureDist, distDir } from './dist.mjs'
import { serveStatic } from './serve.mjs'

const requested = process.env.PORT === undefined ? 5173 : Number(process.env.PORT)
if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
  console.error(`PORT must be a number from 0 to 65535, not "${process.env.PORT}"`)
  process.exit(2)
}
const host = process.env.HOST ?? '127.0.0.1'
// ComfyUI servers on other machines must be named here for the page to be allowed to call them (README, "Security").
let connectSources = []
try {
  connectSources = serverOrigins(process.env.COMFYUI_URL ?? '')
} catch (error) {
  console.error(`COMFYUI_URL must be addresses like http://192.168.1.20:8188, separated by commas: ${error.message}`)
  process.exit(2)
}
/** How many ports after a taken one we try before giving up. */
const PORT_ATTEMPTS = 20

await ensureDist({ log: (message) => console.log(message) })

let served
for (let port = requested; served === undefined; port++) {
  try {
    served = await serveStatic({ root: distDir, port, host, connectSources })
  } catch (error) {
    const taken = error.code === 'EADDRINUSE'
    if (!taken || requested === 0 || port - requested >= PORT_ATTEMPTS) {
      console.error(taken ? `Ports ${requested}–${port} are all in use; set PORT to a free one.` : error.message)
      process.exit(1)
    }
    console.log(`Port ${port} is in use; trying ${port + 1}.`)
  }
}
console.log(`Reelgraph is running at ${served.url}`)
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  console.log(`HOST=${host}: other machines that can reach this one can open the app and use its proxy (README, "Security").`)
}
console.log('Press Ctrl+C to stop.')

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void served.close().then(() => process.exit(0))
  })
}
