/**
 * The import half of the analytics worker: previews files, streams them through core/ingest,
 * merges them with what is stored (idempotently, keyed like core/ingest/merge), and commits
 * everything in ONE IndexedDB transaction, so a cancel, a closed tab or a full quota leaves the
 * stored data exactly as it was. The latest import keeps an undo snapshot: the rows it replaced and
 * the keys it wrote, which is enough to restore the previous state without copying whole tables.
 */
import {
  createExportReader,
  errorsToCsv,
  findSplit,
  headerSignature,
  IngestError,
  MAPPABLE_FIELDS,
  MIN_PART_BYTES,
  mergePartReadings,
  normHeader,
  SPLIT_WINDOW_BYTES,
  SPLITTABLE_FORMATS,
  mergeByKey,
  mergeKeys,
  mergeOrders,
  mergeTableByKey,
  suggestMapping,
  type ExportReading,
  type FormatId,
  type ReadOptions,
  type RowError,
} from '../ingest/index.ts';
import {
  PROGRESS_EVERY_MS,
  pushInPieces,
  readRange,
  type PartRequest,
  type PartRunner,
} from './parts.ts';
import {
  concatTables,
  emptyTable,
  lineColumns,
  orderColumns,
  selectRows,
  snapshotColumns,
  spendColumns,
  trafficColumns,
  type ColumnTable,
  type LinesTable,
  type OrdersTable,
  type SpendTable,
  type StrColumn,
  type TableSpec,
  type TrafficTable,
} from '../schema/columns.ts';
import { settingsSchema, type Product, type Settings } from '../schema/store.ts';
import {
  clearEmails,
  findMapping,
  getSettings,
  readEmails,
  readTable,
  saveMapping,
  writeTables,
  type ColumnMapping,
  type EmailRecord,
  type FactTables,
  type ImportRecord,
  type StoreDb,
} from '../db/store.ts';
import { QuotaError, isQuotaExceeded } from '../db/errors.ts';
import { releaseProxy } from 'comlink';
import { WorkerApiError } from './errors.ts';
import { previewBundle, undoBundle, type BundlePreview, type BundleUndo } from './sync.ts';

export interface ImportDeps {
  /** The store database (the analytics API's lazily opened one). */
  db: () => Promise<StoreDb>;
  /** Drops the worker's in-memory data and reads it again. */
  reload: () => Promise<unknown>;
  /**
   * Drops the worker's in-memory data; the next query reads it again. An import ends with this,
   * not a reload: the app reloads right after anyway, and reading twice cost ~0.3 s per 100 MB.
   */
  invalidate: () => Promise<unknown>;
  /** Puts the demo store back (used when undoing the import that replaced it). */
  restoreDemo: () => Promise<unknown>;
  /** Clock (ms) for import times and rows/s. */
  now?: () => number;
  /**
   * Reads a byte range of a big export on another thread (the worker passes workerPartRunner);
   * without one, files are read in one go.
   */
  runPart?: PartRunner | null;
  /** Threads reading one file at most (default: the device's cores, at most 4). */
  maxParts?: number;
  /** Smallest range worth a thread (default MIN_PART_BYTES; tests make it small). */
  minPartBytes?: number;
  /** Fills bytes with random values (the customer-key salt). */
  randomBytes?: (bytes: Uint8Array) => void;
  /** The browser's timezone, the fallback store timezone. */
  localTimezone?: () => string;
}

/** What the user chose for one file in the preview. */
export interface FileChoice {
  /** A format id that overrides detection. */
  format?: string;
  /** Generic CSV: entity field ("order.id", …) → header column. */
  mapping?: Record<string, string>;
  /** Generic CSV: "YYYY-MM-DD", "DD/MM/YYYY" or "MM/DD/YYYY". */
  dateFormat?: string;
}

export interface PreviewOptions extends FileChoice {
  /** Store timezone the user picked (first import only). */
  timezone?: string;
  /** Store currency the user picked (first import only). */
  currency?: string;
}

