// Decodes every frame of a clip and posts each one to the main thread.
import { decodeFrameInto, frameCount } from './codec.js';

self.onmessage = (event) => {
  const { width, height, clip } = event.data;
  // One frame buffer, reused for every frame to avoid allocations.
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let index = 0; index < frameCount(clip); index++) {
    decodeFrameInto(pixels, clip, index);
    self.postMessage({ width, height, pixels }, [pixels.buffer]);
  }
};
