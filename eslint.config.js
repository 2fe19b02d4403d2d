import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/*
 * Imports only point down the layers of docs/architecture.md (`npm run deps` prints the graph and
 * refuses what points up). Each rule below says what a layer may not
 * reach for, and why; ESLint applies one `no-restricted-imports` per file, so each layer gets its
 * whole list in one place.
 */

const coreMessage =
  'src/graph and src/engine are plain TypeScript, runnable in Node under Vitest and in the headless runner: no UI framework, no state library, no database.'
const mediaMessage =
  'storage, media and providers sit below the UI: they serve the editor and the runner alike and must not depend on React or its stores.'
const upwardMessage =
  'src/editor and src/app are the top layers; nothing below them imports them (docs/architecture.md, "Layers"). Move what is shared down a layer.'

const appMessage = 'src/app is start-up wiring that nothing imports (docs/architecture.md, "Layers"): what the editor needs lives in the editor or a layer below it.'
const documentMessage = 'Document services (opening, bundles, share links, templates, what a run would spend) sit below the editor: no UI framework, no editor state.'

const noUpwardImports = {
  regex: '^(\\.\\.?/)+(src/)?(editor|app)(/|$)',
  message: upwardMessage,
}

const restrict = (packages, message) => ({
  paths: packages.map((name) => ({ name, message })),
  patterns: [{ group: packages.map((name) => `${name}/*`), message }, noUpwardImports],
})

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'test-results/', 'playwright-report/', '.reelgraph/', '.scratch/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.browser },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '*.config.{js,ts}', '.ci/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/editor/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'nodes/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // src/app is start-up wiring: the editor keeps its own state (src/editor/state) and nothing imports the app.
    files: ['src/editor/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\.?/)+(src/)?app(/|$)', message: appMessage }] }] },
  },
  {
    files: ['src/document/**'],
    rules: { 'no-restricted-imports': ['error', restrict(['react', 'react-dom', '@xyflow/react', 'zustand'], documentMessage)] },
  },
  {
    files: ['src/graph/**', 'src/engine/**'],
    rules: {
      'no-restricted-imports': ['error', restrict(['react', 'react-dom', '@xyflow/react', 'zustand', 'immer', 'dexie'], coreMessage)],
    },
  },
  {
    files: ['src/storage/**', 'src/media/**', 'src/providers/**'],
    rules: {
      'no-restricted-imports': ['error', restrict(['react', 'react-dom', '@xyflow/react', 'zustand'], mediaMessage)],
    },
  },
  {
    files: ['nodes/**'],
    ignores: ['nodes/*/panel.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noUpwardImports] }] },
  },
  {
    // A node's panel is UI: it may use the editor, but only through its panel kit.
    files: ['nodes/*/panel.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\.?/)+(src/)?(app(/|$)|editor/(?!panel-kit$))',
              message: 'A node panel reaches the editor only through src/editor/panel-kit, so the editor can change without touching node folders.',
            },
          ],
        },
      ],
    },
  },
)
