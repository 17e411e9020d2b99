// A toy codec: each frame is a run of RGBA bytes in the clip.
export function frameCount(clip) {
  return new DataView(clip).getUint32(0, true);
}

export function decodeFrameInto(pixels, clip, index) {
  const start = 4 + index * pixels.length;
  pixels.set(new Uint8ClampedArray(clip, start, pixels.length));
}
