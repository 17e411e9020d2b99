// Upload page: hash the chosen file in a worker so the UI stays responsive.
const hasher = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const status = document.querySelector('#status');

hasher.onmessage = (event) => {
  status.textContent = `SHA-256: ${event.data.digest}`;
};

document.querySelector('#file').addEventListener('change', async (event) => {
  const [file] = event.target.files;
  const bytes = await file.arrayBuffer();
  const size = bytes.byteLength; // read it while the buffer is still ours
  hasher.postMessage({ name: file.name, bytes }, [bytes]);
  status.textContent = `Hashing ${file.name} (${size} bytes)…`;
});
