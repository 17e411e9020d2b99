import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// Proves the redirect works: this file runs only in the lowest-TypeScript configuration.
it('runs with the lowest supported TypeScript', () => {
  const load = createRequire(__filename);
  expect((load('typescript') as { version: string }).version).toBe('4.8.4');
  expect((load('@typescript-eslint/typescript-estree/package.json') as { version: string }).version).toBe('8.72.0');
});
