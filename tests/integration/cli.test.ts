/**
 * Integration: the plugin as users get it. `npm pack` the built package, install the tarball with ESLint into a
 * consumer project outside the repository, and run the real ESLint CLI on a small worker program (a buggy version and
 * its fixed twin), under ESLint 10 and ESLint 9, with an ESM and a CommonJS flat config, with `--concurrency 2`, with
 * `--cache` and with `--print-config`. Also: the ESM named exports, the README's type-checked config as written (with
 * typescript-eslint and TypeScript, on `npx eslint .` in a TypeScript project), and oxlint (its `jsPlugins`) on
 * `examples/`, which must report what ESLint reports and make the edits of its suggestions with `--fix-suggestions`.
 *
 * The samples contain use-after-transfer bugs only, so the expected findings stay exact as more rules join
 * `recommended`. Needs `npm run build` first (`npm test` runs it) and npm's cache holding the ESLint versions of the
 * dev dependencies (`npm ci` puts them there; `--prefer-offline` then needs no network).
 *
 * Set FEARLESS_KEEP_CONSUMER=1 to keep the temporary projects for a look.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { ESLint as ESLintApi } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; version: string };

/** Pack, install and the first CLI runs can each take a few seconds on a loaded 2-core machine. */
const HOOK_TIMEOUT = 240_000;
const TEST_TIMEOUT = 90_000;

const eslintVersions = {
  10: versionOf('eslint'),
  9: versionOf('eslint-v9'),
} as const;

/** The versions of the dev dependencies the consumers install (npm's cache holds them after `npm ci`). */
const devDependencies = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
const consumerExtras = [`typescript@${devDependencies.typescript}`, `typescript-eslint@${devDependencies['typescript-eslint']}`];
const oxlintVersion = devDependencies.oxlint!;

function versionOf(dependency: string): string {
  return (JSON.parse(readFileSync(join(repo, 'node_modules', dependency, 'package.json'), 'utf8')) as { version: string }).version;
}

// ---------------------------------------------------------------------------
// Sample programs (written into the consumer project)
// ---------------------------------------------------------------------------

/** The render worker: clean in both versions. */
const renderWorker = `// Receives frames, audio and chunks; answers each frame with its checksum.
self.onmessage = (event) => {
  const { pixels } = event.data;
  if (!pixels) return;
  let sum = 0;
  for (const value of pixels) sum = (sum + value) % 65521;
  const reply = new Uint32Array([sum]);
  self.postMessage({ checksum: reply }, [reply.buffer]);
};
`;

const buggyMain = `// Streams camera frames and audio to a render worker.
const renderer = new Worker(new URL('./render-worker.js', import.meta.url), { type: 'module' });

export function postFrame(width, height, fill) {
  const pixels = new Uint8ClampedArray(width * height * 4);
  pixels.fill(fill);
  renderer.postMessage({ width, height, pixels }, [pixels.buffer]);
  return pixels.length;
}

export function postSamples(samples) {
  const buffer = new ArrayBuffer(samples.length * Float32Array.BYTES_PER_ELEMENT);
  const view = new Float32Array(buffer);
  view.set(samples);
  renderer.postMessage({ samples: buffer }, [buffer]);
  view[0] = 0;
}

export function replay(chunks) {
  const scratch = new ArrayBuffer(64 * 1024);
  for (const chunk of chunks) {
    new Uint8Array(scratch).set(chunk);
    renderer.postMessage({ chunk: scratch }, { transfer: [scratch] });
  }
}
`;

const fixedMain = `// Streams camera frames and audio to a render worker.
const renderer = new Worker(new URL('./render-worker.js', import.meta.url), { type: 'module' });

export function postFrame(width, height, fill) {
  const pixels = new Uint8ClampedArray(width * height * 4);
  pixels.fill(fill);
  const length = pixels.length;
  renderer.postMessage({ width, height, pixels }, [pixels.buffer]);
  return length;
}

export function postSamples(samples) {
  const buffer = new ArrayBuffer(samples.length * Float32Array.BYTES_PER_ELEMENT);
  const view = new Float32Array(buffer);
  view.set(samples);
  view[0] = 0;
  renderer.postMessage({ samples: buffer }, [buffer]);
}

export function replay(chunks) {
  for (const chunk of chunks) {
    const scratch = new ArrayBuffer(64 * 1024);
    new Uint8Array(scratch).set(chunk);
    renderer.postMessage({ chunk: scratch }, { transfer: [scratch] });
  }
}
`;

