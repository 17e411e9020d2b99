/**
 * settings.fearless: plain JSON, validated with messages that name the bad key,
 * and extending the model the rules use.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsError } from '../../src/settings';
import { lint } from '../lint';

function error(settings: unknown): string {
  try {
    parseSettings({ fearless: settings });
  } catch (thrown) {
    return (thrown as Error).message;
  }
  return 'no error';
}

describe('settings.fearless', () => {
  it('accepts an absent or empty object', () => {
    expect(parseSettings(undefined)).toEqual({ sends: [], locks: [], channels: [], lockOrder: [], threads: {}, followImports: true });
    expect(parseSettings({ fearless: {} })).toEqual({ sends: [], locks: [], channels: [], lockOrder: [], threads: {}, followImports: true });
    expect(parseSettings({ fearless: { followImports: false } }).followImports).toBe(false);
  });

  it('names the bad key in every error', () => {
    expect(error('yes')).toBe('eslint-plugin-fearless: invalid setting `settings.fearless`: must be an object');
    expect(error({ locs: [] })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.locs`: is not a known setting (expected one of: sends, locks, channels, lockOrder, threads, followImports)',
    );
    expect(error({ sends: [{ function: 'send', transfr: [] }] })).toContain('`settings.fearless.sends[0].transfr`: is not a known setting');
    expect(error({ sends: [{ function: 'send', method: 'send', transfer: [{ arg: 0 }] }] })).toContain(
      '`settings.fearless.sends[0]`: must name exactly one of `function`, `method` or `class`',
    );
    expect(error({ sends: [{ method: 'upload', transfer: [{ arg: -1 }] }] })).toContain(
      '`settings.fearless.sends[0].transfer[0].arg`: must be a non-negative integer',
    );
    expect(error({ sends: [{ function: 'send' }] })).toContain('must declare a `payload`, a `transfer`, or both');
    expect(error({ locks: [{ class: 'SpinLock', acquire: 'lock' }] })).toContain('`settings.fearless.locks[0].acquire`: must be an array of strings');
    expect(error({ locks: [{ class: 'SpinLock' }] })).toContain('must declare at least one of `acquire`, `tryAcquire` or `scoped`');
    expect(error({ channels: [{ function: 'open', close: [] }] })).toContain('`settings.fearless.channels[0].close`: must name at least one method');
    expect(error({ locks: [{ acquire: ['lock'] }] })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.locks[0].class`: is required (the name of the lock class)',
    );
    expect(error({ channels: [{ class: 'Pipe' }] })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.channels[0].close`: is required (the methods that close an endpoint)',
    );
    expect(error({ lockOrder: ['a', 2] })).toContain('`settings.fearless.lockOrder[1]`: must be a non-empty string');
    expect(error({ followImports: 'no' })).toContain('`settings.fearless.followImports`: must be true or false');
  });

  it('lists every problem at once, each with its key path, in one message', () => {
    const message = error({
      sends: [
        { function: 'sendFrame', transfr: [{ arg: 0 }] },
        { method: 'upload', transfer: [{ arg: '0', list: 'yes' }] },
      ],
      locks: [{ clas: 'SpinLock', acquire: ['lock'] }],
      channels: [{ function: 'open', close: [] }],
      lockOrder: 'accounts',
    });
    expect(message).toBe(
      [
        'eslint-plugin-fearless: 6 invalid settings (see docs/settings.md):',
        '  - `settings.fearless.sends[0].transfr`: is not a known setting (expected one of: function, method, class, module, payload, transfer)',
        '  - `settings.fearless.sends[1].transfer[0].arg`: must be a non-negative integer (an argument position, 0 for the first)',
        '  - `settings.fearless.sends[1].transfer[0].list`: must be true or false',
        '  - `settings.fearless.locks[0].clas`: is not a known setting (expected one of: class, module, acquire, tryAcquire, release, scoped, acquireReturnsReleaser, reentrant, blocking, guards)',
        '  - `settings.fearless.channels[0].close`: must name at least one method',
        '  - `settings.fearless.lockOrder`: must be an array of strings',
      ].join('\n'),
    );
  });

  it('validates threads: an object of glob lists, each problem naming its key', () => {
    expect(parseSettings({ fearless: { threads: { main: ['src/ui/**'], worker: ['**/*.worker.ts'] } } }).threads).toEqual({
      main: ['src/ui/**'],
      worker: ['**/*.worker.ts'],
    });
    expect(error({ threads: ['src/ui/**'] })).toBe('eslint-plugin-fearless: invalid setting `settings.fearless.threads`: must be an object');
    expect(error({ threads: { page: ['src/**'] } })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.threads.page`: is not a known setting (expected one of: main, worker)',
    );
    expect(error({ threads: { main: 'src/**' } })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.threads.main`: must be an array of strings',
    );
    expect(error({ threads: { worker: ['src/**', ''] } })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.threads.worker[1]`: must be a non-empty string',
    );
    expect(error({ threads: { main: ['!src/workers/**'] } })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.threads.main[0]`: is a negated pattern, which is not supported: list the files that run on this thread',
    );
    expect(error({ threads: { main: ['src/{ui,app/**'], worker: ['src/[ab.js'] } })).toBe(
      [
        'eslint-plugin-fearless: 2 invalid settings (see docs/settings.md):',
        '  - `settings.fearless.threads.main[0]`: is not a valid glob pattern (unclosed `{`)',
        '  - `settings.fearless.threads.worker[0]`: is not a valid glob pattern (unclosed `[`)',
      ].join('\n'),
    );
  });

  it('matches threads patterns against the path relative to the working directory, as ESLint matches `files`', () => {
    const wait = 'export function pause(cell) { Atomics.wait(cell, 0, 0, 16); }\n';
    const threads = { main: ['src/**', 'pages/{home,about}/*.js'], worker: ['src/**/*.worker.js'] };
    const lintAs = (filename: string) =>
      lint(wait, { rules: { 'no-blocking-wait': [] }, settings: { fearless: { threads } }, filename }).map((message) => message.message);
    const onMain = [
      "`Atomics.wait` blocks the thread, but `settings.fearless.threads.main` declares that this file runs on a browser's main thread (`src/**`), where it throws TypeError. Use `Atomics.waitAsync`, or wait in a worker.",
    ];
    expect(lintAs(join(process.cwd(), 'src/ui/pause.js'))).toEqual(onMain);
    expect(lintAs('src/pause.js')).toEqual(onMain);
    // Worker patterns win where both match.
    expect(lintAs('src/render/pause.worker.js')).toEqual([]);
    expect(lintAs('pages/home/pause.js')).toEqual([onMain[0]!.replace('`src/**`', '`pages/{home,about}/*.js`')]);
    expect(lintAs('pages/home/deep/pause.js')).toEqual([]);
    expect(lintAs('lib/pause.js')).toEqual([]);
  });

  it('does not cascade: a misspelt key is not also reported as a missing one', () => {
    expect(error({ sends: [{ function: 'send', transfr: [{ arg: 0 }] }] })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.sends[0].transfr`: is not a known setting (expected one of: function, method, class, module, payload, transfer)',
    );
    expect(error({ locks: [{ class: 'SpinLock', acquire: 'lock' }] })).toBe(
      'eslint-plugin-fearless: invalid setting `settings.fearless.locks[0].acquire`: must be an array of strings',
    );
  });

  it('keeps the key list of a SettingsError for programs (the lock-graph CLI)', () => {
    try {
      parseSettings({ fearless: { locks: [{ class: 'L' }], lockOrder: [1] } });
      expect.unreachable();
    } catch (thrown) {
      expect((thrown as SettingsError).problems).toEqual([
        { key: 'fearless.locks[0]', problem: 'must declare at least one of `acquire`, `tryAcquire` or `scoped`' },
        { key: 'fearless.lockOrder[0]', problem: 'must be a non-empty string' },
      ]);
    }
  });

  it("prints as its message alone: ESLint shows a thrown error's stack, and a settings mistake needs no trace", () => {
    const debug = process.env.FEARLESS_DEBUG;
    delete process.env.FEARLESS_DEBUG;
    try {
      const thrown = new SettingsError([{ key: 'fearless.locs', problem: 'is not a known setting' }]);
      thrown.message = `Error while loading rule 'fearless/x': ${thrown.message}`; // what ESLint does to it
      expect(thrown.stack).toBe(
        "SettingsError: Error while loading rule 'fearless/x': eslint-plugin-fearless: invalid setting `settings.fearless.locs`: is not a known setting",
      );
    } finally {
      process.env.FEARLESS_DEBUG = debug;
    }
  });

  it('survives structured cloning (ESLint --concurrency clones it into worker threads)', () => {
    const settings = {
      sends: [{ function: 'send', transfer: [{ arg: 0, list: true }] }],
      locks: [{ class: 'L', acquire: ['lock'], release: ['unlock'] }],
      channels: [],
      lockOrder: ['a'],
    };
    expect(parseSettings({ fearless: structuredClone(settings) })).toEqual(parseSettings({ fearless: settings }));
  });

  it('stops the lint run with the message, as an invalid rule option does', () => {
    expect(() => lint('worker.postMessage(1);', { settings: { fearless: { sends: 'nope' } } })).toThrow('`settings.fearless.sends`: must be an array');
  });
});
