import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const backgroundImport = {
  group: ['**/background', '**/background/**'],
  message: 'UI and content code talk to the background through src/shared/protocol.ts messages, never by import.',
};

const backgroundPolyfillMessage =
  "The background never imports webextension-polyfill as a value: main.ts takes Firefox's native `browser` and " +
  'passes each module the narrow API it needs as a constructor argument. `import type` is fine.';
const contentPolyfillMessage =
  'Content scripts use the native `browser` through src/content/webrtc/extension-api.ts. `import type` is fine.';
const routingMessage =
  'routing/ is pure: it imports only routing/ itself, ../proxy/state (state predicates) and shared/ types.';

/** A `paths` entry that forbids importing webextension-polyfill as a value while allowing `import type`. */
function polyfillValue(message) {
  return { name: 'webextension-polyfill', allowTypeImports: true, message };
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', '.dev/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // Context boundaries: a UI room or content script that imported background code would ship and run it there.
    files: ['src/popup/**', 'src/settings/**', 'src/proxy-error/**', 'src/content/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [backgroundImport] }] },
  },
  {
    // shared/ owns the wire vocabulary; the background imports it from here. A type imported the other way would let
    // a background rename change the protocol, so type imports are refused too.
    files: ['src/shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/background', '**/background/**'],
              message:
                'shared/ imports nothing from background/, types included: move the type into src/shared/ ' +
                '(protocol.ts, state-names.ts, telemetry/) and import it from there in the background.',
            },
          ],
        },
      ],
    },
  },
  {
    // One place in the background touches the whole extension API, so every other module can be unit-tested with a
    // small fake of exactly what it uses. That place, main.ts, takes Firefox's native `browser`: the polyfill would
    // only return it, and would make the script that start-up waits for larger. Types stay importable.
    files: ['src/background/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [polyfillValue(backgroundPolyfillMessage)] }],
    },
  },
  {
    // A content script runs in every page; the polyfill alone is larger than its whole budget, and Firefox's native
    // `browser` already returns promises. Types stay importable: they are erased at build.
    files: ['src/content/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [polyfillValue(contentPolyfillMessage)],
          patterns: [
            {
              regex: '/shared/(messaging|i18n|state-subscription)$',
              allowTypeImports: true,
              message: `These shared modules import webextension-polyfill. ${contentPolyfillMessage}`,
            },
          ],
        },
      ],
    },
  },
  {
    // routing/ runs for every request and must stay pure: only itself, the state predicates in proxy/state.ts and
    // shared/ types. ESLint keeps the last setting of a rule for a file, so this block replaces the background-wide
    // one above for routing/ and therefore repeats (and tightens) its polyfill rule.
    files: ['src/background/routing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^[^.]', message: `${routingMessage} It uses no packages, webextension-polyfill included.` },
            { regex: '^\\.\\./(?!proxy/state$|\\.\\./shared/)', message: routingMessage },
            { regex: '^\\.\\./\\.\\./shared/', allowTypeImports: true, message: `${routingMessage} Types only.` },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
