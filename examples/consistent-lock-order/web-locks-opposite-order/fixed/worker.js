// Background worker: closes the books at midnight.
import { closeDay } from './bank.js';

setInterval(async () => {
  const now = new Date();
  if (now.getHours() === 0 && now.getMinutes() === 0) await closeDay(now.toISOString().slice(0, 10));
}, 60_000);
