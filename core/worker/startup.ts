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
import type { DaySummary, OverviewResult, Query } from '../analytics/index.ts';
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

/**
 * The day summary of the stored data (core/analytics/summary.ts), with the status and filter
 * values: the Overview of ANY unfiltered range and its comparison, where the startup entry has
 * the one default view. Kept beside the entry, under its version without the day (the summary's
 * answers do not change with the date: a new day's first visit still uses it).
 */
export interface DaySummaryEntry<Status> {
  version: string;
  status: Status;
  dimensions: StartupDimensions;
  days: DaySummary;
}

const STORE = 'entries';
const KEY = 'overview';
const DAYS_KEY = 'days';
/** The summary's version alone, so checking whether it is current reads bytes, not megabytes. */
const DAYS_VERSION_KEY = 'days-version';

/**
 * The Overview's net profit card (core/worker/profit.ts ProfitCard) as last answered from the
 * loaded data, under the store's full version (the card is "this month so far": it changes with
 * the day). A cold start shows it while the store is read, instead of after; the load checks it.
 */
const PROFIT_CARD_KEY = 'profit-card';

export interface KeptCard<Card> {
  version: string;
  card: Card;
}

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
 * What a cold start can show before the store is read — the startup entry and the kept net
 * profit card (see PROFIT_CARD_KEY) of the store named `storeName`, whatever data they were for:
 * the caller keeps each only when its version equals storeVersion (read meanwhile, so both
 * databases open at once). Read with one open of the small database.
 */
export async function storedFirstScreen<Status, Card = unknown>(
  storeName: string,
): Promise<{ entry: StartupEntry<Status> | null; profitCard: KeptCard<Card> | null }> {
  try {
    const db = await openStartup(storeName);
    try {
      const tx = db.transaction(STORE, 'readonly');
      const [entry, card] = await Promise.all([
        tx.store.get(KEY) as Promise<StartupEntry<Status> | undefined>,
        tx.store.get(PROFIT_CARD_KEY) as Promise<KeptCard<Card> | undefined>,
      ]);
      return { entry: entry ?? null, profitCard: card ?? null };
    } finally {
      db.close();
    }
  } catch {
    // A startup entry is only ever a shortcut: without one the store is read as usual.
    return { entry: null, profitCard: null };
  }
}

/** The stored startup entry of the store named `storeName` (see storedFirstScreen). */
export async function storedStartup<Status>(
  storeName: string,
): Promise<StartupEntry<Status> | null> {
  return (await storedFirstScreen<Status>(storeName)).entry;
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

/**
 * The version a day summary is kept under: the store's version (storeVersion, which begins with
 * the day as a JSON string) without its day.
 */
export const summaryVersion = (version: string): string =>
  '[' + version.slice(version.indexOf(',') + 1);

/** The stored day summary when it is for the store's data of `version` (else null). */
export async function readDaySummary<Status>(
  store: StoreDb,
  version: string | Promise<string>,
): Promise<DaySummaryEntry<Status> | null> {
  try {
    const db = await openStartup(store.name);
    try {
      const want = summaryVersion(await version);
      // The version first, alone: a summary of other data is never read.
      if ((await db.get(STORE, DAYS_VERSION_KEY)) !== want) return null;
      const entry = (await db.get(STORE, DAYS_KEY)) as DaySummaryEntry<Status> | undefined;
      return entry?.version === want ? entry : null;
    } finally {
      db.close();
    }
  } catch {
    // Only ever a shortcut: without it the store is read as usual.
    return null;
  }
}

/** Whether the stored day summary is the one of the data of `version`. */
export async function hasDaySummary(store: StoreDb, version: string): Promise<boolean> {
  try {
    const db = await openStartup(store.name);
    try {
      return (await db.get(STORE, DAYS_VERSION_KEY)) === summaryVersion(version);
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Keeps the day summary of the data of `version` (`entry.version` is set here). Never throws: a
 * full disk or a closing browser leaves the previous one, which its version keeps from use.
 */
export async function writeDaySummary<Status>(
  store: StoreDb,
  version: string,
  entry: Omit<DaySummaryEntry<Status>, 'version'>,
): Promise<boolean> {
  try {
    const db = await openStartup(store.name);
    try {
      const v = summaryVersion(version);
      const tx = db.transaction(STORE, 'readwrite');
      await Promise.all([
        tx.store.put({ ...entry, version: v }, DAYS_KEY),
        tx.store.put(v, DAYS_VERSION_KEY),
        tx.done,
      ]);
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** The kept profit card when it was answered from the data of `version` (else null). */
export async function readProfitCard<Card>(store: StoreDb, version: string): Promise<Card | null> {
  const kept = (await storedFirstScreen<unknown, Card>(store.name)).profitCard;
  return kept?.version === version ? kept.card : null;
}

/** Keeps the profit card answered from the data of `version`. Never throws (see writeStartup). */
export async function writeProfitCard<Card>(store: StoreDb, version: string, card: Card) {
  try {
    const db = await openStartup(store.name);
    try {
      await db.put(STORE, { version, card } satisfies KeptCard<Card>, PROFIT_CARD_KEY);
    } finally {
      db.close();
    }
  } catch {
    // A full disk or a closing browser: the next start computes the card from the data.
  }
}

/** Forgets the entry, the day summary and the profit card (sales figures: gone with "delete all data"). */
export async function clearStartup(store: StoreDb) {
  try {
    const db = await openStartup(store.name);
    try {
      const tx = db.transaction(STORE, 'readwrite');
      await Promise.all([
        tx.store.delete(KEY),
        tx.store.delete(DAYS_KEY),
        tx.store.delete(DAYS_VERSION_KEY),
        tx.store.delete(PROFIT_CARD_KEY),
        tx.done,
      ]);
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
