/**
 * Section 12: what following imports costs on the editor path (issue #10).
 * A generated project of our own in bench/.cache/modules: one main.ts of
 * about 300 lines that imports 5 local modules (a transport that posts and
 * transfers, port helpers, a mutex wrapper, shared-memory counters, plain
 * utilities) by named, renamed, default and namespace imports. main.ts is
 * linted with `ESLint#lintText` in one process, as an editor does, with
 * `configs.all` following imports (the default) and with
 * `settings.fearless.followImports: false`, calls alternating, median per
 * call. The imported modules are on disk and unchanged between calls, so
 * after the first call the module cache answers: what is timed is what an
 * editor pays at every keystroke.
 *
 * Budget: following imports takes at most 1.5x the time without (median of
 * the timed calls). The findings of both are printed, and the section says
 * so when following imports found nothing more: then it timed nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './corpus.mjs';
import { createESLint, fatalMessage, findingsOf, languageConfigs, lintFile, noFollowImports } from './lint.mjs';
import { alternate } from './measure.mjs';
import { budget, heading, ms, note, ratio, table } from './report.mjs';

const BUDGET = 1.5;

const modules = {
  'transport.ts': `const worker = new Worker(new URL('./worker.js', import.meta.url));

/** Posts the buffer and moves it to the worker. */
export function ship(buf: ArrayBuffer): void {
  worker.postMessage({ kind: 'data', buf }, [buf]);
}

/** Posts any message, nothing moved. */
export function notify(message: unknown): void {
  worker.postMessage(message);
}

export function shipAll(buffers: ArrayBuffer[]): number {
  let bytes = 0;
  for (const buffer of buffers) bytes += buffer.byteLength;
  worker.postMessage({ kind: 'batch', buffers }, buffers);
  return bytes;
}

export default function stop(): void {
  worker.terminate();
}
`,
  'ports.ts': `/** Says goodbye and closes the port it is given. */
export function retire(port: MessagePort): void {
  port.postMessage('bye');
  port.close();
}

/** Only looks at the port: it stays open. */
export function inspect(port: MessagePort): string {
  return String(port);
}

export function answerOnce(port: MessagePort, value: number): void {
  port.onmessage = () => {
    port.postMessage(value);
    port.close();
  };
}
`,
  'locks.ts': `import { Mutex } from 'async-mutex';

export const mutex = new Mutex();

export async function withLock<T>(run: () => Promise<T>): Promise<T> {
  const release = await mutex.acquire();
  try {
    return await run();
  } finally {
    release();
  }
}
`,
  'shared.ts': `export function bump(view: Int32Array, index: number): number {
  return Atomics.add(view, index, 1);
}

export function read(view: Int32Array, index: number): number {
  return Atomics.load(view, index);
}

export function counter(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}
`,
  'util.ts': `export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

