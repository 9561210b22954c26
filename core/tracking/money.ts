// Money helpers for comparisons: amounts are minor units of their own currency.

import { currencyDigits } from '../schema/money.ts';

/** Digits of a currency's minor unit (USD 2, JPY 0, KWD 3); 2 when the code is unknown. */
export const minorDigits = currencyDigits;

/** Major units (12.34) → minor units (1234) of `currency`. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

/** Minor units (1234) → major units (12.34) of `currency`. */
export function toMajorUnits(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}
