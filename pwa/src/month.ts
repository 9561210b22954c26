/** Calendar months of the store's data ("YYYY-MM"), for the monthly report. */
import { dateFormat } from '../../core/ui/format.ts';

/** The month's first and last day. */
export function monthRange(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

function shift(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * The report's default month: the last month with data through its last day (the month before
 * the last day's, unless that day ends its month) — or, when the data begins after that month
 * (less than one full month of data), the month the data is in so far.
 */
export function lastFullMonth(meta: {
  firstDay?: string | null;
  lastDay: string | null;
}): string | null {
  if (!meta.lastDay) return null;
  const month = meta.lastDay.slice(0, 7);
  if (meta.lastDay === monthRange(month).end) return month;
  const before = shift(month, -1);
  return meta.firstDay && meta.firstDay.slice(0, 7) > before ? month : before;
}

/** Every month holding a day of data, newest first. */
export function monthsWithData(meta: {
  firstDay: string | null;
  lastDay: string | null;
}): string[] {
  if (!meta.firstDay || !meta.lastDay) return [];
  const out: string[] = [];
  const first = meta.firstDay.slice(0, 7);
  for (let m = meta.lastDay.slice(0, 7); m >= first && out.length < 600; m = shift(m, -1))
    out.push(m);
  return out;
}

/** "October 2026" in the user's locale. */
export function monthLabel(month: string, locale?: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return dateFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    Date.UTC(y, m - 1, 1),
  );
}
