/**
 * The import's pure step: the stored tables and the files' readings in, the new tables out, with
 * the counts the result shows, the undo snapshot and the history record. No IndexedDB here: the
 * caller reads what is stored, and writes what this returns in one transaction.
 */
import {
  errorsToCsv,
  FORMATS,
  mergeByKey,
  mergeKeys,
  mergeOrders,
  mergeTableByKey,
  type ExportReading,
  type FormatId,
  type RowError,
} from '../../ingest/index.ts';
import {
  concatTables,
  emptyTable,
  lineColumns,
  orderColumns,
  selectRows,
  snapshotColumns,
  spendColumns,
  trafficColumns,
  labelColumns,
  type ColumnTable,
  type OrdersTable,
  type StrColumn,
  type TableSpec,
} from '../../schema/columns.ts';
import { settingsSchema, type Product, type Settings } from '../../schema/store.ts';
import type { EmailRecord, FactTables, RecordReplacements } from '../../db/store.ts';
import type { FileReading } from './read.ts';
import type {
  ImportedFile,
  ImportOptions,
  ImportTable,
  RejectedRow,
  StoredImport,
  TableCount,
  UndoSnapshot,
} from './types.ts';

export function strAt(col: StrColumn, i: number): string {
  return col.dict[col.codes[i]!]!;
}

/** One string key per row from the given columns (as core/ingest/merge keys them). */
export function rowKeys<S extends TableSpec>(
  table: ColumnTable<S>,
  cols: readonly string[],
): string[] {
  const columns = table.columns as Record<string, StrColumn | Float64Array | Int32Array>;
  const out = new Array<string>(table.length);
  const only = cols.length === 1 ? columns[cols[0]!]! : null;
  if (only && 'codes' in only) {
    // One text column (order ids): the key is the value itself.
    for (let i = 0; i < table.length; i++) out[i] = strAt(only, i);
    return out;
  }
  for (let i = 0; i < table.length; i++) {
    out[i] = cols
      .map((c) => {
        const col = columns[c]!;
        return 'codes' in col ? strAt(col, i) : String(col[i]);
      })
      .join('\u0000');
  }
  return out;
}

/** Rows of `table` whose key is (or is not) in `keys`; dictionaries compacted to what is used. */
export function rowsWhere<S extends TableSpec>(
  spec: S,
  table: ColumnTable<S>,
  tableKeys: readonly string[],
  keys: ReadonlySet<string>,
  inSet: boolean,
): ColumnTable<S> {
  const keep: number[] = [];
  for (let i = 0; i < table.length; i++) if (keys.has(tableKeys[i]!) === inSet) keep.push(i);
  if (!inSet && keep.length === table.length) return table;
  return concatTables(spec, [selectRows(spec, table, keep)]);
}

/**
 * The tables as they were before an import or a bundle: the rows it wrote removed, the rows it
 * replaced put back (orders with their lines, traffic by day and channel, spend by campaign).
 */
export function restoredTables(
  undo: Pick<UndoSnapshot, 'orders' | 'traffic' | 'spend' | 'labels'>,
  current: Pick<FactTables, 'orders' | 'lines' | 'traffic' | 'spend'> &
    Partial<Pick<FactTables, 'labels'>>,
): Partial<FactTables> {
  const back = <S extends TableSpec>(
    spec: S,
    table: ColumnTable<S>,
    keyCols: readonly string[],
    keys: readonly string[],
    prev: ColumnTable<S>,
  ) =>
    concatTables(spec, [
      rowsWhere(spec, table, rowKeys(table, keyCols), new Set(keys), false),
      prev,
    ]);
  const out: Partial<FactTables> = {};
  if (undo.orders) {
    const { keys, prev, prevLines } = undo.orders;
    out.orders = back(orderColumns, current.orders, ['id'], keys, prev);
    out.lines = back(lineColumns, current.lines, ['orderId'], keys, prevLines);
  }
  if (undo.traffic) {
    const { keys, prev } = undo.traffic;
    out.traffic = back(trafficColumns, current.traffic, ['date', 'channel'], keys, prev);
  }
  if (undo.spend) {
    const { keys, prev } = undo.spend;
    out.spend = back(spendColumns, current.spend, ['date', 'channel', 'campaign'], keys, prev);
  }
  if (undo.labels && current.labels) {
    const { keys, prev } = undo.labels;
    out.labels = back(labelColumns, current.labels, LABEL_KEY, keys, prev);
  }
  return out;
}

