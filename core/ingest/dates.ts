/**
 * Dates as the exports write them, to UTC milliseconds. Hand-parsed (no Date.parse, whose
 * non-ISO behaviour differs between engines) and allocation-free on the hot path: the offset of
 * the last parsed timestamp is left in `lastParsed` instead of returning an object.
 */
import { zoneOf, type Zone } from '../time/zone.ts';

export { isValidZone, zoneOf, type Zone } from '../time/zone.ts';

/**
 * `offset`: minutes east of UTC written in the last timestamp `parseTimestamp` read; NaN if none.
 * An object, not an exported `let`, because live bindings do not survive every bundler/CJS shim.
 */
export const lastParsed = { offset: NaN };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1970 || y > 9999) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!;
  return d <= max;
}

function num(s: string, at: number, len: number): number {
  let v = 0;
  for (let k = at; k < at + len; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Reads "2024-01-15 10:23:45 -0500" (Shopify), ISO 8601 ("2024-01-15T10:23:45Z",
 * "...+02:00", "...+0200", fractions), or a local "2024-01-15 10:23[:45]" / "2024-01-15", which is
 * taken in `zone` (a wall-clock converter, see `zoneOf`). Returns UTC ms or NaN.
 */
export function parseTimestamp(s: string, zone: Zone): number {
  lastParsed.offset = NaN;
  const n = s.length;
  let y: number;
  let mo: number;
  let d: number;
  let p: number;
  if (n >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    y = num(s, 0, 4);
    mo = num(s, 5, 2);
    d = num(s, 8, 2);
    p = 10;
  } else if (n >= 8 && (n === 8 || s.charCodeAt(8) === 32 || s.charCodeAt(8) === 84)) {
    // "20101201" or "20101201 08:26" (compact dates of text reports and data sets).
    y = num(s, 0, 4);
    mo = num(s, 4, 2);
    d = num(s, 6, 2);
    p = 8;
  } else return NaN;
  if (y < 0 || mo < 0 || d < 0 || !validYmd(y, mo, d)) return NaN;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  if (p < n) {
    const sep = s.charCodeAt(p);
    if (sep !== 32 && sep !== 84) return NaN; // ' ' or 'T'
    h = num(s, p + 1, 2);
    mi = num(s, p + 4, 2);
    if (h < 0 || mi < 0 || s.charCodeAt(p + 3) !== 58 || h > 23 || mi > 59) return NaN;
    p += 6;
    if (p < n && s.charCodeAt(p) === 58) {
      sec = num(s, p + 1, 2);
      if (sec < 0 || sec > 60) return NaN;
      p += 3;
      if (p < n && s.charCodeAt(p) === 46) {
        p++;
        let scale = 100;
        while (p < n) {
          const c = s.charCodeAt(p) - 48;
          if (c < 0 || c > 9) break;
          ms += c * scale;
          scale /= 10;
          p++;
        }
        ms = Math.floor(ms);
      }
    }
    while (p < n && s.charCodeAt(p) === 32) p++;
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (p >= n) return zone.toUtc(wall);
  const c = s.charCodeAt(p);
  if (c === 90 && p === n - 1) {
    lastParsed.offset = 0;
    return wall;
  }
  if (c !== 43 && c !== 45) return NaN;
  const oh = num(s, p + 1, 2);
  let om: number;
  if (s.charCodeAt(p + 3) === 58) om = p + 6 === n ? num(s, p + 4, 2) : -1;
  else om = p + 5 === n ? num(s, p + 3, 2) : -1;
  if (oh < 0 || om < 0 || oh > 14 || om > 59) return NaN;
  const off = (c === 45 ? -1 : 1) * (oh * 60 + om);
  lastParsed.offset = off;
  return wall - off * 60000;
}

// Common store timezones, tried in order when guessing a zone from offsets; the first consistent
// one wins (zones with identical rules, like Paris and Berlin, cut days the same way).
const CANDIDATE_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Halifax',
  'America/St_Johns',
  'America/Mexico_City',
  'America/Bogota',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'America/Santiago',
  'Europe/London',
  'Europe/Lisbon',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Helsinki',
  'Europe/Athens',
  'Europe/Istanbul',
  'Europe/Moscow',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Africa/Cairo',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Perth',
  'Australia/Adelaide',
  'Australia/Brisbane',
  'Australia/Sydney',
  'Australia/Melbourne',
  'Australia/Hobart',
  'Pacific/Auckland',
  'UTC',
];

/**
 * Guesses the store's IANA timezone from timestamps and the offsets written next to them
 * (Shopify writes the store's offset on every timestamp). `preferred` (e.g. the browser's zone)
 * is tried first. Falls back to a fixed offset like "-05:00" when no known zone fits.
 */
export function guessTimezone(
  samples: ReadonlyArray<{ ms: number; offset: number }>,
  preferred?: string,
): string | undefined {
  if (samples.length === 0) return undefined;
  const order = preferred ? [preferred, ...CANDIDATE_ZONES] : CANDIDATE_ZONES;
  for (const name of order) {
    let zone: Zone;
    try {
      zone = zoneOf(name);
    } catch {
      continue;
    }
    if (samples.every((x) => zone.offsetAt(x.ms) === x.offset)) return name;
  }
  const off = samples[0]!.offset;
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Every IANA zone this runtime knows (the candidates' list when `Intl.supportedValuesOf` is missing). */
function allZones(): readonly string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? CANDIDATE_ZONES;
  } catch {
    return CANDIDATE_ZONES;
  }
}

/**
 * The zones whose offsets agree with every sample, for the user to pick from: `preferred`
 * first, then the common store zones in `guessTimezone`'s order, then the others A–Z (at most
 * `max`). Offsets of +10:00 in winter and +11:00 in summer give Australia/Sydney and its
 * neighbours (Melbourne, Hobart, Canberra…); a single offset without DST gives every zone that
 * keeps it. Empty without samples.
 */
export function timezoneCandidates(
  samples: ReadonlyArray<{ ms: number; offset: number }>,
  preferred?: string,
  max = 12,
): string[] {
  if (samples.length === 0) return [];
  const fits = (name: string): boolean => {
    try {
      const zone = zoneOf(name);
      return samples.every((x) => zone.offsetAt(x.ms) === x.offset);
    } catch {
      return false;
    }
  };
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    if (out.length >= max || seen.has(name)) return;
    seen.add(name);
    if (fits(name)) out.push(name);
  };
  if (preferred) add(preferred);
  for (const z of CANDIDATE_ZONES) add(z);
  for (const z of [...allZones()].sort()) add(z);
  if (out.length === 0) {
    const guess = guessTimezone(samples, preferred);
    if (guess) out.push(guess);
  }
  return out;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function ymd(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * A calendar day "YYYY-MM-DD" from "2024-01-15", "20240115" (GA4), "Jan 15, 2024" or
 * "15 Jan 2024" (ad platforms), or with a user-chosen `dateFormat` ("DD/MM/YYYY"). "" if invalid.
 */
export function parseDay(s: string, dateFormat?: string): string {
  const t = s.trim();
  if (dateFormat) {
    const parts = splitByFormat(t, dateFormat);
    if (!parts) return '';
    return validYmd(parts.y, parts.m, parts.d) ? ymd(parts.y, parts.m, parts.d) : '';
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    return validYmd(y, mo, d) ? ymd(y, mo, d) : '';
  }
  m = /^(?:[A-Za-z]+,? )?([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(t);
  if (m) {
    const mo = MONTHS[m[1]!.slice(0, 3).toLowerCase()] ?? 0;
    const y = Number(m[3]);
    const d = Number(m[2]);
    return validYmd(y, mo, d) ? ymd(y, mo, d) : '';
  }
  m = /^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})$/.exec(t);
  if (m) {
    const mo = MONTHS[m[2]!.slice(0, 3).toLowerCase()] ?? 0;
    const y = Number(m[3]);
    const d = Number(m[1]);
    return validYmd(y, mo, d) ? ymd(y, mo, d) : '';
  }
  return '';
}

interface DateParts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** Splits "31/12/2024 14:05" by a format like "DD/MM/YYYY" (time, when present, is HH:mm[:ss]). */
function splitByFormat(s: string, format: string): DateParts | null {
  const tokens = format.toUpperCase().match(/YYYY|YY|MM|DD|M|D/g);
  const nums = s.match(/\d+/g);
  if (!tokens || !nums || nums.length < tokens.length) return null;
  const out: DateParts = { y: 0, m: 0, d: 0, h: 0, mi: 0, s: 0 };
  tokens.forEach((tok, i) => {
    const v = Number(nums[i]);
    if (tok === 'YYYY') out.y = v;
    else if (tok === 'YY') out.y = v < 70 ? 2000 + v : 1900 + v;
    else if (tok[0] === 'M') out.m = v;
    else out.d = v;
  });
  const rest = nums.slice(tokens.length).map(Number);
  if (rest.length > 3) return null;
  out.h = rest[0] ?? 0;
  out.mi = rest[1] ?? 0;
  out.s = rest[2] ?? 0;
  if (/\bpm\b/i.test(s) && out.h < 12) out.h += 12;
  if (/\bam\b/i.test(s) && out.h === 12) out.h = 0;
  if (out.h > 23 || out.mi > 59 || out.s > 59) return null;
  return out;
}

/** UTC ms of a date(-time) written in `dateFormat` as wall-clock time of `zone`; NaN if invalid. */
export function parseWithFormat(s: string, dateFormat: string, zone: Zone): number {
  const p = splitByFormat(s.trim(), dateFormat);
  if (!p || !validYmd(p.y, p.m, p.d)) return NaN;
  return zone.toUtc(Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s));
}
