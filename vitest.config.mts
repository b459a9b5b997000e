import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['forms/src/**/*.test.ts', 'workflows/src/**/*.test.ts', 'server/src/**/*.test.ts', 'admin-ui/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'workflow',
          include: ['test/workflows/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // The browser test shares the integration stack: one embedded PostgreSQL and Temporal per run.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Real processes (API replicas, a worker, Temporal, PostgreSQL behind a proxy): `npm run test:faults`.
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