export function tableBytes(t: ColumnTable | undefined): number {
  if (!t) return 0;
  let n = 0;
  for (const c of Object.values(t.columns as Record<string, StrColumn | Float64Array>)) {
    if ('codes' in c) {
      n += c.codes.byteLength;
      for (const s of c.dict) n += 2 * s.length + 8;
    } else n += c.byteLength;
  }
  return n;
}

/** The non-empty value with the highest count (the first of a tie), or null. */
export function mostCommon(counts: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let n = 0;
  for (const [v, c] of counts) if (v && c > n) [best, n] = [v, c];
  return best;
}

/** Orders per currency code over the readings' orders tables (counted by dictionary code). */
export function currencyCounts(tables: readonly (OrdersTable | undefined)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    if (!t) continue;
    const { codes, dict } = t.columns.currency;
    const perCode = new Int32Array(dict.length);
    for (let i = 0; i < t.length; i++) perCode[codes[i]!]!++;
    dict.forEach((c, k) => counts.set(c, (counts.get(c) ?? 0) + perCode[k]!));
  }
  return counts;
}

export function countOf(
  incomingKeys: readonly string[] | ReadonlySet<string>,
  before: ReadonlySet<string>,
  total: number,
) {
  const unique = incomingKeys instanceof Set ? incomingKeys : new Set(incomingKeys);
  let updated = 0;
  if (before.size > 0) for (const k of unique) if (before.has(k)) updated++;
  return { incoming: unique.size, added: unique.size - updated, updated, total };
}

// Products first so an inventory file in the same import can set their stock (the registry's
// `applyOrder`).
export function processingOrder(format: FormatId): number {
  return FORMATS[format].applyOrder;
}

/**
 * Customer key → email from the readings' orders (read with keepEmails): lower-cased, trimmed,
 * non-empty; a later file or row wins, so a customer's newest address is kept.
 */
export function customerEmails(readings: readonly ExportReading[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of readings) {
    const t = r.ordersTable;
    const emails = r.orderEmails;
    if (!t || !emails) continue;
    for (let i = 0; i < t.length; i++) {
      const key = strAt(t.columns.customerKey, i);
      const email = (emails[i] ?? '').trim().toLowerCase();
      if (key !== '' && email !== '') out.set(key, email);
    }
  }
  return out;
}

/**
 * All files' rows not stored as one CSV (file, row, column, problem): the rejected rows and the
 * skipped ones (read but no record of their own, "Not stored: …"), in row order per file.
 */
export function rejectedCsv(
  files: { name: string; errors: RowError[]; skipped?: RowError[] }[],
): string {
  const parts: string[] = [];
  for (const f of files) {
    const rows = f.skipped?.length
      ? [
          ...f.errors,
          ...f.skipped.map((e) => ({ ...e, message: `Not stored: ${e.message}` })),
        ].sort((a, b) => a.row - b.row)
      : f.errors;
    if (rows.length === 0) continue;
    const csv = errorsToCsv(rows, f.name);
    parts.push(parts.length === 0 ? csv : csv.slice(csv.indexOf('\r\n') + 2));
  }
  return parts.join('');
}

/**
 * A reading without its orders that lost a row to an error and are already stored (by id, or by
 * order number for an order whose rest was read under another key): merging them would replace
 * the stored order and all its lines with the rows that survived, deleting stored good lines.
 * Null when no stored order is affected.
 */
