import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { serviceBoundaries } from './tools/eslint/service-boundaries.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'dist/',
      'web/dist/',
      // Scratch folders of a web build in progress (src/gateway/web-build.ts swaps them into web/dist).
      'web/.build-*/',
      'web/dist.old-*/',
      'coverage/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    plugins: { sattzabite: { rules: { 'service-boundaries': serviceBoundaries } } },
    rules: {
      'sattzabite/service-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // The web app (React, TSX) runs in the browser and is built on its own: it talks to the platform over
    // HTTP only, never by importing server code or Node modules.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/*', '../../src/**'],
              message: 'The web app reaches the platform over HTTP only.',
            },
            { group: ['node:*'], message: 'The web app runs in the browser: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**', 'bench/**', 'bin/**', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
);
