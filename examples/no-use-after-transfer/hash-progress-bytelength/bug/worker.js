// Hashes the bytes it is given and posts the hex digest back.
self.onmessage = async (event) => {
  const { name, bytes } = event.data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  self.postMessage({ name, digest: hex });
};
