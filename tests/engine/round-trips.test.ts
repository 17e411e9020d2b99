import { describe, expect, it } from 'vitest';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { RoundTripClassifier } from '../../src/engine/classify/round-trips';
import { runsBefore, runsOnEntry } from '../../src/engine/facts/evaluation-order';
import { builtinScriptThreads } from '../../src/model/round-trips';
import { analyze, nodesOf } from './harness';

function classifierOf(code: string): { classifier: RoundTripClassifier; ast: TSESTree.Program; text: (node: TSESTree.Node) => string } {
  const analysis = analyze(code);
  const recorded = analysis.recorded!;
  const text = (node: TSESTree.Node): string => analysis.sourceCode.getText(node);
  const classifier = new RoundTripClassifier({
    recorded,
    resolver: analysis.resolver,
    declaredVariables: (node) => analysis.sourceCode.getDeclaredVariables(node),
    text,
  });
  return { classifier, ast: analysis.sourceCode.ast, text };
}

/** For each `x.postMessage(...)` call: whether it runs before the first `await` after it. */
function postsBeforeAwait(code: string): boolean[] {
  const { ast } = classifierOf(code);
  const awaits = nodesOf(ast, AST_NODE_TYPES.AwaitExpression);
  return nodesOf(ast, AST_NODE_TYPES.CallExpression)
    .filter((call) => call.callee.type === 'MemberExpression' && call.callee.property.type === 'Identifier' && call.callee.property.name === 'postMessage')
    .map((post) =>
      runsBefore(
        post,
        awaits.find((wait) => wait.range[0] > post.range[1])!,
      ),
    );
}

describe('round trips: what runs before what', () => {
  it('a post runs before a later await of its block, not from a branch, a short-circuit or an optional call', () => {
    expect(
      postsBeforeAwait(`
async function f(w, c) {
  w.postMessage(1); await a;
  if (c) w.postMessage(2); await a;
  c && w.postMessage(3); await a;
  w?.postMessage(4); await a;
  try { w.postMessage(5); } catch {} await a;
  { w.postMessage(6); } await a;
  const x = (w.postMessage(7), 1); await a;
  for (;;) { w.postMessage(8); await a; }
}
// postMessage`),
    ).toEqual([true, false, false, false, false, false, true, true]);
  });

  it('runs on entry: unconditional in the body, through plain blocks only', () => {
    const { ast } = classifierOf(`
function executor(resolve, w) { w.postMessage(1); { w.postMessage(2); } if (w) w.postMessage(3); while (w) { w.postMessage(4); } }
// postMessage`);
    const fn = nodesOf(ast, AST_NODE_TYPES.FunctionDeclaration)[0]!;
    expect(nodesOf(ast, AST_NODE_TYPES.CallExpression).map((call) => runsOnEntry(call, fn))).toEqual([true, true, false, false]);
  });
});

describe('round trips: endpoints of a thread that runs this file', () => {
  it('knows the file by import.meta.url, __filename, document.currentScript.src and location.href, not another file', () => {
    const { classifier, ast, text } = classifierOf(`
import { Worker as NodeWorker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
const self1 = new Worker(new URL(import.meta.url), { type: 'module' });
const self2 = new Worker(import.meta.url);
const script = fileURLToPath(import.meta.url);
const self3 = new NodeWorker(script);
const self4 = new NodeWorker(__filename);
const self5 = new Worker(document.currentScript.src);
const self6 = new SharedWorker(location.href);
const other1 = new Worker(new URL('./other.js', import.meta.url));
const other2 = new Worker('worker.js');
const other3 = new MessageChannel();
self1.postMessage(1); self2.postMessage(1); self3.postMessage(1); self4.postMessage(1); self5.postMessage(1);
self6.port.postMessage(1); self6.postMessage(1);
other1.postMessage(1); other2.postMessage(1); other3.port1.postMessage(1);
`);
    const posts = nodesOf(ast, AST_NODE_TYPES.CallExpression).filter((call) => classifier.isPost(call));
    const endpoints = posts.map((post) => {
      const receiver = (post.callee as TSESTree.MemberExpression).object;
      const endpoint = classifier.endpointOf(receiver);
      return endpoint ? `${text(receiver)}: ${endpoint.thread.id}` : `${text(receiver)}: -`;
    });
    expect(endpoints).toEqual([
      'self1: worker',
      'self2: worker',
      'self3: nodeWorker',
      'self4: nodeWorker',
      'self5: worker',
      'self6.port: sharedWorker',
      // A SharedWorker's creator posts on its port, not on the object.
      'self6: -',
      'other1: -',
      'other2: -',
      'other3.port1: -',
    ]);
  });

  it("finds the started thread's message handlers: self, bare, parentPort, and a SharedWorker's connection ports", () => {
    const { classifier } = classifierOf(`
import { parentPort } from 'node:worker_threads';
self.onmessage = function a() {};
addEventListener('message', function b() {});
onmessage = function c() {};
globalThis.addEventListener('message', d);
function d() {}
parentPort.on('message', function e() {});
onconnect = (event) => { const port = event.ports[0]; port.onmessage = function f() {}; };
window.addEventListener('click', function g() {});
someWorker.onmessage = function h() {};
// postMessage
`);
    const names = (id: 'worker' | 'sharedWorker' | 'nodeWorker'): string[] =>
      classifier
        .handlersOf(builtinThread(id))
        .map((handler) => (handler.fn.type !== 'ArrowFunctionExpression' && handler.fn.id ? handler.fn.id.name : '?'))
        .sort();
    expect(names('worker')).toEqual(['a', 'b', 'c', 'd']);
    expect(names('nodeWorker')).toEqual(['e']);
    expect(names('sharedWorker')).toEqual(['f']);
  });
});

function builtinThread(id: string): (typeof builtinScriptThreads)[number] {
  return builtinScriptThreads.find((thread) => thread.id === id)!;
}
