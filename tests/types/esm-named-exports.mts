/**
 * Compile-time test, as an ES module: the named exports `configs`, `rules` and `meta` sit beside the default export
 * and are the same objects (tests/integration checks the same at run time from a consumer project).
 */
import type { Linter } from 'eslint';
import fearless, { configs, meta, rules } from '../../src/index.js';

export const preset: Linter.Config = configs.recommended;
export const same: typeof fearless.configs = configs;
export const version: string = meta.version;
export const rule: (typeof fearless.rules)['no-use-after-transfer'] = rules['no-use-after-transfer'];
