/** The main thread's handle on the store database, for small records (settings, targets, history). */
import { openStoreDb, type StoreDb } from '../../core/db/store.ts';

let db: Promise<StoreDb> | null = null;

export function storeDb(): Promise<StoreDb> {
  db ??= openStoreDb({
    // A newer version elsewhere needs a reload; a delete (the worker resetting a database the
    // browser dropped after a failed write) only needs a fresh connection next time.
    onVersionChange: (next) => {
      db = null;
      if (next !== null) location.reload();
    },
    onTerminated: () => (db = null),
  });
  return db;
}
