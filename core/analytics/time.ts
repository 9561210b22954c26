/**
 * Calendar helpers. A "day" is an integer: days since 1970-01-01 of the local calendar date in the
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

/** Returns a function giving the UTC offset (ms) of a timezone at a UTC instant. */
export function tzOffsetFn(timezone: string): (t: number) => number {
  if (timezone === 'UTC' || timezone === 'Etc/UTC' || timezone === '') return () => 0;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new RangeError(
      `Store timezone '${timezone}' is not a known IANA timezone. Choose one such as 'Europe/Berlin' in Settings.`,
    );
  }
  return (t: number) => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(t)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    // Offsets are whole minutes; drop the sub-second part the parts do not carry.
    return Math.round((local - (t - (((t % 1000) + 1000) % 1000))) / 60_000) * 60_000;
  };
}

/**
 * Local day numbers of UTC timestamps. The offset is looked up once per UTC day; only on the
 * (at most two) days a year where it changes is it looked up per 15-minute slot, so a million
 * rows need about one Intl call per distinct day.
 */
export function localDays(times: Float64Array, timezone: string): Int32Array {
  const n = times.length;
  const out = new Int32Array(n);
  const offsetAt = tzOffsetFn(timezone);
  const dayStart = new Map<number, number>();
  const slot = new Map<number, number>();
  const startOffset = (utcDay: number): number => {
    let o = dayStart.get(utcDay);
    if (o === undefined) {
      o = offsetAt(utcDay * DAY_MS);
      dayStart.set(utcDay, o);
    }
    return o;
  };
  // Rows usually come in time order: remember the last UTC day and whether its offset is constant.
  let memoDay = NaN;
  let memoOffset = 0;
  let memoConstant = false;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    if (t !== t) {
      out[i] = NO_DAY;
      continue;
    }
    const utcDay = Math.floor(t / DAY_MS);
    if (utcDay === memoDay && memoConstant) {
      out[i] = Math.floor((t + memoOffset) / DAY_MS);
      continue;
    }
    const a = startOffset(utcDay);
    let off = a;
    memoDay = utcDay;
    memoOffset = a;
    memoConstant = a === startOffset(utcDay + 1);
    if (!memoConstant) {
      const s = Math.floor(t / 900_000);
      let o = slot.get(s);
      if (o === undefined) {
        o = offsetAt(s * 900_000);
        slot.set(s, o);
      }
      off = o;
    }
    out[i] = Math.floor((t + off) / DAY_MS);
  }
  return out;
}

/** Local day number of one UTC timestamp. */
export function localDay(t: number, timezone: string): number {
  return localDays(Float64Array.of(t), timezone)[0]!;
}
