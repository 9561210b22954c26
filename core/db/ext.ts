/**
 * The extension's database `storelens-ext`, owned by the background (content scripts' IndexedDB
 * belongs to the visited page's origin). Price snapshots are a columnar fact table, appended to
 * after each re-check; tracked products, audits, matches, the own-catalog summary and settings are
 * records.
 *
 * Versions: v1 is the first schema. Add a step to `upgrades` for each change.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
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
export const EXT_DB_VERSION = 1;

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
}

export type ExtDb = IDBPDatabase<ExtDbSchema>;

const upgrades: ((db: ExtDb) => void)[] = [
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
];

/** Opens (creating or upgrading) the extension's database. */
export function openExtDb(
  opts: { name?: string; onVersionChange?: () => void } = {},
): Promise<ExtDb> {
  return openDB<ExtDbSchema>(opts.name ?? EXT_DB_NAME, EXT_DB_VERSION, {
    upgrade(db, oldVersion, newVersion) {
      for (let v = oldVersion; v < (newVersion ?? EXT_DB_VERSION); v++) upgrades[v]!(db);
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

/** Replaces the own-catalog summary sent over from the PWA, in one transaction. */
export async function replaceCatalog(db: ExtDb, items: CatalogItem[]): Promise<void> {
  const tx = db.transaction('catalog', 'readwrite');
  const store = tx.objectStore('catalog');
  await Promise.all([store.clear(), ...items.map((i) => store.put(i)), tx.done]);
}
