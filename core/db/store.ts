/**
 * The PWA's database `storelens`: the own store's fact tables as column chunks plus the small,
 * edited entities as records.
 *
 * Versions (each step runs once, in order, inside the upgrade transaction):
 * - v1: chunks, tableMeta, products, experiments, targets, settings, trackedProducts, matches,
 *   audits. Import provenance was a `source` field on each table's meta record.
 * - v2: import history becomes its own store (`imports`, by time) with saved column mappings
 *   (`mappings`); the v1 `source` fields move into `imports`; matches gain a by-SKU index.
 * - v3: `emails` (customer key → email), filled only when the user opts in to keeping emails.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import {
  factTables,
  type ColumnTable,
  type TableSpec,
  type FactTableName,
  type LinesTable,
  type OrdersTable,
  type SnapshotsTable,
  type LabelsTable,
  type SpendTable,
  type TrafficTable,
} from '../schema/columns.ts';
import type { Experiment, Product, Settings, Target } from '../schema/store.ts';
import type { Audit, Match, TrackedProduct } from '../schema/competitive.ts';
import {
  assembleTable,
  deleteTable,
  DICT_CHUNK,
  pickSpec,
  planTableWrite,
  readChunks,
  putTable,
  readStoredTable,
  type ChunkKey,
  type ChunkRecord,
  type DictCache,
  type TableMeta,
  type TableWrite,
} from './columnar.ts';
import { QuotaError, isQuotaExceeded } from './errors.ts';

export const STORE_DB_NAME = 'storelens';
export const STORE_DB_VERSION = 3;

/** One import (or demo load): what was written, from where, when. */
export interface ImportRecord {
  id: string;
  at: number;
  /** What produced the data, e.g. "shopify-orders", "demo", "bundle". */
  source: string;
  fileName?: string;
  bytes?: number;
  /** Rows written per fact table. */
  tables: Partial<Record<FactTableName, number>>;
  /** Human-readable notes, e.g. skipped rows. */
  notes?: string[];
}

/** A column mapping the user confirmed for a file layout, reused for the next file like it. */
export interface ColumnMapping {
  id: string;
  /** The importer it belongs to, e.g. "orders". */
  kind: string;
  /** The file's header row, normalised, so a file with the same layout finds its mapping. */
  headerSignature: string;
  /** Target field → source column header. */
  mapping: Record<string, string>;
  updatedAt: number;
}

/**
 * A customer's email, kept only when the user opted in (Settings: keep customer emails), so a
 * segment export can name its customers. Keyed by the salted customer key the orders carry.
 */
export interface EmailRecord {
  customerKey: string;
  /** Lower-cased and trimmed. */
  email: string;
  updatedAt: number;
}

/** v1 meta records carried import provenance inline; v2 moves it to the imports store. */
interface LegacySource {
  fileName?: string;
  at: number;
}

export interface StoreDbSchema extends DBSchema {
  chunks: { key: ChunkKey; value: ChunkRecord };
  tableMeta: { key: string; value: TableMeta & { source?: LegacySource } };
  products: { key: string; value: Product; indexes: { byProductId: string } };
  experiments: { key: string; value: Experiment };
  targets: { key: string; value: Target; indexes: { byMonth: string } };
  settings: { key: string; value: Settings };
  trackedProducts: { key: string; value: TrackedProduct };
  matches: { key: string; value: Match; indexes: { bySku: string } };
  audits: { key: string; value: Audit };
  imports: { key: string; value: ImportRecord; indexes: { byAt: number } };
  mappings: { key: string; value: ColumnMapping; indexes: { byKind: string } };
  emails: { key: string; value: EmailRecord };
}

export type StoreDb = IDBPDatabase<StoreDbSchema>;
type UpgradeTx = IDBPTransaction<StoreDbSchema, StoreNames<StoreDbSchema>[], 'versionchange'>;

/** The key of the single settings record. */
export const SETTINGS_KEY = 'settings';

