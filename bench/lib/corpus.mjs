/**
 * The corpus: pinned npm tarballs (bench/corpus.json), fetched once with
 * `npm pack` into bench/.corpus/ and reused afterwards.
 *
 * Layout of the cache:
 *   bench/.corpus/tarballs/<name>-<version>.tgz   as npm pack wrote it
 *   bench/.corpus/src/<name>@<version>/package/   the unpacked tarball
 *   bench/.corpus/src/tsconfig.json               written by the typed section
 */
import { Buffer } from 'node:buffer';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const corpusDir = join(benchDir, '.corpus');
export const tarballDir = join(corpusDir, 'tarballs');
export const sourceRoot = join(corpusDir, 'src');

/** Thrown when the corpus cannot be had; run.mjs prints it and exits without a stack. */
export class CorpusError extends Error {}

/** The packages of a corpus list: `corpus.json` (timed) or `real-corpus.json` (findings). */
export function loadCorpusList(name = 'corpus.json') {
  const list = JSON.parse(readFileSync(join(benchDir, name), 'utf8'));
  return list.packages;
}

/**
 * A minified bundle, not code a person wrote or reads: some line over 1000
 * characters and more than 200 characters a line on average. The findings
 * corpus skips these even where an include glob matches them.
 */
export function looksMinified(text) {
  let longest = 0;
  let lines = 1;
  for (let start = 0, end; start < text.length; start = end + 1) {
    end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > longest) longest = end - start;
    lines++;
  }
  return longest > 1000 && text.length / lines > 200;
}

/** `@scope/name` -> `scope-name`, the way `npm pack` names the tarball. */
function tarballName(entry) {
  return `${entry.package.replace(/^@/, '').replace('/', '-')}-${entry.version}.tgz`;
}

/** A folder name for the unpacked package, unique per version. */
function unpackedName(entry) {
  return `${entry.package.replace('/', '__')}@${entry.version}`;
}

