// Serves gallery thumbnails.
import { createServer } from 'node:http';
import { thumbnail } from './thumbnails';

createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const image = await thumbnail(`photos/${url.searchParams.get('name')}`, Number(url.searchParams.get('w') ?? 256));
  response.setHeader('content-type', 'image/webp');
  response.end(image);
}).listen(8082);
