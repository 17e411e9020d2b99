/**
 * The runtime classifier: the one place that reads model/runtimes.ts. It
 * tells, for one member read or call, whether it shows that the file runs on
 * a browser's main thread (`document.body`), on some browser thread
 * (`clients.claim()`, `importScripts(url)`), or on Node (`import 'node:fs'`).
 */
import { builtinModules } from 'node:module';
import type { TSESTree } from '@typescript-eslint/utils';
import { browserThreadNames, mainThreadGlobals, nodeModulePrefix } from '../../model/runtimes';
import { isFunctionNode, skipWrappers } from '../facts/ast';
import type { Resolver } from '../facts/resolve';

const nodeBuiltins: ReadonlySet<string> = new Set(builtinModules);

export class RuntimeClassifier {
  constructor(private readonly resolver: Resolver) {}

  /** `document.body`, `window.addEventListener`: a member of a global only a browser's main thread has. */
  isMainThreadEvidence(member: TSESTree.MemberExpression): boolean {
    const object = skipWrappers(member.object);
    if (object.type !== 'Identifier' || !mainThreadGlobals.has(object.name)) return false;
    // Unbound names only: `window` resolves to the global object itself, `document` to `global:document`.
    const reference = this.resolver.qualifiedName(object);
    const unbound = reference === `global:${object.name}` || (object.name === 'window' && reference === 'global:globalThis');
    return unbound && !underTypeofProbe(member, object.name);
  }

  /** `location.href`, `clients.claim()`, `skipWaiting()`, `navigator.serviceWorker.register(url)`, or main-thread evidence. */
  isBrowserEvidence(node: TSESTree.MemberExpression | TSESTree.CallExpression): boolean {
    if (node.type === 'MemberExpression' && this.isMainThreadEvidence(node)) return true;
    const named = node.type === 'CallExpression' ? skipWrappers(node.callee) : node;
    if (named.type !== 'Identifier' && named.type !== 'MemberExpression') return false;
    const name = this.resolver.qualifiedName(named);
    if (name === undefined) return false;
    const match = browserThreadNames.find((known) => name === known || name.startsWith(`${known}.`));
    if (match === undefined) return false;
    const root = match.slice('global:'.length).split('.')[0]!;
    return !underTypeofProbe(node, root);
  }

  /** `import fs from 'node:fs'`, `require('worker_threads')`: a module only Node has. */
  isNodeModule(specifier: string): boolean {
    return specifier.startsWith(nodeModulePrefix) || nodeBuiltins.has(specifier.split('/')[0]!);
  }
}

/**
 * Isomorphic code reads the global only after probing for it:
 * `if (typeof window !== 'undefined' && typeof window.prompt == 'function') window.prompt(...)`,
 * `typeof document === 'object' ? document.title : ''`. Such a read is not evidence of where the file runs.
 */
function underTypeofProbe(node: TSESTree.Node, name: string): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && !isFunctionNode(parent); child = parent, parent = parent.parent) {
    const test =
      parent.type === 'IfStatement' || parent.type === 'ConditionalExpression'
        ? parent.test === child
          ? undefined
          : parent.test
        : parent.type === 'LogicalExpression' && parent.right === child
          ? parent.left
          : parent.type === 'UnaryExpression' && parent.operator === 'typeof'
            ? parent
            : undefined;
    if (test && probes(test, name)) return true;
  }
  return false;
}

/** Whether an expression contains `typeof <name>` (through `&&`, `||`, `!`, comparisons). */
function probes(expression: TSESTree.Node, name: string): boolean {
  switch (expression.type) {
    case 'UnaryExpression':
      return expression.operator === 'typeof'
        ? expression.argument.type === 'Identifier' && expression.argument.name === name
        : probes(expression.argument, name);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return probes(expression.left, name) || probes(expression.right, name);
    default:
      return false;
  }
}
