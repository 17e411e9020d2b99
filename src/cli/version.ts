/**
 * The package's own version, from its package.json (found above this file:
 * `src/cli/` in the repository, `dist/src/cli/` when installed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let version: string | undefined;

export function ownVersion(): string {
  if (version !== undefined) return version;
  let directory = __dirname;
  for (;;) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'eslint-plugin-fearless' && manifest.version) return (version = manifest.version);
    }
    const parent = dirname(directory);
    if (parent === directory) return (version = '0.0.0');
    directory = parent;
  }
}