/** A transfer helper of the user's own code, known to the plugin only through `settings.fearless.sends`. */
const gpuUpload = `import { sendFrame } from './gpu.js';

export function upload(width, height) {
  const buf = new ArrayBuffer(width * height * 4);
  sendFrame(buf);
  return buf.byteLength;
}
`;

const gpuUploadFixed = `import { sendFrame } from './gpu.js';

export function upload(width, height) {
  const buf = new ArrayBuffer(width * height * 4);
  const size = buf.byteLength;
  sendFrame(buf);
  return size;
}
`;

const gpuModule = `// Hands a frame to the GPU worker, transferring it.
const gpu = new Worker(new URL('./gpu-worker.js', import.meta.url), { type: 'module' });

export function sendFrame(buf) {
  gpu.postMessage(buf, [buf]);
}
`;

/** The first code block after the README's "### With type information" heading: tested as written. */
function readmeTypeCheckedSnippet(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### With type information'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md: no js block under "### With type information"');
  return match[1]!;
}

const settingsBlock = `{ settings: { fearless: { sends: [{ function: 'sendFrame', transfer: [{ arg: 0 }] }] } } }`;

const consumerFiles: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'fearless-consumer', private: true, type: 'module' }, null, 2),
  'eslint.config.js': `import fearless from 'eslint-plugin-fearless';\n\nexport default [fearless.configs.recommended];\n`,
  'eslint.config.cjs': `const fearless = require('eslint-plugin-fearless');\n\nmodule.exports = [fearless.configs.recommended];\n`,
  'eslint.settings.config.js': `import fearless from 'eslint-plugin-fearless';\n\nexport default [fearless.configs.recommended, ${settingsBlock}];\n`,
  'eslint.bad-settings.config.js': `import fearless from 'eslint-plugin-fearless';\n\nexport default [fearless.configs.recommended, { settings: { fearless: { sends: [{ function: 'sendFrame', transfr: [{ arg: 0 }] }], locks: [{ class: 'SpinLock', acquire: 'lock' }] } } }];\n`,
  'identity.mjs': `import { createRequire } from 'node:module';
import fearless, { configs, rules, meta } from 'eslint-plugin-fearless';
import * as namespace from 'eslint-plugin-fearless';
import esmConfig from './eslint.config.js';

const require = createRequire(import.meta.url);
const required = require('eslint-plugin-fearless');
const cjsConfig = require('./eslint.config.cjs');
console.log(JSON.stringify({
  sameModule: fearless === required,
  namedExports: configs === fearless.configs && rules === fearless.rules && meta === fearless.meta && required.configs === configs,
  // Node 22.12+ also names the whole object 'module.exports'.
  namespaceKeys: Object.keys(namespace).filter((key) => key !== 'module.exports').sort(),
  samePluginInConfigs: esmConfig[0].plugins.fearless === cjsConfig[0].plugins.fearless && esmConfig[0].plugins.fearless === fearless,
  meta: fearless.meta,
  rules: Object.keys(fearless.rules),
  configs: Object.keys(fearless.configs),
}));
`,
  'eslint.examples.config.js': `import tsParser from '@typescript-eslint/parser';
import fearless from 'eslint-plugin-fearless';

export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, fearless.configs.recommended];
`,
  // A TypeScript project whose eslint.config.js is the README's type-checked snippet, as written.
  'typed-project/package.json': JSON.stringify({ name: 'fearless-typed-consumer', private: true, type: 'module' }, null, 2),
  'typed-project/tsconfig.json': JSON.stringify(
    { compilerOptions: { target: 'es2022', module: 'nodenext', lib: ['es2022', 'dom'], strict: true, noEmit: true, skipLibCheck: true }, include: ['src'] },
    null,
    2,
  ),
  'typed-project/eslint.config.js': readmeTypeCheckedSnippet(),
  'typed-project/src/post.ts': `export interface Job {
  id: number;
  onDone: (result: number) => void;
}

export function post(worker: Worker, job: Job): void {
  worker.postMessage(job);
}
`,
  'typed-project/src/plain.js': `export function add(a, b) {
  return a + b;
}
`,
  'buggy/main.js': buggyMain,
  'buggy/render-worker.js': renderWorker,
  'fixed/main.js': fixedMain,
  'fixed/render-worker.js': renderWorker,
  'gpu/upload.js': gpuUpload,
  'gpu/upload-fixed.js': gpuUploadFixed,
  'gpu/gpu.js': gpuModule,
};

