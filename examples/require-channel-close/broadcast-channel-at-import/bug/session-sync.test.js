// node --test: merely importing the module opens the channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onSessionChange, publishSession } from './session-sync.js';

test('publishSession does not echo to its own listeners', () => {
  const seen = [];
  const off = onSessionChange((session) => seen.push(session));
  publishSession({ user: 'ada' });
  off();
  assert.deepEqual(seen, []);
});
