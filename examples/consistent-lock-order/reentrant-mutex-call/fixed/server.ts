// Login endpoint: stores the new session, flushes the store on shutdown.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SessionStore } from './session-store';

const store = new SessionStore('sessions.json');

createServer(async (request, response) => {
  const user = new URL(request.url ?? '/', 'http://localhost').searchParams.get('user') ?? 'anonymous';
  const id = randomUUID();
  await store.save({ id, user, expires: Date.now() + 3_600_000 });
  response.setHeader('set-cookie', `session=${id}; HttpOnly`);
  response.end('ok');
}).listen(8080);

process.on('SIGTERM', () => void store.flush().then(() => process.exit(0)));