/** Schema steps; step i takes the database from version i to i + 1. */
const upgrades: ((db: StoreDb, tx: UpgradeTx) => void)[] = [
  (db) => {
    db.createObjectStore('chunks', { keyPath: ['table', 'column', 'index'] });
    db.createObjectStore('tableMeta', { keyPath: 'table' });
    db.createObjectStore('products', { keyPath: 'sku' }).createIndex('byProductId', 'productId');
    db.createObjectStore('experiments', { keyPath: 'id' });
    db.createObjectStore('targets', { keyPath: 'id' }).createIndex('byMonth', 'month');
    db.createObjectStore('settings');
    db.createObjectStore('trackedProducts', { keyPath: 'id' });
    db.createObjectStore('matches', { keyPath: 'id' });
    db.createObjectStore('audits', { keyPath: 'id' });
  },
  (db, tx) => {
    db.createObjectStore('imports', { keyPath: 'id' }).createIndex('byAt', 'at');
    db.createObjectStore('mappings', { keyPath: 'id' }).createIndex('byKind', 'kind');
    tx.objectStore('matches').createIndex('bySku', 'sku');
    // Move each table's inline provenance into an import record. Only IDB requests happen here:
    // the upgrade transaction commits as soon as nothing is pending.
    const metas = tx.objectStore('tableMeta');
    const imports = tx.objectStore('imports');
    void metas.getAll().then((all) => {
      for (const meta of all) {
        if (!meta.source) continue;
        const id = `v1-${meta.table}`;
        const record: ImportRecord = {
          id,
          at: meta.source.at,
          source: 'import',
          tables: { [meta.table]: meta.length },
        };
        if (meta.source.fileName !== undefined) record.fileName = meta.source.fileName;
        void imports.put(record);
        const { source: _source, ...rest } = meta;
        void metas.put({ ...rest, importId: id });
      }
    });
  },
  (db) => {
    db.createObjectStore('emails', { keyPath: 'customerKey' });
  },
];

export interface OpenOptions {
  /** Database name (tests use their own). */
  name?: string;
  /** Open at an older version: only for tests of the upgrade path. */
  version?: number;
  /**
   * Another connection upgrades (newVersion) or deletes (null) the database: this connection is
   * closed. After an upgrade, tell the user to reload; after a delete, open it again when needed.
   */
  onVersionChange?: (newVersion: number | null) => void;
  /**
   * The browser closed this connection itself (e.g. it deleted the site's data after a failed
   * write on a full disk): the next use must open the database again.
   */
  onTerminated?: () => void;
}

/** Opens (creating or upgrading) the PWA's database. */
export function openStoreDb(opts: OpenOptions = {}): Promise<StoreDb> {
  const version = opts.version ?? STORE_DB_VERSION;
  if (version < 1 || version > upgrades.length) {
    return Promise.reject(new RangeError(`No schema for storelens version ${version}.`));
  }
  return openDB<StoreDbSchema>(opts.name ?? STORE_DB_NAME, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) upgrades[v]!(db, tx);
    },
    blocking(_current, next, event) {
      (event.target as IDBDatabase).close();
      opts.onVersionChange?.(next);
    },
    terminated() {
      opts.onTerminated?.();
    },
  });
}

/** The fact tables of the PWA, as columns. */
export interface FactTables {
  orders: OrdersTable;
  lines: LinesTable;
  traffic: TrafficTable;
  spend: SpendTable;
  snapshots: SnapshotsTable;
  /** Carrier label costs (a label-cost import). */
  labels: LabelsTable;
}

/** Small entities that can be replaced together with the fact tables. */
export interface RecordReplacements {
  products?: Product[];
  experiments?: Experiment[];
  targets?: Target[];
  trackedProducts?: TrackedProduct[];
  matches?: Match[];
  audits?: Audit[];
  /** The settings record; null deletes it (undoing a bundle that brought the first settings). */
  settings?: Settings | null;
}

export interface WriteOptions {
  /** Recorded in the import history; the written tables point at it. */
  importRecord?: ImportRecord;
  /** Entity stores replaced (cleared and refilled) in the same transaction. */
  replace?: RecordReplacements;
  /** Rows per chunk; tests use small chunks to exercise several. */
  chunkRows?: number;
  /** Customer emails upserted (put, never cleared) in the same transaction: the keep-emails opt-in. */
  emails?: EmailRecord[];
  /** Customer keys whose emails are deleted in the same transaction (undoing an import). */
  deleteEmails?: string[];
  /**
   * Called with the write's approximate size before anything is written; throwing refuses the
   * write (the import checks it against the storage estimate).
   */
  checkSpace?: (bytes: number) => Promise<void>;
}