export function label(name: string, index: number): string {
  return name + '#' + index;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
`,
};

const imports = `import { ship, notify as tell, shipAll } from './transport';
import stop from './transport';
import * as ports from './ports';
import { withLock } from './locks';
import { bump, read, counter } from './shared';
import { clamp, label, sum } from './util';
`;

/** Function i of main.ts: one of six shapes, each calling imported helpers; every fifth reads a shipped buffer. */
function mainFunction(i) {
  switch (i % 6) {
    case 0:
      return `export function send${i}(size: number): number {
  const buf = new ArrayBuffer(clamp(size, 8, 1024));
  new Uint8Array(buf).fill(${i % 256});
  ship(buf);
  return ${i % 5 === 0 ? 'new Uint8Array(buf)[0]' : '0'};
}`;
    case 1:
      return `export function batch${i}(count: number): number {
  const buffers: ArrayBuffer[] = [];
  for (let k = 0; k < count; k++) buffers.push(new ArrayBuffer(16));
  tell({ kind: 'start', count, name: label('batch', ${i}) });
  return shipAll(buffers);
}`;
    case 2:
      return `export function reply${i}(value: number): MessagePort {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = (event) => tell(event.data);
  ports.answerOnce(port2, value);
  ports.retire(port1);
  return port2;
}`;
    case 3:
      return `export async function guarded${i}(values: number[]): Promise<number> {
  return withLock(async () => {
    const total = sum(values);
    tell({ kind: 'total', total });
    return total;
  });
}`;
    case 4:
      return `export function count${i}(view = counter(4)): number {
  for (let k = 0; k < 4; k++) bump(view, k);
  const seen = read(view, 0);
  tell({ kind: 'count', seen, name: label('count', ${i}) });
  return seen;
}`;
    default:
      return `export function look${i}(): string {
  const { port1 } = new MessageChannel();
  port1.onmessage = () => stop();
  return ports.inspect(port1);
}`;
  }
}

/** Writes the project (our own generated code) and returns main.ts's path and text. */
function writeProject() {
  const root = join(benchDir, '.cache', 'modules');
  mkdirSync(root, { recursive: true });
  for (const [name, text] of Object.entries(modules)) writeFileSync(join(root, name), text);
  const functions = [];
  for (let i = 0; functions.join('\n\n').split('\n').length < 290; i++) functions.push(mainFunction(i));
  const text = `${imports}\n${functions.join('\n\n')}\n`;
  const path = join(root, 'main.ts');
  writeFileSync(path, text);
  return { root, file: { path, text, display: 'bench/.cache/modules/main.ts', bytes: Buffer.byteLength(text) } };
}

export async function runModules({ plugin, warmup, reps }) {
  heading('12. Cross-module cost: lintText on a ~300-line file that imports 5 local modules, following imports or not');
  const { root, file } = writeProject();
  const language = languageConfigs(root, []);
  const variants = {
    off: { label: 'configs.all, followImports: false', eslint: createESLint(root, [...language, plugin.configs.all, noFollowImports]) },
    on: { label: 'configs.all (follows imports)', eslint: createESLint(root, [...language, plugin.configs.all]) },
  };
  const found = {};
  for (const [name, { label, eslint }] of Object.entries(variants)) {
    const { result } = await lintFile(eslint, file, { section: 'modules', config: label });
    const fatal = result && fatalMessage(result);
    if (!result || fatal) {
      note(`main.ts does not lint with ${label}${fatal ? `: ${fatal.message}` : ' (see Crashes)'}: nothing to time.`);
      return;
    }
    found[name] = findingsOf(result, file);
  }
  note(
    `${file.display}: ${file.text.split('\n').length} lines, importing ${Object.keys(modules).join(', ')}. ` +
      `${warmup} untimed calls per config, then ${reps} timed, alternating.`,
  );
  const timing = await alternate(
    Object.fromEntries(
      Object.entries(variants).map(([name, { label, eslint }]) => [name, () => lintFile(eslint, file, { section: 'modules', config: label })]),
    ),
    { warmup, reps },
  );
  table(
    ['config', 'findings', 'median per call', 'min', 'max', 'CPU time, median'],
    Object.entries(variants).map(([name, { label }]) => {
      const { median, samples, cpu } = timing[name];
      return [label, found[name].length, ms(median), ms(Math.min(...samples)), ms(Math.max(...samples)), ms(cpu.median)];
    }),
  );
  const only = found.on.filter((finding) => !found.off.some((other) => other.line === finding.line && other.rule === finding.rule));
  for (const finding of only) note(`  only when following imports: main.ts:${finding.line}:${finding.column} ${finding.rule}: ${finding.message}`);
  if (only.length === 0) note('Following imports found nothing more here: the cross-module analysis did not run, and this timing means nothing.');
  const cost = timing.on.median / timing.off.median;
  budget(
    'editor, following 5 imported modules <= 1.5x',
    cost <= BUDGET && only.length > 0,
    `${ratio(cost)} (${ms(timing.on.median)} vs ${ms(timing.off.median)} a call, median of ${reps}; CPU ${ratio(timing.on.cpu.median / timing.off.cpu.median)})`,
  );
}
