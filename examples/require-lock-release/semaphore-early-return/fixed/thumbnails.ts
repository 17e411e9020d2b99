// Makes thumbnails with at most four image decodes at a time.
import { Semaphore } from 'async-mutex';
import sharp from 'sharp';

const decodes = new Semaphore(4);
const cache = new Map<string, Buffer>();

export async function thumbnail(path: string, width = 256): Promise<Buffer> {
  const [, release] = await decodes.acquire();
  try {
    const key = `${path}@${width}`;
    const cached = cache.get(key);
    if (cached) return cached;

    const result = await sharp(path).resize({ width }).webp().toBuffer();
    cache.set(key, result);
    return result;
  } finally {
    release();
  }
}
