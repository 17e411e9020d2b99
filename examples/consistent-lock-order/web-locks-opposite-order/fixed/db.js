// IndexedDB tables (Dexie).
import Dexie from 'dexie';

export const db = new Dexie('bank');
db.version(1).stores({ accounts: 'id', ledger: '++id, day', closings: 'day' });
