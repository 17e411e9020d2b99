// Counts the brightness of its stripe of pixels into the shared bins.
self.onmessage = (event) => {
  const { bins, pixels } = event.data;
  for (let offset = 0; offset < pixels.length; offset += 4) {
    const luma = Math.round(0.2126 * pixels[offset] + 0.7152 * pixels[offset + 1] + 0.0722 * pixels[offset + 2]);
    Atomics.add(bins, luma, 1);
  }
  self.postMessage('done');
};
