/**
 * The import half of the analytics worker: previews files, streams them through core/ingest,
 * merges them with what is stored (idempotently, keyed like core/ingest/merge), and commits
 * everything in ONE IndexedDB transaction, so a cancel, a closed tab or a full quota leaves the
 * stored data exactly as it was. The latest import keeps an undo snapshot: the rows it replaced and
 * the keys it wrote, which is enough to restore the previous state without copying whole tables.
 *
 * The steps live beside this file: types.ts (the shapes), read.ts (streams, gzip, ranges on
 * threads), plan.ts (pure: stored tables + readings → new tables, counts, undo, record),
 * preview.ts, history.ts (history and undo). This file composes them.
 */
import { headerSignature } from '../../ingest/index.ts';
import {
  emptyTable,
  lineColumns,
  orderColumns,
  spendColumns,
  labelColumns,
  trafficColumns,
} from '../../schema/columns.ts';
import type { Settings } from '../../schema/store.ts';
import {
  clearEmails,
  getSettings,
  readEmails,
  readTable,
  matchesSnapshot,
  restoreSnapshot,
  saveMapping,
  snapshotDb,
  snapshotStore,
  writeTables,
  type StoreDb,
  type StoreSnapshot,
} from '../../db/store.ts';
import { QuotaError, StorageSpaceError, isQuotaExceeded } from '../../db/errors.ts';
import { storageInfo } from '../../db/storage.ts';
import { releaseProxy } from 'comlink';
import { WorkerApiError } from '../errors.ts';
import { exportBundle } from '../sync.ts';
import { withStoreWriter } from '../lock.ts';
import { nameOf, progressReporter, readFiles } from './read.ts';
import { customerEmails, planImport, tablesNeeded, type StoredTables } from './plan.ts';
import { MAPPING_KIND, previewFile } from './preview.ts';
import {
  dropOlderSnapshots,
  historyOf,
  readAllImports,
  undoImport,
  undoableId,
} from './history.ts';
import type {
  FilePreview,
  ImportDeps,
  ImportHistoryEntry,
  ImportOptions,
  ImportProgress,
  ImportResult,
  PreviewOptions,
  StoredMapping,
} from './types.ts';

export type * from './types.ts';
export { restoredTables, rowKeys, rowsWhere } from './plan.ts';
export { dropOlderSnapshots } from './history.ts';

/**
 * A write that failed in the browser's storage itself (Chromium: "Failed to write blobs
 * (IOError)", FILE_ERROR_NO_SPACE), not one refused on quota or for bad data.
 */
function diskFailure(e: unknown): boolean {
  const { name, message } = (e ?? {}) as { name?: string; message?: string };
  if (isQuotaExceeded(e)) return false;
  return name === 'UnknownError' || /IOError|FILE_ERROR|no space|disk/i.test(message ?? '');
}

/** What was stored before, in words: "6 orders and 2 imports in the history". */
function storedText(backup: StoreSnapshot): string {
  const metas = backup.stores.find((s) => s.name === 'tableMeta')?.values as
    { table: string; length: number }[] | undefined;
  const orders = metas?.find((m) => m.table === 'orders')?.length ?? 0;
  const products = backup.stores.find((s) => s.name === 'products')?.values.length ?? 0;
  const imports = backup.stores.find((s) => s.name === 'imports')?.values.length ?? 0;
  const n = (k: number, one: string) => `${k.toLocaleString('en-US')} ${one}${k === 1 ? '' : 's'}`;
  return [
    n(orders, 'order'),
    ...(products > 0 ? [n(products, 'product')] : []),
    `${n(imports, 'import')} in the history`,
  ].join(', ');
}

/** What a failed commit left: the data as it was, put back, about to go (a bundle), or gone. */
type Fate =
  | { state: 'intact' | 'restored' }
  | { state: 'doomed'; bundle: Uint8Array }
  | { state: 'lost'; why: string };

