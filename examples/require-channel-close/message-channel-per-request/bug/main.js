// Asks the token worker for a fresh access token; each request gets its own reply port.
const tokenWorker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

export function getToken(audience) {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (event) => {
      if (event.data.error) reject(new Error(event.data.error));
      else resolve(event.data.token);
    };
    tokenWorker.postMessage({ type: 'getToken', audience }, [port2]);
  });
}