const recordStores = [
  'products',
  'experiments',
  'targets',
  'trackedProducts',
  'matches',
  'audits',
] as const;

/** Issues a transaction's requests, then waits for all of them and the commit; maps quota errors. */
async function commit(
  tx: { done: Promise<void>; abort(): void },
  issue: (requests: Promise<unknown>[]) => void,
  bytes: number,
): Promise<void> {
  const requests: Promise<unknown>[] = [];
  const settle = () => {
    // After a failure every request rejects with AbortError: those are expected, not unhandled.
    void tx.done.catch(() => undefined);
    for (const p of requests) void p.catch(() => undefined);
  };
  try {
    issue(requests);
  } catch (e) {
    // A request failed to start (a synchronous quota refusal, DataCloneError): abort so nothing
    // already issued in this transaction is committed.
    settle();
    try {
      tx.abort();
    } catch {
      /* the transaction already finished */
    }
    throw isQuotaExceeded(e) ? new QuotaError(bytes, e) : e;
  }
  try {
    await Promise.all([...requests, tx.done]);
  } catch (e) {
    settle();
    throw isQuotaExceeded(e) ? new QuotaError(bytes, e) : e;
  }
}

/**
 * Replaces the given fact tables (and optionally records) in ONE readwrite transaction: either
 * everything is stored or nothing changes. Throws QuotaError when the browser is out of space.
 */
export async function writeTables(
  db: StoreDb,
  tables: Partial<FactTables>,
  opts: WriteOptions = {},
): Promise<void> {
  const now = Date.now();
  const writes: TableWrite[] = [];
  for (const [name, table] of Object.entries(tables) as [
    FactTableName,
    FactTables[FactTableName],
  ][]) {
    if (!table) continue;
    const w = planTableWrite(name, factTables[name], table, {
      now,
      ...(opts.chunkRows !== undefined && { chunkRows: opts.chunkRows }),
      ...(opts.importRecord && { importId: opts.importRecord.id }),
    });
    writes.push(w);
  }
  const replace = opts.replace ?? {};
  let bytes = writes.reduce((a, w) => a + w.bytes, 0);
  for (const s of recordStores) bytes += (replace[s]?.length ?? 0) * 512;
  bytes += (opts.emails?.length ?? 0) * 128;

  if (opts.checkSpace) await opts.checkSpace(bytes);

  const names: StoreNames<StoreDbSchema>[] = ['chunks', 'tableMeta'];
  if (opts.importRecord) names.push('imports');
  for (const s of recordStores) if (replace[s]) names.push(s);
  if (replace.settings !== undefined) names.push('settings');
  if (opts.emails?.length || opts.deleteEmails?.length) names.push('emails');
  const tx = db.transaction(names, 'readwrite');
  await commit(
    tx,
    (requests) => {
      const chunks = tx.objectStore('chunks');
      const metas = tx.objectStore('tableMeta');
      for (const w of writes) putTable(chunks, metas, w, requests);
      if (opts.importRecord) requests.push(tx.objectStore('imports').put(opts.importRecord));
      for (const s of recordStores) {
        const list = replace[s];
        if (!list) continue;
        const store = tx.objectStore(s);
        requests.push(store.clear());
        for (const r of list) requests.push((store.put as (v: unknown) => Promise<unknown>)(r));
      }
      if (replace.settings) {
        requests.push(tx.objectStore('settings').put(replace.settings, SETTINGS_KEY));
      } else if (replace.settings === null) {
        requests.push(tx.objectStore('settings').delete(SETTINGS_KEY));
      }
      if (opts.emails?.length || opts.deleteEmails?.length) {
        const emails = tx.objectStore('emails');
        for (const key of opts.deleteEmails ?? []) requests.push(emails.delete(key));
        for (const r of opts.emails ?? []) requests.push(emails.put(r));
      }
    },
    bytes,
  );
}

/** Reads one fact table; an empty table when nothing was imported yet. */
export async function readTable<N extends FactTableName>(
  db: StoreDb,
  name: N,
): Promise<FactTables[N]> {
  const tx = db.transaction(['chunks', 'tableMeta'], 'readonly');
  const table = await readStoredTable(
    tx.objectStore('chunks'),
    tx.objectStore('tableMeta'),
    name,
    factTables[name],
  );
  return (table ?? emptyOf(factTables[name])) as FactTables[N];
}

