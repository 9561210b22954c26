/**
 * The import's public shapes: what the screen sends (choices, options), what it gets back
 * (preview, progress, result, history), and what is stored with an import (its undo snapshot).
 */
import type { FormatId, RowError } from '../../ingest/index.ts';
import type {
  LabelsTable,
  LinesTable,
  OrdersTable,
  SpendTable,
  TrafficTable,
} from '../../schema/columns.ts';
import type { Product, Settings } from '../../schema/store.ts';
import type { ColumnMapping, ImportRecord, StoreDb } from '../../db/store.ts';
import type { StorageManagerLike } from '../../db/storage.ts';
import type { PartRunner } from '../parts.ts';
import type { BundlePreview, BundleUndo } from '../sync.ts';

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
  /** Runs inside the undo's store-writer lock: it must not take the lock again. */
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
  /**
   * Closes the store database and opens it again (after a failed write the browser may have
   * closed it and dropped its data); without one, `db` is used again.
   */
  reopenDb?: () => Promise<StoreDb>;
  /** Usage and quota of the origin's storage (default: navigator.storage). */
  storage?: StorageManagerLike;
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
  /**
   * Rows that would not be stored, with why: of a small file (up to 256 KB, read whole) the
   * rejected and the skipped ones; of a bigger one the skipped rows of its first 256 KB.
   */
  notStored: { row: number; column?: string; message: string; skipped: boolean }[];
  encoding: string | null;
  delimiter: string | null;
  warnings: string[];
  /** Store timezone guessed from the timestamps' offsets in the first rows. */
  timezone: string | null;
  /** Every zone whose offsets fit the file's timestamps, the guess first (empty without offsets). */
  timezoneCandidates: string[];
  /** The file lacks the currency column its format needs: the user confirms its currency. */
  needsCurrency: boolean;
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
  /** Per file name: the currency of its amounts, confirmed for a file without a currency column. */
  fileCurrencies?: Record<string, string>;
}

export interface ImportProgress {
  /** 'waiting': another tab or window is writing the store (an import there); this one is next. */
  phase: 'waiting' | 'reading' | 'merging' | 'saving';
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
  /** Rows read but not stored, being no record of their own (a variable parent, an image row). */
  skipped: number;
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

export type ImportTable = 'orders' | 'lines' | 'traffic' | 'spend' | 'labels' | 'products';

export interface ImportResult {
  id: string;
  at: number;
  files: ImportedFile[];
  tables: Partial<Record<ImportTable, TableCount>>;
  rejected: number;
  /** The rejected rows (at most 10,000 per file), for the result table. */
  errors: RejectedRow[];
  /** Rows read but not stored, with why (a variable parent, a grouped product, an image row). */
  skipped: RejectedRow[];
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
  files: (Omit<ImportedFile, 'warnings' | 'format' | 'ranges' | 'skipped'> & { format: string })[];
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
  labels?: { keys: string[]; prev: LabelsTable };
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
  files?: Omit<ImportedFile, 'warnings' | 'ranges' | 'skipped'>[];
  rejected?: number;
  productCount?: number;
  undo?: UndoSnapshot;
  undoneAt?: number;
}

export interface StoredMapping extends ColumnMapping {
  dateFormat?: string;
}