function sriOf(file) {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/**
 * The readable part of npm's error output: its error code and the sentences
 * ("request to ... failed, reason: ...", "No matching version ..."), without
 * stack frames and the dump of the error object.
 */
function npmErrorSummary(stderr) {
  const lines = stderr
    .split('\n')
    .filter((line) => line.startsWith('npm error '))
    .map((line) => line.slice('npm error '.length).trim());
  const code = lines.find((line) => line.startsWith('code '));
  const sentences = lines.filter((line) => line.length > 30 && !line.startsWith('at ') && !/^\w+: \S+$/.test(line)).slice(0, 2);
  return [code, ...sentences].filter(Boolean).join('\n  ');
}

/** Runs `npm pack` for one pinned version; turns registry failures into a few readable lines. */
async function download(entry) {
  mkdirSync(tarballDir, { recursive: true });
  const spec = `${entry.package}@${entry.version}`;
  try {
    await run('npm', ['pack', spec, '--pack-destination', tarballDir, '--json', '--ignore-scripts'], {
      timeout: 180_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
    });
  } catch (error) {
    const why = error.killed ? 'timed out after 180 s' : npmErrorSummary(String(error.stderr ?? '')) || error.message;
    throw new CorpusError(
      `Could not download ${spec} from the npm registry (npm pack failed):\n  ${why}\n` +
        `The bench needs the registry once, to fill bench/.corpus/; later runs reuse that cache. ` +
        `Check the network or the registry setting (npm config get registry), or run with --only=growth, which needs no corpus.`,
    );
  }
  const file = join(tarballDir, tarballName(entry));
  if (!existsSync(file)) throw new CorpusError(`npm pack ${spec} succeeded but ${file} is not there.`);
  return file;
}

/** Checks the tarball against the integrity pinned in corpus.json, so a re-published or corrupt file is caught. */
function verify(entry, file) {
  if (!entry.integrity) return;
  const actual = sriOf(file);
  if (actual !== entry.integrity) {
    rmSync(file, { force: true });
    throw new CorpusError(
      `${entry.package}@${entry.version}: tarball integrity ${actual} does not match corpus.json's ${entry.integrity}; the cached file was removed, run again.`,
    );
  }
}

/** Unpacks into a temporary folder and renames it into place, so an interrupted run never leaves half a package. */
async function extract(entry, file) {
  const target = join(sourceRoot, unpackedName(entry));
  if (existsSync(target)) return target;
  const temporary = `${target}.partial`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  const members = (entry.extract ?? []).map((path) => `package/${path}`);
  try {
    await run('tar', ['-xzf', file, '-C', temporary, ...members], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw new CorpusError(`Could not unpack ${file}: ${String(error.stderr || error.message).trim()}`);
  }
  renameSync(temporary, target);
  return target;
}

/** Turns a corpus.json path pattern into a RegExp over '/'-separated paths. */
export function globToRegExp(pattern) {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*' && pattern[index + 1] === '*') {
      // '**/' matches zero or more folders; a trailing '**' anything at all.
      const slash = pattern[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function listFiles(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) =>
      relative(root, join(dirent.parentPath ?? dirent.path, dirent.name))
        .split(sep)
        .join('/'),
    );
}

const lintable = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

function selectFiles(entry, packageRoot) {
  const include = entry.include.map(globToRegExp);
  const exclude = [...(entry.exclude ?? []), '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.js'].map(globToRegExp);
  const chosen = listFiles(packageRoot)
    .filter((path) => lintable.has(extname(path)))
    .filter((path) => include.some((re) => re.test(path)) && !exclude.some((re) => re.test(path)))
    .sort();
  if (chosen.length === 0) throw new CorpusError(`${entry.package}@${entry.version}: no file matches ${JSON.stringify(entry.include)}; fix the corpus list.`);
  return chosen;
}

/**
 * ESM or CommonJS, per file: the extension when it says (.mjs/.cjs/.mts/.cts);
 * TypeScript sources are written as modules; a .js file follows its package's
 * "type", and without one, whether it has top-level import/export statements
 * (packages that ship ESM under src/ often have no "type").
 */
function sourceTypeOf(path, text, packageType) {
  const extension = extname(path);
  if (extension === '.mjs' || extension === '.mts') return 'module';
  if (extension === '.cjs' || extension === '.cts') return 'commonjs';
  if (extension === '.ts') return 'module';
  if (packageType === 'module') return 'module';
  return /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(text) ? 'module' : 'commonjs';
}

/**
 * Makes sure every package is downloaded and unpacked, then returns the files
 * to lint: `{ path (absolute), display (pkg@version/path), text, bytes,
 * sourceType, typescript, entry }`. With `skipMinified`, files that look
 * minified are left out and listed in `skipped` (an array to fill); with
 * `maxBytes`, so are files larger than that, listed in `oversized`.
 */
export async function prepareCorpus(entries, log = () => {}, { skipMinified = false, skipped = [], maxBytes = Infinity, oversized = [] } = {}) {
  const files = [];
  for (const entry of entries) {
    const cached = join(tarballDir, tarballName(entry));
    let tarball = cached;
    if (!existsSync(cached)) {
      log(`  downloading ${entry.package}@${entry.version} ...`);
      tarball = await download(entry);
    }
    verify(entry, tarball);
    const root = await extract(entry, tarball);
    const packageRoot = join(root, 'package');
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
    for (const path of selectFiles(entry, packageRoot)) {
      const absolute = join(packageRoot, path);
      const text = readFileSync(absolute, 'utf8');
      if (skipMinified && looksMinified(text)) {
        skipped.push(`${entry.package}@${entry.version}/${path}`);
        continue;
      }
      if (Buffer.byteLength(text) > maxBytes) {
        oversized.push(`${entry.package}@${entry.version}/${path}`);
        continue;
      }
      files.push({
        path: absolute,
        display: `${entry.package}@${entry.version}/${path}`,
        text,
        bytes: Buffer.byteLength(text),
        sourceType: sourceTypeOf(path, text, manifest.type),
        typescript: /\.[cm]?ts$/.test(path),
        entry,
      });
    }
  }
  return files;
}

/**
 * The same packages, every lintable file of what is unpacked: the whole
 * tarball (or what `extract` unpacks, maplibre-gl's `src/`), tests and build
 * output included, `.d.ts` and `.min.js` still left out by `selectFiles`.
 */
export function wholePackages(entries) {
  return entries.map((entry) => ({ ...entry, include: ['**'], exclude: [] }));
}

/** Writes a file only when its content changed (keeps the typed program's cache keys stable). */
export function writeIfChanged(path, content) {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
