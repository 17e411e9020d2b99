// Brightness histogram of a large image: workers count their stripes, and the main thread counts one itself.
const WORKERS = 3;

export function histogram(imageData) {
  const bins = new Uint32Array(new SharedArrayBuffer(256 * Uint32Array.BYTES_PER_ELEMENT));
  const stripe = Math.ceil(imageData.data.length / 4 / (WORKERS + 1)) * 4;

  const done = [];
  for (let index = 0; index < WORKERS; index++) {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const pixels = imageData.data.slice(index * stripe, (index + 1) * stripe);
    worker.postMessage({ bins, pixels }, [pixels.buffer]);
    done.push(new Promise((resolve) => (worker.onmessage = () => resolve(worker.terminate()))));
  }

  // The main thread takes the last stripe while the workers run.
  const own = imageData.data.subarray(WORKERS * stripe);
  for (let offset = 0; offset < own.length; offset += 4) {
    const luma = Math.round(0.2126 * own[offset] + 0.7152 * own[offset + 1] + 0.0722 * own[offset + 2]);
    bins[luma]++;
  }

  return Promise.all(done).then(() => Array.from(bins));
}
