// Takes tiles from the shared cursor until none are left.
export interface Init {
  control: Int32Array<SharedArrayBuffer>;
  tiles: number;
  columns: number;
  tileSize: number;
}

export interface Tile {
  tile: number;
  pixels: Uint8ClampedArray<ArrayBuffer>;
}

const NEXT = 0;
const FINISHED = 1;

self.onmessage = (event: MessageEvent<Init>) => {
  const { control, tiles, columns, tileSize } = event.data;
  for (;;) {
    const tile = control[NEXT];
    if (tile >= tiles) break;
    control[NEXT] = tile + 1;
    const pixels = render(tile, columns, tileSize);
    self.postMessage({ tile, pixels } satisfies Tile, [pixels.buffer]);
    Atomics.add(control, FINISHED, 1);
  }
};

function render(tile: number, columns: number, size: number): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(size * size * 4);
  const left = (tile % columns) * size;
  const top = Math.floor(tile / columns) * size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [re, im, step] = [0, 0, 0];
      const [cx, cy] = [(left + x) / 200 - 2, (top + y) / 200 - 1.5];
      while (re * re + im * im < 4 && step < 100) [re, im, step] = [re * re - im * im + cx, 2 * re * im + cy, step + 1];
      pixels.set([step * 9, step * 5, step * 2, 255], (y * size + x) * 4);
    }
  }
  return pixels;
}