/** The error of a failed commit after which the browser drops (or dropped) the stored data. */
function lostError(e: unknown, fate: Fate, backup: StoreSnapshot): WorkerApiError {
  const cause = (e as { message?: string }).message ?? String(e);
  if (fate.state === 'doomed') {
    const err = new WorkerApiError(
      'StorageDoomedError',
      'store-doomed',
      `saving failed (${cause}), most likely because the device's disk is full. After such a failure the browser may delete all the data this site has stored (${storedText(backup)}) once this page is closed or reloaded. Download the backup below first, then free space on the device and reload: if your data is gone, import the backup, then your exports again.`,
    );
    return Object.assign(err, { backup: fate.bundle });
  }
  const what = `saving failed (${cause}), most likely because the device's disk is full. After such a failure the browser may delete the data this site has stored,`;
  if (fate.state === 'restored') {
    return new WorkerApiError(
      'StorageRestoredError',
      'store-restored',
      `${what} so Storelens cleared it and put back the data from before this import (${storedText(backup)}). Free space on the device, then import again.`,
    );
  }
  return new WorkerApiError(
    'StorageLostError',
    'store-lost',
    `${what} and keeping a backup of the data from before this import failed too (${fate.state === 'lost' ? fate.why : 'unknown error'}). Free space on the device before you close or reload this page; if your data is gone after that, import your exports again, or a Storelens bundle from another device.`,
  );
}

