import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { modelFiles } from './scripts/model-files.mjs'

/** Cross-origin isolation, so WASM threads and SharedArrayBuffer work (upscaling, media workers). */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export default defineConfig({
  plugins: [react(), modelFiles()],
  // The ESRGAN worker imports TensorFlow.js, which splits into chunks: workers need ES modules for that.
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: {
    target: 'es2022',
    rollupOptions: { input: { main: 'index.html', headless: 'headless.html' } },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'nodes/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // A guard against hangs, not a speed check: CI machines are shared and slow at times.
    testTimeout: 30_000,
  },
})