function emptyOf(spec: TableSpec) {
  const columns: Record<string, unknown> = {};
  for (const [col, kind] of Object.entries(spec)) {
    columns[col] =
      kind === 'str'
        ? { codes: new Int32Array(0), dict: [] }
        : kind === 'i32'
          ? new Int32Array(0)
          : new Float64Array(0);
  }
  return { length: 0, columns };
}

type Spec<N extends FactTableName> = (typeof factTables)[N];

/** Which columns to read per fact table (all when a table is not named). */
export type ColumnSelection = { [N in FactTableName]?: readonly (keyof Spec<N> & string)[] };

/** A fact table as read under a selection: only the selected columns. */
export type SelectedTable<
  N extends FactTableName,
  Sel extends ColumnSelection,
> = Sel[N] extends readonly (infer K extends keyof Spec<N>)[]
  ? Pick<Spec<N>, K> extends infer P extends TableSpec
    ? ColumnTable<P>
    : never
  : FactTables[N];

/** Everything the analytics worker needs, read in one transaction. */
export type StoreData<Sel extends ColumnSelection = Record<never, never>> = {
  [N in FactTableName]: SelectedTable<N, Sel>;
} & {
  products: Product[];
  experiments: Experiment[];
  targets: Target[];
  trackedProducts: TrackedProduct[];
  settings: Settings | null;
  /** When the newest table was written (ms), or null when there is no data. */
  dataAsOf: number | null;
};

/** Reads the fact tables (all columns, or the selected ones) and every entity, in one transaction. */
export async function readAll<Sel extends ColumnSelection = Record<never, never>>(
  db: StoreDb,
  opts: { columns?: Sel } = {},
): Promise<StoreData<Sel>> {
  const tx = db.transaction(
    ['chunks', 'tableMeta', 'products', 'experiments', 'targets', 'trackedProducts', 'settings'],
    'readonly',
  );
  const chunks = tx.objectStore('chunks');
  const names = Object.keys(factTables) as FactTableName[];
  const specs = names.map((n) => {
    const cols = opts.columns?.[n] as readonly string[] | undefined;
    return cols ? pickSpec(factTables[n] as TableSpec, cols) : factTables[n];
  });
  // Not the import history: the latest record carries its undo snapshot (the rows it replaced),
  // which the dashboards never need and which made every cold start after a big import slower.
  const [allMeta, records, products, experiments, targets, trackedProducts, settings] =
    await Promise.all([
      tx.objectStore('tableMeta').getAll(),
      Promise.all(names.map((n, k) => readChunks(chunks, n, specs[k]!, factTables[n]))),
      tx.objectStore('products').getAll(),
      tx.objectStore('experiments').getAll(),
      tx.objectStore('targets').getAll(),
      tx.objectStore('trackedProducts').getAll(),
      tx.objectStore('settings').get(SETTINGS_KEY),
    ]);
  const metaOf = new Map(allMeta.map((m) => [m.table, m]));
  const out = {} as Record<FactTableName, unknown>;
  const dicts: DictCache = new Map();
  names.forEach((n, k) => {
    const meta = metaOf.get(n);
    out[n] = meta ? assembleTable(specs[k]!, meta, records[k]!, dicts) : emptyOf(specs[k]!);
  });
  const dataAsOf = allMeta.length ? Math.max(...allMeta.map((m) => m.writtenAt)) : null;
  return {
    ...(out as Record<FactTableName, never>),
    products,
    experiments,
    targets,
    trackedProducts,
    settings: settings ?? null,
    dataAsOf,
  };
}

/** Import history, newest first. */
export async function listImports(db: StoreDb): Promise<ImportRecord[]> {
  return (await db.getAllFromIndex('imports', 'byAt')).reverse();
}

/** The saved mapping for a file layout, if the user confirmed one before. */
export async function findMapping(
  db: StoreDb,
  kind: string,
  headerSignature: string,
): Promise<ColumnMapping | undefined> {
  const all = await db.getAllFromIndex('mappings', 'byKind', kind);
  return all.find((m) => m.headerSignature === headerSignature);
}

/** Saves (or replaces) a column mapping. */
export async function saveMapping(db: StoreDb, mapping: ColumnMapping): Promise<void> {
  await db.put('mappings', mapping);
}

