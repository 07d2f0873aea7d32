import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { serviceBoundaries } from './tools/eslint/service-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'web/dist/', 'coverage/', 'test-results/'] },
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
    files: ['src/main/**', 'bench/**', 'bin/**', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
);