export function withoutRejectedStored(
  stored: OrdersTable,
  r: ExportReading,
): { reading: ExportReading; numbers: string[] } | null {
  const rejected = new Set((r.rejectedKeys ?? []).filter((k) => k !== ''));
  const incoming = r.ordersTable;
  if (rejected.size === 0 || !incoming) return null;
  const ids = new Set<string>();
  const numbers = new Set<string>();
  const matched: [string, string][] = [];
  const { id, number } = stored.columns;
  for (let i = 0; i < stored.length; i++) {
    const sid = strAt(id, i);
    const sn = strAt(number, i);
    if (rejected.has(sid) || rejected.has(sn)) {
      ids.add(sid);
      if (sn !== '') numbers.add(sn);
      matched.push([sid, sn]);
    }
  }
  if (ids.size === 0) return null;
  const incomingIds = new Set<string>();
  const keep: number[] = [];
  const dropped = new Set<string>();
  const droppedNumbers: string[] = [];
  for (let i = 0; i < incoming.length; i++) {
    const iid = strAt(incoming.columns.id, i);
    const inum = strAt(incoming.columns.number, i);
    incomingIds.add(iid);
    const tainted = rejected.has(iid) || rejected.has(inum);
    if (tainted && (ids.has(iid) || (inum !== '' && numbers.has(inum)))) {
      dropped.add(iid);
      droppedNumbers.push(inum || iid);
    } else keep.push(i);
  }
  // Stored orders the reader already left out whole (an order with a rejected row is not read at
  // all): kept as stored without dropping anything, and named in the note too.
  for (const [sid, sn] of matched) if (!incomingIds.has(sid)) droppedNumbers.push(sn || sid);
  if (droppedNumbers.length === 0) return null;
  if (dropped.size === 0) return { reading: r, numbers: droppedNumbers };
  const reading: ExportReading = {
    ...r,
    ordersTable: concatTables(orderColumns, [selectRows(orderColumns, incoming, keep)]),
  };
  if (r.linesTable) {
    const lines = r.linesTable;
    reading.linesTable = rowsWhere(lineColumns, lines, rowKeys(lines, ['orderId']), dropped, false);
  }
  if (r.orderEmails) reading.orderEmails = keep.map((i) => r.orderEmails![i]!);
  return { reading, numbers: droppedNumbers };
}

/** A label cost's key: a re-import of the same label replaces it. */
export const LABEL_KEY = ['orderNumber', 'tracking', 'shippedOn', 'currency'] as const;

/** Which stored tables an import of these readings touches (and so must read). */
export interface TablesNeeded {
  orders: boolean;
  traffic: boolean;
  spend: boolean;
  labels: boolean;
  products: boolean;
}

export function tablesNeeded(readings: readonly FileReading[]): TablesNeeded {
  return {
    orders: readings.some((r) => r.reading.ordersTable),
    traffic: readings.some((r) => r.reading.trafficTable),
    spend: readings.some((r) => r.reading.spendTable),
    labels: readings.some((r) => r.reading.labelsTable),
    products: readings.some((r) => r.reading.products || r.reading.stock),
  };
}

/** What is stored, as the import found it (empty tables for those it does not touch). */
export interface StoredTables {
  orders: FactTables['orders'];
  lines: FactTables['lines'];
  traffic: FactTables['traffic'];
  spend: FactTables['spend'];
  labels: FactTables['labels'];
  products: Product[];
}

export interface PlanInput {
  readings: FileReading[];
  /** The stored tables the readings touch (see tablesNeeded); empty when replacing the demo. */
  before: StoredTables;
  /** The store's real settings, or null (first import, or the demo store is replaced). */
  settings: Settings | null;
  replacedDemo: boolean;
  keepEmails: boolean;
  /** The customer-key salt the files were read with. */
  salt: string;
  /** The timezone the files were read in. */
  readZone: string;
  opts: Pick<ImportOptions, 'currency'>;
  /** With keepEmails: the stored email of each customer key of customerEmails(readings) ('' if none). */
  storedEmails: ReadonlyMap<string, string>;
  /** The import's id and time. */
  id: string;
  stamp: number;
  /** Bytes of all files. */
  totalBytes: number;
}

export interface ImportPlan {
  /** The fact tables to write (whole: each replaces the stored one). */
  tables: Partial<FactTables>;
  /** Records replaced in the same transaction. */
  replace: RecordReplacements;
  emailRecords: EmailRecord[];
  counts: Partial<Record<ImportTable, TableCount>>;
  undo: UndoSnapshot;
  /** The history record (with the undo snapshot) written with the tables. */
  record: StoredImport;
  /** Store settings created or completed (first import, or a salt added). */
  settingsCreated: Settings | null;
  notes: string[];
  files: ImportedFile[];
  errors: RejectedRow[];
  rejected: number;
  /** Rows read but not stored (variable parents, image-only rows, …), with why. */
  skipped: RejectedRow[];
  /** The rejected and skipped rows as one CSV (file, row, column, problem), '' when none. */
  rejectedCsv: string;
  /** Approximate bytes of the undo snapshot (for the quota message). */
  undoBytes: number;
}

