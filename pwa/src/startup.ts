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
    const db = await storeDb();
    return await readStartup<DataStatus>(db, await storeVersion(db, startupDay()));
  } catch {
    return null;
  }
}
