/**
 * The startup entry read on the main thread (core/worker/startup.ts): a returning manager's
 * Overview paints from one small record while the worker is still starting, instead of after it.
 * The worker reads the same entry for its load to check; any failure here only means the usual
 * path through the worker.
 */
import {
  readStartup,
  startupDay,
  storeVersion,
  type StartupEntry,
} from '../../core/worker/startup.ts';
import type { DataStatus } from '../../core/worker/api.ts';
import { storeDb } from './db.ts';

export async function startupHere(): Promise<StartupEntry<DataStatus> | null> {
  try {
    performance.mark('storelens:startup-read');
    const db = await storeDb();
    performance.mark('storelens:startup-db-open');
    const version = await storeVersion(db, startupDay());
    performance.mark('storelens:startup-version');
    return await readStartup<DataStatus>(db, version);
  } catch {
    return null;
  }
}
