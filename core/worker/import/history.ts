/**
 * The import history and undo: every import (and demo load, bundle, v1 import) as a record, the
 * newest one undoable while it keeps its snapshot of the rows it replaced.
 */
import {
  emptyTable,
  lineColumns,
  orderColumns,
  spendColumns,
  labelColumns,
  trafficColumns,
} from '../../schema/columns.ts';
import { readTable, writeTables, type StoreDb } from '../../db/store.ts';
import { WorkerApiError } from '../errors.ts';
import { undoBundle } from '../sync.ts';
import { restoredTables } from './plan.ts';
import type { ImportHistoryEntry, ImportTable, StoredImport } from './types.ts';

export function historyOf(r: StoredImport, undoable: boolean): ImportHistoryEntry {
  const tables: Partial<Record<ImportTable, number>> = { ...r.tables };
  delete (tables as Record<string, number>).snapshots;
  if (r.productCount !== undefined) tables.products = r.productCount;
  return {
    id: r.id,
    at: r.at,
    source: r.source,
    files: r.files ?? [
      {
        fileName: r.fileName ?? r.source,
        // Records written elsewhere (demo, bundles, v1 imports) name their source instead.
        format: r.source === 'bundle' ? 'storelens-bundle' : r.source,
        bytes: r.bytes ?? 0,
        rows: 0,
        rejected: 0,
      },
    ],
    tables,
    rejected: r.rejected ?? 0,
    notes: r.notes ?? [],
    undoable,
    undoneAt: r.undoneAt ?? null,
  };
}

/** Every stored import record, newest first. */
export async function readAllImports(db: StoreDb): Promise<StoredImport[]> {
  return ((await db.getAllFromIndex('imports', 'byAt')) as StoredImport[]).reverse();
}

/** The id of the import that Undo applies to: the newest, if it kept its snapshot. */
export function undoableId(newestFirst: readonly StoredImport[]): string | null {
  const top = newestFirst[0];
  return top && top.undoneAt === undefined && top.undo ? top.id : null;
}

export interface UndoDeps {
  db: () => Promise<StoreDb>;
  reload: () => Promise<unknown>;
  restoreDemo: () => Promise<unknown>;
  now: () => number;
}

/** Undoes the latest import: restores the rows it replaced and removes the rows it added. */
export async function undoImport(deps: UndoDeps, id: string): Promise<ImportHistoryEntry> {
  const db = await deps.db();
  const all = await readAllImports(db);
  const record = all.find((r) => r.id === id);
  if (!record) {
    throw new WorkerApiError(
      'NotFoundError',
      'import-not-found',
      'This import is no longer in the history. Reload the page.',
    );
  }
  if (undoableId(all) !== id || !record.undo) {
    throw new WorkerApiError(
      'RangeError',
      'not-undoable',
      record.undoneAt !== undefined
        ? 'This import was already undone.'
        : 'Only the latest import can be undone. Import the files again to replace its data.',
    );
  }
  const undo = record.undo;
  const done: StoredImport = { ...record, undoneAt: deps.now() };
  delete done.undo;
  // The emails the import stored go with it: the ones it added are deleted, replaced ones restored.
  const emailUndo = undo.emails
    ? {
        deleteEmails: undo.emails.added,
        emails: undo.emails.prev.map((r) => ({ ...r, updatedAt: done.undoneAt! })),
      }
    : {};
  if (undo.replacedDemo) {
    // The store held the demo before: put it back rather than leave an empty store.
    await deps.restoreDemo();
    await writeTables(db, {}, { importRecord: done, ...emailUndo });
    return historyOf(done, false);
  }
  if (undo.bundle) {
    await undoBundle(db, undo, done);
    await deps.reload();
    return historyOf(done, false);
  }
  const tables = restoredTables(undo, {
    orders: undo.orders ? await readTable(db, 'orders') : emptyTable(orderColumns),
    lines: undo.orders ? await readTable(db, 'lines') : emptyTable(lineColumns),
    traffic: undo.traffic ? await readTable(db, 'traffic') : emptyTable(trafficColumns),
    spend: undo.spend ? await readTable(db, 'spend') : emptyTable(spendColumns),
    labels: undo.labels ? await readTable(db, 'labels') : emptyTable(labelColumns),
  });
  // The undone record is written in the same transaction, so undo happens at most once.
  await writeTables(db, tables, {
    importRecord: done,
    ...emailUndo,
    ...(undo.products ? { replace: { products: undo.products } } : {}),
  });
  await deps.reload();
  return historyOf(done, false);
}

/** Only the latest import is undoable: older snapshots are dead weight in the imports store. */
export async function dropOlderSnapshots(db: StoreDb, keepId: string): Promise<void> {
  const tx = db.transaction('imports', 'readwrite');
  let cursor = await tx.store.openCursor();
  while (cursor) {
    const r = cursor.value as StoredImport;
    if (r.id !== keepId && r.undo) {
      const { undo: _undo, ...rest } = r;
      await cursor.update(rest);
    }
    cursor = await cursor.continue();
  }
  await tx.done;
}
