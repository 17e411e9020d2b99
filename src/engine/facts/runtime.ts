/**
 * Where the file runs, as far as its text (or `settings.fearless.threads`)
 * shows: one scan of the recorded steps, the module's imports and its
 * references to globals, computed once per file and shared by every analysis
 * (blocking waits throw on a browser's main thread; an endpoint created at
 * module level in a page or a service worker lives as long as it does).
 *
 * Evidence is one node each, for messages: the first read that shows it;
 * main-thread reads are all kept, so that a file built for both the page and
 * its workers can be told apart per function.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { RecordedFile } from '../core/flow';
import { forEachStep } from '../core/flow';
import type { RuntimeClassifier } from '../classify/runtime';
import { skipWrappers } from './ast';
import type { DeclaredThread } from './threads';

export interface RuntimeEvidence {
  /** The first read of a global only a browser's main thread has (`document.body`), outside environment probes. */
  readonly mainThread: TSESTree.MemberExpression | undefined;
  /** Every such read, in source order. */
  readonly mainThreadReads: readonly TSESTree.MemberExpression[];
  /** A read or call of a global only browser threads have (`clients.claim()`, `location.href`), or `mainThread`. */
  readonly browser: TSESTree.Node | undefined;
  /**
   * Code meant to run in a worker: `importScripts(url)`, `self.onmessage = f`, a `typeof importScripts` or
   * `WorkerGlobalScope` probe, Node's `parentPort` / `workerData` / `isMainThread`. Looked for only in a file
   * with `mainThread` evidence (it tells a bundle for the page and its workers from page code).
   */
  readonly worker: TSESTree.Node | undefined;
  /** An import or require of a Node built-in module (`'node:fs'`, `'worker_threads'`). */
  readonly node: TSESTree.Node | undefined;
  /** The thread `settings.fearless.threads` declares for this file: it overrides the evidence above. */
  readonly declared: DeclaredThread | undefined;
}

export interface RuntimeSources {
  readonly recorded: RecordedFile;
  readonly program: TSESTree.Program;
  /** References to globals: unresolved ones, and those of configured globals (`languageOptions.globals`). */
  readonly globalReferences: () => Iterable<TSESLint.Scope.Reference>;
  readonly declared: DeclaredThread | undefined;
}

export function runtimeEvidence(sources: RuntimeSources, classifier: RuntimeClassifier): RuntimeEvidence {
  const mainThreadReads: TSESTree.MemberExpression[] = [];
  let browser: TSESTree.Node | undefined;
  let node: TSESTree.Node | undefined;
  for (const statement of sources.program.body) {
    const source =
      statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration' || statement.type === 'ExportNamedDeclaration'
        ? statement.source
        : null;
    if (!node && source && classifier.isNodeModule(source.value)) node = statement;
  }
  forEachStep(sources.recorded.flows, (step) => {
    if (step.kind === 'member') {
      if (classifier.isMainThreadEvidence(step.node)) mainThreadReads.push(step.node);
      if (!browser && classifier.isBrowserEvidence(step.node)) browser = step.node;
    } else if (step.kind === 'call' && step.node.type === 'CallExpression') {
      if (!browser && classifier.isBrowserEvidence(step.node)) browser = step.node;
      if (!node && requiredNodeModule(step.node, classifier)) node = step.node;
    }
  });
  mainThreadReads.sort((a, b) => a.range[0] - b.range[0]);
  const mainThread = mainThreadReads[0];
  // Worker code only matters where there is page code to tell it from: looked for in files that read the DOM.
  const worker = mainThread ? workerEvidence(sources, classifier) : undefined;
  return { mainThread, mainThreadReads, browser: browser ?? mainThread, worker, node, declared: sources.declared };
}

function workerEvidence(sources: RuntimeSources, classifier: RuntimeClassifier): TSESTree.Node | undefined {
  for (const statement of sources.program.body) {
    if (statement.type === 'ImportDeclaration' && classifier.isWorkerImport(statement)) return statement;
  }
  let found: TSESTree.Node | undefined;
  forEachStep(sources.recorded.flows, (step) => {
    if (found) return;
    if (step.kind === 'member' || step.kind === 'memberWrite') {
      if (classifier.isWorkerEvidence(step.node, step.kind === 'memberWrite')) found = step.node;
    } else if (step.kind === 'call' && step.node.type === 'CallExpression' && classifier.isWorkerEvidence(step.node, false)) {
      found = step.node;
    }
  });
  if (found) return found;
  for (const reference of sources.globalReferences()) {
    if (classifier.isWorkerGlobalReference(reference)) return reference.identifier as TSESTree.Identifier;
  }
  return undefined;
}

/** `require('worker_threads')`, `require('node:fs')`. */
function requiredNodeModule(call: TSESTree.CallExpression, classifier: RuntimeClassifier): boolean {
  const callee = skipWrappers(call.callee);
  const argument = call.arguments[0];
  return (
    callee.type === 'Identifier' &&
    callee.name === 'require' &&
    argument?.type === 'Literal' &&
    typeof argument.value === 'string' &&
    classifier.isNodeModule(argument.value)
  );
}
