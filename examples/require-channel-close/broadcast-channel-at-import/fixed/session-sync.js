// Keeps the signed-in user in step across tabs and workers.
const listeners = new Set();
let channel = null;

/** Opens the channel; call the returned function to close it (tests call it in `after`). */
export function startSessionSync() {
  channel = new BroadcastChannel('session');
  channel.onmessage = (event) => {
    for (const listener of listeners) listener(event.data);
  };
  return stopSessionSync;
}

export function stopSessionSync() {
  channel?.close();
  channel = null;
}

export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishSession(session) {
  channel?.postMessage(session);
}
