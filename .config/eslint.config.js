// One linter for the repo. Import boundaries from DESIGN.md are enforced here:
// extension/ and pwa/ import core/, never each other; core/analytics imports only core/time;
// core/page imports only its own helpers; core/ never imports a framework except core/ui.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'tests/artifacts/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['core/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/extension/**', '**/pwa/**'], message: 'core/ never imports an app.' },
        {
          group: ['wxt', 'wxt/*', '#imports', 'webextension-polyfill'],
          message: 'No browser.* in core/.',
        },
      ]),
    },
  },
  {
    files: ['core/**'],
    ignores: ['core/ui/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/extension/**', '**/pwa/**'], message: 'core/ never imports an app.' },
        {
          group: ['wxt', 'wxt/*', '#imports', 'webextension-polyfill'],
          message: 'No browser.* in core/.',
        },
        {
          group: ['preact', 'preact/*', 'uplot', '**/ui/**'],
          message: 'Only core/ui uses Preact and uPlot.',
        },
      ]),
    },
  },
  {
    files: ['core/analytics/**'],
    rules: {
      'no-restricted-imports': restrict([
        // Regex, not a gitignore-style group: groups never match './x' (relative paths are invalid there).
        {
          regex: '^(?!\\./[^/]+$|\\.\\./analytics/[^/]+$|\\.\\./time/[^/]+$)',
          message: 'core/analytics is pure: it imports only its own files and core/time.',
        },
      ]),
    },
  },
  {
    files: ['core/time/**'],
    rules: {
      'no-restricted-imports': restrict([
        { regex: '^(?!\\./[^/]+$)', message: 'core/time is pure: it imports only its own files.' },
      ]),
    },
  },
  {
    files: ['core/page/**'],
    rules: {
      'no-restricted-imports': restrict([
        { regex: '^(?!\\./[^/]+$)', message: 'core/page imports only its own helpers.' },
      ]),
    },
  },
  {
    files: ['extension/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/pwa/**'], message: 'extension/ never imports pwa/.' },
      ]),
    },
  },
  {
    files: ['pwa/**'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/extension/**', '#imports', 'wxt', 'wxt/*'],
          message: 'pwa/ never imports extension/.',
        },
      ]),
    },
  },
);
