/**
 * The blocking analysis's facts, without the rule: where the file runs (the shared runtime evidence) and when the
 * wakers of a wait run relative to it (the deferral of the one a finding names).
 */
import { describe, expect, it } from 'vitest';
import type { BlockingFinding } from '../../src/engine';
import { analyze } from './harness';

function describeFinding(finding: BlockingFinding): string {
  const where = finding.context;
  const at = `${finding.node.loc.start.line}`;
  switch (where.kind) {
    case 'mainThread':
      return `${at} main thread (read at ${where.evidence.loc.start.line})`;
    case 'declaredMainThread':
      return `${at} declared main (${where.pattern})`;
    case 'wokenOnThisThread': {
      const deferral = where.deferral;
      const how =
        deferral.kind === 'afterAwait'
          ? `after await at ${deferral.await.loc.start.line}`
          : deferral.kind === 'laterEvent'
            ? `later ${deferral.scheduling.event} event`
            : deferral.scheduling.kind === 'handler'
              ? `${deferral.scheduling.event} handler at ${deferral.scheduling.at.loc.start.line}`
              : `${deferral.scheduling.callee} callback at ${deferral.scheduling.at.loc.start.line}`;
      return `${at} woken at ${where.waker.node.loc.start.line} ${how}${deferral.via.length > 0 ? ` via ${deferral.via.join(' < ')}` : ''}${where.timed ? ' (timed)' : ''}`;
    }
  }
}

describe('blocking analysis', () => {
  it('keeps every main-thread read and finds worker code only in files that read the DOM', () => {
    const page = analyze(`
const a = document.title;
function f() { return window.innerWidth; }
if (typeof window !== 'undefined') window.focus();
Atomics.wait(cell, 0, 0);
`);
    const runtime = page.runtimeEvidence()!;
    expect(runtime.mainThreadReads.map((read) => read.loc.start.line)).toEqual([2, 3]);
    expect(runtime.worker).toBeUndefined();
    expect(page.blocking().map(describeFinding)).toEqual(['5 main thread (read at 2)']);

    const bundle = analyze(`
var IS_WORKER = typeof importScripts == 'function';
const a = document.title;
function f(cell) { Atomics.wait(cell, 0, 0); }
function g(cell) { const t = document.title; Atomics.wait(cell, 0, 0); }
`);
    expect(bundle.runtimeEvidence()!.worker?.loc.start.line).toBe(2);
    expect(bundle.blocking().map(describeFinding)).toEqual(['5 main thread (read at 5)']);
  });

  it('times each waker against the wait: handlers, callbacks, awaits, helpers, later events', () => {
    const analysis = analyze(`
const a = new Int32Array(new SharedArrayBuffer(16));
function publish() { Atomics.notify(a, 0); }
function relay() { publish(); }
port.on('message', relay);
export function one() { Atomics.wait(a, 0, 0); }
const b = new Int32Array(new SharedArrayBuffer(16));
async function load() { await fetch('/'); Atomics.notify(b, 1); }
load();
export function two() { Atomics.wait(b, 1, 0); }
const c = new Int32Array(new SharedArrayBuffer(16));
queueMicrotask(() => { c[2] = 1; });
export function three() { Atomics.wait(c, 2, 0, 10); }
self.onmessage = (e) => { if (e.data) Atomics.wait(c, 3, 0); else Atomics.notify(c, 3); };
`);
    expect(analysis.blocking().map(describeFinding)).toEqual([
      '6 woken at 3 message handler at 5 via publish < relay',
      '10 woken at 8 after await at 8 via load',
      '13 woken at 12 queueMicrotask callback at 12 (timed)',
      '14 woken at 14 later message event',
    ]);
  });
});
