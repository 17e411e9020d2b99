import { describe, expect, it } from 'vitest';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { analyze, nodesOf } from './harness';

/** The qualified names of every `new X()` callee in the snippet, in order. */
function constructed(code: string, typescript = false): Array<string | undefined> {
  const analysis = analyze(`${code}\n// postMessage`, { typescript });
  return nodesOf(analysis.sourceCode.ast, AST_NODE_TYPES.NewExpression).map((node) => analysis.resolver.qualifiedName(node.callee));
}

describe('qualified names', () => {
  it('follows every way of importing worker_threads', () => {
    expect(
      constructed(`
import { Worker } from 'node:worker_threads';
import { Worker as W2 } from 'worker_threads';
import * as wt from 'node:worker_threads';
import wtDefault from 'worker_threads';
const { Worker: W3 } = require('worker_threads');
const W4 = require('node:worker_threads').Worker;
const cjs = require('worker_threads');
const Alias = W2;
async function lazy() {
  const { Worker: W5 } = await import('node:worker_threads');
  new W5('f');
}
new Worker('a'); new W2('b'); new wt.Worker('c'); new wtDefault.Worker('d'); new W3('e'); new W4('f'); new cjs.Worker('g'); new Alias('h');
`),
    ).toEqual([
      'worker_threads:Worker',
      'worker_threads:Worker',
      'worker_threads:Worker',
      'worker_threads:Worker',
      'worker_threads:default.Worker',
      'worker_threads:Worker',
      'worker_threads:Worker',
      'worker_threads:Worker',
      'worker_threads:Worker',
    ]);
  });

  it('names globals, through the global object too, and not shadowed locals', () => {
    expect(
      constructed(`
new Worker('a');
new self.Worker('b');
new globalThis.MessageChannel();
new window.BroadcastChannel('x');
function local(Worker) { return new Worker('c'); }
`),
    ).toEqual(['global:Worker', 'global:Worker', 'global:MessageChannel', 'global:BroadcastChannel', undefined]);
  });

  it('names TypeScript import-equals and renamed default imports', () => {
    expect(
      constructed(
        `
import AwaitLock from 'await-lock';
import Mutex = require('async-mutex');
new AwaitLock(); new Mutex.Mutex();
`,
        true,
      ),
    ).toEqual(['await-lock:default', 'async-mutex:Mutex']);
  });
});

describe('resolved values', () => {
  it('follows const bindings, destructuring, object literals and fields assigned once', () => {
    const analysis = analyze(`
const channel = new MessageChannel();
const { port1 } = channel;
const [first] = [channel.port2];
const holder = { port: port1 };
class C {
  constructor() { this.lock = new Mutex(); }
  use() { return this.lock; }
}
let changed = new MessageChannel();
changed = null;
use(port1, first, holder.port, changed);
// postMessage
`);
    const call = nodesOf(analysis.sourceCode.ast, AST_NODE_TYPES.CallExpression).find(
      (node) => node.callee.type === 'Identifier' && node.callee.name === 'use',
    )!;
    const describe = (index: number): string => {
      const value = analysis.resolver.resolveValue(call.arguments[index]!);
      return `${analysis.sourceCode.getText(value.expr)} ${value.path.join('.')}`.trim();
    };
    expect(describe(0)).toBe('new MessageChannel() port1');
    expect(describe(1)).toBe('new MessageChannel() port2');
    expect(describe(2)).toBe('new MessageChannel() port1');
    // Reassigned: not followed.
    expect(describe(3)).toBe('changed');
    const thisLock = nodesOf(analysis.sourceCode.ast, AST_NODE_TYPES.ReturnStatement)[0]!.argument!;
    expect(analysis.sourceCode.getText(analysis.resolver.resolveValue(thisLock).expr)).toBe('new Mutex()');
  });
});