/**
 * Merges the readings into the stored tables (orders by id, products by SKU, traffic by
 * day+channel, spend by day+channel+campaign) and says what the import did. Pure.
 */
export function planImport(input: PlanInput): ImportPlan {
  const { before, settings, replacedDemo, keepEmails, salt, readZone, opts, stamp, id } = input;
  const readings = input.readings
    .slice()
    .sort(
      (a, b) =>
        processingOrder(a.reading.format) - processingOrder(b.reading.format) || a.index - b.index,
    );
  const needed = tablesNeeded(readings);
  const hasOrders = needed.orders;
  const hasTraffic = needed.traffic;
  const hasSpend = needed.spend;
  const hasLabels = needed.labels;
  const hasProducts = needed.products;
  const productsBefore = before.products;

  let orders = before.orders;
  let lines = before.lines;
  let traffic = before.traffic;
  let spend = before.spend;
  let labels = before.labels;
  const labelKeys: string[] = [];
  let products = productsBefore;
  const orderKeys: string[] = [];
  const trafficKeys: string[] = [];
  const spendKeys: string[] = [];
  const productKeys: string[] = [];
  let incomingLines = 0;
  const notes: string[] = [];
  // Keys are appended in loops: push(...keys) overflows the call stack past ~120k keys (a
  // 100 MB orders export has ~150k orders).
  for (let k = 0; k < readings.length; k++) {
    const { name } = readings[k]!;
    let r = readings[k]!.reading;
    if (r.ordersTable && r.rejectedKeys?.length && orders.length > 0) {
      const kept = withoutRejectedStored(orders, r);
      if (kept) {
        r = kept.reading;
        readings[k] = { ...readings[k]!, reading: r };
        const n = kept.numbers.length;
        const listed = kept.numbers.slice(0, 5).join(', ') + (n > 5 ? ', …' : '');
        notes.push(
          `${name}: ${n} order${n === 1 ? '' : 's'} already stored had a row rejected in this file (${listed}); the stored version ${n === 1 ? 'is' : 'of each is'} kept unchanged. Fix the rejected rows and import the file again to update ${n === 1 ? 'it' : 'them'}.`,
        );
      }
    }
    if (r.ordersTable) {
      const inLines = r.linesTable ?? emptyTable(lineColumns);
      ({ orders, lines } = mergeOrders(orders, lines, {
        orders: r.ordersTable,
        lines: inLines,
      }));
      for (const k of rowKeys(r.ordersTable, ['id'])) orderKeys.push(k);
      incomingLines += inLines.length;
    }
    if (r.trafficTable) {
      traffic = mergeTableByKey(trafficColumns, traffic, r.trafficTable, ['date', 'channel']);
      for (const k of rowKeys(r.trafficTable, ['date', 'channel'])) trafficKeys.push(k);
    }
    if (r.spendTable) {
      spend = mergeTableByKey(spendColumns, spend, r.spendTable, ['date', 'channel', 'campaign']);
      for (const k of rowKeys(r.spendTable, ['date', 'channel', 'campaign'])) spendKeys.push(k);
    }
    if (r.labelsTable) {
      labels = mergeTableByKey(labelColumns, labels, r.labelsTable, [...LABEL_KEY]);
      for (const k of rowKeys(r.labelsTable, LABEL_KEY)) labelKeys.push(k);
    }
    if (r.products) {
      const incoming = r.products.map((p) => ({ ...p, updatedAt: stamp }));
      products = mergeByKey(products, incoming, mergeKeys.product);
      for (const p of incoming) productKeys.push(mergeKeys.product(p));
    }
    if (r.stock) {
      const bySku = new Map(products.map((p, i) => [p.sku, i] as const));
      let unknown = 0;
      products = products.slice();
      for (const s of r.stock) {
        const i = bySku.get(s.sku);
        if (i === undefined) {
          unknown++;
          continue;
        }
        // The file's locations replace the stored ones (a file without them drops them: they
        // would no longer add up to the new sum).
        const { locations: _stale, ...p } = products[i]!;
        products[i] = {
          ...p,
          onHand: s.onHand,
          ...(s.locations && { locations: s.locations }),
          updatedAt: stamp,
        };
        productKeys.push(s.sku);
      }
      if (unknown > 0) {
        notes.push(
          `${name}: ${unknown} SKU${unknown === 1 ? ' is' : 's are'} not in your products, so their stock was skipped. Import the products export first, then the inventory file again.`,
        );
      }
    }
  }

  // ---- settings (first import) ----
  let settingsCreated: Settings | null = null;
  if (!settings || !settings.salt) {
    const currencies = currencyCounts(readings.map((r) => r.reading.ordersTable));
    const zone =
      readings.find((r) => r.reading.ordersTable && r.reading.timezone)?.reading.timezone ??
      readings.find((r) => r.reading.timezone)?.reading.timezone ??
      readZone;
    settingsCreated = settings
      ? { ...settings, salt, updatedAt: stamp }
      : settingsSchema.parse({
          timezone: zone,
          currency:
            opts.currency ??
            mostCommon(currencies) ??
            readings.find((r) => r.reading.products?.length)?.reading.products?.[0]?.currency ??
            'USD',
          fxRates: [],
          refundDating: 'refund',
          keepEmails,
          salt,
          demo: false,
          updatedAt: stamp,
        });
    if (settings && settingsCreated.salt === settings.salt) settingsCreated = null;
  }

  // ---- undo snapshot: the replaced rows and the written keys ----
  const beforeKeys = {
    orders: hasOrders ? rowKeys(before.orders, ['id']) : [],
    traffic: hasTraffic ? rowKeys(before.traffic, ['date', 'channel']) : [],
    spend: hasSpend ? rowKeys(before.spend, ['date', 'channel', 'campaign']) : [],
    labels: hasLabels ? rowKeys(before.labels, LABEL_KEY) : [],
  };
  const undo: UndoSnapshot = { replacedDemo };
  const tables: Partial<FactTables> = {};
  // The first import of one export into an empty store: mergeOrders kept its table as it was,
  // so its ids are distinct and nothing was there to replace (no set of 150k keys needed).
  const ordersReadings = readings.filter((r) => r.reading.ordersTable);
  const firstImport =
    before.orders.length === 0 &&
    before.lines.length === 0 &&
    ordersReadings.length === 1 &&
    orders === ordersReadings[0]!.reading.ordersTable;
  const orderKeySet: ReadonlySet<string> = firstImport ? new Set() : new Set(orderKeys);
  if (hasOrders) {
    const keys = firstImport ? orderKeys : [...orderKeySet];
    const set = orderKeySet;
    undo.orders = {
      keys,
      prev: rowsWhere(orderColumns, before.orders, beforeKeys.orders, set, true),
      prevLines: rowsWhere(
        lineColumns,
        before.lines,
        rowKeys(before.lines, ['orderId']),
        set,
        true,
      ),
    };
    tables.orders = orders;
    tables.lines = lines;
  }
  if (hasTraffic) {
    const keys = [...new Set(trafficKeys)];
    undo.traffic = {
      keys,
      prev: rowsWhere(trafficColumns, before.traffic, beforeKeys.traffic, new Set(keys), true),
    };
    tables.traffic = traffic;
  }
  if (hasSpend) {
    const keys = [...new Set(spendKeys)];
    undo.spend = {
      keys,
      prev: rowsWhere(spendColumns, before.spend, beforeKeys.spend, new Set(keys), true),
    };
    tables.spend = spend;
  }
  if (hasLabels) {
    const keys = [...new Set(labelKeys)];
    undo.labels = {
      keys,
      prev: rowsWhere(labelColumns, before.labels, beforeKeys.labels, new Set(keys), true),
    };
    tables.labels = labels;
  }
  if (hasProducts) undo.products = productsBefore;
  const emailRecords: EmailRecord[] = [];
  if (keepEmails) {
    const byKey = customerEmails(readings.map((r) => r.reading));
    const keys = [...byKey.keys()];
    const added: string[] = [];
    const prev: { customerKey: string; email: string }[] = [];
    for (const customerKey of keys) {
      const email = byKey.get(customerKey)!;
      const was = input.storedEmails.get(customerKey) ?? '';
      if (was === '') added.push(customerKey);
      else if (was !== email) prev.push({ customerKey, email: was });
      emailRecords.push({ customerKey, email, updatedAt: stamp });
    }
    if (keys.length > 0) {
      undo.emails = { added, prev };
      notes.push(
        `${keys.length} customer email${keys.length === 1 ? ' is' : 's are'} stored on this device for segment exports (you chose to keep emails in Settings).`,
      );
    }
  }
  if (replacedDemo) {
    // Real data never mixes with the demo store's: every demo table goes.
    tables.orders ??= emptyTable(orderColumns);
    tables.lines ??= emptyTable(lineColumns);
    tables.traffic ??= emptyTable(trafficColumns);
    tables.spend ??= emptyTable(spendColumns);
    tables.labels ??= emptyTable(labelColumns);
    tables.snapshots = emptyTable(snapshotColumns);
  }

  const countTable = (
    keys: readonly string[] | ReadonlySet<string>,
    beforeKeys: string[],
    total: number,
  ) => countOf(keys, new Set(beforeKeys), total);
  const counts: Partial<Record<ImportTable, TableCount>> = {};
  if (hasOrders) {
    counts.orders = firstImport
      ? { incoming: orders.length, added: orders.length, updated: 0, total: orders.length }
      : countTable(orderKeySet, beforeKeys.orders, orders.length);
    // Lines have no id of their own: they come and go with their order.
    const added = Math.max(0, Math.min(incomingLines, lines.length - before.lines.length));
    counts.lines = {
      incoming: incomingLines,
      added,
      updated: incomingLines - added,
      total: lines.length,
    };
  }
  if (hasTraffic) counts.traffic = countTable(trafficKeys, beforeKeys.traffic, traffic.length);
  if (hasSpend) counts.spend = countTable(spendKeys, beforeKeys.spend, spend.length);
  if (hasLabels) counts.labels = countTable(labelKeys, beforeKeys.labels, labels.length);
  if (hasProducts)
    counts.products = countTable(
      productKeys,
      productsBefore.map(mergeKeys.product),
      products.length,
    );

  const fileResults: ImportedFile[] = readings
    .slice()
    .sort((a, b) => a.index - b.index)
    .map(({ name, bytes, reading, ranges }) => ({
      fileName: name,
      format: reading.format,
      bytes,
      rows: reading.rows,
      rejected: reading.rejected,
      skipped: reading.skipped?.length ?? 0,
      warnings: reading.warnings,
      ranges,
    }));
  const errors: RejectedRow[] = readings
    .slice()
    .sort((a, b) => a.index - b.index)
    .flatMap(({ name, reading }) => reading.errors.map((e) => ({ fileName: name, ...e })));
  const skipped: RejectedRow[] = readings
    .slice()
    .sort((a, b) => a.index - b.index)
    .flatMap(({ name, reading }) => (reading.skipped ?? []).map((e) => ({ fileName: name, ...e })));
  const rejected = fileResults.reduce((a, f) => a + f.rejected, 0);
  for (const f of fileResults) notes.push(...f.warnings.map((w) => `${f.fileName}: ${w}`));

  const record: StoredImport = {
    id,
    at: stamp,
    source: [...new Set(fileResults.map((f) => f.format))].join(', '),
    fileName: fileResults.map((f) => f.fileName).join(', '),
    bytes: input.totalBytes,
    tables: Object.fromEntries(
      (['orders', 'lines', 'traffic', 'spend', 'labels'] as const)
        .filter((t) => counts[t])
        .map((t) => [t, counts[t]!.incoming]),
    ),
    notes,
    kind: 'files',
    files: fileResults.map(({ warnings: _w, ranges: _r, skipped: _s, ...f }) => f),
    rejected,
    undo,
  };
  if (counts.products) record.productCount = counts.products.incoming;

  const undoBytes =
    tableBytes(undo.orders?.prev) +
    tableBytes(undo.orders?.prevLines) +
    tableBytes(undo.traffic?.prev) +
    tableBytes(undo.spend?.prev) +
    tableBytes(undo.labels?.prev);
  return {
    tables,
    replace: {
      ...(hasProducts || replacedDemo ? { products } : {}),
      ...(settingsCreated ? { settings: settingsCreated } : {}),
      ...(replacedDemo ? { experiments: [], targets: [], trackedProducts: [] } : {}),
    },
    emailRecords,
    counts,
    undo,
    record,
    settingsCreated,
    notes,
    files: fileResults,
    errors,
    rejected,
    skipped,
    rejectedCsv: rejectedCsv(
      readings.map((r) => ({
        name: r.name,
        errors: r.reading.errors,
        ...(r.reading.skipped && { skipped: r.reading.skipped }),
      })),
    ),
    undoBytes,
  };
}
