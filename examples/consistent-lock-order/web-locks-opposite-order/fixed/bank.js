// Account bookkeeping shared by the page and its background worker. Web Locks keep the tabs and workers in step.
// Lock order: 'accounts' before 'ledger', everywhere.
import { db } from './db.js';

export async function transferFunds(from, to, amount) {
  await navigator.locks.request('accounts', async () => {
    await navigator.locks.request('ledger', async () => {
      await db.accounts.update(from, (account) => ({ ...account, balance: account.balance - amount }));
      await db.accounts.update(to, (account) => ({ ...account, balance: account.balance + amount }));
      await db.ledger.add({ from, to, amount, at: Date.now() });
    });
  });
}

export async function closeDay(day) {
  await navigator.locks.request('accounts', async () => {
    await navigator.locks.request('ledger', async () => {
      const entries = await db.ledger.where('day').equals(day).toArray();
      const balances = await db.accounts.toArray();
      await db.closings.add({ day, entries: entries.length, total: balances.reduce((sum, a) => sum + a.balance, 0) });
    });
  });
}
