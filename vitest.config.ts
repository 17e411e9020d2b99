import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/lowest-ts/**', '**/node_modules/**'],
    setupFiles: ['tests/setup.ts'],
    // Integration tests pack the plugin and run the ESLint CLI; they get their own timeout.
    testTimeout: 30_000,
    pool: 'forks',
  },
});
