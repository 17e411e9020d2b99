// HTTP front of the warehouse service.
import { createServer } from 'node:http';
import { cancel, reserve } from './inventory.js';

createServer(async (request, response) => {
  const url = new URL(request.url, 'http://localhost');
  const orderId = url.searchParams.get('order');
  if (request.method === 'DELETE') {
    await cancel(orderId);
    response.end('cancelled');
  } else {
    const ok = await reserve(orderId, url.searchParams.get('sku'), Number(url.searchParams.get('quantity') ?? 1));
    response.statusCode = ok ? 201 : 409;
    response.end(ok ? 'reserved' : 'out of stock');
  }
}).listen(8081);
