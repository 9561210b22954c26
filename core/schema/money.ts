const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (USD 2, JPY 0, KWD 3), from Intl; 2 for unknown codes. */
export function currencyDigits(currency: string): number {
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
