// Price history read from the columnar snapshot table once, grouped by product with typed arrays
// (a counting sort over the product codes), so a chart of one product is a slice, not a scan.
import type { SnapshotsTable } from '../schema/columns.ts';
import { stockState } from './changes.ts';

export interface HistoryIndex {
  table: SnapshotsTable;
  /** Row indices of each product code, ordered by time: rows[start[c]] .. rows[start[c+1]-1]. */
  rows: Int32Array;
  start: Int32Array;
  /** productId → dictionary code in `table.columns.productId`. */
  codeOf: Map<string, number>;
}

/** Groups all snapshots by product, each group in time order. O(n) plus sorting unsorted groups. */
export function indexHistory(table: SnapshotsTable): HistoryIndex {
  const { codes, dict } = table.columns.productId;
  const at = table.columns.at;
  const n = table.length;
  const start = new Int32Array(dict.length + 1);
  for (let i = 0; i < n; i++) start[codes[i]! + 1]!++;
  for (let c = 0; c < dict.length; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, dict.length);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[fill[codes[i]!]!++] = i;
  for (let c = 0; c < dict.length; c++) {
    const a = start[c]!;
    const b = start[c + 1]!;
    let sorted = true;
    for (let k = a + 1; k < b && sorted; k++) if (at[rows[k]!]! < at[rows[k - 1]!]!) sorted = false;
    // Appends are chronological; only merged bundles can interleave older snapshots.
    if (!sorted) rows.subarray(a, b).sort((x, y) => at[x]! - at[y]! || x - y);
  }
  const codeOf = new Map<string, number>();
  dict.forEach((id, c) => codeOf.set(id, c));
  return { table, rows, start, codeOf };
}

/** Row indices of one product's snapshots in time order (empty when none). */
export function rowsOfProduct(index: HistoryIndex, productId: string): Int32Array {
  const c = index.codeOf.get(productId);
  if (c === undefined) return new Int32Array(0);
  return index.rows.subarray(index.start[c]!, index.start[c + 1]!);
}

/** One product's history as chart columns; failed checks leave gaps (NaN) in the price lines. */
export interface ProductSeries {
  /** UTC seconds (uPlot's time axis). */
  x: Float64Array;
  /** Minor units; NaN where the check failed or showed no price. */
  price: Float64Array;
  wasPrice: Float64Array;
  /** 1 in stock, 0 out of stock, NaN unknown or failed. */
  inStock: Float64Array;
  /** Currency of the latest successful check. */
  currency: string | null;
  /** Index into the series of each failed check, with its reason. */
  errors: { i: number; reason: string }[];
}

/** Chart columns of one product. */
export function productSeries(index: HistoryIndex, productId: string): ProductSeries {
  const rows = rowsOfProduct(index, productId);
  const { at, price, wasPrice, currency, availability, error } = index.table.columns;
  const n = rows.length;
  const s: ProductSeries = {
    x: new Float64Array(n),
    price: new Float64Array(n),
    wasPrice: new Float64Array(n),
    inStock: new Float64Array(n),
    currency: null,
    errors: [],
  };
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    s.x[k] = at[r]! / 1000;
    const err = error.dict[error.codes[r]!] ?? '';
    if (err) {
      s.price[k] = NaN;
      s.wasPrice[k] = NaN;
      s.inStock[k] = NaN;
      s.errors.push({ i: k, reason: err });
      continue;
    }
    s.price[k] = price[r]!;
    s.wasPrice[k] = wasPrice[r]!;
    const st = stockState(availability.dict[availability.codes[r]!] ?? 'Unknown');
    s.inStock[k] = st === 'in' ? 1 : st === 'out' ? 0 : NaN;
    const cur = currency.dict[currency.codes[r]!];
    if (cur) s.currency = cur;
  }
  return s;
}

/** The row of a product's latest successful check at or before `t`, or -1. */
function lastOkAtOrBefore(index: HistoryIndex, rows: Int32Array, t: number): number {
  const { at, error, price } = index.table.columns;
  for (let k = rows.length - 1; k >= 0; k--) {
    const r = rows[k]!;
    if (at[r]! > t) continue;
    if (!(error.dict[error.codes[r]!] ?? '') && !Number.isNaN(price[r]!)) return r;
  }
  return -1;
}

export interface HistorySummary {
  lastPrice: number | null;
  wasPrice: number | null;
  currency: string | null;
  availability: string;
  /** Time of the latest check, successful or not. */
  lastCheckAt: number | null;
  lastSuccessAt: number | null;
  /** Reason of the latest check when it failed. */
  lastError: string | null;
  /** Percent change of the price against 7 and 30 days before (null when no price then). */
  change7: number | null;
  change30: number | null;
  checks: number;
  failedChecks: number;
}

const DAY = 86_400_000;

/** Last price, 7/30-day changes, stock state and the last check of one product. */
export function summarizeHistory(
  index: HistoryIndex,
  productId: string,
  now: number,
): HistorySummary {
  const rows = rowsOfProduct(index, productId);
  const { at, price, wasPrice, currency, availability, error } = index.table.columns;
  const out: HistorySummary = {
    lastPrice: null,
    wasPrice: null,
    currency: null,
    availability: 'Unknown',
    lastCheckAt: null,
    lastSuccessAt: null,
    lastError: null,
    change7: null,
    change30: null,
    checks: rows.length,
    failedChecks: 0,
  };
  for (let k = 0; k < rows.length; k++) if (error.dict[error.codes[rows[k]!]!]) out.failedChecks++;
  if (rows.length === 0) return out;
  const lastRow = rows[rows.length - 1]!;
  out.lastCheckAt = at[lastRow]!;
  out.lastError = error.dict[error.codes[lastRow]!] || null;
  const ok = lastOkAtOrBefore(index, rows, Infinity);
  if (ok < 0) return out;
  out.lastSuccessAt = at[ok]!;
  out.lastPrice = price[ok]!;
  out.wasPrice = Number.isNaN(wasPrice[ok]!) ? null : wasPrice[ok]!;
  out.currency = currency.dict[currency.codes[ok]!] || null;
  out.availability = availability.dict[availability.codes[ok]!] || 'Unknown';
  const change = (days: number) => {
    const r = lastOkAtOrBefore(index, rows, now - days * DAY);
    if (r < 0 || r === ok) return null;
    const then = price[r]!;
    if ((currency.dict[currency.codes[r]!] || null) !== out.currency || then <= 0) return null;
    return ((out.lastPrice! - then) / then) * 100;
  };
  out.change7 = change(7);
  out.change30 = change(30);
  return out;
}
