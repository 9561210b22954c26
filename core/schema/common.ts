import { z } from 'zod';
import { isValidZone } from '../time/zone.ts';

// MV3 extension pages forbid eval/new Function; zod's JIT uses it. Every schema module imports
// this file first, so the config is set before any schema is built (in both apps and in tests).
z.config({ jitless: true });

let isoCurrencies: Set<string> | null = null;

/**
 * True for an ISO 4217 code this runtime knows ("EUR", "JPY"); any three capitals where Intl
 * cannot list them. Never markup or lower case.
 */
export function isCurrencyCode(s: string): boolean {
  if (!/^[A-Z]{3}$/.test(s)) return false;
  if (!isoCurrencies) {
    try {
      isoCurrencies = new Set(
        (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(
          'currency',
        ),
      );
    } catch {
      isoCurrencies = new Set();
    }
  }
  return isoCurrencies.size === 0 || isoCurrencies.has(s);
}

/** An IANA timezone this runtime knows ("America/New_York", "UTC") or a fixed offset ("+05:30"). */
export function isTimeZone(s: string): boolean {
  return s !== '' && s.length <= 64 && isValidZone(s);
}

/** ISO 4217 currency code, e.g. "EUR". */
export const currencyCode = z
  .string()
  .refine(isCurrencyCode, 'a 3-letter ISO 4217 currency code, e.g. USD');
/** A store timezone. */
export const timeZoneName = z
  .string()
  .refine(isTimeZone, 'a known IANA timezone such as America/New_York or UTC');

/** Earliest business date Storelens accepts (1990-01-01), and how far ahead (two years). */
export const EARLIEST_MS = Date.UTC(1990, 0, 1);
export const AHEAD_MS = 2 * 366 * 86_400_000;
/** True for a time an order, a price check or a test can have: 1990 up to two years from now. */
export function isSaneTime(ms: number, now = Date.now()): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= now + AHEAD_MS;
}
/** True for a real calendar day "YYYY-MM-DD" inside the sane window. */
export function isSaneDay(s: string, now = Date.now()): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s && isSaneTime(t, now);
}
/** True for an http(s) address (never javascript:, data: or a relative path). */
export function isHttpUrl(s: string): boolean {
  if (s.length > 4096) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}
/** An http(s) URL. */
export const httpUrl = z.string().refine(isHttpUrl, 'an http:// or https:// address');
/** An http(s) URL or "" (optional links, images). */
export const httpUrlOrEmpty = z
  .string()
  .refine((s) => s === '' || isHttpUrl(s), 'an http:// or https:// address, or empty');
/** An amount in the currency's minor units (cents for EUR, yen for JPY). */
export const minor = z.number().int().refine(Number.isSafeInteger, 'an amount within safe range');
/** UTC milliseconds since the epoch. */
export const utcMs = z.number().int().min(0).max(8.64e15);
export const count = z.number().int().min(0);

const windowText = 'a date from 1990 up to two years from now';
/** A time in UTC ms inside the sane window (orders, price checks, audits). */
export const saneMs = utcMs.refine((v) => isSaneTime(v), windowText);

/** A calendar day in the store's timezone, "YYYY-MM-DD", from 1990 up to two years ahead. */
export const isoDay = z.string().refine((s) => isSaneDay(s), `a day as YYYY-MM-DD, ${windowText}`);
/** A calendar month, "YYYY-MM", from 1990 up to two years ahead. */
export const isoMonth = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}$/.test(s) && isSaneDay(`${s}-01`),
    `a month as YYYY-MM, ${windowText}`,
  );

export { z };
