import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: false,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/unit/setup.ts'],
          // Generous ceilings (not timing assertions): parsing Meta's 30k-line OpenAPI file on a busy
          // 2-core machine can take seconds.
          testTimeout: 30_000,
        },
      },
      {
        // React components and browser-only logic: jsdom with the shims Mantine needs.
        extends: false,
        test: {
          name: 'unit-dom',
          include: ['tests/unit/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/unit/dom-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: false,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two files at a time: each has its own database cloned from the template and its own ports.
          maxWorkers: 2,
        },
      },
    ],
  },
});
