import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite and the real servers make tests slow to set up, not to run: allow for start-up on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on PGlite start-up or a server round trip rather than the CPU: on 2 cores, three
    // workers finish the suite sooner than the default of one.
    maxWorkers: 3,
    setupFiles: ['test/support/setup-matchers.ts'],
  },
});