/** The store's settings, or null before the first import. */
export async function getSettings(db: StoreDb): Promise<Settings | null> {
  return (await db.get('settings', SETTINGS_KEY)) ?? null;
}

/** Saves the store's settings. */
export async function saveSettings(db: StoreDb, settings: Settings): Promise<void> {
  await db.put('settings', settings, SETTINGS_KEY);
}

const READ_ONE_BY_ONE = 500;

/** The stored emails of the given customer keys, in their order ('' where none is stored). */
export async function readEmails(db: StoreDb, keys: readonly string[]): Promise<string[]> {
  if (keys.length > READ_ONE_BY_ONE) {
    // A big segment or import: one getAll is far faster than thousands of single gets.
    const byKey = new Map((await db.getAll('emails')).map((r) => [r.customerKey, r.email]));
    return keys.map((k) => byKey.get(k) ?? '');
  }
  const tx = db.transaction('emails', 'readonly');
  // Issue every get before awaiting any, so the transaction stays active for all of them.
  const records = await Promise.all([...keys.map((k) => tx.store.get(k)), tx.done]);
  return keys.map((_, i) => (records[i] as EmailRecord | undefined)?.email ?? '');
}

/** Deletes every stored email (the user turned keeping emails off); returns how many there were. */
export async function clearEmails(db: StoreDb): Promise<number> {
  const tx = db.transaction('emails', 'readwrite');
  const [count] = await Promise.all([tx.store.count(), tx.store.clear(), tx.done]);
  return count;
}

/** Deletes every table and record (the user's "delete all data"); the schema stays. */
export async function deleteAllData(db: StoreDb): Promise<void> {
  const names = [...db.objectStoreNames] as StoreNames<StoreDbSchema>[];
  const tx = db.transaction(names, 'readwrite');
  await Promise.all([...names.map((n) => tx.objectStore(n).clear()), tx.done]);
}

/**
 * Moves the big dictionaries that stores written before DICT_CHUNK kept in their meta records into
 * records of their own (once; returns how many moved): the startup check reads every meta record,
 * and with order ids and customer keys inline that was megabytes at a million lines. Length,
 * write time and import stay as they were (the data is the same), so the store's version does
 * too. One readwrite transaction: a writer in another tab runs before or after, never between.
 */
export async function moveInlineDictionaries(db: StoreDb): Promise<number> {
  // Looked for first without a write: a store of this layout (all but the oldest) takes no
  // readwrite transaction, which would hold up other tabs' reads of its chunks.
  const inline = (meta: TableMeta) =>
    Object.values(meta.columns).some((c) => c.dictText !== undefined && c.dictEnds);
  if (!(await db.getAll('tableMeta')).some(inline)) return 0;
  const tx = db.transaction(['chunks', 'tableMeta'], 'readwrite');
  const metas = tx.objectStore('tableMeta');
  const chunks = tx.objectStore('chunks');
  let moved = 0;
  const requests: Promise<unknown>[] = [];
  for (const meta of await metas.getAll()) {
    const columns = { ...meta.columns };
    let changed = false;
    for (const [col, c] of Object.entries(meta.columns)) {
      if (c.dictText === undefined || !c.dictEnds) continue;
      requests.push(
        chunks.put({
          table: meta.table,
          column: col,
          index: DICT_CHUNK,
          data: c.dictEnds,
          text: c.dictText,
        }),
      );
      columns[col] = { kind: c.kind, dictChunk: c.dictEnds.length };
      changed = true;
      moved++;
    }
    if (changed) requests.push(metas.put({ ...meta, columns }));
  }
  await Promise.all([...requests, tx.done]);
  return moved;
}

/** Removes one fact table (e.g. the user deletes the ad spend import). */
export async function deleteFactTable(db: StoreDb, name: FactTableName): Promise<void> {
  const tx = db.transaction(['chunks', 'tableMeta'], 'readwrite');
  await Promise.all([
    ...deleteTable(tx.objectStore('chunks'), tx.objectStore('tableMeta'), name),
    tx.done,
  ]);
}

/**
 * Every record of every store as stored, to put back when a failed write made the browser drop
 * the database (Chromium deletes a site's IndexedDB when a write fails on a full disk).
 */
