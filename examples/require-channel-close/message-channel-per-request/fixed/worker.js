// Holds the refresh token; answers on the port that came with the request.
let refreshToken = null;

self.onmessage = async (event) => {
  const [reply] = event.ports;
  try {
    const response = await fetch('/oauth/token', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken ?? '', audience: event.data.audience }),
    });
    const { access_token: token, refresh_token: next } = await response.json();
    refreshToken = next;
    reply.postMessage({ token });
  } catch (error) {
    reply.postMessage({ error: String(error) });
  } finally {
    reply.close();
  }
};
