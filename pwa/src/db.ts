/** The main thread's handle on the store database, for small records (settings, targets, history). */
import { openStoreDb, type StoreDb } from '../../core/db/store.ts';

let db: Promise<StoreDb> | null = null;

export function storeDb(): Promise<StoreDb> {
  db ??= openStoreDb({ onVersionChange: () => location.reload() });
  return db;
}
