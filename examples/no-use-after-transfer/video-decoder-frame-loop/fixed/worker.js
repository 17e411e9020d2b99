// Decodes every frame of a clip and posts each one to the main thread.
import { decodeFrameInto, frameCount } from './codec.js';

self.onmessage = (event) => {
  const { width, height, clip } = event.data;
  for (let index = 0; index < frameCount(clip); index++) {
    // A fresh frame buffer per frame: the previous one now belongs to the main thread.
    const pixels = new Uint8ClampedArray(width * height * 4);
    decodeFrameInto(pixels, clip, index);
    self.postMessage({ width, height, pixels }, [pixels.buffer]);
  }
};
