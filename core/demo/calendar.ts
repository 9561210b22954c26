/** Calendar helpers for the demo store: local days in the store's timezone, holidays. */

export const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" → days since 1970-01-01. */
export function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`Expected a day as YYYY-MM-DD, got '${iso}'.`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/** Days since 1970-01-01 → "YYYY-MM-DD". */
export function isoDayOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Offset of a timezone from UTC at an instant, in ms (New York in winter: −5 h). */
export function makeOffsetAt(timezone: string): (utcMs: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (utcMs) => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return local - Math.floor(utcMs / 1000) * 1000;
  };
}

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
  const offsetAt = makeOffsetAt(timezone);
  const localToUtc = (localMs: number) => {
    const guess = localMs - offsetAt(localMs);
    return localMs - offsetAt(guess);
  };
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
  const nov1 = dayNumber(`${year}-11-01`);
  const weekday = (nov1 + 4) % 7; // 1970-01-01 was a Thursday (4), Sunday = 0
  const firstThursday = nov1 + ((4 - weekday + 7) % 7);
  return firstThursday + 21;
}

/** Weekday of a day number, Sunday = 0. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
