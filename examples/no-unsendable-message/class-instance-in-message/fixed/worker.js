// Renders the Mandelbrot set for the viewport it is given (plain data: center, scale, size).
self.onmessage = (event) => {
  const { centerX, centerY, scale, width, height } = event.data.viewport;
  const image = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cx = centerX + (x - width / 2) * scale;
      const cy = centerY + (y - height / 2) * scale;
      image.data.set(shade(escapeTime(cx, cy)), (y * width + x) * 4);
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
