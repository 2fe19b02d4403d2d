import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { appContentSecurityPolicy } from './scripts/csp.mjs'
import { modelFiles } from './scripts/model-files.mjs'

/** Cross-origin isolation, so WASM threads and SharedArrayBuffer work (upscaling, media workers). */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

const unitTests = ['test/**/*.test.ts', 'test/**/*.test.tsx', 'nodes/**/*.test.ts', 'nodes/**/*.test.tsx', 'src/**/*.test.ts']
const notUnitTests = ['test/e2e/**', 'node_modules/**']
/** Unit tests that render or measure media and compare it with ffmpeg's reading. */
const mediaTests = ['test/media/**/*.test.ts', 'nodes/upscale/**/*.test.ts', 'nodes/generate-image/**/*.test.ts']

/**
 * The dev server injects inline scripts of its own (React's refresh preamble): they carry this
 * nonce, drawn anew each time the server starts, and nothing else inline may run. The build has no
 * inline script, so `vite preview` and `npm start` send the policy without one.
 */
const devScriptNonce = randomBytes(16).toString('base64')

export default defineConfig(({ command }) => ({
  plugins: [react(), modelFiles()],
  ...(command === 'serve' ? { html: { cspNonce: devScriptNonce } } : {}),
  // The ESRGAN worker imports TensorFlow.js, which splits into chunks: workers need ES modules for that.
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  server: { headers: { ...isolationHeaders, 'Content-Security-Policy': appContentSecurityPolicy({ scriptNonce: devScriptNonce }) } },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': appContentSecurityPolicy() } },
  build: {
    target: 'es2022',
    rollupOptions: { input: { main: 'index.html', headless: 'headless.html' } },
  },
  test: {
    environment: 'node',
    // A guard against hangs, not a speed check: CI machines are shared and slow at times.
    testTimeout: 30_000,
    // Vitest's own default is one worker fewer than the cores, which on a two-core CI machine is one
    // file at a time. The main process only hands out files and prints, so every core runs a file.
    maxWorkers: availableParallelism(),
    // Two suites: `core` (graph, engine, storage, providers, the nodes' logic) is checked in seconds
    // after a change to the engine; `media` holds the comparisons with ffmpeg. `vitest run` runs both.
    projects: [
      { extends: true, test: { name: 'core', include: unitTests, exclude: [...notUnitTests, ...mediaTests] } },
      { extends: true, test: { name: 'media', include: mediaTests, exclude: notUnitTests } },
    ],
  },
}))