/** Builds the import methods the analytics worker exposes next to its queries. */
export function createImportApi(deps: ImportDeps) {
  const now = deps.now ?? (() => Date.now());
  const localTimezone =
    deps.localTimezone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const randomBytes =
    deps.randomBytes ??
    ((b: Uint8Array) => void crypto.getRandomValues(b as Uint8Array<ArrayBuffer>));

  function newSalt(): string {
    const b = new Uint8Array(16);
    randomBytes(b);
    return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  }

  /** The store's real settings (the demo store's do not count). */
  async function storeSettings(db: StoreDb): Promise<Settings | null> {
    const s = await getSettings(db);
    return s && !s.demo ? s : null;
  }

  /**
   * Refuses a write that the storage estimate has no room for. LevelDB (Chromium's IndexedDB)
   * writes a log before its tables, so a commit briefly takes about twice its size on disk.
   */
  async function checkSpace(bytes: number, undoBytes: number): Promise<void> {
    const { usage, quota } = await storageInfo(deps.storage);
    if (usage === null || quota === null) return;
    const needed = Math.round(2 * bytes + undoBytes);
    if (quota - usage < needed) throw new StorageSpaceError(needed, quota - usage);
  }

  /** After a failed commit: is what was stored still there, and if not, can it be put back? */
  async function afterFailedWrite(error: unknown, backup: StoreSnapshot): Promise<Fate> {
    const hadData = backup.stores.some((s) => s.values.length > 0);
    // Chromium deletes the data once its connections close (a reload, the tab closed), refuses
    // to rewrite it before, and may refuse to open it at all (a commit aborted on a full disk
    // can surface as a plain AbortError): the way back is a bundle of everything, built from
    // the snapshot in memory and downloaded by the user.
    const doomed = async (): Promise<Fate> => {
      try {
        return { state: 'doomed', bundle: await exportBundle(snapshotDb(backup), 'everything') };
      } catch (e) {
        return { state: 'lost', why: (e as Error).message };
      }
    };
    if (diskFailure(error) && hadData) return doomed();
    let db: StoreDb;
    try {
      db = await (deps.reopenDb ?? deps.db)();
      if (await matchesSnapshot(db, backup)) return { state: 'intact' };
    } catch (e) {
      return hadData ? doomed() : { state: 'lost', why: (e as Error).message };
    }
    try {
      await restoreSnapshot(db, backup);
      return { state: 'restored' };
    } catch (e) {
      return hadData ? doomed() : { state: 'lost', why: (e as Error).message };
    }
  }

  async function importFiles(
    files: File[],
    opts: ImportOptions,
    onProgress: ((p: ImportProgress) => void) | undefined,
  ): Promise<ImportResult> {
    const t0 = now();
    if (files.length === 0) {
      throw new WorkerApiError('RangeError', 'no-files', 'Choose at least one file to import.');
    }
    const names = files.map(nameOf);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) {
      throw new WorkerApiError(
        'RangeError',
        'duplicate-file',
        `Two of the chosen files are named ${dup}. Remove one, or rename it and choose it again.`,
      );
    }
    const db = await deps.db();
    const stored = await getSettings(db);
    const replacedDemo = stored?.demo === true;
    // The user's choice counts even when made while the demo store was loaded.
    const keepEmails = stored?.keepEmails === true;
    const settings = replacedDemo ? null : stored;
    const ordersMeta = replacedDemo ? undefined : await db.get('tableMeta', 'orders');
    // Keep the existing salt; a store whose orders were hashed without one keeps hashing so.
    const salt =
      settings?.salt || (ordersMeta && ordersMeta.length > 0 && settings ? '' : newSalt());
    const browserZone = localTimezone();
    const readZone = settings?.timezone ?? opts.timezone ?? browserZone;
    const reportingCurrency = settings?.currency ?? opts.currency;

    // ---- read every file, streaming ----
    const totalBytes = files.reduce((a, f) => a + f.size, 0);
    const report = progressReporter(onProgress, files.length, totalBytes, now, t0);
    const { readings, bytes, rows } = await readFiles(
      files,
      names,
      opts,
      { readZone, browserZone, reportingCurrency, salt, keepEmails },
      deps,
      report,
    );

    // ---- merge with what is stored ----
    const last = { fileName: '', fileIndex: files.length - 1, bytes, rows };
    report({ phase: 'merging', ...last }, true);
    const needed = tablesNeeded(readings);
    const read = async <N extends 'orders' | 'lines' | 'traffic' | 'spend' | 'labels'>(
      n: N,
      want: boolean,
    ): Promise<StoredTables[N]> =>
      want && !replacedDemo
        ? (readTable(db, n) as Promise<StoredTables[N]>)
        : (emptyTable(
            {
              orders: orderColumns,
              lines: lineColumns,
              traffic: trafficColumns,
              spend: spendColumns,
              labels: labelColumns,
            }[n],
          ) as StoredTables[N]);
    const before: StoredTables = {
      orders: await read('orders', needed.orders),
      lines: await read('lines', needed.orders),
      traffic: await read('traffic', needed.traffic),
      spend: await read('spend', needed.spend),
      labels: await read('labels', needed.labels),
      products: needed.products && !replacedDemo ? await db.getAll('products') : [],
    };
    const stamp = now();
    const storedEmails = new Map<string, string>();
    if (keepEmails) {
      const keys = [...customerEmails(readings.map((r) => r.reading)).keys()];
      const emails = keys.length > 0 ? await readEmails(db, keys) : [];
      keys.forEach((k, i) => storedEmails.set(k, emails[i]!));
    }
    const plan = planImport({
      readings,
      before,
      settings,
      replacedDemo,
      keepEmails,
      salt,
      readZone,
      opts,
      storedEmails,
      id: `import-${stamp}-${newSalt().slice(0, 8)}`,
      stamp,
      totalBytes,
    });
    const { record, settingsCreated } = plan;

    // ---- one transaction ----
    report({ phase: 'saving', ...last }, true);
    // The way back: Chromium drops a site's whole database when a write fails on a full disk,
    // so everything stored is kept in memory until the new state is committed.
    const backup = await snapshotStore(db);
    try {
      await writeTables(db, plan.tables, {
        importRecord: record,
        ...(plan.emailRecords.length > 0 && { emails: plan.emailRecords }),
        replace: plan.replace,
        checkSpace: (bytes) => checkSpace(bytes, plan.undoBytes),
      });
    } catch (e) {
      if ((e as { name?: string }).name === 'StorageSpaceError') throw e;
      const fate = await afterFailedWrite(e, backup);
      if (fate.state !== 'intact') {
        await deps.invalidate();
        throw lostError(e, fate, backup);
      }
      if (isQuotaExceeded(e)) {
        const needed = ((e as { bytesNeeded?: number }).bytesNeeded ?? 0) + plan.undoBytes;
        throw new QuotaError(needed, e);
      }
      throw e;
    }

    // After the commit: small follow-ups whose failure loses nothing that matters.
    for (const { name, reading } of readings) {
      const mapping = opts.mappings?.[name];
      if (reading.format !== 'generic' || !mapping) continue;
      const sig = headerSignature(reading.header);
      const m: StoredMapping = {
        id: `${MAPPING_KIND}:${sig}`,
        kind: MAPPING_KIND,
        headerSignature: sig,
        mapping,
        updatedAt: stamp,
      };
      const df = opts.dateFormats?.[name];
      if (df !== undefined) m.dateFormat = df;
      await saveMapping(db, m).catch(() => undefined);
    }
    await dropOlderSnapshots(db, record.id).catch(() => undefined);
    await deps.invalidate();
    return {
      id: record.id,
      at: stamp,
      files: plan.files,
      tables: plan.counts,
      rejected: plan.rejected,
      errors: plan.errors,
      skipped: plan.skipped,
      rejectedCsv: plan.rejectedCsv,
      settingsCreated: settings ? null : settingsCreated,
      replacedDemo,
      notes: plan.notes,
      ms: now() - t0,
    };
  }

  const api = {
    /** Reads the head of a file: format, header, first rows, mapping suggestions, store settings. */
    async previewFile(file: File, opts: PreviewOptions = {}): Promise<FilePreview> {
      return previewFile({ db: deps.db, storeSettings, localTimezone }, file, opts);
    },

    /**
     * Imports files in one all-or-nothing commit: streams and validates each, merges with the
     * stored data (orders by id, products by SKU, traffic by day+channel, spend by
     * day+channel+campaign), writes, and reloads. Rejected rows are returned, good rows stored.
     */
    async importFiles(
      files: File[],
      opts: ImportOptions = {},
      onProgress?: (p: ImportProgress) => void,
    ): Promise<ImportResult> {
      const waiting = () =>
        void Promise.resolve(
          onProgress?.({
            phase: 'waiting',
            fileName: '',
            fileIndex: 0,
            files: files.length,
            bytes: 0,
            totalBytes: files.reduce((a, f) => a + f.size, 0),
            rows: 0,
            rowsPerSecond: 0,
          }),
        ).catch(() => undefined);
      try {
        // Held from reading the stored settings to the commit: another tab's import waits.
        return await withStoreWriter(() => importFiles(files, opts, onProgress), waiting);
      } finally {
        // A comlink proxy holds a MessagePort open until released (a plain function has no such key).
        (onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
      }
    },

    /** Deletes every stored customer email (the user turned keeping emails off); returns how many. */
    async forgetEmails(): Promise<number> {
      return withStoreWriter(async () => clearEmails(await deps.db()));
    },

    /** The import history, newest first, with which entry can be undone. */
    async importHistory(): Promise<ImportHistoryEntry[]> {
      const all = await readAllImports(await deps.db());
      const undoId = undoableId(all);
      return all.map((r) => historyOf(r, r.id === undoId));
    },

    /** Undoes the latest import: restores the rows it replaced and removes the rows it added. */
    async undoImport(id: string): Promise<ImportHistoryEntry> {
      return withStoreWriter(() =>
        undoImport({ db: deps.db, reload: deps.reload, restoreDemo: deps.restoreDemo, now }, id),
      );
    },
  };
  return api;
}