interface Finding {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
}

const RULE = 'fearless/no-use-after-transfer';

/** What ESLint must report on `buggy/`, ordered by file and position. */
const buggyFindings: Finding[] = [
  {
    file: 'buggy/main.js',
    ruleId: RULE,
    line: 8,
    column: 10,
    message: '`pixels` was transferred at line 7 by `renderer.postMessage`; it is detached (zero length) here.',
  },
  {
    file: 'buggy/main.js',
    ruleId: RULE,
    line: 16,
    column: 3,
    message: '`view` shares its memory with `buffer`, which was transferred at line 15 by `renderer.postMessage`; it is detached (zero length) here.',
  },
  {
    file: 'buggy/main.js',
    ruleId: RULE,
    line: 22,
    column: 20,
    message: '`scratch` may have been transferred at line 23 by `renderer.postMessage`; it is detached (zero length) here.',
  },
  {
    file: 'buggy/main.js',
    ruleId: RULE,
    line: 23,
    column: 59,
    message:
      '`scratch` is transferred here inside a loop that does not create it anew: a later iteration transfers it again, detached (DataCloneError). Create a new `scratch` inside the loop.',
  },
];

const gpuFinding: Finding = {
  file: 'gpu/upload.js',
  ruleId: RULE,
  line: 6,
  column: 10,
  message: '`buf` was transferred at line 5 by `sendFrame`; it is detached (zero length) here.',
};

/** The same use found without the settings: `sendFrame` is read in gpu.js and followed there. */
const gpuImportedFinding: Finding = {
  ...gpuFinding,
  message: '`buf` was transferred at line 5 by `sendFrame` (`gpu.postMessage` in gpu.js:5); it is detached (zero length) here.',
};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/**
 * The environment for child npm and ESLint processes: without the variables `npm test` sets for its own package
 * (`npm_package_*`, `npm_config_local_prefix`, ...), which would point a nested npm at this repository.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // FEARLESS_DEBUG (set by tests/setup.ts) changes what users see: internal errors throw, settings errors keep their trace.
    if (/^npm_(package|lifecycle|command|config_local_prefix)/i.test(key) || key === 'INIT_CWD' || key === 'DEBUG' || key === 'FEARLESS_DEBUG') continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: HOOK_TIMEOUT });
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the consumer's ESLint CLI, in the consumer project or in `cwd` (a project inside it). */
function runEslint(consumer: string, args: string[], env: Record<string, string> = {}, cwd = consumer): Run {
  const bin = join(consumer, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env: childEnv(env), encoding: 'utf8', timeout: TEST_TIMEOUT });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonResult {
  filePath: string;
  fatalErrorCount: number;
  messages: Array<{ ruleId: string | null; line: number; column: number; message: string; fatal?: boolean }>;
}

