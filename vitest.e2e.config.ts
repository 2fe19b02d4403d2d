import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * End-to-end tests: the built app and the runner in real Chromium. `npm test` builds dist/ first.
 * Each file has a browser of its own, its own servers on ports the system hands out and its own temp
 * directories, so files run side by side: a file spends much of its time waiting on its browser,
 * and two on two cores keep both busy. More than four Chromiums with media in them only add memory.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    maxWorkers: Math.min(availableParallelism(), 4),
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
