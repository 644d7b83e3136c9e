// One flat config for the workspace. Type-aware rules (no-floating-promises)
// use the TypeScript project service, so every linted file must belong to a tsconfig.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';
import apiLint from './apps/api/eslint-boundaries.cjs';

const nodeOnly = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'stream', 'worker_threads', 'buffer'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'tmp/**', 'test-results/**', 'playwright-report/**', '**/*.cjs', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            {
              sourceTag: 'type:isomorphic',
              onlyDependOnLibsWithTags: ['type:isomorphic'],
              bannedExternalImports: ['@nestjs/*', 'react', 'react-dom', 'react/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'express', ...nodeOnly],
            },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:isomorphic'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:isomorphic'] },
            { sourceTag: 'scope:web', bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', ...nodeOnly] },
          ],
        },
      ],
    },
  },
  {
    // The module-boundaries rule does not see Node's builtins: keep them out of the isomorphic libraries here.
    files: ['libs/crypto/src/**/*.ts', 'libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: nodeOnly, message: 'libs/crypto and libs/domain run in browsers too: no Node-only modules.' }] }],
    },
  },
  // No import cycle, and other contexts only through their index.ts (docs/modules.md).
  apiLint.apiBoundaries(['apps/api/src/**/*.ts']),
  // The same for the web: each folder of apps/web/src/features is a context; the rest reaches a feature only through its index.ts.
  apiLint.webFeatureBoundaries(['apps/web/src/features/**/*.ts', 'apps/web/src/features/**/*.tsx']),
  apiLint.webOutsideFeatureBoundaries(['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'], ['apps/web/src/features/**']),
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // No hard-coded user-visible words in components (issue 15, item 1; docs/decisions.md
    // "Languages"): JSX text and the attributes a person reads or hears go through t().
    // Each folder joins `files` once its words are translated (portal, routes, ui: this branch;
    // the staff folders: the console's translation).
    files: [
      'apps/web/src/i18n/**/*.tsx',
      'apps/web/src/features/portal/**/*.tsx',
      'apps/web/src/portal-shell/**/*.tsx',
      'apps/web/src/routes/**/*.tsx',
      'apps/web/src/ui/**/*.tsx',
      // The staff console (i18n-console): every staff feature and the release gate.
      'apps/web/src/features/{admin,cases,console,desks,enrol,finance,grants,identity,routing,setup,sign-in}/**/*.tsx',
      'apps/web/src/release/**/*.tsx',
    ],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['^(aria-label|aria-description|aria-placeholder|aria-roledescription|aria-valuetext|title|placeholder|alt|label)$'] },
          // Punctuation, digits and symbols alone ("(", " · ", " — ", "←") are not words (the plugin's
          // patterns have no `u` flag, so the characters are listed).
          words: { exclude: ['^[\\s\\d.,:;!?()\\[\\]{}·•…—–/%+*#@&|=<>_←→"«»“”‘’\'-]*$'] },
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // One error vocabulary: services, guards and controllers throw DomainError with a code from
    // libs/domain/src/errors; only the http layer turns a code into a status (http/problem-codes.ts).
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/http/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'NewExpression[callee.name=/Exception$|^ProblemError$/]', message: 'Throw a DomainError with a code (libs/domain/src/errors); the http layer maps codes to statuses.' },
        { selector: 'ImportSpecifier[imported.name=/^(HttpStatus|ProblemError)$/]', message: 'HTTP statuses belong to the http layer; throw a DomainError with a code.' },
        { selector: 'NewExpression > Literal.arguments[raw=/^[45][0-9][0-9]$/]', message: 'No HTTP error status outside the http layer: throw a DomainError with a code.' },
        { selector: "CallExpression[callee.property.name=/^(status|sendStatus)$/] > Literal.arguments[raw=/^[45][0-9][0-9]$/]", message: 'No HTTP error status outside the http layer: throw a DomainError with a code.' },
      ],
    },
  },
);