/** Runs ESLint with `--format json` and returns the findings, with paths relative to the consumer project. */
function lint(consumer: string, args: string[], env: Record<string, string> = {}, cwd = consumer): Run & { findings: Finding[]; files: string[] } {
  const run = runEslint(consumer, ['--format', 'json', ...args], env, cwd);
  let results: JsonResult[];
  try {
    results = JSON.parse(run.stdout) as JsonResult[];
  } catch {
    throw new Error(`ESLint did not print JSON (exit code ${run.status}).\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  const findings = results
    .flatMap((result) =>
      result.messages.map((m) => ({
        file: relative(cwd, result.filePath).split('\\').join('/'),
        ruleId: m.ruleId,
        line: m.line,
        column: m.column,
        message: m.message,
      })),
    )
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { ...run, findings, files: results.map((result) => relative(cwd, result.filePath).split('\\').join('/')).sort() };
}

/** The message of a failed expectation shows ESLint's stderr: a crash inside a rule is reported there. */
function context(run: Run): string {
  return `exit code ${run.status}\nstderr:\n${run.stderr}`;
}

/** Writes the consumer project and installs the tarball with the given ESLint version. */
function createConsumer(root: string, tarball: string, eslintVersion: string, extras: readonly string[]): string {
  const consumer = join(root, `consumer-eslint-${eslintVersion}`);
  for (const [file, text] of Object.entries(consumerFiles)) {
    const path = join(consumer, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error', tarball, `eslint@${eslintVersion}`, ...extras], consumer);
  return consumer;
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

let root = '';
let tarball = '';
let packedFiles: string[] = [];

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'src', 'index.js'))) {
    throw new Error('dist/src/index.js is missing: run `npm run build` before the integration tests.');
  }
  root = mkdtempSync(join(tmpdir(), 'fearless-integration-'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', root, '--loglevel', 'error'], repo)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  tarball = join(root, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((file) => file.path);
}, HOOK_TIMEOUT);

// Removing the consumers' node_modules takes longer than the default 10 s on a busy disk.
afterAll(() => {
  if (root && !process.env.FEARLESS_KEEP_CONSUMER) rmSync(root, { recursive: true, force: true });
}, HOOK_TIMEOUT);

describe('the packed tarball', () => {
  it('holds the built entry, its types and the docs, and no sources or tests', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/rules/index.js']));
    expect(packedFiles.filter((file) => file.startsWith('docs/rules/'))).not.toHaveLength(0);
    expect(packedFiles.filter((file) => /^(src|rules|tests|examples|bench)\//.test(file) || /(?<!\.d)\.ts$/.test(file))).toEqual([]);
  });
});

describe.each([10, 9] as const)('ESLint %i CLI on the installed plugin', (major) => {
  const version = eslintVersions[major];
  let consumer = '';

  beforeAll(() => {
    // oxlint runs once, beside ESLint 10.
    consumer = createConsumer(root, tarball, version, major === 10 ? [...consumerExtras, `oxlint@${oxlintVersion}`] : consumerExtras);
  }, HOOK_TIMEOUT);

  it(
    `runs ESLint ${version}`,
    () => {
      const run = runEslint(consumer, ['--version']);
      expect(run.stdout.trim()).toBe(`v${version}`);
    },
    TEST_TIMEOUT,
  );

  it(
    'ESM (default and named exports) and CommonJS consumers get the same plugin object, with its meta',
    () => {
      const output = execFileSync(process.execPath, ['identity.mjs'], { cwd: consumer, env: childEnv(), encoding: 'utf8' });
      const identity = JSON.parse(output) as {
        sameModule: boolean;
        namedExports: boolean;
        namespaceKeys: string[];
        samePluginInConfigs: boolean;
        meta: unknown;
        rules: string[];
        configs: string[];
      };
      expect(identity.sameModule).toBe(true);
      // `import { configs, rules, meta }` next to the default export, the same objects as require() gives.
      expect(identity.namedExports).toBe(true);
      expect(identity.namespaceKeys).toEqual(['configs', 'default', 'meta', 'rules']);
      expect(identity.samePluginInConfigs).toBe(true);
      expect(identity.meta).toEqual({ name: manifest.name, version: manifest.version, namespace: 'fearless' });
      expect(identity.rules).toContain('no-use-after-transfer');
      expect(identity.configs).toEqual(expect.arrayContaining(['recommended', 'strict', 'recommended-type-checked', 'all']));
    },
    TEST_TIMEOUT,
  );

  it(
    'reports exactly the use-after-transfer bugs of the buggy program, with exit code 1',
    () => {
      const run = lint(consumer, ['buggy/']);
      expect(run.files, context(run)).toEqual(['buggy/main.js', 'buggy/render-worker.js']);
      expect(run.findings, context(run)).toEqual(buggyFindings);
      expect(run.status, context(run)).toBe(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'reports nothing on the fixed twin, with exit code 0',
    () => {
      const run = lint(consumer, ['fixed/']);
      expect(run.files, context(run)).toEqual(['fixed/main.js', 'fixed/render-worker.js']);
      expect(run.findings, context(run)).toEqual([]);
      expect(run.status, context(run)).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'gives the same findings with a CommonJS config (eslint.config.cjs)',
    () => {
      const buggy = lint(consumer, ['--config', 'eslint.config.cjs', 'buggy/']);
      expect(buggy.findings, context(buggy)).toEqual(buggyFindings);
      expect(buggy.status, context(buggy)).toBe(1);
      const fixed = lint(consumer, ['--config', 'eslint.config.cjs', 'fixed/']);
      expect(fixed.findings, context(fixed)).toEqual([]);
      expect(fixed.status, context(fixed)).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    '--print-config names the plugin by its meta name and version',
    () => {
      for (const config of ['eslint.config.js', 'eslint.config.cjs']) {
        const run = runEslint(consumer, ['--config', config, '--print-config', 'buggy/main.js']);
        expect(run.status, context(run)).toBe(0);
        const printed = JSON.parse(run.stdout) as { plugins: string[]; rules: Record<string, unknown> };
        expect(printed.plugins).toContain(`fearless:${manifest.name}@${manifest.version}`);
        expect(printed.rules[RULE]).toEqual([2, { reportConditional: true, reportHeld: false }]);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    '--cache works, and a new plugin version invalidates the cache',
    () => {
      const cacheLocation = join(consumer, '.cache', 'eslintcache');
      mkdirSync(dirname(cacheLocation), { recursive: true });
      rmSync(cacheLocation, { force: true });
      const args = ['--cache', '--cache-location', cacheLocation, 'buggy/', 'fixed/'];
      const debug = { DEBUG: 'eslint:lint-result-cache' };
      const stale = (run: Run) => run.stderr.split('\n').filter((line) => line.includes('Cache entry not found or no longer valid'));

      const first = lint(consumer, args, debug);
      expect(first.findings, context(first)).toEqual(buggyFindings);
      expect(first.status, context(first)).toBe(1);
      expect(existsSync(cacheLocation)).toBe(true);
      expect(stale(first)).toHaveLength(4);

      // Nothing changed: every result comes from the cache, findings included.
      const second = lint(consumer, args, debug);
      expect(second.findings, context(second)).toEqual(buggyFindings);
      expect(second.status, context(second)).toBe(1);
      expect(stale(second)).toEqual([]);

      // The plugin's meta.version is part of the cached config's hash: upgrading the plugin re-lints every file.
      const installedManifest = join(consumer, 'node_modules', manifest.name, 'package.json');
      const original = readFileSync(installedManifest, 'utf8');
      try {
        writeFileSync(installedManifest, original.replace(`"version": "${manifest.version}"`, `"version": "${manifest.version}-next"`));
        const third = lint(consumer, args, debug);
        expect(third.findings, context(third)).toEqual(buggyFindings);
        expect(stale(third)).toHaveLength(4);
      } finally {
        writeFileSync(installedManifest, original);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    '--cache keys a file on itself: after an imported module changes, its importer keeps its cached findings, both ways, with either strategy (README "--cache and imported modules")',
    () => {
      // A copy of gpu/, so that rewriting gpu.js does not touch what the other tests lint.
      const dir = join(consumer, 'cache-modules');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'upload.js'), gpuUpload);
      const transferring = gpuModule;
      const copying = gpuModule.replace('gpu.postMessage(buf, [buf]);', 'gpu.postMessage(buf.slice(0));');
      expect(copying).not.toBe(transferring);
      const finding = { ...gpuImportedFinding, file: 'cache-modules/upload.js' };
      const cacheLocation = join(consumer, '.cache', 'modules-eslintcache');
      mkdirSync(dirname(cacheLocation), { recursive: true });

      for (const strategy of ['metadata', 'content']) {
        const cached = () => lint(consumer, ['--cache', '--cache-strategy', strategy, '--cache-location', cacheLocation, 'cache-modules/upload.js']);
        const uncached = () => lint(consumer, ['cache-modules/upload.js']);

        // A finding that the imported module's fix removes stays in the cache.
        rmSync(cacheLocation, { force: true });
        writeFileSync(join(dir, 'gpu.js'), transferring);
        const first = cached();
        expect(first.findings, context(first)).toEqual([finding]);
        writeFileSync(join(dir, 'gpu.js'), copying);
        const stale = cached();
        expect(stale.findings, `${strategy}: ${context(stale)}`).toEqual([finding]);
        expect(uncached().findings).toEqual([]);

        // A finding that a change in the imported module introduces is missed until the cache goes.
        rmSync(cacheLocation, { force: true });
        const clean = cached();
        expect(clean.findings, context(clean)).toEqual([]);
        writeFileSync(join(dir, 'gpu.js'), transferring);
        const missed = cached();
        expect(missed.findings, `${strategy}: ${context(missed)}`).toEqual([]);
        expect(uncached().findings).toEqual([finding]);

        // Deleting the cache is what shows the change.
        rmSync(cacheLocation, { force: true });
        expect(cached().findings).toEqual([finding]);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'invalid settings stop the run with one message listing every mistake by its key, and no stack trace',
    () => {
      const run = runEslint(consumer, ['--config', 'eslint.bad-settings.config.js', 'buggy/']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        [
          'eslint-plugin-fearless: 2 invalid settings (see docs/settings.md):',
          '  - `settings.fearless.sends[0].transfr`: is not a known setting (expected one of: function, method, class, module, payload, transfer)',
          '  - `settings.fearless.locks[0].acquire`: must be an array of strings',
          'Occurred while linting ',
        ].join('\n'),
      );
      expect(run.stderr.split('\n').filter((line) => /^\s+at /.test(line))).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "the README's type-checked config works on `npx eslint .` as written: types find what the code does not show",
    () => {
      const run = lint(consumer, ['.'], {}, join(consumer, 'typed-project'));
      // Every file linted, the config file included, and none "not found by the project service".
      expect(run.files, context(run)).toEqual(['eslint.config.js', 'src/plain.js', 'src/post.ts']);
      expect(run.findings, context(run)).toEqual([
        {
          file: 'src/post.ts',
          ruleId: 'fearless/no-unsendable-message',
          line: 7,
          column: 22,
          message: '`job.onDone` is a function: DataCloneError when `job` is posted (`worker.postMessage`).',
        },
      ]);
      expect(run.status, context(run)).toBe(1);
    },
    TEST_TIMEOUT,
  );

  if (major === 10) {
    it(
      'oxlint, through jsPlugins, reports on examples/ exactly what ESLint reports',
      () => {
        cpSync(join(repo, 'examples'), join(consumer, 'examples'), { recursive: true });
        const installed = createRequire(join(consumer, 'package.json'))('eslint-plugin-fearless') as {
          configs: { recommended: { rules: Record<string, unknown> } };
        };
        // oxlint's own rules off: only the plugin's, as in the README.
        const oxlintrc = { jsPlugins: ['eslint-plugin-fearless'], categories: { correctness: 'off' }, rules: installed.configs.recommended.rules };
        writeFileSync(join(consumer, '.oxlintrc.json'), JSON.stringify(oxlintrc, null, 2));
        const oxlintBin = join(consumer, 'node_modules', 'oxlint', 'bin', 'oxlint');
        const ox = spawnSync(process.execPath, [oxlintBin, '--version'], { cwd: consumer, env: childEnv(), encoding: 'utf8', timeout: TEST_TIMEOUT });
        expect(ox.stdout.trim()).toBe(`Version: ${oxlintVersion}`);
        const oxRun = spawnSync(process.execPath, [oxlintBin, '-c', '.oxlintrc.json', '--format', 'json', 'examples/'], {
          cwd: consumer,
          env: childEnv(),
          encoding: 'utf8',
          timeout: TEST_TIMEOUT,
        });
        const oxContext = `oxlint exit code ${oxRun.status}\nstderr:\n${oxRun.stderr}`;
        const diagnostics = (
          JSON.parse(oxRun.stdout) as {
            diagnostics: Array<{ code: string; message: string; filename: string; labels: Array<{ span: { line: number; column: number } }> }>;
          }
        ).diagnostics;
        const oxFindings = diagnostics
          .map((diagnostic) => ({
            file: diagnostic.filename.split('\\').join('/'),
            ruleId: diagnostic.code.replace(/^fearless\((.*)\)$/, 'fearless/$1'),
            line: diagnostic.labels[0]!.span.line,
            column: diagnostic.labels[0]!.span.column,
            message: diagnostic.message,
          }))
          .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
        const eslintRun = lint(consumer, ['--config', 'eslint.examples.config.js', 'examples/']);
        expect(eslintRun.findings.length, context(eslintRun)).toBeGreaterThan(20);
        expect(
          eslintRun.findings.every((finding) => finding.ruleId?.startsWith('fearless/')),
          context(eslintRun),
        ).toBe(true);
        expect(oxFindings, oxContext).toEqual(eslintRun.findings);
        expect(oxRun.status, oxContext).toBe(1);
      },
      TEST_TIMEOUT,
    );

    it(
      "oxlint --fix-suggestions makes on examples/ the edits of ESLint's first suggestions",
      async () => {
        if (!existsSync(join(consumer, 'examples'))) cpSync(join(repo, 'examples'), join(consumer, 'examples'), { recursive: true });
        rmSync(join(consumer, 'suggested'), { recursive: true, force: true });
        cpSync(join(repo, 'examples'), join(consumer, 'suggested', 'examples'), { recursive: true });
        writeFileSync(join(consumer, 'suggested', '.oxlintrc.json'), readFileSync(join(consumer, '.oxlintrc.json')));
        const oxlintBin = join(consumer, 'node_modules', 'oxlint', 'bin', 'oxlint');
        const oxRun = spawnSync(process.execPath, [oxlintBin, '-c', '.oxlintrc.json', '--fix-suggestions', 'examples/'], {
          cwd: join(consumer, 'suggested'),
          env: childEnv(),
          encoding: 'utf8',
          timeout: TEST_TIMEOUT,
        });
        expect(oxRun.error).toBeUndefined();
        // ESLint's suggestions, the first of each finding, applied to the original files the way ESLint applies fixes.
        const { ESLint } = createRequire(join(consumer, 'package.json'))('eslint') as { ESLint: typeof ESLintApi };
        const eslint = new ESLint({ cwd: consumer, overrideConfigFile: 'eslint.examples.config.js' });
        let suggested = 0;
        for (const result of await eslint.lintFiles(['examples/'])) {
          const source = readFileSync(result.filePath, 'utf8');
          const fixes = result.messages
            .flatMap((message) => (message.suggestions?.[0] ? [message.suggestions[0].fix] : []))
            .sort((a, b) => a.range[0] - b.range[0]);
          let expected = '';
          let last = 0;
          for (const fix of fixes) {
            if (fix.range[0] < last) continue;
            expected += source.slice(last, fix.range[0]) + fix.text;
            last = fix.range[1];
          }
          expected += source.slice(last);
          if (fixes.length > 0) suggested++;
          const file = relative(consumer, result.filePath);
          expect(readFileSync(join(consumer, 'suggested', file), 'utf8'), file).toBe(expected);
        }
        expect(suggested).toBeGreaterThanOrEqual(4);
      },
      TEST_TIMEOUT,
    );

    it(
      '--concurrency 2: settings-declared transfer helpers reach the worker threads',
      () => {
        // Without the settings, `sendFrame` is followed into gpu.js, the module that defines it (cross-module analysis).
        const plain = lint(consumer, ['gpu/']);
        expect(plain.findings, context(plain)).toEqual([gpuImportedFinding]);
        expect(plain.status, context(plain)).toBe(1);

        const run = lint(consumer, ['--config', 'eslint.settings.config.js', '--concurrency', '2', 'buggy/', 'fixed/', 'gpu/'], { DEBUG: 'eslint:eslint' });
        expect(run.stderr).toContain('Linting using 2 worker thread(s).');
        expect(run.files, context(run)).toEqual([
          'buggy/main.js',
          'buggy/render-worker.js',
          'fixed/main.js',
          'fixed/render-worker.js',
          'gpu/gpu.js',
          'gpu/upload-fixed.js',
          'gpu/upload.js',
        ]);
        expect(run.findings, context(run)).toEqual([...buggyFindings, gpuFinding]);
        expect(run.status, context(run)).toBe(1);
      },
      TEST_TIMEOUT,
    );
  }
});
