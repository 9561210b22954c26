/**
 * The extension's database `storelens-ext`, owned by the background (content scripts' IndexedDB
 * belongs to the visited page's origin). Price snapshots are a columnar fact table, appended to
 * after each re-check; tracked products, audits, matches, the own-catalog summary and settings are
 * records.
 *
 * Versions: v1 is the first schema; v2 adds `ownPrices`, the own price over time (one point each
 * time a SKU's price or currency changes), seeded from the v1 catalog. Add a step to `upgrades`
 * for each change.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { snapshotColumns, type SnapshotsTable } from '../schema/columns.ts';
import type { Audit, CatalogItem, Match, TrackedProduct } from '../schema/competitive.ts';
import {
  appendToTable,
  planTableWrite,
  putTable,
  readStoredTable,
  type ChunkKey,
  type ChunkRecord,
  type TableMeta,
} from './columnar.ts';
import { QuotaError, isQuotaExceeded } from './errors.ts';

export const EXT_DB_NAME = 'storelens-ext';
export const EXT_DB_VERSION = 2;

/** A setting of the extension: a named JSON value. */
export interface ExtSetting {
  key: string;
  value: unknown;
  updatedAt: number;
}

export interface ExtDbSchema extends DBSchema {
  chunks: { key: ChunkKey; value: ChunkRecord };
  tableMeta: { key: string; value: TableMeta };
  trackedProducts: {
    key: string;
    value: TrackedProduct;
    indexes: { byDomain: string; byUrl: string };
  };
  audits: { key: string; value: Audit; indexes: { byUrl: string; byAt: number } };
  matches: { key: string; value: Match; indexes: { byTracked: string; bySku: string } };
  catalog: { key: string; value: CatalogItem; indexes: { byGtin: string } };
  settings: { key: string; value: ExtSetting };
  ownPrices: { key: [string, number]; value: OwnPricePoint };
}

/** The own price of a SKU from `at` (UTC ms) until the next point of that SKU. */
export interface OwnPricePoint {
  sku: string;
  at: number;
  /** Minor units. */
  price: number;
  currency: string;
}

export type ExtDb = IDBPDatabase<ExtDbSchema>;
type UpgradeTx = IDBPTransaction<ExtDbSchema, StoreNames<ExtDbSchema>[], 'versionchange'>;

/** Schema steps; step i takes the database from version i to i + 1. */
const upgrades: ((db: ExtDb, tx: UpgradeTx) => void)[] = [
  (db) => {
    db.createObjectStore('chunks', { keyPath: ['table', 'column', 'index'] });
    db.createObjectStore('tableMeta', { keyPath: 'table' });
    const tracked = db.createObjectStore('trackedProducts', { keyPath: 'id' });
    tracked.createIndex('byDomain', 'domain');
    tracked.createIndex('byUrl', 'url');
    const audits = db.createObjectStore('audits', { keyPath: 'id' });
    audits.createIndex('byUrl', 'url');
    audits.createIndex('byAt', 'at');
    const matches = db.createObjectStore('matches', { keyPath: 'id' });
    matches.createIndex('byTracked', 'trackedProductId');
    matches.createIndex('bySku', 'sku');
    db.createObjectStore('catalog', { keyPath: 'sku' }).createIndex('byGtin', 'gtin');
    db.createObjectStore('settings', { keyPath: 'key' });
  },
  (db, tx) => {
    const own = db.createObjectStore('ownPrices', { keyPath: ['sku', 'at'] });
    // The catalog a v1 user already imported is the first point of each SKU's history, dated when
    // it arrived (or now when it carries no date), so the chart has a line before the next import.
    // Only IDB requests happen here: the upgrade transaction commits when nothing is pending.
    const seededAt = Date.now();
    void tx
      .objectStore('catalog')
      .getAll()
      .then((items) => {
        for (const i of items)
          void own.put({
            sku: i.sku,
            at: i.updatedAt > 0 ? i.updatedAt : seededAt,
            price: i.price,
            currency: i.currency,
          });
      });
  },
];

/** Opens (creating or upgrading) the extension's database. */
export function openExtDb(
  opts: {
    name?: string;
    /** Open at an older version: only for tests of the upgrade path. */
    version?: number;
    onVersionChange?: () => void;
  } = {},
): Promise<ExtDb> {
  const version = opts.version ?? EXT_DB_VERSION;
  if (version < 1 || version > upgrades.length)
    return Promise.reject(new RangeError(`No schema for storelens-ext version ${version}.`));
  return openDB<ExtDbSchema>(opts.name ?? EXT_DB_NAME, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) upgrades[v]!(db, tx);
    },
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      opts.onVersionChange?.();
    },
  });
}

function bytesOf(rows: SnapshotsTable): number {
  return rows.length * 64;
}

