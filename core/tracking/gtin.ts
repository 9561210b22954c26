// GTINs (EAN-8, UPC-A, EAN-13, GTIN-14) compared as GTIN-14: the same article printed as UPC-A on
// one site and EAN-13 with a leading zero on another must match.

/** The GS1 check digit for the digits before it (mod-10, weights 3 and 1 from the right). */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) {
    sum += (body.charCodeAt(i) - 48) * w;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A GTIN as 14 digits when it is a real one (8, 12, 13 or 14 digits, check digit valid, not all
 * zeros), else null. Spaces and dashes as printed on labels are ignored.
 */
export function normalizeGtin(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  if (![8, 12, 13, 14].includes(digits.length)) return null;
  if (/^0+$/.test(digits)) return null;
  const body = digits.slice(0, -1);
  if (gtinCheckDigit(body) !== digits.charCodeAt(digits.length - 1) - 48) return null;
  return digits.padStart(14, '0');
}
