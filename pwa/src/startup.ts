/**
 * The startup entry read on the main thread (core/worker/startup.ts): a returning manager's
 * Overview paints from one small record while the worker is still starting, instead of after it.
 * The worker is handed this copy (quickStart) for its load to check; any failure here only means
 * the usual path through the worker.
 */
import {
  storedStartup,
  startupDay,
  storeVersion,
  type StartupEntry,
} from '../../core/worker/startup.ts';
import type { DataStatus } from '../../core/worker/api.ts';
import { STORE_DB_NAME } from '../../core/db/store.ts';
import { storeDb } from './db.ts';

export async function startupHere(): Promise<StartupEntry<DataStatus> | null> {
  try {
    performance.mark('storelens:startup-read');
    // Both databases open at once: the entry is read while the store's version is.
    const [version, entry] = await Promise.all([
      storeDb().then((db) => {
        performance.mark('storelens:startup-db-open');
        return storeVersion(db, startupDay());
      }),
      storedStartup<DataStatus>(STORE_DB_NAME),
    ]);
    performance.mark('storelens:startup-version');
    return entry && entry.version === version ? entry : null;
  } catch {
    return null;
  }
}
