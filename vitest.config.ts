import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'lab/src/**/*.test.ts'],
    setupFiles: ['test/setup/fail-on-console.ts'],
    // The fuzz counts first, then vitest's own summary, which stays the last thing printed.
    reporters: ['./test/setup/fuzz-reporter.ts', 'default'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
