// Renders the Mandelbrot set for the viewport it is given.
self.onmessage = (event) => {
  const { viewport } = event.data;
  const image = new ImageData(viewport.width, viewport.height);
  for (let y = 0; y < viewport.height; y++) {
    for (let x = 0; x < viewport.width; x++) {
      const [cx, cy] = viewport.toComplex(x, y);
      image.data.set(shade(escapeTime(cx, cy)), (y * viewport.width + x) * 4);
    }
  }
  self.postMessage(image);
};

function escapeTime(cx, cy) {
  let [re, im, step] = [0, 0, 0];
  while (re * re + im * im < 4 && step < 200) [re, im, step] = [re * re - im * im + cx, 2 * re * im + cy, step + 1];
  return step;
}

function shade(step) {
  return [step * 7, step * 3, step * 11, 255];
}