/** What the import screen shows about a file before importing it. */
export interface FilePreview {
  fileName: string;
  bytes: number;
  format: FormatId;
  /** How sure detection was, 0..1 (1 for a chosen format). */
  confidence: number;
  /** Set when this file cannot be imported as it is; says why and what to do. */
  problem: string | null;
  header: string[];
  /** The first data rows as written in the file. */
  rows: string[][];
  encoding: string | null;
  delimiter: string | null;
  warnings: string[];
  /** Store timezone guessed from the timestamps' offsets in the first rows. */
  timezone: string | null;
  /** The most common order currency in the first rows. */
  currency: string | null;
  headerSignature: string;
  /** Generic CSV: the fields a column can be mapped to, and which ones an entity needs. */
  fields: { field: string; required: boolean }[] | null;
  /** Generic CSV: the mapping Storelens suggests from the header names. */
  suggestedMapping: Record<string, string> | null;
  /** Generic CSV: the mapping the user confirmed before for a file with the same columns. */
  savedMapping: { mapping: Record<string, string>; dateFormat?: string } | null;
  /** A Storelens bundle: what merging it would add, update and delete (apply it with applyBundle). */
  bundle: BundlePreview | null;
  /** The store's timezone and currency, or null before the first import (then the screen asks). */
  store: { timezone: string; currency: string } | null;
}

export interface ImportOptions {
  /** Per file name: the format chosen instead of the detected one. */
  formats?: Record<string, string>;
  /** Per file name: the confirmed column mapping of a generic CSV. */
  mappings?: Record<string, Record<string, string>>;
  /** Per file name: the date format of a generic CSV. */
  dateFormats?: Record<string, string>;
  /** Store timezone for the first import when the files carry no offsets. */
  timezone?: string;
  /** Store currency for the first import (else the orders' most common currency). */
  currency?: string;
}

export interface ImportProgress {
  phase: 'reading' | 'merging' | 'saving';
  fileName: string;
  /** 0-based index of the file being read. */
  fileIndex: number;
  files: number;
  /** Bytes read so far over all files, and their total size. */
  bytes: number;
  totalBytes: number;
  /** Data rows read so far over all files. */
  rows: number;
  rowsPerSecond: number;
}

/** A rejected row, with the file it came from. */
export interface RejectedRow extends RowError {
  fileName: string;
}

export interface ImportedFile {
  fileName: string;
  format: FormatId;
  bytes: number;
  /** Data rows read. */
  rows: number;
  /** Rows dropped because of errors. */
  rejected: number;
  warnings: string[];
  /** Byte ranges read side by side on separate threads (1: read in one go). */
  ranges: number;
}

/** Rows an import brought per table: new keys, keys that replaced stored rows, and the total after. */
export interface TableCount {
  incoming: number;
  added: number;
  updated: number;
  total: number;
}

export type ImportTable = 'orders' | 'lines' | 'traffic' | 'spend' | 'products';

export interface ImportResult {
  id: string;
  at: number;
  files: ImportedFile[];
  tables: Partial<Record<ImportTable, TableCount>>;
  rejected: number;
  /** The rejected rows (at most 10,000 per file), for the result table. */
  errors: RejectedRow[];
  /** File, row, column, problem, as a CSV for download ('' when nothing was rejected). */
  rejectedCsv: string;
  /** Store settings were created from these files (first import). */
  settingsCreated: Settings | null;
  /** The demo store was replaced by this import. */
  replacedDemo: boolean;
  notes: string[];
  ms: number;
}

/** One line of the import history. */
export interface ImportHistoryEntry {
  id: string;
  at: number;
  source: string;
  /** Per file; `format` is a format id, or 'demo' / 'import' for records written elsewhere. */
  files: (Omit<ImportedFile, 'warnings' | 'format' | 'ranges'> & { format: string })[];
  tables: Partial<Record<ImportTable, number>>;
  rejected: number;
  notes: string[];
  /** Only the latest import can be undone. */
  undoable: boolean;
  undoneAt: number | null;
}

