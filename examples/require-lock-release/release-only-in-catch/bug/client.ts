// An API client that adds the cached token to every request.
import { TokenCache } from './token-cache';

const tokens = new TokenCache(async () => {
  const response = await fetch('/oauth/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) });
  const body = (await response.json()) as { access_token: string; expires_in: number };
  return { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
});

export async function api(path: string): Promise<unknown> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${await tokens.get()}` } });
  return response.json();
}
