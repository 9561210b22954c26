/**
 * Calendar days as integers (no timezone here; see zone.ts for offsets and local days). A "day" is an integer: days since 1970-01-01 of the local calendar date in the
 * store's timezone, so day arithmetic is plain integer arithmetic and 'YYYY-MM-DD' maps 1:1.
 */

export const DAY_MS = 86_400_000;
/** Marks a missing day (NaN timestamp). */
export const NO_DAY = -2147483648;

/** 'YYYY-MM-DD' → day number; throws on a malformed string. */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m)
    throw new RangeError(`'${iso}' is not a date in YYYY-MM-DD form. Pass dates like 2024-03-31.`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** Day number → 'YYYY-MM-DD'. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number → month index (year × 12 + month0). */
export function monthOf(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Month index → 'YYYY-MM'. */
export function isoMonthOf(month: number): string {
  const y = Math.floor(month / 12);
  return `${String(y).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** 'YYYY-MM' → month index. */
export function monthIndex(isoMonth: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(isoMonth);
  if (!m)
    throw new RangeError(`'${isoMonth}' is not a month in YYYY-MM form. Pass months like 2024-03.`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** First day of a month index. */
export function monthStartDay(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
}

/** Monday of the ISO week containing the day (1970-01-01 was a Thursday). */
export function isoWeekStart(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** ISO week label 'YYYY-Www' of a day. */
export function isoWeekLabel(day: number): string {
  const thursday = isoWeekStart(day) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / DAY_MS;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Same calendar date one year earlier (29 Feb → 28 Feb). */
export function minusOneYear(day: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() - 1;
  const m = d.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS;
}
