import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const backgroundImport = {
  group: ['**/background', '**/background/**'],
  message: 'UI and content code talk to the background through src/shared/protocol.ts messages, never by import.',
};

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
    files: ['src/popup/**', 'src/settings/**', 'src/content/**'],
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
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
