import { defineConfig } from 'vitest/config';

// Two projects: unit tests use no database; integration tests share one prepared database
// (see test/support/global-setup.ts for how the backend is chosen).
export default defineConfig({
  test: {
    // PGlite serves one query at a time and these machines have 2 cores.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
