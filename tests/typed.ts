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
