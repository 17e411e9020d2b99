/**
 * The dataflow never enumerates paths: its work grows with the number of
 * segments, not of paths. These cases count the solver's segment visits (not
 * time, which a loaded machine makes flaky) on inputs that explode a path
 * enumerator, and check the answers are still right.
 */
import { describe, expect, it } from 'vitest';
import { solveForward, type ForwardProblem } from '../../src/engine/core/dataflow';
import { lint } from '../lint';
import { analyze } from './harness';

/** A problem that counts nothing: it only measures the solver's visits. */
const trivial: ForwardProblem<number> = { entry: 0, join: (a, b) => Math.max(a, b), equals: (a, b) => a === b, transfer: (s) => s };

function visitsPerSegment(code: string): number {
  const analysis = analyze(code);
  const recorded = analysis.recorded!;
  const flow = recorded.flows.find((candidate) => candidate.node.type === 'FunctionDeclaration')!;
  const solution = solveForward(flow, trivial);
  return solution.visits / solution.order.length;
}

/** `count` conditions that transfer and renew the buffer, then one that only transfers, then a use. */
function sequentialIfs(count: number): string {
  const body = Array.from({ length: count }, (_, i) => `  if (c${i % 7}) { worker.postMessage(buf, [buf]); buf = new ArrayBuffer(${i}); }`).join('\n');
  return `function f(worker, buf, c0, c1, c2, c3, c4, c5, c6) {\n${body}\n  if (c0) worker.postMessage(buf, [buf]);\n  return buf.byteLength;\n}`;
}

function loopNest(depth: number): string {
  let code = 'worker.postMessage(buf, [buf]); buf = new ArrayBuffer(8);';
  for (let i = depth - 1; i >= 0; i--) code = `for (let i${i} = 0; i${i} < n; i${i}++) { if (c) { ${code} } }`;
  return `function f(worker, buf, n, c) {\n${code}\nreturn buf.byteLength;\n}`;
}

describe('dataflow growth', () => {
  it('visits each segment a bounded number of times with 50 and 200 sequential conditions', () => {
    expect(visitsPerSegment(sequentialIfs(50))).toBeLessThanOrEqual(2);
    expect(visitsPerSegment(sequentialIfs(200))).toBeLessThanOrEqual(2);
  });

  it('visits a deep loop nest a bounded number of times per segment', () => {
    const shallow = visitsPerSegment(loopNest(10));
    const deep = visitsPerSegment(loopNest(40));
    expect(deep).toBeLessThanOrEqual(4);
    expect(deep).toBeLessThanOrEqual(shallow + 1);
  });

  it('still answers right: the last transfer may reach the return, on 50 conditions', () => {
    const messages = lint(sequentialIfs(50), { rules: { 'no-use-after-transfer': [] } });
    expect(messages.map((message) => `${message.line}:${message.messageId}`)).toEqual(['53:useAfterTransfer']);
    expect(messages[0]!.message).toContain('may have been transferred at line 52');
  });

  it('still answers right in a deep loop nest: the buffer is renewed after every transfer', () => {
    expect(lint(loopNest(40), { rules: { 'no-use-after-transfer': [] } })).toEqual([]);
  });
});
