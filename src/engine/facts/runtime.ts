/**
 * Where the file runs, as far as its text shows: one scan of the recorded
 * steps and the module's imports, computed once per file and shared by
 * every analysis (blocking waits throw on a browser's main thread; an
 * endpoint created at module level in a page or a service worker lives as
 * long as it does).
 *
 * Evidence is one node each, for messages: the first read that shows it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { RecordedFile } from '../core/flow';
import { forEachStep } from '../core/flow';
import type { RuntimeClassifier } from '../classify/runtime';
import { skipWrappers } from './ast';

export interface RuntimeEvidence {
  /** A read of a global only a browser's main thread has (`document.body`). */
  readonly mainThread: TSESTree.MemberExpression | undefined;
  /** A read or call of a global only browser threads have (`clients.claim()`, `location.href`), or `mainThread`. */
  readonly browser: TSESTree.Node | undefined;
  /** An import or require of a Node built-in module (`'node:fs'`, `'worker_threads'`). */
  readonly node: TSESTree.Node | undefined;
}

export function runtimeEvidence(recorded: RecordedFile, program: TSESTree.Program, classifier: RuntimeClassifier): RuntimeEvidence {
  let mainThread: TSESTree.MemberExpression | undefined;
  let browser: TSESTree.Node | undefined;
  let node: TSESTree.Node | undefined;
  for (const statement of program.body) {
    const source =
      statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration' || statement.type === 'ExportNamedDeclaration'
        ? statement.source
        : null;
    if (!node && source && classifier.isNodeModule(source.value)) node = statement;
  }
  forEachStep(recorded.flows, (step) => {
    if (step.kind === 'member') {
      if (!mainThread && classifier.isMainThreadEvidence(step.node)) mainThread = step.node;
      if (!browser && classifier.isBrowserEvidence(step.node)) browser = step.node;
    } else if (step.kind === 'call' && step.node.type === 'CallExpression') {
      if (!browser && classifier.isBrowserEvidence(step.node)) browser = step.node;
      if (!node && requiredNodeModule(step.node, classifier)) node = step.node;
    }
  });
  return { mainThread, browser: browser ?? mainThread, node };
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
