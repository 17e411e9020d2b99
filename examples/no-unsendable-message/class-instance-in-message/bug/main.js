// Mandelbrot explorer: the worker renders the visible region, described by a Viewport.
class Viewport {
  constructor(centerX, centerY, scale, width, height) {
    Object.assign(this, { centerX, centerY, scale, width, height });
  }

  toComplex(x, y) {
    return [this.centerX + (x - this.width / 2) * this.scale, this.centerY + (y - this.height / 2) * this.scale];
  }

  zoom(factor) {
    return new Viewport(this.centerX, this.centerY, this.scale / factor, this.width, this.height);
  }
}

const canvas = document.querySelector('canvas');
const context = canvas.getContext('2d');
const renderer = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let viewport = new Viewport(-0.5, 0, 3 / canvas.width, canvas.width, canvas.height);

renderer.onmessage = (event) => context.putImageData(event.data, 0, 0);
canvas.addEventListener('wheel', (event) => {
  viewport = viewport.zoom(event.deltaY < 0 ? 1.25 : 0.8);
  renderer.postMessage({ viewport });
});
renderer.postMessage({ viewport });
