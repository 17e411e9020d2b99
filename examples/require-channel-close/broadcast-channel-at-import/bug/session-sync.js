// Keeps the signed-in user in step across tabs and workers.
const channel = new BroadcastChannel('session');
const listeners = new Set();

channel.onmessage = (event) => {
  for (const listener of listeners) listener(event.data);
};

export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishSession(session) {
  channel.postMessage(session);
}
