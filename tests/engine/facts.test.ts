/**
 * Engine facts, not findings: for small fixture programs, what the recorder
 * saw (steps per segment, in evaluation order) and what each analysis
 * concluded (its solved state on entry to and exit from every segment), in
 * the text FEARLESS_DUMP=1 prints. ESLint's code-path fixtures are the model:
 * when a rule misfires, these say which layer is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRecorded } from '../../src/engine/core/debug';
import { traceSolvedStates, type FileAnalysis } from '../../src/engine/file-analysis';
import { analyze } from './harness';

beforeAll(() => traceSolvedStates(true));
afterAll(() => traceSolvedStates(false));

const recordedOf = (analysis: FileAnalysis): string => describeRecorded(analysis.recorded!, (node) => analysis.sourceCode.getText(node));
const lines = (text: string): string[] => text.split('\n');

describe('recorder', () => {
  it('records steps in evaluation order, per segment, with the branch edges', () => {
    const analysis = analyze(`export function send(worker, big) {
  const buf = new ArrayBuffer(8);
  if (big) worker.postMessage(buf, [buf]);
  return buf.byteLength;
}`);
    expect(lines(recordedOf(analysis))).toEqual([
      'function send:',
      '  s2_1 -> s2_2, s2_3',
      '    read ArrayBuffer @2:19',
      '    call new ArrayBuffer(8) @2:15',
      '    write buf @2:9',
      '    read big @3:7',
      '  s2_2 -> s2_3',
      '    read worker @3:12',
      '    member worker.postMessage @3:12',
      '    read buf @3:31',
      '    read buf @3:37',
      '    call worker.postMessage(buf, [buf]) @3:12',
      '  s2_3',
      // The return's exit step comes before its argument is evaluated: a lock left held is "left by return".
      '    exit return @4:3',
      '    read buf @4:10',
      '    member buf.byteLength @4:10',
      '  s2_4 (unreachable)',
      '    scope end @1:35',
      'program:',
      '  s1_1',
    ]);
  });

  it('walks a finally once per way into it (normal and exceptional)', () => {
    const analysis = analyze(`import { Mutex } from 'async-mutex';
const mutex = new Mutex();
export async function update(work) {
  const release = await mutex.acquire();
  try {
    await work();
  } finally {
    release();
  }
}`);
    const text = recordedOf(analysis);
    expect(text.match(/call release\(\) @8:5/g)).toHaveLength(2);
  });
});

describe('ownership states', () => {
  it('a transfer on one branch is a may-move after the join, a must-move on its branch', () => {
    const analysis = analyze(`export function send(worker, big) {
  const buf = new ArrayBuffer(8);
  if (big) worker.postMessage(buf, [buf]);
  return buf.byteLength;
}`);
    analysis.ownership();
    expect(lines(analysis.solvedStates())).toEqual([
      'ownership, function send:',
      '  s2_1: in {} out {}',
      '  s2_2: in {} out {buf: moved (must) by worker.postMessage 3:37}',
      // After the return's last read of `buf`, its facts are dropped (liveness).
      '  s2_3: in {buf: moved (may) by worker.postMessage 3:37} out {}',
    ]);
  });

  it('a detach check refines the state on its edges', () => {
    const analysis = analyze(`export function send(worker, buf) {
  worker.postMessage(buf, [buf]);
  if (buf.byteLength === 0) return 0;
  return buf.byteLength;
}`);
    analysis.ownership();
    expect(lines(analysis.solvedStates())).toEqual([
      'ownership, function send:',
      '  s2_1: in {} out {buf: moved (must) by worker.postMessage 2:28}',
      // The edge where `byteLength === 0` failed: the buffer is still attached.
      '  s2_4: in {} out {}',
      '  s2_2: in {buf: moved (must) by worker.postMessage 2:28} out {buf: moved (must) by worker.postMessage 2:28}',
    ]);
  });
});

describe('lock states', () => {
  it('an acquisition is held until the finally releases it; an early return leaves it held', () => {
    const analysis = analyze(`import { Mutex } from 'async-mutex';
const mutex = new Mutex();
export async function update(work) {
  const release = await mutex.acquire();
  if (!work) return;
  try {
    await work();
  } finally {
    release();
  }
}`);
    analysis.locks();
    expect(lines(analysis.solvedStates())).toEqual([
      'locks, function update:',
      '  s2_1: in {} out {mutex: held since 4:25}',
      '  s2_4: in {mutex: held since 4:25} out {mutex: held since 4:25}',
      '  s2_5: in {mutex: held since 4:25} out {mutex: held since 4:25}',
      '  s2_7: in {mutex: held since 4:25} out {}',
      '  s2_6: in {mutex: held since 4:25} out {}',
      '  s2_2: in {mutex: held since 4:25} out {mutex: held since 4:25, left by return 5:14}',
    ]);
  });

  it('the lock classifier tells the effect of each call', () => {
    const analysis = analyze(`import { Mutex } from 'async-mutex';
const mutex = new Mutex();
export async function f(pool) {
  const release = await mutex.acquire();
  await mutex.runExclusive(() => 1);
  await pool.acquire();
  release();
}`);
    const locks = analysis.locks()!;
    expect(locks.acquisitions.map((a) => `${a.lock.display} ${a.form} ${a.node.loc.start.line}`)).toEqual(['mutex explicit 4', 'mutex scoped 5']);
  });
});

describe('channel states', () => {
  it('a port is open from its creation to its close; the early return leaves it open', () => {
    const analysis = analyze(`export function ask(worker) {
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ port: port2 }, [port2]);
  if (!worker) return;
  port1.close();
}`);
    analysis.channels({ unknownCallIsHandoff: true, unrefIsDischarge: true, requireStart: false });
    expect(lines(analysis.solvedStates())).toEqual([
      'channels, function ask:',
      '  s2_1: in {} out {port1: open since 2:11}',
      '  s2_4: in {port1: open since 2:11} out {}',
      '  s2_2: in {port1: open since 2:11} out {port1: open since 2:11}',
    ]);
  });
});