/** What undo needs: the rows an import replaced and the keys it wrote, per table. */
export interface UndoSnapshot {
  replacedDemo: boolean;
  orders?: { keys: string[]; prev: OrdersTable; prevLines: LinesTable };
  traffic?: { keys: string[]; prev: TrafficTable };
  spend?: { keys: string[]; prev: SpendTable };
  /** The whole product list before (products are small records). */
  products?: Product[];
  /** Emails the import stored (keep-emails opt-in): keys it added, and the addresses it replaced. */
  emails?: { added: string[]; prev: { customerKey: string; email: string }[] };
  /** A bundle's records (tracked products, matches, audits, …) and snapshots before it was merged. */
  bundle?: BundleUndo;
}

/** The import record as stored: the db's ImportRecord plus the files and the undo snapshot. */
export interface StoredImport extends ImportRecord {
  kind?: 'files';
  files?: Omit<ImportedFile, 'warnings' | 'ranges'>[];
  rejected?: number;
  productCount?: number;
  undo?: UndoSnapshot;
  undoneAt?: number;
}

interface StoredMapping extends ColumnMapping {
  dateFormat?: string;
}

// Enough for the header, title lines and well over the previewed rows of any export.
const PREVIEW_BYTES = 256 * 1024;
// How long the first range waits for the other threads to start before it starts anyway.
const PART_START_TIMEOUT_MS = 2000;
const MAPPING_KIND = 'generic';
// The fields core/ingest's generic reader requires per entity (it checks them again on import).
const REQUIRED_FIELDS: readonly string[] = [
  'order.id',
  'order.createdAt',
  'order.total',
  'product.sku',
  'product.price',
  'traffic.date',
  'traffic.sessions',
  'spend.date',
  'spend.spend',
];

const PRODUCT_FORMATS: readonly string[] = ['shopify-products', 'woocommerce-products'];

// Bundles merge through core/worker/sync in their own transaction: never inside a CSV batch.
function bundleError(fileName: string): WorkerApiError {
  return new WorkerApiError(
    'BundleInBatchError',
    'bundle-in-batch',
    `${fileName} is a Storelens bundle (the sync format). Import it on its own: it is merged with this device's data separately from CSV exports.`,
  );
}

/** The file's name (a File keeps it; a Blob cloned by some runtimes does not). */
function nameOf(file: Blob, i: number): string {
  const n = (file as Partial<File>).name;
  return typeof n === 'string' && n !== '' ? n : `file ${i + 1}`;
}

async function isGzip(file: Blob): Promise<boolean> {
  const b = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  return b[0] === 0x1f && b[1] === 0x8b;
}

/** The file's bytes as a stream (gunzipped when gzip), counting the file bytes read. */
function byteStream(
  file: Blob,
  gzip: boolean,
  counted: { bytes: number },
): ReadableStream<Uint8Array> {
  const raw = file.stream() as ReadableStream<Uint8Array>;
  if (!gzip) return raw;
  if (typeof DecompressionStream === 'undefined') {
    throw new IngestError(
      'gzip',
      'This file is gzip-compressed and this browser cannot decompress it. Decompress it first.',
    );
  }
  const count = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      counted.bytes += chunk.byteLength;
      ctl.enqueue(chunk);
    },
  });
  return raw
    .pipeThrough(count)
    .pipeThrough(
      new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
}

function strAt(col: StrColumn, i: number): string {
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
  undo: Pick<UndoSnapshot, 'orders' | 'traffic' | 'spend'>,
  current: Pick<FactTables, 'orders' | 'lines' | 'traffic' | 'spend'>,
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
  return out;
}

