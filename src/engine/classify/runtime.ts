/**
 * The runtime classifier: the one place that reads model/runtimes.ts. It
 * tells, for one member read or call, whether it shows that the file runs on
 * a browser's main thread (`document.body`), on some browser thread
 * (`clients.claim()`, `importScripts(url)`), in a worker (`self.onmessage = f`,
 * `typeof importScripts`, `parentPort`), or on Node (`import 'node:fs'`).
 */
import { builtinModules } from 'node:module';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  browserThreadNames,
  mainThreadGlobals,
  nodeModulePrefix,
  serviceWorkerEvents,
  workerGlobalHandlers,
  workerGlobals,
  workerThreadExports,
} from '../../model/runtimes';
import { normalizeModule } from '../../model/names';
import { isFunctionNode, skipWrappers, staticPropertyName } from '../facts/ast';
import type { Resolver } from '../facts/resolve';

const nodeBuiltins: ReadonlySet<string> = new Set(builtinModules);
/** Globals whose presence tells a page or a worker from other threads: probing one is a thread test. */
const threadProbeGlobals: ReadonlySet<string> = new Set([...mainThreadGlobals, ...workerGlobals]);
const maxFlagDepth = 3;

export class RuntimeClassifier {
  constructor(private readonly resolver: Resolver) {}

  /** `document.body`, `window.addEventListener`: a member of a global only a browser's main thread has. */
  isMainThreadEvidence(member: TSESTree.MemberExpression): boolean {
    const object = skipWrappers(member.object);
    if (object.type !== 'Identifier' || !mainThreadGlobals.has(object.name)) return false;
    // Unbound names only: `window` resolves to the global object itself, `document` to `global:document`.
    const reference = this.resolver.qualifiedName(object);
    const unbound = reference === `global:${object.name}` || (object.name === 'window' && reference === 'global:globalThis');
    return unbound && !this.underEnvironmentProbe(member, mainThreadGlobals);
  }

  /** `location.href`, `clients.claim()`, `skipWaiting()`, `navigator.serviceWorker.register(url)`, or main-thread evidence. */
  isBrowserEvidence(node: TSESTree.MemberExpression | TSESTree.CallExpression): boolean {
    if (node.type === 'MemberExpression' && this.isMainThreadEvidence(node)) return true;
    if (node.type === 'CallExpression' && this.isServiceWorkerListener(node)) return true;
    const named = node.type === 'CallExpression' ? skipWrappers(node.callee) : node;
    if (named.type !== 'Identifier' && named.type !== 'MemberExpression') return false;
    const name = this.resolver.qualifiedName(named);
    if (name === undefined) return false;
    const match = browserThreadNames.find((known) => name === known || name.startsWith(`${known}.`));
    if (match === undefined) return false;
    const root = match.slice('global:'.length).split('.')[0]!;
    return !this.underEnvironmentProbe(node, new Set([root]));
  }

  /** `self.addEventListener('fetch', f)`, `addEventListener('install', f)`: an event only a service worker's global fires. */
  private isServiceWorkerListener(call: TSESTree.CallExpression): boolean {
    const event = call.arguments[0];
    if (event?.type !== 'Literal' || typeof event.value !== 'string' || !serviceWorkerEvents.has(event.value)) return false;
    const callee = skipWrappers(call.callee);
    if (callee.type === 'Identifier') return callee.name === 'addEventListener' && this.resolver.isGlobalReference(callee);
    if (callee.type !== 'MemberExpression' || staticPropertyName(callee) !== 'addEventListener') return false;
    const object = skipWrappers(callee.object);
    return object.type === 'Identifier' && (object.name === 'self' || object.name === 'globalThis') && this.resolver.isGlobalReference(object);
  }

  /**
   * A read, call or write that only code meant to run in a worker makes:
   * `importScripts(url)`, `self.onmessage = f`, `parentPort.postMessage(x)`.
   */
  isWorkerEvidence(node: TSESTree.MemberExpression | TSESTree.CallExpression, write: boolean): boolean {
    if (write && node.type === 'MemberExpression') {
      const object = skipWrappers(node.object);
      const property = staticPropertyName(node);
      return (
        object.type === 'Identifier' &&
        (object.name === 'self' || object.name === 'globalThis') &&
        this.resolver.isGlobalReference(object) &&
        property !== undefined &&
        workerGlobalHandlers.has(property)
      );
    }
    const named = node.type === 'CallExpression' ? skipWrappers(node.callee) : node;
    if (named.type !== 'Identifier' && named.type !== 'MemberExpression') return false;
    const name = this.resolver.qualifiedName(named);
    if (name === undefined) return false;
    if (name.startsWith('global:') && workerGlobals.has(name.slice('global:'.length).split('.')[0]!)) return true;
    return workerThreadExports.some((known) => name === known || name.startsWith(`${known}.`));
  }

