/**
 * settings.fearless: plain JSON, validated with messages that name the bad key,
 * and extending the model the rules use.
 */
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/settings';
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
    expect(parseSettings(undefined)).toEqual({ sends: [], locks: [], channels: [], lockOrder: [] });
    expect(parseSettings({ fearless: {} })).toEqual({ sends: [], locks: [], channels: [], lockOrder: [] });
  });

  it('names the bad key in every error', () => {
    expect(error('yes')).toBe('eslint-plugin-fearless: invalid setting `settings.fearless`: must be an object');
    expect(error({ locs: [] })).toBe('eslint-plugin-fearless: invalid setting `settings.fearless.locs`: is not a known setting (expected one of: sends, locks, channels, lockOrder)');
    expect(error({ sends: [{ function: 'send', transfr: [] }] })).toContain('`settings.fearless.sends[0].transfr`: is not a known setting');
    expect(error({ sends: [{ function: 'send', method: 'send', transfer: [{ arg: 0 }] }] })).toContain('`settings.fearless.sends[0]`: must name exactly one of `function`, `method` or `class`');
    expect(error({ sends: [{ method: 'upload', transfer: [{ arg: -1 }] }] })).toContain('`settings.fearless.sends[0].transfer[0].arg`: must be a non-negative integer');
    expect(error({ sends: [{ function: 'send' }] })).toContain('must declare a `payload`, a `transfer`, or both');
    expect(error({ locks: [{ class: 'SpinLock', acquire: 'lock' }] })).toContain('`settings.fearless.locks[0].acquire`: must be an array of strings');
    expect(error({ locks: [{ class: 'SpinLock' }] })).toContain('must declare at least one of `acquire`, `tryAcquire` or `scoped`');
    expect(error({ channels: [{ function: 'open', close: [] }] })).toContain('`settings.fearless.channels[0].close`: must name at least one method');
    expect(error({ lockOrder: ['a', 2] })).toContain('`settings.fearless.lockOrder[1]`: must be a non-empty string');
  });

  it('survives structured cloning (ESLint --concurrency clones it into worker threads)', () => {
    const settings = { sends: [{ function: 'send', transfer: [{ arg: 0, list: true }] }], locks: [{ class: 'L', acquire: ['lock'], release: ['unlock'] }], channels: [], lockOrder: ['a'] };
    expect(parseSettings({ fearless: structuredClone(settings) })).toEqual(parseSettings({ fearless: settings }));
  });

  it('stops the lint run with the message, as an invalid rule option does', () => {
    expect(() => lint('worker.postMessage(1);', { settings: { fearless: { sends: 'nope' } } })).toThrow('`settings.fearless.sends`: must be an array');
  });
});
