// Player: a worker decodes a clip into RGBA frames; the main thread paints them.
const canvas = document.querySelector('canvas');
const context = canvas.getContext('2d');
const decoder = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

decoder.onmessage = (event) => {
  const { width, height, pixels } = event.data;
  context.putImageData(new ImageData(pixels, width, height), 0, 0);
};

export async function play(url) {
  const response = await fetch(url);
  const clip = await response.arrayBuffer();
  decoder.postMessage({ width: canvas.width, height: canvas.height, clip }, [clip]);
}
