import { defineConfig } from 'vitest/config';

// The rule tests (type-aware cases included) again, with TypeScript 4.8.4: see tests/lowest-typescript.ts.
export default defineConfig({
  test: {
    include: ['tests/rules/**/*.test.ts', 'tests/lowest-ts/**/*.test.ts'],
    setupFiles: ['tests/lowest-typescript.ts', 'tests/setup.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
