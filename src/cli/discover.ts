/**
 * The files of a project: every JavaScript and TypeScript source under the
 * given paths, without dependencies, build output, VCS folders and what
 * `--ignore` names.
 *
 * Ignore patterns are simple globs matched against the path relative to the
 * root ('/'-separated): `*` within a name, `**` across folders, `?` one
 * character, `{a,b}` either. A pattern without a `/` matches a file or folder
 * name at any depth (`*.test.ts`, `fixtures`); a pattern with one, or
 * starting with `./`, is anchored at the root (`src/generated/**`,
 * `./vendor`). A folder that matches is not entered.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';

export const sourceExtensions = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

/** Folders never entered: dependencies, build output, VCS data and our own cache. */
export const skippedFolders: ReadonlySet<string> = new Set(['node_modules', 'dist', 'build', '.git', '.hg', '.svn', '.fearless-cache']);

const declarationFile = /\.d\.[cm]?ts$/;

export interface DiscoveredFile {
  /** Relative to the root, '/'-separated: the file's name in summaries and output. */
  readonly file: string;
  readonly path: string;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  /** Paths that could not be listed (unreadable folders), with why. */
  readonly problems: Array<{ readonly path: string; readonly message: string }>;
}

export class UsagePathError extends Error {}

export function isSourceFile(name: string): boolean {
  return sourceExtensions.some((extension) => name.endsWith(extension)) && !declarationFile.test(name);
}

/** A glob as a regular expression over '/'-separated relative paths. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  let braces = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*' && pattern[index + 1] === '*') {
      const slash = pattern[index + 2] === '/';
      // `**/` is zero or more folders; `**` elsewhere is anything at all.
      source += slash ? '(?:[^/]*/)*' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      braces++;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export class IgnoreMatcher {
  private readonly names: RegExp[] = [];
  private readonly paths: RegExp[] = [];

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      // `dir/` is the folder; a leading `./` or `/` anchors the pattern at the root.
      const anchored = raw.startsWith('./') || raw.startsWith('/');
      const pattern = raw.replace(/^\.?\/+/, '').replace(/\/+$/, '');
      if (pattern.length === 0) continue;
      if (anchored || pattern.includes('/')) {
        this.paths.push(globToRegExp(pattern));
        // `src/generated/**` also names the folder itself, so it is not entered.
        if (pattern.endsWith('/**')) this.paths.push(globToRegExp(pattern.slice(0, -3)));
      } else this.names.push(globToRegExp(pattern));
    }
  }

  ignores(relativePath: string): boolean {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    return this.names.some((pattern) => pattern.test(name)) || this.paths.some((pattern) => pattern.test(relativePath));
  }
}

/** The project-relative name of a path: '/'-separated, `.` for the root itself. */
export function relativeName(root: string, path: string): string {
  const name = relative(root, path).split(sep).join('/');
  return name === '' ? '.' : name;
}

/**
 * Every source file under `paths` (files named directly are taken as they
 * are, if their extension is one of ours), sorted. A path that does not
 * exist is a usage error.
 */
export function discoverFiles(root: string, paths: readonly string[], ignore: IgnoreMatcher): Discovery {
  const found = new Map<string, DiscoveredFile>();
  const problems: Array<{ path: string; message: string }> = [];

  const visit = (directory: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: relativeName(root, directory), message: messageOf(error) });
      return;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      const name = relativeName(root, path);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Linked files are followed; linked folders are not (they can loop, and usually point at dependencies).
        try {
          isFile = statSync(path).isFile();
        } catch {
          isFile = false;
        }
        isDirectory = false;
      }
      if (isDirectory) {
        if (!skippedFolders.has(entry.name) && !ignore.ignores(name)) visit(path);
      } else if (isFile && isSourceFile(entry.name) && !ignore.ignores(name)) {
        found.set(path, { file: name, path });
      }
    }
  };

  for (const given of paths) {
    const path = resolve(root, given);
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new UsagePathError(`${given}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : messageOf(error)}`);
    }
    if (stats.isDirectory()) visit(path);
    else if (isSourceFile(basename(path))) found.set(path, { file: relativeName(root, path), path });
    else throw new UsagePathError(`${given}: not a JavaScript or TypeScript file (${sourceExtensions.join(' ')})`);
  }
  const files = [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, problems };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