  /** A reference to a global that only workers have (`typeof importScripts`, `WorkerGlobalScope`), or `onmessage = f`. */
  isWorkerGlobalReference(reference: TSESLint.Scope.Reference): boolean {
    const name = reference.identifier.name;
    return workerGlobals.has(name) || (reference.isWrite() && workerGlobalHandlers.has(name));
  }

  /** `import { parentPort } from 'node:worker_threads'`. */
  isWorkerImport(declaration: TSESTree.ImportDeclaration): boolean {
    const moduleName = normalizeModule(declaration.source.value);
    return declaration.specifiers.some(
      (specifier) =>
        specifier.type === 'ImportSpecifier' &&
        workerThreadExports.includes(`${moduleName}:${specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value}`),
    );
  }

  /**
   * A test that tells the threads running this file apart: `isMainThread`, `workerData`, `parentPort`,
   * `typeof importScripts`, `typeof window`, or a flag set from one. Its two branches run on different threads.
   */
  isThreadTest(test: TSESTree.Node): boolean {
    if (this.probes(test, threadProbeGlobals, 0)) return true;
    let found = false;
    const visit = (node: TSESTree.Node, depth: number): void => {
      if (found || depth > maxFlagDepth) return;
      const inner = skipWrappers(node);
      if (inner.type === 'Identifier' || inner.type === 'MemberExpression') {
        const name = this.resolver.qualifiedName(inner);
        if (name !== undefined && workerThreadExports.some((known) => name === known || name.startsWith(`${known}.`))) found = true;
        return;
      }
      if (inner.type === 'UnaryExpression') visit(inner.argument, depth + 1);
      else if (inner.type === 'LogicalExpression' || inner.type === 'BinaryExpression') {
        visit(inner.left, depth + 1);
        visit(inner.right, depth + 1);
      }
    };
    visit(test, 0);
    return found;
  }

  /** `import fs from 'node:fs'`, `require('worker_threads')`: a module only Node has. */
  isNodeModule(specifier: string): boolean {
    return specifier.startsWith(nodeModulePrefix) || nodeBuiltins.has(specifier.split('/')[0]!);
  }

  /**
   * Isomorphic code reads the global only after probing for it:
   * `if (typeof window !== 'undefined' && typeof window.prompt == 'function') window.prompt(...)`,
   * `typeof document === 'object' ? document.title : ''`, `if (ENVIRONMENT_IS_WEB) document.title = t`
   * (a flag set from such a probe), `globalThis.window && window.focus()`. Such a read is not evidence of where the file runs.
   * A probe of any of `names` counts (a page is tested for with `window` and then read through `document`).
   */
  private underEnvironmentProbe(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
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
      if (test && this.probes(test, names, 0)) return true;
    }
    return false;
  }

  /** Whether an expression tests for one of the globals `names` (through `&&`, `||`, `!`, comparisons, and flags set from a probe). */
  private probes(expression: TSESTree.Node, names: ReadonlySet<string>, depth: number): boolean {
    const node = skipWrappers(expression);
    switch (node.type) {
      case 'UnaryExpression':
        return node.operator === 'typeof' ? this.namesGlobal(node.argument, names) : this.probes(node.argument, names, depth);
      case 'LogicalExpression':
        return this.probes(node.left, names, depth) || this.probes(node.right, names, depth);
      case 'BinaryExpression':
        // `'window' in globalThis`
        if (node.operator === 'in' && node.left.type === 'Literal' && typeof node.left.value === 'string' && names.has(node.left.value)) return true;
        return this.probes(node.left, names, depth) || this.probes(node.right, names, depth);
      case 'MemberExpression':
        // `globalThis.window`, `self.document` tested for truthiness.
        return node.object.type !== 'MemberExpression' && this.namesGlobal(node, names);
      case 'Identifier': {
        // `var ENVIRONMENT_IS_WEB = typeof window == 'object'; if (ENVIRONMENT_IS_WEB) ...`
        if (depth >= maxFlagDepth) return false;
        const variable = this.resolver.variableOf(node);
        const definition = variable && this.resolver.singleDefinition(variable);
        return definition?.kind === 'init' && definition.path.length === 0 && this.probes(definition.init, names, depth + 1);
      }
      default:
        return false;
    }
  }

  /** `window`, `globalThis.window`, `self.window`: one of the globals `names` itself. */
  private namesGlobal(expression: TSESTree.Node, names: ReadonlySet<string>): boolean {
    const node = skipWrappers(expression);
    if (node.type === 'Identifier') return names.has(node.name);
    const name = node.type === 'MemberExpression' ? staticPropertyName(node) : undefined;
    return name !== undefined && names.has(name) && this.resolver.qualifiedName(node) === `global:${name}`;
  }
}
