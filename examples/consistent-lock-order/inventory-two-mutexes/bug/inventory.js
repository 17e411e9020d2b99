// Warehouse service: stock levels and open orders, each behind its own mutex.
import { Mutex } from 'async-mutex';

const stockLock = new Mutex();
const ordersLock = new Mutex();
const stock = new Map();
const orders = new Map();

export async function reserve(orderId, sku, quantity) {
  return stockLock.runExclusive(async () => {
    const available = stock.get(sku) ?? 0;
    if (available < quantity) return false;
    return ordersLock.runExclusive(async () => {
      stock.set(sku, available - quantity);
      orders.set(orderId, { sku, quantity });
      return true;
    });
  });
}

export async function cancel(orderId) {
  return ordersLock.runExclusive(async () => {
    const order = orders.get(orderId);
    if (!order) return;
    orders.delete(orderId);
    await stockLock.runExclusive(async () => {
      stock.set(order.sku, (stock.get(order.sku) ?? 0) + order.quantity);
    });
  });
}
