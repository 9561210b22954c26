import type { LabelCost, Line, Order, Product, Spend, Traffic } from '../schema/store.ts';
import type {
  LabelsTable,
  LinesTable,
  OrdersTable,
  SpendTable,
  TrafficTable,
} from '../schema/columns.ts';
import type { FormatId } from './registry.ts';
import type { TextEncoding } from './decode.ts';
import type { RowError } from './errors.ts';
import type { StockLevel } from './formats/products.ts';

/** Options of `readExport` and `createExportReader`. */
export interface ReadOptions {
  /** Force a format id instead of detecting it from the header. */
  format?: string;
  /** For `generic` files: entity field ("order.id", "line.sku", "product.price", ...) → header column. */
  mapping?: Record<string, string>;
  /** IANA zone (or "+05:30") for timestamps written without an offset; default UTC. */
  timezone?: string;
  /** Shown in error messages and the errors CSV. */
  fileName?: string;
  /** Date format of a generic file: "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD" (time may follow). */
  dateFormat?: string;
  /** Per-install salt for customer keys. */
  salt?: string;
  /** Keep customer emails on orders (opt-in, for segment exports). */
  keepEmails?: boolean;
  /** Currency of amounts when the file does not say (WooCommerce Analytics, GA4, some ad exports). */
  reportingCurrency?: string;
  /**
   * The currency of this file's amounts as the user confirmed it, for an export that lacks its
   * currency column (a Shopify report with a subset of the columns): without it such a file is
   * refused, naming the column.
   */
  fileCurrency?: string;
  /** Also return row records (`orders`, `lines`, ...); default true. The worker's fast path uses the tables only. */
  records?: boolean;
  /**
   * The shop's web address ("https://shop.example"), when known: product URLs are built from it
   * and each product's handle (`/products/<handle>`); without it they stay empty.
   */
  storeUrl?: string;
  /** Browser timezone, tried first when guessing the store timezone from offsets. */
  preferredTimezone?: string;
  /**
   * Read one byte range of a big file (the header line, then the range), to be stitched with the
   * other ranges by `mergePartReadings`: the reading gets `part`, and messages that name another
   * row mark it so the stitcher can renumber it.
   */
  part?: boolean;
}

/** What stitching a range's reading to its neighbours needs (readings made with `part: true`). */
export interface PartFacts {
  /** Records tokenized, the header and blank lines included (the last record's row number). */
  records: number;
  /** True when the range ended inside a quoted value: it was not cut at a row boundary. */
  unterminatedQuote: boolean;
  /** The grouping column's value (Shopify: the order name) on the first and last data row. */
  groupFirst: string | null;
  groupLast: string | null;
  /** (UTC ms, offset) pairs for the timezone guess over all ranges. */
  tzSamples: { ms: number; offset: number }[];
  /**
   * Amounts whose lone separator reads two ways ("1.234"): their reading depends on the amounts
   * before them in the file, which a range after the first does not see.
   */
  unsureNumbers: number;
}

/** What a file held: records per entity (absent where not applicable), rejected rows and file facts. */
export interface ExportReading<F extends string = FormatId> {
  /** The format's id (one of the registry's, or of the `formats` the reader was given). */
  format: F;
  /** How sure detection was, 0..1 (1 for a forced format). */
  confidence: number;
  orders?: Order[];
  lines?: Line[];
  products?: Product[];
  traffic?: Traffic[];
  spend?: Spend[];
  /** What a carrier charged per order's labels (a label-cost file). */
  labels?: LabelCost[];
  /** Stock on hand per SKU from an inventory export (merge into products by SKU). */
  stock?: StockLevel[];
  /** Columnar forms of the fact tables, ready for IndexedDB chunks. */
  ordersTable?: OrdersTable;
  linesTable?: LinesTable;
  trafficTable?: TrafficTable;
  spendTable?: SpendTable;
  labelsTable?: LabelsTable;
  /** With `keepEmails`: the email of each row of `ordersTable`. */
  orderEmails?: string[];
  /** For `storelens-bundle`: the parsed JSON, validated by the sync module. */
  bundle?: unknown;
  /** Rejected rows (at most 10,000 listed; `rejected` counts all). */
  errors: RowError[];
  /** Number of rows dropped because of errors. */
  rejected: number;
  /**
   * Rows read without error but not stored because they are no record of their own (a variable
   * product's parent row, a grouped product, an image-only row), each with the column and why.
   */
  skipped?: RowError[];
  /**
   * The orders that lost a row to an error, by the value of the sink's key (or group) column
   * (Shopify: the order name; generic: the order id). An import keeps the stored version of
   * these orders rather than replace it with their incomplete rows.
   */
  rejectedKeys?: string[];
  /** Data rows read (without header, title, comment and blank lines). */
  rows: number;
  /** Store timezone guessed from the offsets in the file (IANA name or "+05:30"). */
  timezone?: string;
  /**
   * Every zone the file's offsets agree with, best first (the guess, then its neighbours: +10/+11
   * across the year gives Australia/Sydney, Melbourne, Hobart…), for the user to confirm one.
   */
  timezoneCandidates?: string[];
  /** The offsets written in the file's timestamps, as "+10:00", in the order first met. */
  offsets?: string[];
  /**
   * The currency the file itself shows, and where: a currency column, or the symbols or codes
   * written with its amounts ("£", "A$", "EUR"). Absent when the file says nothing (the user
   * picks it: never assumed).
   */
  currencyGuess?: { currency: string; from: string };
  header: string[];
  /** The first data rows as written, for the import preview. */
  preview: string[][];
  /** File-level notes that are not row errors (encoding fallbacks, assumed currency). */
  warnings: string[];
  encoding?: TextEncoding;
  delimiter?: string;
  /** With `part: true`: facts for stitching ranges. */
  part?: PartFacts;
}
