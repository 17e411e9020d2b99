/**
 * Resolution of relative import specifiers the way Node and TypeScript find
 * local modules, without type information and without reading `node_modules`
 * (bare specifiers such as `'lodash'` are left to the API model):
 *
 *   import { ship } from './transport';      // ./transport.ts, .tsx, .js, ...
 *   import { ship } from './transport.js';   // ./transport.ts (TS's .js -> .ts mapping)
 *   import { pool } from '../pool';          // ../pool/index.ts
 *
 * The file system is injected (`isFile`) so the resolver is a pure function of
 * what exists, and tests need no disk.
 */
import * as path from 'node:path';

/** Extensions tried in TypeScript's order for an extensionless specifier. */
const extensionsInOrder = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** A JS extension in a specifier may name the TS source next to it (`./x.js` -> `./x.ts`). */
const sourceForEmitted: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** Whether a specifier names a local module (relative or absolute path), the only kind resolved without a program. */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../') || path.isAbsolute(specifier);
}

/**
 * The absolute file a specifier written in `fromFile` names, or `undefined`
 * when it is not relative, names something under `node_modules`, or no
 * candidate exists.
 */
export function resolveRelativeSpecifier(fromFile: string, specifier: string, isFile: (file: string) => boolean): string | undefined {
  if (!isRelativeSpecifier(specifier)) return undefined;
  const target = path.resolve(path.dirname(fromFile), specifier);
  const found = candidatesFor(target).find((candidate) => isFile(candidate));
  if (found === undefined || found.split(path.sep).includes('node_modules')) return undefined;
  return found;
}

function candidatesFor(target: string): string[] {
  const extension = path.extname(target);
  const candidates: string[] = [];
  const emittedFrom = sourceForEmitted[extension];
  if (emittedFrom !== undefined) {
    const stem = target.slice(0, -extension.length);
    candidates.push(...emittedFrom.map((sourceExtension) => stem + sourceExtension));
  }
  candidates.push(target);
  candidates.push(...extensionsInOrder.map((ext) => target + ext));
  candidates.push(...extensionsInOrder.map((ext) => path.join(target, 'index' + ext)));
  return candidates;
}
