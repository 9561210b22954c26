/**
 * A table as the manager sees it, as CSV: the same columns as on screen, money in major units of
 * the store's currency (with a currency column), ratios as fractions rounded to 4 decimals
 * (0.1234 = 12.34 %), times as ISO 8601, other numbers to 2 decimals, and no float noise ("29470.98", not
 * "2947098.2863" cents).
 */
import { currencyDigits } from '../schema/money.ts';
import { toCsv } from './csv.ts';

/** How a column's raw value is written. `money` values are minor units (cents). */
/** `date` values are UTC milliseconds, written as ISO 8601. */
export type CsvKind = 'money' | 'ratio' | 'number' | 'date' | 'text';

export interface CsvColumn<R> {
  label: string;
  value: (row: R) => string | number | null;
  kind?: CsvKind;
  /** For money in each row's own currency (competitor prices): adds a "<label> currency" column. */
  currency?: (row: R) => string | null | undefined;
}

const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  // Number.EPSILON keeps 1.005 → 1.01 (binary 1.00499…).
  return Math.round((v + Math.sign(v) * Number.EPSILON * Math.abs(v)) * f) / f;
};

/** One cell's exported value. */
export function exportValue(
  kind: CsvKind | undefined,
  v: string | number | null,
  currency: string,
): string | number | null {
  if (typeof v !== 'number') return v;
  if (!Number.isFinite(v)) return null;
  switch (kind) {
    case 'money': {
      const d = currencyDigits(currency);
      return round(v / 10 ** d, d).toFixed(d);
    }
    case 'ratio':
      return round(v, 4);
    case 'date':
      return new Date(v).toISOString();
    case 'text':
      return String(v);
    default:
      return Number.isInteger(v) ? v : round(v, 2);
  }
}

/**
 * Rows → CSV text. Money in the store currency gets one trailing `Currency` column; money in each
 * row's own currency gets its currency right after it.
 */
export function tableCsv<R>(
  columns: readonly CsvColumn<R>[],
  rows: readonly R[],
  currency: string,
): string {
  const storeMoney = columns.some((c) => c.kind === 'money' && !c.currency);
  const header: string[] = [];
  for (const c of columns) {
    header.push(c.label);
    if (c.kind === 'money' && c.currency) header.push(`${c.label} currency`);
  }
  if (storeMoney) header.push('Currency');
  const out = rows.map((r) => {
    const cells: (string | number | null)[] = [];
    for (const c of columns) {
      const own = c.kind === 'money' && c.currency ? (c.currency(r) ?? null) : undefined;
      const cur = own === undefined ? currency : own;
      cells.push(cur === null ? null : exportValue(c.kind, c.value(r), cur));
      if (own !== undefined) cells.push(own);
    }
    if (storeMoney) cells.push(currency);
    return cells;
  });
  return toCsv(header, out);
}
