import { currencyDigits } from '../schema/money.ts';

export { currencyDigits };

const POW10 = [1, 10, 100, 1000, 10000];

/**
 * Parses an amount as the platforms and spreadsheets write it into integer minor units:
 * "1234.56", "1,234.56", "1.234,56", "1 234,56", "$12.00", "12.00 USD", "-5", "(5.00)".
 * `decimalComma` says how to read a lone separator followed by exactly 3 digits ("1,234"):
 * true → 1.234 is thousands with a decimal comma file. Returns NaN when it is not an amount.
 * Integer arithmetic on the digits avoids binary floating-point rounding (0.29 * 100 ≠ 29).
 */
export function parseMinor(s: string, digits: number, decimalComma = false): number {
  const n = s.length;
  let i = 0;
  let end = n;
  let neg = false;
  let letters = false;
  // Trim spaces, currency symbols/codes and wrap in parentheses cheaply.
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) break;
    if (c === 45 || c === 0x2212) neg = !neg;
    else if (c === 40) neg = true;
    else if (c === 46 || c === 44) break;
    else if (!(c === 32 || c === 0xa0 || c === 43 || isCurrencyChar(c))) return NaN;
    if (c >= 65) letters = true;
    i++;
  }
  while (end > i) {
    const c = s.charCodeAt(end - 1);
    if (c >= 48 && c <= 57) break;
    if (c === 45) neg = !neg;
    else if (!(c === 32 || c === 0xa0 || c === 41 || isCurrencyChar(c))) return NaN;
    if (c >= 65) letters = true;
    end--;
  }
  if (i >= end) return NaN;
  // Letters around the number may only be a currency code ("USD 12", "12.00 EUR"), not "12abc".
  if (letters && !/^[^A-Za-z]*(?:[A-Z]{3})?[^A-Za-z]*$/.test(s)) return NaN;
  // Find the decimal separator: the last '.' or ',' unless it is a thousands group.
  let lastDot = -1;
  let lastComma = -1;
  let seps = 0;
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 46) {
      lastDot = k;
      seps++;
    } else if (c === 44) {
      lastComma = k;
      seps++;
    }
  }
  let dec = -1;
  if (lastDot >= 0 && lastComma >= 0) dec = lastDot > lastComma ? lastDot : lastComma;
  else if (seps === 1) {
    const at = lastDot >= 0 ? lastDot : lastComma;
    const isComma = at === lastComma;
    const groupOf3 = end - at - 1 === 3;
    // "1,234" in a comma-decimal file is 1,234 = one point two; elsewhere a thousands group.
    if (!groupOf3) dec = at;
    else dec = isComma === decimalComma ? at : -1;
  } else if (seps > 1) {
    // "1.234.567" or "1,234,567": only thousands groups; two of the same kind cannot be decimal.
    dec = -1;
  }
  let intPart = 0;
  let frac = 0;
  let fracDigits = 0;
  let roundUp = false;
  let sawDigit = false;
  // Thousands groups must look like thousands groups: "1.234.567", not "1.2.3".
  let group = 0;
  let thousands = -1;
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      sawDigit = true;
      if (dec >= 0 && k > dec) {
        if (fracDigits < digits) {
          frac = frac * 10 + (c - 48);
          fracDigits++;
        } else if (fracDigits === digits) {
          roundUp = c >= 53;
          fracDigits++;
        }
      } else {
        intPart = intPart * 10 + (c - 48);
        group++;
      }
    } else if (k === dec) {
      if (thousands >= 0 && group !== 3) return NaN;
    } else if (c === 46 || c === 44 || c === 32 || c === 0xa0 || c === 0x202f || c === 39) {
      // thousands separators: . , space, no-break space, narrow no-break space, Swiss '
      if (dec >= 0 && k > dec) return NaN;
      if (thousands < 0) {
        if (group < 1 || group > 3) return NaN;
        thousands = c;
      } else if (c !== thousands || group !== 3) return NaN;
      group = 0;
    } else return NaN;
  }
  if (dec < 0 && thousands >= 0 && group !== 3) return NaN;
  if (!sawDigit) return NaN;
  const scale = POW10[digits] ?? 10 ** digits;
  const used = fracDigits > digits ? digits : fracDigits;
  let v = intPart * scale + frac * (POW10[digits - used] ?? 10 ** (digits - used));
  if (roundUp) v += 1;
  if (!Number.isSafeInteger(v)) return NaN;
  return neg ? -v : v;
}

function isCurrencyChar(c: number): boolean {
  // $ € £ ¥ ₹ and letters of codes like "USD" or "kr"
  return (
    c === 36 ||
    c === 0x20ac ||
    c === 0xa3 ||
    c === 0xa5 ||
    c === 0x20b9 ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122)
  );
}

/** Parses a whole number as written in reports ("1,234", "12", "1.234" in a comma-decimal file, "-3"); NaN if not whole. */
export function parseCount(s: string, decimalComma = false): number {
  let v = 0;
  let k = 0;
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  // Up to 15 digits the sum is exact; longer runs go through parseMinor's safe-integer check.
  if (k === s.length && k > 0 && k <= 15) return v;
  // Separators, signs or decimals: read as an amount with cents and require a whole number.
  const cents = parseMinor(s, 2, decimalComma);
  return Number.isNaN(cents) || cents % 100 !== 0 ? NaN : cents / 100;
}

/** Largest count stored (quantities, sessions, clicks are 32-bit integer columns). */
export const MAX_COUNT = 2_147_483_647;

/**
 * What an amount says about the decimal separator of its column (the file's number locale):
 * `.` or `,` when it shows it ("12,50", "1,234.56", "1.234.567" → `,`), `?.` or `?,` when that
 * lone separator may be either a decimal point or a thousands group ("1.234": 1.234 or 1234),
 * `` when it has no separator. Values that are not amounts may give anything; parse them too.
 */
export function separatorEvidence(s: string): '.' | ',' | '?.' | '?,' | '' {
  let dots = 0;
  let commas = 0;
  let last = -1;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 46) dots++;
    else if (c === 44) commas++;
    else continue;
    last = k;
  }
  if (last < 0) return '';
  const sep = s.charCodeAt(last) === 46 ? '.' : ',';
  if (dots > 0 && commas > 0) return sep;
  // Two of the same kind are thousands groups: the other one is the decimal separator.
  if (dots + commas > 1) return sep === '.' ? ',' : '.';
  let after = 0;
  while (last + 1 + after < s.length) {
    const c = s.charCodeAt(last + 1 + after);
    if (c < 48 || c > 57) break;
    after++;
  }
  if (after !== 3) return sep;
  // "1.234" may be a thousands group, "0.125" or ".125" cannot.
  let before = 0;
  let lead = 0;
  for (let k = last - 1; k >= 0; k--) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) break;
    before++;
    lead = c;
  }
  if (before === 0 || before > 3 || lead === 48) return sep;
  return sep === '.' ? '?.' : '?,';
}
