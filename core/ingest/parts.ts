/**
 * Reading a big export in byte ranges on several threads, and stitching the readings into the
 * reading of the whole file. The stitched reading equals what one reader would have produced
 * (same tables, rows, errors and row numbers); whenever that cannot be guaranteed — a range cut
 * inside a quoted value or inside an order, an order id in two ranges, an encoding switch — the
 * stitcher answers null and the caller reads the file in one go instead.
 *
 * Each range is read by an ordinary reader fed the file's header line and then the range's bytes
 * (`part: true`), so every format rule applies unchanged.
 */
import { concatTables, lineColumns, orderColumns } from '../schema/columns.ts';
import { guessTimezone } from './dates.ts';
import { FORMAT_LIST, type FormatId } from './registry.ts';
import { MAX_LISTED_ERRORS, ROW_MARK } from './formats/context.ts';
import type { RowError } from './errors.ts';
import type { ExportReading } from './types.ts';

/** Formats whose rows may be read in ranges (`ranges` in the registry; their sink names a grouping column). */
export const SPLITTABLE_FORMATS: readonly FormatId[] = FORMAT_LIST.filter((f) => f.ranges).map(
  (f) => f.id,
);

/** Each range is at least this big: below it, a thread's start-up and the stitching cost more. */
export const MIN_PART_BYTES = 16 * 1024 * 1024;

/** Bytes read around a cut point to find a row boundary between two orders. */
export const SPLIT_WINDOW_BYTES = 256 * 1024;

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** [start, end) of the group field of the line at `at`, or null when the line is not plain. */
function groupField(
  b: Uint8Array,
  at: number,
  col: number,
  delim: number,
): [number, number] | null {
  let start = at;
  let field = 0;
  for (let i = at; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) return null;
    if (c === delim || c === LF || c === CR) {
      if (field === col) return [start, i];
      if (c !== delim) return null;
      field++;
      start = i + 1;
    }
  }
  return null;
}

function sameBytes(b: Uint8Array, x: [number, number], y: [number, number]): boolean {
  if (x[1] - x[0] !== y[1] - y[0]) return false;
  for (let i = 0; i < x[1] - x[0]; i++) if (b[x[0] + i] !== b[y[0] + i]) return false;
  return true;
}

/**
 * A cut point in `window` (the file's bytes from offset `windowStart`): the start of the first line
 * whose grouping field (column `col`) differs from the line before's, both lines plain (no quote
 * up to that field). Returns the file offset, or null when the window has none. A line start may
 * still lie inside a quoted value of a row spanning lines; the stitcher detects that.
 */
export function findSplit(
  window: Uint8Array,
  windowStart: number,
  col: number,
  delimiter: string,
): number | null {
  const delim = delimiter.charCodeAt(0);
  let line = window.indexOf(LF) + 1;
  if (line === 0) return null;
  let prev: [number, number] | null = null;
  while (line < window.length) {
    const next = window.indexOf(LF, line);
    if (next < 0) return null;
    const field = groupField(window, line, col, delim);
    if (prev && field && field[1] > field[0] && !sameBytes(window, prev, field))
      return windowStart + line;
    prev = field;
    line = next + 1;
  }
  return null;
}

/**
 * True when the dictionaries provably share no value because every value is a plain number
 * (digits, optionally after one '#': Shopify's ids and order names) and the ranges' spans of
 * numbers do not overlap: equal strings are equal numbers. Cheaper than a Set of 150k strings.
 * False means "not shown", not "overlapping".
 */
function disjointByNumber(dicts: readonly (readonly string[])[]): boolean {
  const spans: [number, number][] = [];
  for (const dict of dicts) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of dict) {
      const from = v.charCodeAt(0) === 35 ? 1 : 0; // '#'
      if (v.length - from < 1 || v.length - from > 15) return false;
      let n = 0;
      for (let i = from; i < v.length; i++) {
        const c = v.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return false;
        n = n * 10 + c;
      }
      if (n < lo) lo = n;
      if (n > hi) hi = n;
    }
    if (dict.length > 0) spans.push([lo, hi]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < spans.length; k++) if (spans[k]![0] <= spans[k - 1]![1]) return false;
  return true;
}

