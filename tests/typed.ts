/**
 * RuleTester settings for type-aware cases: a small fixture project
 * (tests/fixtures/typed) with its own tsconfig, as typescript-eslint does.
 */
import { join } from 'node:path';

export const typedLanguageOptions = {
  parserOptions: {
    projectService: true,
    tsconfigRootDir: join(__dirname, 'fixtures', 'typed'),
  },
};

import { createRequire } from 'node:module';

/** The TypeScript the tests run with (the lowest supported one in `vitest.lowest-ts.config.ts`). */
const typescriptVersion = (createRequire(__filename)('typescript') as { versionMajorMinor: string }).versionMajorMinor;
const [major, minor] = typescriptVersion.split('.').map(Number) as [number, number];

/** `using` declarations parse from TypeScript 5.2 on: cases with them are skipped on older ones. */
export const usingUnsupported = major < 5 || (major === 5 && minor < 2);
