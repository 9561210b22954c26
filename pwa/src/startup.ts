/**
 * The startup entry read on the main thread (core/worker/startup.ts): a returning manager's
 * Overview (and its net profit card, kept beside it) paints from one small record while the worker
 * is still starting, instead of after it. The worker is handed this copy (quickStart) for its load
 * to check; any failure here only means the usual path through the worker.
 */
import {
  storedFirstScreen,
  startupDay,
  storeVersion,
  type StartupEntry,
} from '../../core/worker/startup.ts';
import type { DataStatus } from '../../core/worker/api.ts';
import type { ProfitCard } from '../../core/worker/profit.ts';
import { STORE_DB_NAME } from '../../core/db/store.ts';
import { storeDb } from './db.ts';

/** The startup entry and, when kept for the same data, the Overview's net profit card. */
export interface FirstScreen {
  entry: StartupEntry<DataStatus>;
  profitCard: ProfitCard | null;
}

export async function startupHere(): Promise<FirstScreen | null> {
  try {
    performance.mark('storelens:startup-read');
    // Both databases open at once: the entry is read while the store's version is.
    const [version, kept] = await Promise.all([
      storeDb().then((db) => {
        performance.mark('storelens:startup-db-open');
        return storeVersion(db, startupDay());
      }),
      storedFirstScreen<DataStatus, ProfitCard>(STORE_DB_NAME),
    ]);
    performance.mark('storelens:startup-version');
    const { entry, profitCard } = kept;
    if (!entry || entry.version !== version) return null;
    return { entry, profitCard: profitCard?.version === version ? profitCard.card : null };
  } catch {
    return null;
  }
}

/**
 * The read started as this module is evaluated: main.tsx imports it before anything else, so the
 * databases open while the rest of the app's code is still being run. Taken once; a later start
 * (none in practice) reads again.
 */
let early: Promise<FirstScreen | null> | null = startupHere();

export function takeFirstScreen(): Promise<FirstScreen | null> {
  const read = early ?? startupHere();
  early = null;
  return read;
}
