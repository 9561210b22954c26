// Money helpers for comparisons: amounts are minor units of their own currency.

const digitsCache = new Map<string, number>();

/** Digits of a currency's minor unit (USD 2, JPY 0, KWD 3); 2 when the code is unknown. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** Major units (12.34) → minor units (1234) of `currency`. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

/** Minor units (1234) → major units (12.34) of `currency`. */
export function toMajorUnits(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}
