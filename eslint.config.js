// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'lab/dist/', 'node_modules/', 'runs/', 'coverage/', 'test-output/', 'build/', 'assembly/', 'src/kernels/wasm/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The lab runs in browsers: Node globals would pass the type check (Node types are visible) but fail there.
    files: ['lab/src/**/*.ts'],
    ignores: ['lab/src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', '__dirname', '__filename', 'require', 'global', 'setImmediate', 'module'].map((name) => ({
          name,
          message: 'the lab runs in browsers, which do not have this Node global',
        })),
      ],
    },
  },
  {
    // The CLI, benchmarks and scripts talk to a terminal on purpose.
    files: ['src/cli/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
