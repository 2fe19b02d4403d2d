import { defineConfig } from 'vitest/config'

/**
 * End-to-end tests: the built app and the runner in real Chromium. `npm test` builds dist/ first;
 * files run one after another, since each starts a browser.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
