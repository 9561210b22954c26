import { z } from 'zod';

// MV3 extension pages forbid eval/new Function; zod's JIT uses it. Every schema module imports
// this file first, so the config is set before any schema is built (in both apps and in tests).
z.config({ jitless: true });

/** ISO 4217 currency code, e.g. "EUR". */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO 4217 currency code');
/** An amount in the currency's minor units (cents for EUR, yen for JPY). */
export const minor = z.number().int().refine(Number.isSafeInteger, 'an amount within safe range');
/** UTC milliseconds since the epoch. */
export const utcMs = z.number().int().min(0).max(8.64e15);
/** A calendar day in the store's timezone, "YYYY-MM-DD". */
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
/** A calendar month, "YYYY-MM". */
export const isoMonth = z.string().regex(/^\d{4}-\d{2}$/, 'a month as YYYY-MM');
export const count = z.number().int().min(0);

export { z };
