/**
 * The one CSV writer for every export (tables, charts, rejected rows, tracking history): RFC 4180
 * quoting, CRLF line ends, and formula-safe cells.
 *
 * A cell a spreadsheet would evaluate (text starting with =, +, -, @, tab or CR: "CSV injection")
 * gets a leading apostrophe, so page or export data never runs as a formula. Numbers, and text that
 * is a plain decimal number ("-12.50"), stay as they are so the spreadsheet reads them as numbers.
 * Missing values (null, undefined, NaN, ±Infinity) are empty cells.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** One cell's text. */
export function csvCell(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, so Excel reads accents right. */
  bom?: boolean;
}

/** A header and rows → CSV text with CRLF line ends. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  opts: CsvOptions = {},
): string {
  const out = [header.map(csvCell).join(',')];
  for (const r of rows) out.push(r.map(csvCell).join(','));
  return (opts.bom ? '\uFEFF' : '') + out.join('\r\n') + '\r\n';
}
