/** Calendar helpers for the demo store: local midnights in the store's timezone, holidays. */
import { DAY_MS, dayOf } from '../time/calendar.ts';
import { zoneOf } from '../time/zone.ts';

/**
 * Per local day, the UTC instant of local midnight and whether the offset changes that day
 * (DST). On such days a local time must be converted one by one with `localToUtc`.
 */
export function dayStarts(
  firstDay: number,
  days: number,
  timezone: string,
): {
  start: Float64Array;
  offset: Float64Array;
  changes: Uint8Array;
  localToUtc: (localMs: number) => number;
} {
  const localToUtc = zoneOf(timezone).toUtc;
  const start = new Float64Array(days);
  const offset = new Float64Array(days);
  const changes = new Uint8Array(days);
  for (let k = 0; k < days; k++) {
    const localMidnight = (firstDay + k) * DAY_MS;
    const s = localToUtc(localMidnight);
    const e = localToUtc(localMidnight + DAY_MS - 1000);
    start[k] = s;
    offset[k] = localMidnight - s;
    changes[k] = e - s !== DAY_MS - 1000 ? 1 : 0;
  }
  return { start, offset, changes, localToUtc };
}

/** US Thanksgiving (4th Thursday of November) of a year, as a day number. */
export function thanksgiving(year: number): number {
  const nov1 = dayOf(`${year}-11-01`);
  const weekday = (nov1 + 4) % 7; // 1970-01-01 was a Thursday (4), Sunday = 0
  const firstThursday = nov1 + ((4 - weekday + 7) % 7);
  return firstThursday + 21;
}

/** Weekday of a day number, Sunday = 0. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