function tableBytes(t: ColumnTable | undefined): number {
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
function mostCommon(counts: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let n = 0;
  for (const [v, c] of counts) if (v && c > n) [best, n] = [v, c];
  return best;
}

/** Orders per currency code over the readings' orders tables (counted by dictionary code). */
function currencyCounts(tables: readonly (OrdersTable | undefined)[]): Map<string, number> {
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

function countOf(
  incomingKeys: readonly string[] | ReadonlySet<string>,
  before: ReadonlySet<string>,
  total: number,
) {
  const unique = incomingKeys instanceof Set ? incomingKeys : new Set(incomingKeys);
  let updated = 0;
  if (before.size > 0) for (const k of unique) if (before.has(k)) updated++;
  return { incoming: unique.size, added: unique.size - updated, updated, total };
}

// Products first so an inventory file in the same import can set their stock.
function processingOrder(format: FormatId): number {
  if (PRODUCT_FORMATS.includes(format)) return 0;
  if (format === 'shopify-inventory') return 1;
  return 2;
}

/**
 * Customer key → email from the readings' orders (read with keepEmails): lower-cased, trimmed,
 * non-empty; a later file or row wins, so a customer's newest address is kept.
 */
function customerEmails(readings: readonly ExportReading[]): Map<string, string> {
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

function historyOf(r: StoredImport, undoable: boolean): ImportHistoryEntry {
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

  async function readAllImports(db: StoreDb): Promise<StoredImport[]> {
    return ((await db.getAllFromIndex('imports', 'byAt')) as StoredImport[]).reverse();
  }

  /** The id of the import that Undo applies to: the newest, if it kept its snapshot. */
  function undoableId(newestFirst: readonly StoredImport[]): string | null {
    const top = newestFirst[0];
    return top && top.undoneAt === undefined && top.undo ? top.id : null;
  }

  /**
   * Reads a big export in byte ranges on several threads and stitches the readings (see
   * core/ingest/parts.ts); null when the file is small, compressed, not UTF-8, of a format read
   * in one go, or when the ranges did not join exactly — the caller then reads it in one go.
   */
  async function readInParts(
    file: File,
    options: ReadOptions,
    onProgress: (bytes: number, rows: number) => void,
  ): Promise<{ reading: ExportReading; ranges: number } | null> {
    const runPart = deps.runPart;
    const minPart = deps.minPartBytes ?? MIN_PART_BYTES;
    const parts = Math.min(
      deps.maxParts ?? Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1),
      Math.floor(file.size / minPart),
    );
    if (!runPart || parts < 2) return null;
    const headBytes = new Uint8Array(await file.slice(0, SPLIT_WINDOW_BYTES).arrayBuffer());
    if (headBytes[0] === 0x1f && headBytes[1] === 0x8b) return null;
    let probe;
    try {
      probe = createExportReader(options);
      probe.push(headBytes);
    } catch {
      return null; // the one-go read gives the message
    }
    const groupCol = probe.header.findIndex((h) => normHeader(h) === normHeader('Name'));
    const lf = headBytes.indexOf(0x0a);
    if (
      !probe.format ||
      !SPLITTABLE_FORMATS.includes(probe.format) ||
      probe.encoding !== 'utf-8' ||
      !probe.delimiter ||
      groupCol < 0 ||
      lf < 0
    )
      return null;
    // The header line, read again before each later range. A header with title lines above it or
    // a line break inside would read differently there, and the stitcher refuses differing headers.
    const head = headBytes.slice(0, lf + 1);
    // This thread's range is a tenth bigger: the others start a fresh worker (and a cold JIT).
    const cuts = [0];
    const share = 1 / (parts + 0.1);
    for (let k = 1; k < parts; k++) {
      const at = Math.round(file.size * share * (k + 0.1));
      const window = new Uint8Array(await file.slice(at, at + SPLIT_WINDOW_BYTES).arrayBuffer());
      const cut = findSplit(window, at, groupCol, probe.delimiter);
      if (cut !== null && cut > cuts[cuts.length - 1]! && cut < file.size) cuts.push(cut);
    }
    if (cuts.length < 2) return null;
    cuts.push(file.size);
    const done = cuts.slice(1).map(() => ({ bytes: 0, rows: 0 }));
    const progress = (k: number) => (bytes: number, rows: number) => {
      done[k] = { bytes, rows };
      onProgress(
        done.reduce((a, d) => a + d.bytes, 0),
        done.reduce((a, d) => a + d.rows, 0),
      );
    };
    const request = (k: number): PartRequest => ({
      file,
      start: cuts[k]!,
      end: cuts[k + 1]!,
      head: k === 0 ? null : head,
      options,
    });
    const others = done.slice(1).map((_, j) => runPart(request(j + 1), progress(j + 1)));
    // A worker started from this one loads through this thread: wait until the others run before
    // this thread reads the first range (a busy thread would hold them back until it is done).
    await Promise.race([
      Promise.allSettled(others.map((o) => o.started)),
      new Promise((resolve) => setTimeout(resolve, PART_START_TIMEOUT_MS)),
    ]);
    const jobs = [readRange(request(0), progress(0)), ...others.map((o) => o.done)];
    const settled = await Promise.allSettled(jobs);
    if (settled.some((r) => r.status === 'rejected')) return null;
    const reading = mergePartReadings(
      settled.map((r) => (r as PromiseFulfilledResult<ExportReading>).value),
      options.preferredTimezone,
    );
    return reading && { reading, ranges: jobs.length };
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
    let doneBytes = 0;
    let doneRows = 0;
    let lastReport = -Infinity;
    const report = (
      p: Omit<ImportProgress, 'files' | 'totalBytes' | 'rowsPerSecond'>,
      force = false,
    ) => {
      if (!onProgress) return;
      const t = now();
      if (!force && t - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = t;
      const secs = Math.max((t - t0) / 1000, 1e-3);
      // The callback is a comlink proxy: do not wait for the page, and ignore a closed page.
      void Promise.resolve(
        onProgress({
          ...p,
          files: files.length,
          totalBytes,
          rowsPerSecond: Math.round(p.rows / secs),
        }),
      ).catch(() => undefined);
    };

    const readings: {
      name: string;
      file: File;
      reading: ExportReading;
      index: number;
      ranges: number;
    }[] = [];
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const name = names[i]!;
      const format = opts.formats?.[name];
      const mapping = opts.mappings?.[name];
      const dateFormat = opts.dateFormats?.[name];
      const counted = { bytes: 0 };
      let pushed = 0;
      let reader;
      try {
        const plain: ReadOptions = {
          ...(format !== undefined && { format }),
          ...(mapping && { mapping }),
          ...(dateFormat !== undefined && { dateFormat }),
          timezone: readZone,
          preferredTimezone: browserZone,
          ...(reportingCurrency !== undefined && { reportingCurrency }),
          salt,
          keepEmails,
          records: false,
          fileName: name,
        };
        const inParts = await readInParts(file, plain, (bytes, rows) =>
          report({
            phase: 'reading',
            fileName: name,
            fileIndex: i,
            bytes: doneBytes + Math.min(bytes, file.size),
            rows: doneRows + rows,
          }),
        );
        if (inParts) {
          readings.push({ name, file, reading: inParts.reading, index: i, ranges: inParts.ranges });
          const reading = inParts.reading;
          doneRows += reading.rows;
          doneBytes += file.size;
          report(
            { phase: 'reading', fileName: name, fileIndex: i, bytes: doneBytes, rows: doneRows },
            true,
          );
          continue;
        }
        reader = createExportReader(plain);
        const gz = await isGzip(file);
        const stream = byteStream(file, gz, counted);
        const it = stream.getReader();
        for (;;) {
          const chunk = await it.read();
          if (chunk.done) break;
          pushInPieces(reader, chunk.value);
          pushed += chunk.value.byteLength;
          if (reader.format === 'storelens-bundle') {
            void it.cancel().catch(() => undefined);
            throw bundleError(name);
          }
          const fileBytes = gz ? counted.bytes : pushed;
          report({
            phase: 'reading',
            fileName: name,
            fileIndex: i,
            bytes: doneBytes + Math.min(fileBytes, file.size),
            rows: doneRows + reader.progress.rows,
          });
        }
        const reading = reader.finish();
        if (reading.format === 'storelens-bundle') throw bundleError(name);
        if (reading.format === 'generic' && !mapping) {
          throw new IngestError(
            'missing-columns',
            `${name}: Storelens does not recognise this file's columns. Map them (which column holds the order id, date, total, …) and import again.`,
          );
        }
        readings.push({ name, file, reading, index: i, ranges: 1 });
        doneRows += reading.rows;
      } catch (e) {
        // Name the file in the one message the user sees (the reader's messages say what, not which).
        if (
          (e as { name?: string }).name === 'IngestError' &&
          !String((e as Error).message).startsWith(name)
        ) {
          const err = new IngestError((e as IngestError).code, `${name}: ${(e as Error).message}`);
          throw Object.assign(err, { fileName: name });
        }
        throw e;
      }
      doneBytes += file.size;
      report(
        { phase: 'reading', fileName: name, fileIndex: i, bytes: doneBytes, rows: doneRows },
        true,
      );
    }

    // ---- merge with what is stored ----
    report(
      {
        phase: 'merging',
        fileName: '',
        fileIndex: files.length - 1,
        bytes: doneBytes,
        rows: doneRows,
      },
      true,
    );
    readings.sort(
      (a, b) =>
        processingOrder(a.reading.format) - processingOrder(b.reading.format) || a.index - b.index,
    );
    const hasOrders = readings.some((r) => r.reading.ordersTable);
    const hasTraffic = readings.some((r) => r.reading.trafficTable);
    const hasSpend = readings.some((r) => r.reading.spendTable);
    const hasProducts = readings.some((r) => r.reading.products || r.reading.stock);

    const read = async <N extends 'orders' | 'lines' | 'traffic' | 'spend'>(
      n: N,
      needed: boolean,
    ) =>
      needed && !replacedDemo
        ? readTable(db, n)
        : (emptyTable(
            {
              orders: orderColumns,
              lines: lineColumns,
              traffic: trafficColumns,
              spend: spendColumns,
            }[n],
          ) as FactTables[N]);
    const before = {
      orders: await read('orders', hasOrders),
      lines: await read('lines', hasOrders),
      traffic: await read('traffic', hasTraffic),
      spend: await read('spend', hasSpend),
    };
    const productsBefore: Product[] =
      hasProducts && !replacedDemo ? await db.getAll('products') : [];

    let orders = before.orders;
    let lines = before.lines;
    let traffic = before.traffic;
    let spend = before.spend;
    let products = productsBefore;
    const orderKeys: string[] = [];
    const trafficKeys: string[] = [];
    const spendKeys: string[] = [];
    const productKeys: string[] = [];
    let incomingLines = 0;
    const notes: string[] = [];
    const stamp = now();
    // Keys are appended in loops: push(...keys) overflows the call stack past ~120k keys (a
    // 100 MB orders export has ~150k orders).
    for (const { name, reading: r } of readings) {
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
          products[i] = { ...products[i]!, onHand: s.onHand, updatedAt: stamp };
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
    if (hasProducts) undo.products = productsBefore;
    const emailRecords: EmailRecord[] = [];
    if (keepEmails) {
      const byKey = customerEmails(readings.map((r) => r.reading));
      const keys = [...byKey.keys()];
      const storedEmails = keys.length > 0 ? await readEmails(db, keys) : [];
      const added: string[] = [];
      const prev: { customerKey: string; email: string }[] = [];
      keys.forEach((customerKey, i) => {
        const email = byKey.get(customerKey)!;
        const was = storedEmails[i]!;
        if (was === '') added.push(customerKey);
        else if (was !== email) prev.push({ customerKey, email: was });
        emailRecords.push({ customerKey, email, updatedAt: stamp });
      });
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
    if (hasProducts)
      counts.products = countTable(
        productKeys,
        productsBefore.map(mergeKeys.product),
        products.length,
      );

    const fileResults: ImportedFile[] = readings
      .slice()
      .sort((a, b) => a.index - b.index)
      .map(({ name, file, reading, ranges }) => ({
        fileName: name,
        format: reading.format,
        bytes: file.size,
        rows: reading.rows,
        rejected: reading.rejected,
        warnings: reading.warnings,
        ranges,
      }));
    const errors: RejectedRow[] = readings
      .slice()
      .sort((a, b) => a.index - b.index)
      .flatMap(({ name, reading }) => reading.errors.map((e) => ({ fileName: name, ...e })));
    const rejected = fileResults.reduce((a, f) => a + f.rejected, 0);
    for (const f of fileResults) notes.push(...f.warnings.map((w) => `${f.fileName}: ${w}`));

    const id = `import-${stamp}-${newSalt().slice(0, 8)}`;
    const record: StoredImport = {
      id,
      at: stamp,
      source: [...new Set(fileResults.map((f) => f.format))].join(', '),
      fileName: fileResults.map((f) => f.fileName).join(', '),
      bytes: totalBytes,
      tables: Object.fromEntries(
        (['orders', 'lines', 'traffic', 'spend'] as const)
          .filter((t) => counts[t])
          .map((t) => [t, counts[t]!.incoming]),
      ),
      notes,
      kind: 'files',
      files: fileResults.map(({ warnings: _w, ranges: _r, ...f }) => f),
      rejected,
      undo,
    };
    if (counts.products) record.productCount = counts.products.incoming;

    // ---- one transaction ----
    report(
      {
        phase: 'saving',
        fileName: '',
        fileIndex: files.length - 1,
        bytes: doneBytes,
        rows: doneRows,
      },
      true,
    );
    const undoBytes =
      tableBytes(undo.orders?.prev) +
      tableBytes(undo.orders?.prevLines) +
      tableBytes(undo.traffic?.prev) +
      tableBytes(undo.spend?.prev);
    try {
      await writeTables(db, tables, {
        importRecord: record,
        ...(emailRecords.length > 0 && { emails: emailRecords }),
        replace: {
          ...(hasProducts || replacedDemo ? { products } : {}),
          ...(settingsCreated ? { settings: settingsCreated } : {}),
          ...(replacedDemo ? { experiments: [], targets: [], trackedProducts: [] } : {}),
        },
      });
    } catch (e) {
      if (isQuotaExceeded(e)) {
        const needed = ((e as { bytesNeeded?: number }).bytesNeeded ?? 0) + undoBytes;
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
    await dropOlderSnapshots(db, id).catch(() => undefined);
    await deps.invalidate();
    return {
      id,
      at: stamp,
      files: fileResults,
      tables: counts,
      rejected,
      errors,
      rejectedCsv: rejectedCsv(readings.map((r) => ({ name: r.name, errors: r.reading.errors }))),
      settingsCreated: settings ? null : settingsCreated,
      replacedDemo,
      notes,
      ms: now() - t0,
    };
  }

  const api = {
    /** Reads the head of a file: format, header, first rows, mapping suggestions, store settings. */
    async previewFile(file: File, opts: PreviewOptions = {}): Promise<FilePreview> {
      const fileName = nameOf(file, 0);
      const db = await deps.db();
      const settings = await storeSettings(db);
      const store = settings ? { timezone: settings.timezone, currency: settings.currency } : null;
      const base = {
        fileName,
        bytes: file.size,
        problem: null,
        encoding: null,
        delimiter: null,
        warnings: [],
        timezone: null,
        currency: null,
        suggestedMapping: null,
        savedMapping: null,
        fields: null,
        bundle: null,
        store,
      };
      const bundleFile = async (): Promise<FilePreview> => {
        const out: FilePreview = {
          ...base,
          format: 'storelens-bundle',
          confidence: 1,
          header: [],
          rows: [],
          headerSignature: '',
        };
        try {
          out.bundle = await previewBundle(db, new Uint8Array(await file.arrayBuffer()));
        } catch (e) {
          out.problem = (e as Error).message;
        }
        return out;
      };
      const head = file.slice(0, PREVIEW_BYTES);
      const counted = { bytes: 0 };
      const gzip = await isGzip(file);
      const stream = byteStream(head, gzip, counted);
      let pushed = 0;
      const reader = createExportReader({
        ...(opts.format !== undefined && { format: opts.format }),
        ...(opts.mapping && { mapping: opts.mapping }),
        ...(opts.dateFormat !== undefined && { dateFormat: opts.dateFormat }),
        timezone: settings?.timezone ?? opts.timezone ?? localTimezone(),
        preferredTimezone: localTimezone(),
        // Only the format and the first rows matter here; the currency is asked before importing.
        reportingCurrency: settings?.currency ?? opts.currency ?? 'USD',
        fileName,
        records: false,
      });
      const it = stream.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await it.read();
        } catch {
          if (gzip && pushed === 0) {
            throw new IngestError(
              'gzip',
              `${fileName} is gzip-compressed but cannot be decompressed: it is damaged or cut off. Download or export it again.`,
            );
          }
          // The head of a gzip file ends mid-stream: what was decompressed is enough for a preview.
          break;
        }
        if (chunk.done) break;
        pushed += chunk.value.byteLength;
        reader.push(chunk.value);
        if (reader.format === 'storelens-bundle') {
          void it.cancel().catch(() => undefined);
          return bundleFile();
        }
      }
      let r: ExportReading;
      try {
        r = reader.finish();
      } catch (e) {
        // JSON cut off at the end of the previewed head: a bundle, read whole by the sync module.
        if ((e as { code?: string }).code === 'bad-json' && reader.format === 'storelens-bundle')
          return bundleFile();
        throw e;
      }
      if (r.format === 'storelens-bundle') return bundleFile();
      const sig = headerSignature(r.header);
      const preview: FilePreview = {
        ...base,
        format: r.format,
        confidence: r.confidence,
        header: r.header,
        rows: r.preview,
        encoding: r.encoding ?? null,
        delimiter: r.delimiter ?? null,
        warnings: r.warnings,
        timezone: r.timezone ?? null,
        currency: mostCommon(currencyCounts([r.ordersTable])) ?? r.products?.[0]?.currency ?? null,
        headerSignature: sig,
      };
      if (r.format === 'generic') {
        preview.fields = Object.keys(MAPPABLE_FIELDS).map((field) => ({
          field,
          required: REQUIRED_FIELDS.includes(field),
        }));
        preview.suggestedMapping = suggestMapping(r.header);
        const saved = (await findMapping(db, MAPPING_KIND, sig)) as StoredMapping | undefined;
        if (saved) {
          preview.savedMapping = {
            mapping: saved.mapping,
            ...(saved.dateFormat !== undefined && { dateFormat: saved.dateFormat }),
          };
        }
      }
      return preview;
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
      try {
        return await importFiles(files, opts, onProgress);
      } finally {
        // A comlink proxy holds a MessagePort open until released (a plain function has no such key).
        (onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
      }
    },

    /** Deletes every stored customer email (the user turned keeping emails off); returns how many. */
    async forgetEmails(): Promise<number> {
      return clearEmails(await deps.db());
    },

    /** The import history, newest first, with which entry can be undone. */
    async importHistory(): Promise<ImportHistoryEntry[]> {
      const all = await readAllImports(await deps.db());
      const undoId = undoableId(all);
      return all.map((r) => historyOf(r, r.id === undoId));
    },

    /** Undoes the latest import: restores the rows it replaced and removes the rows it added. */
    async undoImport(id: string): Promise<ImportHistoryEntry> {
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
      const done: StoredImport = { ...record, undoneAt: now() };
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
      });
      // The undone record is written in the same transaction, so undo happens at most once.
      await writeTables(db, tables, {
        importRecord: done,
        ...emailUndo,
        ...(undo.products ? { replace: { products: undo.products } } : {}),
      });
      await deps.reload();
      return historyOf(done, false);
    },
  };
  return api;
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

/** All files' rejected rows as one CSV (file, row, column, problem). */
function rejectedCsv(files: { name: string; errors: RowError[] }[]): string {
  const parts: string[] = [];
  for (const f of files) {
    if (f.errors.length === 0) continue;
    const csv = errorsToCsv(f.errors, f.name);
    parts.push(parts.length === 0 ? csv : csv.slice(csv.indexOf('\r\n') + 2));
  }
  return parts.join('');
}
