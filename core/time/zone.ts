/**
 * Timezone offsets, wall-clock conversion and local days: the one copy that ingest, analytics and
 * the demo generator use. Pure (Intl only), no DOM.
 *
 * Offsets come from Intl and are cached. A UTC day whose offset at its start equals the offset at
 * the next day's start has one offset all day; on the few days a year where it changes, the offset
 * is looked up per 15-minute slot of UTC. Every transition since 1970 falls on a 15-minute boundary
 * of UTC (offsets are whole quarter hours), so this is exact also where clocks move by half an hour
 * (Lord Howe Island) or at half-hour offsets (Adelaide, St John's, Kolkata, Kathmandu).
 */
import { DAY_MS, NO_DAY } from './calendar.ts';

const SLOT_MS = 15 * 60_000;

/** A timezone: offsets at UTC instants and wall-clock → UTC conversion. */
export interface Zone {
  readonly name: string;
  /** Offset in minutes east of UTC at a UTC instant (New York in winter: −300). */
  offsetAt(utcMs: number): number;
  /** Wall-clock time (encoded as if it were UTC ms) → real UTC ms. A wall time skipped by a
   *  forward change reads with the offset after it; a repeated one takes the later offset. */
  toUtc(wallMs: number): number;
}

const zones = new Map<string, Zone>();

function fixedZone(name: string, minutes: number): Zone {
  return { name, offsetAt: () => minutes, toUtc: (w) => w - minutes * 60_000 };
}

function intlZone(name: string): Zone {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    throw new RangeError(
      `'${name}' is not a known IANA timezone. Choose one such as 'Europe/Berlin' in Settings.`,
    );
  }
  // Offset at an instant that is a whole minute (slot and day starts are).
  const exact = (utcMinute: number): number => {
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    for (const p of fmt.formatToParts(utcMinute)) {
      if (p.type === 'year') y = Number(p.value);
      else if (p.type === 'month') mo = Number(p.value);
      else if (p.type === 'day') d = Number(p.value);
      else if (p.type === 'hour') h = Number(p.value);
      else if (p.type === 'minute') mi = Number(p.value);
    }
    return Math.round((Date.UTC(y, mo - 1, d, h, mi) - utcMinute) / 60_000);
  };
  const dayStart = new Map<number, number>();
  const slots = new Map<number, number>();
  const startOf = (utcDay: number): number => {
    let o = dayStart.get(utcDay);
    if (o === undefined) {
      o = exact(utcDay * DAY_MS);
      dayStart.set(utcDay, o);
    }
    return o;
  };
  const offsetAt = (utcMs: number): number => {
    const day = Math.floor(utcMs / DAY_MS);
    const a = startOf(day);
    if (a === startOf(day + 1)) return a;
    const slot = Math.floor(utcMs / SLOT_MS);
    let o = slots.get(slot);
    if (o === undefined) {
      o = exact(slot * SLOT_MS);
      slots.set(slot, o);
    }
    return o;
  };
  return {
    name,
    offsetAt,
    toUtc(wall) {
      // Guess with the offset in force at the wall time read as UTC, then correct once.
      const first = wall - offsetAt(wall) * 60_000;
      return wall - offsetAt(first) * 60_000;
    },
  };
}

/**
 * The Zone for an IANA name ("Europe/Berlin"), "UTC"/"Etc/UTC"/"" or a fixed offset ("+05:30",
 * "-0800"). Throws RangeError, naming the value and what to do, for an unknown name.
 */
export function zoneOf(name: string): Zone {
  let z = zones.get(name);
  if (z) return z;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(name);
  if (fixed) {
    z = fixedZone(name, (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])));
  } else if (name === 'UTC' || name === 'Etc/UTC' || name === '') {
    z = fixedZone(name, 0);
  } else {
    z = intlZone(name);
  }
  zones.set(name, z);
  return z;
}

/** True when `name` is a timezone this runtime knows. */
export function isValidZone(name: string): boolean {
  try {
    zoneOf(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Local day numbers (see calendar.ts) of UTC timestamps; NaN → NO_DAY. Rows usually come in time
 * order, so the offset of the last UTC day is remembered while it holds all day.
 */
export function localDays(times: Float64Array | Int32Array, timezone: string): Int32Array {
  const zone = zoneOf(timezone);
  const n = times.length;
  const out = new Int32Array(n);
  let memoDay = NaN;
  let memoMs = 0;
  let memoConstant = false;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    if (t !== t) {
      out[i] = NO_DAY;
      continue;
    }
    const utcDay = Math.floor(t / DAY_MS);
    if (utcDay !== memoDay) {
      memoDay = utcDay;
      const a = zone.offsetAt(utcDay * DAY_MS);
      memoConstant = a === zone.offsetAt((utcDay + 1) * DAY_MS);
      memoMs = a * 60_000;
    }
    const off = memoConstant ? memoMs : zone.offsetAt(t) * 60_000;
    out[i] = Math.floor((t + off) / DAY_MS);
  }
  return out;
}

/** Local day number of one UTC timestamp. */
export function localDay(t: number, timezone: string): number {
  return localDays(Float64Array.of(t), timezone)[0]!;
}