/** Rewrites a range's row numbers (in `row` and in messages) to the file's. */
function renumber(e: RowError, toFile: (row: number) => number): RowError {
  const message = e.message.includes(ROW_MARK)
    ? e.message.replace(new RegExp(`${ROW_MARK}(\\d+)${ROW_MARK}`, 'g'), (_, n: string) =>
        String(toFile(Number(n))),
      )
    : e.message;
  return { ...e, row: toFile(e.row), message };
}

/**
 * Stitches the readings of consecutive ranges (the first from the file's start, the others read
 * after the header line) into the whole file's reading, or null when they do not join exactly.
 * Expects readings made with `part: true` and `records: false`.
 */
export function mergePartReadings(
  parts: readonly ExportReading[],
  preferredTimezone?: string,
): ExportReading | null {
  const first = parts[0];
  if (!first || parts.some((p) => !p.part)) return null;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (p.format !== first.format || p.encoding !== 'utf-8') return null;
    if (p.header.length !== first.header.length || p.header.some((h, i) => h !== first.header[i]))
      return null;
    // A note only a later range has (an encoding switch, with its byte offset): read in one go.
    if (k > 0 && p.warnings.some((w) => !first.warnings.includes(w))) return null;
    // An amount like "1.234" in a later range is read by what the column showed before it.
    if (k > 0 && p.part!.unsureNumbers > 0) return null;
    if (k < parts.length - 1) {
      const next = parts[k + 1]!;
      // Cut inside a quoted value, or inside one order: the cut was not between two orders.
      if (p.part!.unterminatedQuote) return null;
      if (p.part!.groupLast === null || next.part!.groupFirst === null) return null;
      if (p.part!.groupLast === next.part!.groupFirst) return null;
    }
  }

  // Row numbers: a later range counts its header as row 1; its row r is the file's row
  // (rows before the range) + r − 1.
  const errors: RowError[] = [];
  let before = 0;
  let rejected = 0;
  let rows = 0;
  parts.forEach((p, k) => {
    const base = before;
    const toFile = k === 0 ? (r: number) => r : (r: number) => base + r - 1;
    for (const e of p.errors) {
      if (errors.length >= MAX_LISTED_ERRORS) break;
      errors.push(renumber(e, toFile));
    }
    before = k === 0 ? p.part!.records : before + p.part!.records - 1;
    rejected += p.rejected;
    rows += p.rows;
  });

  const out: ExportReading = {
    format: first.format,
    confidence: first.confidence,
    errors,
    rejected,
    rows,
    header: first.header,
    preview: first.preview,
    warnings: first.warnings,
  };
  const rejectedKeys = [...new Set(parts.flatMap((p) => p.rejectedKeys ?? []))];
  if (rejectedKeys.length > 0) out.rejectedKeys = rejectedKeys;
  if (first.encoding) out.encoding = first.encoding;
  if (first.delimiter) out.delimiter = first.delimiter;
  if (parts.every((p) => p.ordersTable)) {
    const orders = parts.map((p) => p.ordersTable!);
    // Ids are unique within a range; one in two ranges is an order whose rows are not together,
    // which one reader rejects with a message naming both rows: read in one go for that message.
    const idDicts = orders.map((t) => t.columns.id.dict);
    if (!disjointByNumber(idDicts)) {
      const ids = new Set<string>();
      for (const dict of idDicts)
        for (const id of dict) {
          if (ids.has(id)) return null;
          ids.add(id);
        }
    }
    // Order names need no check, but disjoint ones are appended without looking each up.
    const disjoint: ('id' | 'number')[] = ['id'];
    if (disjointByNumber(orders.map((t) => t.columns.number.dict))) disjoint.push('number');
    out.ordersTable = concatTables(orderColumns, orders, disjoint);
    // Lines carry their order's id, so their order-id dictionaries are disjoint too.
    if (parts.every((p) => p.linesTable))
      out.linesTable = concatTables(
        lineColumns,
        parts.map((p) => p.linesTable!),
        ['orderId'],
      );
  }
  if (parts.every((p) => p.orderEmails)) out.orderEmails = parts.flatMap((p) => p.orderEmails!);
  const samples = parts.flatMap((p) => p.part!.tzSamples);
  if (samples.length > 0) out.timezone = guessTimezone(samples, preferredTimezone);
  else if (first.timezone) out.timezone = first.timezone;
  return out;
}