export interface StoreSnapshot {
  /** `keys[i]` is the key of `values[i]`; `inline` when the key lives in the record (a keyPath). */
  stores: {
    name: StoreNames<StoreDbSchema>;
    inline: boolean;
    keys: IDBValidKey[];
    values: unknown[];
  }[];
}

/** Reads every store in one transaction (records as stored: chunks stay encoded). */
export async function snapshotStore(db: StoreDb): Promise<StoreSnapshot> {
  const names = [...db.objectStoreNames] as StoreNames<StoreDbSchema>[];
  const tx = db.transaction(names, 'readonly');
  const stores = await Promise.all(
    names.map(async (name) => {
      const store = tx.objectStore(name);
      // Stores with out-of-line keys (settings) need their keys to be put back; every store's keys
      // let the snapshot be read like the database (snapshotDb).
      const [values, keys] = await Promise.all([store.getAll(), store.getAllKeys()]);
      return { name, inline: store.keyPath !== null, keys, values: values as unknown[] };
    }),
  );
  await tx.done;
  return { stores };
}

/** How many records each store holds now. */
export async function storeCounts(db: StoreDb): Promise<Record<string, number>> {
  const names = [...db.objectStoreNames] as StoreNames<StoreDbSchema>[];
  const tx = db.transaction(names, 'readonly');
  const counts = await Promise.all(names.map((n) => tx.objectStore(n).count()));
  await tx.done;
  return Object.fromEntries(names.map((n, i) => [n, counts[i]!]));
}

/** True when every store holds as many records as in the snapshot (an aborted write changes none). */
export async function matchesSnapshot(db: StoreDb, snap: StoreSnapshot): Promise<boolean> {
  const counts = await storeCounts(db);
  return snap.stores.every((s) => (counts[s.name] ?? 0) === s.values.length);
}

/** Puts a snapshot back in ONE transaction: every store cleared and refilled. */
export async function restoreSnapshot(db: StoreDb, snap: StoreSnapshot): Promise<void> {
  const names = snap.stores.map((s) => s.name);
  const tx = db.transaction(names, 'readwrite');
  await commit(
    tx,
    (requests) => {
      for (const s of snap.stores) {
        const store = tx.objectStore(s.name) as unknown as {
          clear(): Promise<unknown>;
          put(v: unknown, k?: IDBValidKey): Promise<unknown>;
        };
        requests.push(store.clear());
        s.values.forEach((v, i) =>
          requests.push(s.inline ? store.put(v) : store.put(v, s.keys[i])),
        );
      }
    },
    0,
  );
}

/**
 * A read-only database over a snapshot held in memory, for reading (a backup bundle, say) after
 * a failed write has left the real database unreadable: Chromium refuses to open a site's
 * IndexedDB again once a write failed on a full disk. Serves what the readers use: transactions,
 * `get`, `getAll` (with or without a key range) and `count`, in key order as the snapshot was read.
 */
export function snapshotDb(snap: StoreSnapshot): StoreDb {
  const storeOf = (name: string) => {
    const s = snap.stores.find((x) => x.name === name);
    if (!s) throw new DOMException(`No object store named ${name}`, 'NotFoundError');
    const matching = (query?: IDBValidKey | IDBKeyRange | null) => {
      if (query === undefined || query === null) return s.values;
      const range = query instanceof IDBKeyRange ? query : IDBKeyRange.only(query);
      return s.values.filter((_, i) => range.includes(s.keys[i]));
    };
    return {
      get: async (query: IDBValidKey | IDBKeyRange) => matching(query)[0],
      getAll: async (query?: IDBValidKey | IDBKeyRange | null) => matching(query),
      count: async (query?: IDBValidKey | IDBKeyRange | null) => matching(query).length,
    };
  };
  const db = {
    objectStoreNames: snap.stores.map((s) => s.name),
    transaction: () => ({ objectStore: storeOf, done: Promise.resolve() }),
    get: (name: string, query: IDBValidKey | IDBKeyRange) => storeOf(name).get(query),
    getAll: (name: string, query?: IDBValidKey | IDBKeyRange | null) => storeOf(name).getAll(query),
    count: (name: string, query?: IDBValidKey | IDBKeyRange | null) => storeOf(name).count(query),
  };
  return db as unknown as StoreDb;
}
