// Renders a fractal in tiles: every worker takes the next unrendered tile from a shared cursor.
import type { Init, Tile } from './worker';

const TILE = 64;
const canvas = document.querySelector('canvas')!;
const context = canvas.getContext('2d')!;
const columns = Math.ceil(canvas.width / TILE);
const tiles = columns * Math.ceil(canvas.height / TILE);

// [0] = next tile to render, [1] = tiles finished
const control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));

for (let index = 0; index < navigator.hardwareConcurrency; index++) {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<Tile>) => {
    const { tile, pixels } = event.data;
    context.putImageData(new ImageData(pixels, TILE, TILE), (tile % columns) * TILE, Math.floor(tile / columns) * TILE);
  };
  const init: Init = { control, tiles, columns, tileSize: TILE };
  worker.postMessage(init);
}

const progress = document.querySelector('progress')!;
progress.max = tiles;
const timer = setInterval(() => {
  progress.value = Atomics.load(control, 1);
  if (progress.value === tiles) clearInterval(timer);
}, 100);
