/**
 * The thread a file is declared to run on (`settings.fearless.threads`):
 * glob patterns matched against the file's path relative to the working
 * directory, as ESLint matches a config's `files`. A file that matches both
 * lists is taken as a worker: worker files are usually the exception inside
 * a page's sources (`main: ['src/**']`, `worker: ['src/**\/*.worker.ts']`).
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { ThreadKind, ThreadsSetting } from '../../settings';
import { compileGlob } from '../../util/glob';

export interface DeclaredThread {
  readonly thread: ThreadKind;
  /** The pattern that matched, for messages. */
  readonly pattern: string;
}

type CompiledThreads = ReadonlyArray<{ readonly thread: ThreadKind; readonly pattern: string; readonly regexp: RegExp }>;

const compiled = new WeakMap<ThreadsSetting, CompiledThreads>();

function compile(threads: ThreadsSetting): CompiledThreads {
  let result = compiled.get(threads);
  if (!result) {
    // Workers first: they win where both match.
    result = (['worker', 'main'] as const).flatMap((thread) => (threads[thread] ?? []).map((pattern) => ({ thread, pattern, regexp: compileGlob(pattern) })));
    compiled.set(threads, result);
  }
  return result;
}

export function declaredThread(threads: ThreadsSetting, filename: string, cwd: string): DeclaredThread | undefined {
  const patterns = compile(threads);
  if (patterns.length === 0) return undefined;
  const path = (isAbsolute(filename) ? relative(cwd, filename) : filename).split(sep).join('/');
  const match = patterns.find(({ regexp }) => regexp.test(path));
  return match && { thread: match.thread, pattern: match.pattern };
}