/** Appends price snapshots (one re-check's results) in one transaction. */
export async function appendSnapshots(
  db: ExtDb,
  rows: SnapshotsTable,
  opts: { chunkRows?: number } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const tx = db.transaction(['chunks', 'tableMeta'], 'readwrite');
  try {
    await Promise.all([
      appendToTable(
        tx.objectStore('chunks'),
        tx.objectStore('tableMeta'),
        'snapshots',
        snapshotColumns,
        rows,
        opts,
      ),
      tx.done,
    ]);
  } catch (e) {
    void tx.done.catch(() => undefined);
    throw isQuotaExceeded(e) ? new QuotaError(bytesOf(rows), e) : e;
  }
}

/** Replaces all price snapshots (e.g. after merging a sync bundle). */
export async function replaceSnapshots(db: ExtDb, rows: SnapshotsTable): Promise<void> {
  const w = planTableWrite('snapshots', snapshotColumns, rows);
  const tx = db.transaction(['chunks', 'tableMeta'], 'readwrite');
  try {
    await Promise.all([
      ...putTable(tx.objectStore('chunks'), tx.objectStore('tableMeta'), w),
      tx.done,
    ]);
  } catch (e) {
    void tx.done.catch(() => undefined);
    throw isQuotaExceeded(e) ? new QuotaError(w.bytes, e) : e;
  }
}

/** All price snapshots as columns (empty when none were taken yet). */
export async function readSnapshots(db: ExtDb): Promise<SnapshotsTable> {
  const tx = db.transaction(['chunks', 'tableMeta'], 'readonly');
  const t = await readStoredTable(
    tx.objectStore('chunks'),
    tx.objectStore('tableMeta'),
    'snapshots',
    snapshotColumns,
  );
  return (
    t ?? {
      length: 0,
      columns: {
        productId: { codes: new Int32Array(0), dict: [] },
        at: new Float64Array(0),
        price: new Float64Array(0),
        wasPrice: new Float64Array(0),
        currency: { codes: new Int32Array(0), dict: [] },
        availability: { codes: new Int32Array(0), dict: [] },
        error: { codes: new Int32Array(0), dict: [] },
      },
    }
  );
}

/** Tracked products on one domain (the overlay's "already tracking" check). */
export function trackedOnDomain(db: ExtDb, domain: string): Promise<TrackedProduct[]> {
  return db.getAllFromIndex('trackedProducts', 'byDomain', domain);
}

/** Reads an extension setting, or `fallback` when unset. */
export async function getExtSetting<T>(db: ExtDb, key: string, fallback: T): Promise<T> {
  const r = await db.get('settings', key);
  return r ? (r.value as T) : fallback;
}

/** Writes an extension setting. */
export async function setExtSetting(db: ExtDb, key: string, value: unknown): Promise<void> {
  await db.put('settings', { key, value, updatedAt: Date.now() });
}

/**
 * Replaces the own-catalog summary (from the PWA or a products export) and, in the same
 * transaction, appends an own-price point at `at` for each SKU whose price or currency differs
 * from its last recorded point (a SKU never seen gets its first point). Returns the points added.
 */
export async function replaceCatalog(
  db: ExtDb,
  items: CatalogItem[],
  at: number = Date.now(),
): Promise<number> {
  const tx = db.transaction(['catalog', 'ownPrices'], 'readwrite');
  const store = tx.objectStore('catalog');
  const own = tx.objectStore('ownPrices');
  try {
    // Keys ascend by [sku, at], so the last point read for a SKU is its latest.
    const last = new Map<string, OwnPricePoint>();
    for (const p of await own.getAll()) last.set(p.sku, p);
    const added: OwnPricePoint[] = [];
    for (const i of items) {
      const prev = last.get(i.sku);
      if (prev && prev.price === i.price && prev.currency === i.currency) continue;
      // Two imports in one millisecond, or a clock set back, still keep the points in order.
      const when = prev && prev.at >= at ? prev.at + 1 : at;
      const point = { sku: i.sku, at: when, price: i.price, currency: i.currency };
      last.set(i.sku, point);
      added.push(point);
    }
    await Promise.all([
      store.clear(),
      ...items.map((i) => store.put(i)),
      ...added.map((p) => own.put(p)),
      tx.done,
    ]);
    return added.length;
  } catch (e) {
    void tx.done.catch(() => undefined);
    throw isQuotaExceeded(e) ? new QuotaError(items.length * 200, e) : e;
  }
}

/** The own price history of one SKU, oldest first (empty when never recorded). */
export function ownPriceHistory(db: ExtDb, sku: string): Promise<OwnPricePoint[]> {
  return db.getAll('ownPrices', IDBKeyRange.bound([sku, -Infinity], [sku, Infinity]));
}

/** Every recorded own-price point, by SKU, each list oldest first. */
export async function allOwnPrices(db: ExtDb): Promise<Map<string, OwnPricePoint[]>> {
  const out = new Map<string, OwnPricePoint[]>();
  for (const p of await db.getAll('ownPrices')) {
    const list = out.get(p.sku);
    if (list) list.push(p);
    else out.set(p.sku, [p]);
  }
  return out;
}
