/**
 * The first screen of a returning manager, before the store is read: the last Overview answered
 * for the default view, with the store's status and filter values, kept in a small database of
 * its own (`<store name>-startup`, so the store's counts, backups and bundles never see it).
 *
 * It is used only while its version matches the store: every fact table's length, write time and
 * import, and the settings record. Anything it could still miss (a product edit, a cost) is
 * caught when the full load recomputes the same query and finds another answer: the app is told
 * and re-reads. A cold start of a million lines then paints from one small record instead of
 * waiting for the read and the build.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { OverviewResult, Query } from '../analytics/index.ts';
import type { StoreDb } from '../db/store.ts';

export interface StartupDimensions {
  channels: string[];
  productTypes: string[];
  countries: string[];
  refundDating: 'refund' | 'order';
}

/** What the app needs to draw its shell and the Overview: status fields, filters, the answer. */
export interface StartupEntry<Status> {
  version: string;
  status: Status;
  dimensions: StartupDimensions;
  /** JSON of the query the answer is for (the app asks with the same object). */
  query: string;
  overview: OverviewResult;
}

const STORE = 'entries';
const KEY = 'overview';

function openStartup(storeName: string): Promise<IDBPDatabase> {
  return openDB(`${storeName}-startup`, 1, {
    upgrade: (db) => void db.createObjectStore(STORE),
  });
}

/**
 * The store's version as the startup entry sees it: cheap (the table metadata and the settings
 * record, no rows: big dictionaries are records of their own, core/db/columnar.ts DICT_CHUNK),
 * and different after any import, sync, undo, delete or settings change.
 */
export async function storeVersion(store: StoreDb, today: string): Promise<string> {
  const tx = store.transaction(['tableMeta', 'settings'], 'readonly');
  const [metas, settings] = await Promise.all([
    tx.objectStore('tableMeta').getAll(),
    tx.objectStore('settings').getAll(),
  ]);
  const tables = metas
    .map((m) => [m.table, m.length, m.writtenAt, m.importId ?? ''])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return JSON.stringify([today, tables, settings]);
}

/**
 * The stored entry of the store named `storeName`, whatever data it was for: the caller keeps it
 * only when its version equals storeVersion (read meanwhile, so both databases open at once).
 */
export async function storedStartup<Status>(
  storeName: string,
): Promise<StartupEntry<Status> | null> {
  try {
    const db = await openStartup(storeName);
    try {
      return ((await db.get(STORE, KEY)) as StartupEntry<Status> | undefined) ?? null;
    } finally {
      db.close();
    }
  } catch {
    // A startup entry is only ever a shortcut: without one the store is read as usual.
    return null;
  }
}

/**
 * The entry when it is for the store's data of `version` (else null). A version still being read
 * (storeVersion's promise) is read while the entry is.
 */
export async function readStartup<Status>(
  store: StoreDb,
  version: string | Promise<string>,
): Promise<StartupEntry<Status> | null> {
  const [v, entry] = await Promise.all([version, storedStartup<Status>(store.name)]);
  return entry && entry.version === v ? entry : null;
}

export async function writeStartup<Status>(store: StoreDb, entry: StartupEntry<Status>) {
  try {
    const db = await openStartup(store.name);
    try {
      await db.put(STORE, entry, KEY);
    } finally {
      db.close();
    }
  } catch {
    // A full disk or a closing browser: the next start reads the store as usual.
  }
}

/** Forgets the entry (it holds sales figures: gone with "delete all data"). */
export async function clearStartup(store: StoreDb) {
  try {
    const db = await openStartup(store.name);
    try {
      await db.delete(STORE, KEY);
    } finally {
      db.close();
    }
  } catch {
    // Nothing stored, or storage unavailable: nothing to forget.
  }
}

/** The day that keys the entry (UTC): a new day's figures ("this month", "today") differ. */
export const startupDay = (): string => new Date().toISOString().slice(0, 10);

/** The query as the startup entry keys it. */
export const queryKey = (q: Query): string => JSON.stringify(q);
