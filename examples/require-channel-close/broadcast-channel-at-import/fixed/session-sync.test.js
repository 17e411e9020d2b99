// node --test: the test opens the channel and closes it when done.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { onSessionChange, publishSession, startSessionSync } from './session-sync.js';

after(startSessionSync());

test('publishSession does not echo to its own listeners', () => {
  const seen = [];
  const off = onSessionChange((session) => seen.push(session));
  publishSession({ user: 'ada' });
  off();
  assert.deepEqual(seen, []);
});
