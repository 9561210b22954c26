// Reading prices out of the text shoppers see. The rules favour saying "unknown currency" over
// guessing: a bare `$` or `kr` only becomes a code when a hint (markup or platform currency, page
// language, domain) picks one of the currencies that use that symbol.

/** A price found in text. `max` is set for ranges ("€10–€20": amount 10, max 20). */
export interface ParsedPrice {
  amount: number;
  currency?: string;
  /** Upper end of a range such as "$10 – $20" or "from 10 to 20 €". */
  max?: number;
  /** Set when the price is per unit ("€2.50/kg" → 'kg'). */
  unit?: string;
}

/** One number-with-currency occurrence in a text. */
export interface PriceMatch extends ParsedPrice {
  /** The symbol or code as written, if any ("$", "kr", "EUR"). */
  symbol?: string;
  /** Position of the match in the text. */
  index: number;
  end: number;
  /** 'was' or 'now' when a label such as "Was", "RRP", "Sale price" precedes it. */
  label?: 'was' | 'now';
  /** Set for an amount saved ("You save $12.00", "€5 off"): a discount, not a price. */
  saving?: boolean;
}

export interface PriceDetails {
  now?: ParsedPrice;
  was?: ParsedPrice;
  unitPrice?: ParsedPrice;
  /**
   * Another price the text gives beside the current one, not marked as a was-price: a converted
   * amount ("AED 8000 (USD 2179)"), the price without VAT, or the second of two unlabelled prices.
   */
  alternative?: ParsedPrice;
  /**
   * A price of 0 labelled as current that was set aside for the real price in the same text
   * ("Was: $124.95 Now: $0.00" reads 124.95 and keeps the 0 here, so a caller can say so).
   */
  zeroSetAside?: ParsedPrice;
  /** Every match, in text order. */
  all: PriceMatch[];
}

// Longest first so "R$" wins over "$" and "CA$" over "$".
const SYMBOLS: [string, string[]][] = [
  ['US$', ['USD']],
  ['CA$', ['CAD']],
  ['AU$', ['AUD']],
  ['NZ$', ['NZD']],
  ['HK$', ['HKD']],
  ['MX$', ['MXN']],
  ['NT$', ['TWD']],
  ['RD$', ['DOP']],
  ['Mex$', ['MXN']],
  ['SFr.', ['CHF']],
  ['R$', ['BRL']],
  ['C$', ['CAD']],
  ['A$', ['AUD']],
  ['S$', ['SGD']],
  ['€', ['EUR']],
  ['£', ['GBP']],
  ['₹', ['INR']],
  ['₩', ['KRW']],
  ['₽', ['RUB']],
  ['₺', ['TRY']],
  ['₴', ['UAH']],
  ['₪', ['ILS']],
  ['₫', ['VND']],
  ['฿', ['THB']],
  ['₱', ['PHP']],
  ['₦', ['NGN']],
  ['₡', ['CRC']],
  ['₲', ['PYG']],
  ['₸', ['KZT']],
  ['₾', ['GEL']],
  ['₼', ['AZN']],
  ['₭', ['LAK']],
  ['zł', ['PLN']],
  ['zl', ['PLN']],
  ['Kč', ['CZK']],
  ['Ft', ['HUF']],
  ['lei', ['RON']],
  ['лв.', ['BGN']],
  ['лв', ['BGN']],
  ['руб.', ['RUB']],
  ['руб', ['RUB']],
  ['грн', ['UAH']],
  ['TL', ['TRY']],
  ['RM', ['MYR']],
  ['Rp', ['IDR']],
  ['kn', ['HRK']],
  ['Fr.', ['CHF']],
  ['Dhs', ['AED']],
  ['KShs', ['KES']],
  ['KSh', ['KES']],
  ['KD', ['KWD']],
  // Arabic signs of Gulf and North African currencies (dinars and rials with three decimals among them).
  ['د.ك', ['KWD']],
  ['د.ب', ['BHD']],
  ['ر.ع.', ['OMR']],
  ['ر.ع', ['OMR']],
  ['د.أ', ['JOD']],
  ['د.ا', ['JOD']],
  ['د.ت', ['TND']],
  ['د.ع', ['IQD']],
  ['د.ل', ['LYD']],
  ['د.إ', ['AED']],
  ['ر.س', ['SAR']],
  ['ر.ق', ['QAR']],
  ['ج.م', ['EGP']],
  ['د.م.', ['MAD']],
  ['د.م', ['MAD']],
  ['د.ج', ['DZD']],
  ["so'm", ['UZS']],
  ['soʻm', ['UZS']],
  ['тг', ['KZT']],
  ['рублей', ['RUB']],
  ['тенге', ['KZT']],
  // Toman is ten rials and has no ISO code of its own: the amount is read, the currency left open.
  ['تومان', []],
  ['र', ['INR', 'NPR']],
  ['元', ['CNY']],
  ['円', ['JPY']],
  ['Rs.', ['INR', 'PKR', 'LKR', 'NPR']],
  ['Rs', ['INR', 'PKR', 'LKR', 'NPR']],
  ['₨', ['INR', 'PKR', 'LKR', 'NPR']],
  ['kr.', ['DKK', 'SEK', 'NOK', 'ISK']],
  ['kr', ['SEK', 'NOK', 'DKK', 'ISK']],
  [':-', ['SEK']],
  ['¥', ['JPY', 'CNY']],
  ['￥', ['JPY', 'CNY']],
  ['$', ['USD', 'CAD', 'AUD', 'NZD', 'MXN', 'SGD', 'HKD', 'ARS', 'CLP', 'COP', 'TWD']],
];

// ISO 4217 codes a storefront plausibly shows; written as codes they are never ambiguous.
const ISO_CODES = new Set(
  (
    'AED ARS AUD AZN BAM BDT BGN BHD BRL BYN CAD CHF CLP CNY COP CRC CZK DKK DOP DZD EGP EUR GBP GEL ' +
    'GHS GTQ HKD HNL HRK HUF IDR ILS INR IQD ISK JMD JOD JPY KES KRW KWD KZT LAK LBP LKR LYD MAD MDL ' +
    'MKD MXN MYR NGN NIO NOK NPR NZD OMR PAB PEN PHP PKR PLN PYG QAR RON RSD RUB SAR SEK SGD THB TND ' +
    'TRY TTD TWD UAH UGX USD UYU UZS VES VND XAF XOF ZAR'
  ).split(' '),
);

// Currencies with three minor digits: "1.234" there is one dinar and 234 fils, not 1234.
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

const REGION_CURRENCY: Record<string, string> = {
  US: 'USD',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  MX: 'MXN',
  SG: 'SGD',
  HK: 'HKD',
  AR: 'ARS',
  CL: 'CLP',
  CO: 'COP',
  TW: 'TWD',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  IS: 'ISK',
  JP: 'JPY',
  CN: 'CNY',
  IN: 'INR',
  PK: 'PKR',
  LK: 'LKR',
  NP: 'NPR',
  GB: 'GBP',
  UK: 'GBP',
  CH: 'CHF',
  PL: 'PLN',
  CZ: 'CZK',
  HU: 'HUF',
  RO: 'RON',
  BG: 'BGN',
  BR: 'BRL',
  KR: 'KRW',
  RU: 'RUB',
  TR: 'TRY',
  UA: 'UAH',
  IL: 'ILS',
  ZA: 'ZAR',
  DE: 'EUR',
  FR: 'EUR',
  IT: 'EUR',
  ES: 'EUR',
  NL: 'EUR',
  BE: 'EUR',
  AT: 'EUR',
  IE: 'EUR',
  FI: 'EUR',
  PT: 'EUR',
  GR: 'EUR',
  SK: 'EUR',
  SI: 'EUR',
  EE: 'EUR',
  LV: 'EUR',
  LT: 'EUR',
  LU: 'EUR',
  HR: 'EUR',
};
// A bare language says little about the region, except where one currency dominates.
const LANG_CURRENCY: Record<string, string> = {
  sv: 'SEK',
  nb: 'NOK',
  nn: 'NOK',
  no: 'NOK',
  da: 'DKK',
  is: 'ISK',
  ja: 'JPY',
  zh: 'CNY',
  ko: 'KRW',
  pl: 'PLN',
  cs: 'CZK',
  hu: 'HUF',
  ro: 'RON',
  bg: 'BGN',
  uk: 'UAH',
  he: 'ILS',
  tr: 'TRY',
};
const TLD_CURRENCY: Record<string, string> = {
  se: 'SEK',
  no: 'NOK',
  dk: 'DKK',
  is: 'ISK',
  jp: 'JPY',
  cn: 'CNY',
  ca: 'CAD',
  au: 'AUD',
  nz: 'NZD',
  mx: 'MXN',
  sg: 'SGD',
  hk: 'HKD',
  ar: 'ARS',
  cl: 'CLP',
  co: 'COP',
  tw: 'TWD',
  in: 'INR',
  pk: 'PKR',
  lk: 'LKR',
  uk: 'GBP',
  ch: 'CHF',
  pl: 'PLN',
  cz: 'CZK',
  hu: 'HUF',
  ro: 'RON',
  br: 'BRL',
  us: 'USD',
};

// Ruble abbreviations a shop writes in its own currency element ("Р", "р.").
const HINT_SIGNS: Record<string, string> = { Р: 'RUB', р: 'RUB', 'р.': 'RUB', 'Р.': 'RUB' };

/**
 * The currency a hint names as a currency itself, not through a locale or host: an ISO code, an
 * unambiguous sign ("€", "руб.", "zł") or the text of the page's currency element ("Cena 283,50 PLN").
 */
function currencyNamedBy(h: string): string | undefined {
  if (/^[A-Za-z]{3}$/.test(h) && ISO_CODES.has(h.toUpperCase())) return h.toUpperCase();
  if (h.length > 60) return undefined;
  // "DKK/stk": a code that starts the currency element.
  const lead = /^([A-Z]{3})(?![A-Za-z])/.exec(h)?.[1];
  if (lead && ISO_CODES.has(lead)) return lead;
  const bare = h.replace(/[\s*:]+$/, '');
  if (HINT_SIGNS[bare]) return HINT_SIGNS[bare];
  for (const form of [bare, bare.replace(/\.$/, '')]) {
    const sign = SYMBOLS.find(([sym]) => sym === form);
    if (sign) return sign[1].length === 1 ? sign[1][0] : undefined;
  }
  // A host or URL names no currency by its letters ("shop.example.rs" is not rupees).
  if (/^(?:[a-z]+:\/\/)?[\w-]+(?:\.[\w-]+)+(?:[/:?#]|$)/i.test(h)) return undefined;
  if (!/\d/.test(h)) return undefined;
  const found = new Set(parsePrices(h).map((p) => p.currency));
  const [only] = [...found];
  return found.size === 1 ? only : undefined;
}

/**
 * Turns a hint (ISO code, locale such as "sv-SE", language, host name or URL, or the text of the
 * page's own currency element such as "€" or "руб.") into a currency code.
 */
export function currencyFromHint(hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  const h = hint.trim();
  const named = currencyNamedBy(h);
  if (named) return named;
  const locale = /^([a-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}))?$/i.exec(h);
  if (locale) {
    const region = locale[3]?.toUpperCase();
    if (region && REGION_CURRENCY[region]) return REGION_CURRENCY[region];
    return LANG_CURRENCY[(locale[1] ?? '').toLowerCase()];
  }
  const host = /^(?:[a-z]+:\/\/)?([^/:?#]+)/i.exec(h)?.[1];
  const tld = host?.split('.').pop()?.toLowerCase();
  return tld ? TLD_CURRENCY[tld] : undefined;
}

// Combining marks count as letters: "कार 500" ends a word with a vowel sign, not before a sign "र".
function isLetter(ch: string | undefined): boolean {
  return !!ch && /[\p{L}\p{M}]/u.test(ch);
}

// Space-like characters that may separate a symbol from its number.
const TRAIL_SPACE = /[\s\u00a0\u202f\u2009\u2007]+$/;
const LEAD_SPACE = /^[\s\u00a0\u202f\u2009\u2007]+/;

interface SymbolHit {
  symbol: string;
  candidates: string[];
  /** Characters consumed including spaces. */
  length: number;
}

// Lower-case codes ("chf", "nzd") count, except those that are also everyday words.
const CODE_WORDS = new Set(['cop', 'gel', 'mad', 'pen', 'php', 'rub', 'try', 'ron', 'all']);
function writtenCode(code: string): string | undefined {
  if (ISO_CODES.has(code)) return code;
  if (code === code.toLowerCase() && !CODE_WORDS.has(code) && ISO_CODES.has(code.toUpperCase()))
    return code.toUpperCase();
  return undefined;
}

function symbolBefore(text: string, start: number): SymbolHit | undefined {
  const raw = text.slice(Math.max(0, start - 8), start);
  const trimmed = raw.replace(TRAIL_SPACE, '');
  const gap = raw.length - trimmed.length;
  // A code written right before the number ("USD 12", "EUR12").
  const code = /([A-Za-z]{3})$/.exec(trimmed);
  const iso = code ? writtenCode(code[1]!) : undefined;
  if (iso && !isLetter(trimmed[trimmed.length - 4])) {
    return { symbol: iso, candidates: [iso], length: gap + 3 };
  }
  // A lone "R" glued to a grouped or decimal amount is the rand ("R273.00", "R8,499"); "R2" is a model.
  if (
    gap === 0 &&
    trimmed.endsWith('R') &&
    !isLetter(trimmed[trimmed.length - 2]) &&
    /^\d+[.,]\d/.test(text.slice(start, start + 12))
  ) {
    return { symbol: 'R', candidates: ['ZAR'], length: 1 };
  }
  // "US$:12.99": a colon may stand between a sign and its number.
  const signed = trimmed.endsWith(':') ? trimmed.slice(0, -1) : trimmed;
  for (const [sym, candidates] of SYMBOLS) {
    if (sym === ':-' || !signed.endsWith(sym)) continue;
    const prev = signed[signed.length - sym.length - 1];
    if (isLetter(sym[0]) && isLetter(prev)) continue;
    // "SGD$4.90", "NZD $100.70": a code before an ambiguous sign says which one it is.
    if (candidates.length > 1) {
      const head = signed.slice(0, -sym.length).replace(TRAIL_SPACE, '');
      const c = /(?<![A-Za-z])([A-Z]{3})$/.exec(head)?.[1];
      if (c && candidates.includes(c)) {
        return { symbol: sym, candidates: [c], length: raw.length - (head.length - 3) };
      }
    }
    return { symbol: sym, candidates, length: raw.length - (signed.length - sym.length) };
  }
  return undefined;
}

function symbolAfter(text: string, end: number): SymbolHit | undefined {
  const raw = text.slice(end, end + 8);
  const trimmed = raw.replace(LEAD_SPACE, '');
  const gap = raw.length - trimmed.length;
  const code = /^([A-Za-z]{3})/.exec(trimmed);
  const iso = code ? writtenCode(code[1]!) : undefined;
  if (iso && !isLetter(trimmed[3])) {
    return { symbol: iso, candidates: [iso], length: gap + 3 };
  }
  for (const [sym, candidates] of SYMBOLS) {
    if (!trimmed.startsWith(sym)) continue;
    const next = trimmed[sym.length];
    if (isLetter(sym[sym.length - 1]) && isLetter(next)) continue;
    // ":-" only counts glued to the number ("99:-").
    if (sym === ':-' && gap > 0) continue;
    return { symbol: sym, candidates, length: gap + sym.length };
  }
  return undefined;
}

// Signs written after the number in their own countries ("69 TL", "3200 руб.", "499 kr").
const SUFFIX_SIGNS = new Set([
  'zł',
  'zl',
  'Kč',
  'Ft',
  'lei',
  'лв.',
  'лв',
  'руб.',
  'руб',
  'рублей',
  'грн',
  'TL',
  'kn',
  'kr.',
  'kr',
  ':-',
  '元',
  '円',
  'тг',
  'тенге',
  "so'm",
  'soʻm',
  'KD',
  '₫',
  '₺',
  '₽',
  '₴',
]);

/**
 * The sign after a number, unless it is the sign of the next number ("Size 10.5 $89.99",
 * "Model 2024 €499"): a sign between two numbers goes to the one it is glued to, else to the side
 * its currency writes it on, else to the number that has no other sign.
 */
function signOwnedBefore(text: string, end: number, hasBefore: boolean): SymbolHit | undefined {
  const after = symbolAfter(text, end);
  if (!after || hasBefore) return after;
  const next = /^[\s\u00a0\u202f]*(?=\d|\.\d)/.exec(
    text.slice(end + after.length, end + after.length + 4),
  );
  if (!next) return after;
  const gapBefore = /^[\s\u00a0\u202f]*/.exec(text.slice(end, end + 4))![0].length;
  const gapAfter = next[0].length;
  if (gapBefore === 0 && gapAfter > 0) return after;
  if (gapAfter === 0 && gapBefore > 0) return undefined;
  if (SUFFIX_SIGNS.has(after.symbol)) return after;
  // "19,99 $ 24,99 $", "10,00 € 12,00 €": the next number has a sign of its own after it.
  const from = end + after.length + gapAfter;
  const digits = /^[\d.,\s\u00a0'’]*\d/.exec(text.slice(from, from + 40))?.[0].length ?? 0;
  if (symbolAfter(text, from + digits)) return after;
  // Otherwise the sign is written before its number ("$", "£", "€", codes): it is the next one's.
  return undefined;
}

function resolveCurrency(candidates: string[], hint: string | undefined): string | undefined {
  if (candidates.length <= 1) return candidates[0];
  return hint && candidates.includes(hint) ? hint : undefined;
}

/**
 * Numbers with grouping, in either convention: 1.234,56 · 1,234.56 · 1 234,56 · 1'234.56 ·
 * 1,23,456.00 (Indian) · plain 1234.5. One separator groups the whole number, and nothing groups
 * after the decimals ("$2.00 100" is 2.00 then 100). An optional ",-" / ".–" marks whole amounts.
 */
const NUMBER =
  /\d{1,3}(?:,\d{2})+,\d{3}(?![\d])(?:\.\d+)?|\d{1,3}([ \u00a0\u202f\u2009'’.,])\d{3}(?:\1\d{3})*(?![\d])(?:[.,]\d+)?(?:[.,](?:-|–|—))?|\d+(?:[.,]\d+)?(?:[.,](?:-|–|—))?|(?<![A-Za-z0-9.,])\.{1,2}\d{1,2}(?![\d.,])/g;

/** Parses a numeric token; `currency` decides the "1.234" ambiguity for three-decimal currencies. */
export function parseAmount(token: string, currency?: string): number | null {
  // A leading point ("$.75", ".75 €", a doubled "$..75") is a fraction of one unit.
  const lead = /^\.{1,2}(\d{1,2})$/.exec(token);
  if (lead) return Number(`0.${lead[1]}`);
  let t = token.replace(/[.,:](?:-|–|—)$/, '');
  t = t.replace(/[ \u00a0\u202f\u2009'’]/g, '');
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let normalized: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    normalized = t.split(group).join('').replace(decimal, '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = t.split(sep);
    const tail = parts[parts.length - 1] ?? '';
    if (parts.length > 2) {
      normalized = parts.join('');
    } else if (
      tail.length === 3 &&
      !(currency && THREE_DECIMALS.has(currency)) &&
      parts[0] !== '0'
    ) {
      // "1,234" and "1.234" are thousands in every storefront convention we meet.
      normalized = parts.join('');
    } else {
      normalized = parts.join('.');
    }
  } else {
    normalized = t;
  }
  if (!/^\d+(?:\.\d+)?$/.test(normalized)) return null;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}

const UNIT_AFTER =
  /^\s*(?:\/|per\b|pro\b|par\b|je\b|le\b|la\b|al\b|a\b)\s*((?:\d+(?:[.,]\d+)?\s*)?(?:kg|g|mg|l|ltr|litre|liter|ml|cl|dl|m²|m2|m|cm|lb|lbs|oz|fl\.?\s?oz|st|stk|stück|pc|pcs|piece|unit|ea|each|item|kpl|szt)\b\.?)/iu;

const WAS_WORDS =
  /(?<![\p{L}\p{N}])(?:was|regular|original|originally|rrp|msrp|list price|compare|compare at|before|uvp|statt|vorher|bisher|avant|prix de base|prix conseillé|prix barré|antes|era|prima|voorheen|van|tidigare|förut|ord|ordinarie|norm|normal|normalpris|førpris|wcześniej|původně)(?![\p{L}\p{N}])/giu;
const NOW_WORDS =
  /(?<![\p{L}\p{N}])(?:now|sale|our price|only|jetzt|nur|nu|maintenant|ahora|ora|voor|nyt|teraz|current|aktuell|nyní)(?![\p{L}\p{N}])/giu;
// "Price:" alone marks the current price, but "Regular price" is a was-label.
const PRICE_WORDS =
  /(?<![\p{L}\p{N}])(?:price|preis|prix|precio|prezzo|pris|cena)(?![\p{L}\p{N}])/iu;

function lastIndex(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let at = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) at = m.index;
  return at;
}

/** Whether the words just before a price mark it as the old or the current price. */
function labelOf(text: string): 'was' | 'now' | undefined {
  const label = text.length > 120 ? text.slice(-120) : text;
  const was = lastIndex(WAS_WORDS, label);
  const now = lastIndex(NOW_WORDS, label);
  // The nearest keyword wins: "Regular price … Sale price" labels the sale price.
  if (was > now) return 'was';
  if (now > was) return 'now';
  return PRICE_WORDS.test(label) ? 'now' : undefined;
}

const SAVE_BEFORE =
  /(?<![\p{L}\p{N}])(?:you save|save|saving|savings|sie sparen|du sparst|sparen|ersparnis|économisez|économie|ahorra|ahorras|ahorro|risparmi|risparmio|bespaar|besparing|du sparar|spara|oszczędzasz|oszczędność|ušetříte)(?:[^\p{L}\p{N}]|\d+(?:[.,]\d+)?\s?%)*$/iu;
const RANGE_BETWEEN = /^[\s\u00a0\u202f]*(?:-|–|—|~|to|bis|à|a|til|till|до)[\s\u00a0\u202f]*$/iu;
const FREE =
  /^[^\p{L}\p{N}]*(?:free|gratis|gratuit|gratuite|gratuito|gratuita|kostenlos|umsonst|zdarma|ingyenes|darmowa|darmowy|bezpłatnie|ilmainen|ücretsiz|無料|免费)[^\p{L}\p{N}]*$/iu;

// "15.08.2017", "2017-08-15", "25-09": dates and codes, read as one token so no part becomes a price.
const DATE_OR_CODE =
  /^(?:\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})|\d{4}([./-])\d{1,2}\2\d{1,2}|\d{1,4}-0\d+|\d{1,2}\/\d{1,2})(?![\d.,]?\d)/;
const MONTH_BEFORE =
  /(?<!\p{L})(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\.?,?\s*(?:\d{1,2}(?:st|nd|rd|th|\.)?,?\s*)?$/iu;
const STRAY_DECIMALS = /^([.,])[ \u00a0](\d{2})(?![\d]|[.,]\d)/;
// Case matters: "16 ft" is feet, "16 Ft" forints; "1 KM" is the Bosnian mark, "1 km" a distance.
const SIZE_AFTER =
  /^[\s\u00a0]?(?:ft|feet|foot|inch|inches|in\.|cm|mm|km|m²|kg|lbs?|oz|ml|GB|MB|TB|mAh|kW|kWh|MHz|GHz|px|yd|yards?|pcs|pieces|szt|шт|stk)(?![\p{L}\p{N}])/u;
const QUANTITY_BEFORE =
  /(?:min(?:imum)?\.?\s*(?:order|qty|quantity)|order\s*qty|qty|quantity|menge|anzahl|мин\.?\s*заказ|заказ|кол-во|количество)[\s.:]*$/iu;
// "orders over", "spend", "Bestellwert": an order total to reach. A lone "order" is not ("Add to
// order $19.99"), only with a word of amount after it.
const THRESHOLD_BEFORE =
  /(?<![\p{L}\p{N}])(?:(?:orders?|purchases?|spend|einkäufe|bestellungen?|bestellwert|commandes?|pedidos?|compras?)\s+(?:over|above|of|from|more than|ab|über|dès|de plus de|à partir de|desde|superiores a|de)|orders|purchases|spend|einkäufe|bestellwert|mindestbestellwert)[\s:]*$/iu;

/** Every price-like number in `text`, with its currency and role (unit price, was/now label). */
export function parsePrices(text: string, currencyHint?: string): PriceMatch[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  // Prices live in short strings; a huge text is not a price and would only cost time.
  const s = text.length > 2000 ? text.slice(0, 2000) : text;
  const hint = currencyFromHint(currencyHint);
  // Only a hint that names the currency itself (a code or the page's currency sign) dresses a bare
  // number; a locale or host says where the shop is, not what this number is in.
  const hintNamesCurrency = !!hint && currencyNamedBy(currencyHint!.trim()) === hint;
  const found: (PriceMatch & { hasSymbol: boolean; suffixEnd: number })[] = [];
  NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER.exec(s)) !== null) {
    let token = m[0];
    const index = m.index;
    // Trim a trailing separator that the pattern may have swallowed.
    while (/[ \u00a0\u202f\u2009'’.,]$/.test(token)) token = token.slice(0, -1);
    let end = index + token.length;
    // Scientific notation ("1e308") is a measurement or an overflow, never a shelf price.
    if (/^[eE][+-]?\d/.test(s.slice(end, end + 3))) {
      NUMBER.lastIndex = end + (/^[eE][+-]?\d+/.exec(s.slice(end, end + 40))?.[0].length ?? 1);
      continue;
    }
    // Digits glued to a word ("A4", "iPhone15") are model names, unless the word is a code ("EUR12").
    if (isLetter(s[index - 1]) && !symbolBefore(s, index)) continue;
    // Dates ("15.08.2017", "2017-08-15") and codes ("25-09") without a currency are not prices.
    const date = DATE_OR_CODE.exec(s.slice(index, index + 24));
    if (date && !symbolBefore(s, index) && !symbolAfter(s, index + date[0].length)) {
      NUMBER.lastIndex = index + date[0].length;
      continue;
    }
    // A stray space after the decimal point: "$119. 95", "1.837, 32 €" (a comma only with a currency).
    let decimals = '';
    const stray = /[.,]\d{1,2}$/.test(token) ? null : STRAY_DECIMALS.exec(s.slice(end, end + 8));
    if (stray) {
      const merged = end + stray[0].length;
      if (
        stray[1] === '.' ||
        symbolBefore(s, index) ||
        symbolAfter(s, merged) ||
        s.trim() === s.slice(index, merged).trim()
      ) {
        token = `${token}${stray[1]}${stray[2]}`;
        end = merged;
      }
    }
    // "35€99", "1250€ 60": the euro sign standing for the decimal point (French shelf style).
    const euroPoint = /^\d+(?:[ \u00a0.,'’]\d{3})*$/.test(token)
      ? /^€(?:(\d{1,3})|[ \u00a0](\d{2}))(?![\d€]|[.,]\d|[ \u00a0]?(?:€|EUR))/.exec(
          s.slice(end, end + 8),
        )
      : null;
    if (euroPoint) decimals = euroPoint[1] ?? euroPoint[2] ?? '';
    const rest = s.slice(end, end + 4).replace(LEAD_SPACE, '');
    // Percentages and quantities ("20 %", "2 x") are not prices.
    if (rest[0] === '%' || (/^[x×]/i.test(rest) && !isLetter(rest[1]))) continue;
    const before = symbolBefore(s, index);
    const after = euroPoint
      ? { symbol: '€', candidates: ['EUR'], length: euroPoint[0].length }
      : signOwnedBefore(s, end, !!before);
    // A bare number with a size unit ("16.00 ft", "32 GB") is a measurement.
    if (!before && !after && SIZE_AFTER.test(s.slice(end, end + 8))) continue;
    // A year after a month ("July, 2004", "März 2019") is a date.
    if (
      !before &&
      !after &&
      /^(?:19|20)\d\d$/.test(token) &&
      MONTH_BEFORE.test(s.slice(Math.max(0, index - 16), index))
    )
      continue;
    // A bare number after a quantity label ("min. order: 1", "Qty 2") counts pieces.
    if (!before && !after && QUANTITY_BEFORE.test(s.slice(Math.max(0, index - 24), index)))
      continue;
    const wholeMark = /[.,:](?:-|–|—)$/.test(token) || after?.symbol === ':-';
    // Prefer a code, then an unambiguous symbol, then whatever is there.
    let hit: SymbolHit | undefined;
    if (before && after) {
      hit = after.candidates.length === 1 && before.candidates.length > 1 ? after : before;
    } else {
      hit = before ?? after;
    }
    const symbol = hit?.symbol;
    const currency = hit ? resolveCurrency(hit.candidates, hint) : undefined;
    const whole = parseAmount(
      wholeMark ? token.replace(/[.,:](?:-|–|—)$/, '') : token,
      currency ?? hint,
    );
    if (whole === null) continue;
    const amount = decimals ? Number(`${whole}.${decimals}`) : whole;
    const suffixEnd = after === hit && after ? end + after.length : end;
    // A threshold ("Free shipping on orders $49+", "orders over $50") is not the price of a thing.
    if (
      /^\+(?!\d)/.test(s.slice(suffixEnd, suffixEnd + 2)) ||
      THRESHOLD_BEFORE.test(
        s.slice(Math.max(0, index - 40), before === hit && before ? index - before.length : index),
      )
    ) {
      NUMBER.lastIndex = Math.max(NUMBER.lastIndex, suffixEnd);
      continue;
    }
    const unit = UNIT_AFTER.exec(s.slice(suffixEnd, suffixEnd + 24));
    const match: PriceMatch & { hasSymbol: boolean; suffixEnd: number } = {
      amount,
      index: before === hit && before ? index - before.length : index,
      end: suffixEnd,
      hasSymbol: !!hit,
      suffixEnd,
    };
    if (currency) match.currency = currency;
    if (symbol) match.symbol = symbol;
    if (unit) {
      match.unit = unit[1]!.replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase();
      match.end = suffixEnd + unit[0].length;
    }
    found.push(match);
    NUMBER.lastIndex = Math.max(NUMBER.lastIndex, match.end);
  }
  const withSymbol = found.filter((f) => f.hasSymbol);
  // Without any symbol every number counts; with symbols, a bare number only counts as the low end
  // of a range whose high end carries the symbol ("10 – 20 €").
  const kept =
    withSymbol.length === 0
      ? found
      : found.filter(
          (f, i) =>
            f.hasSymbol ||
            (!!found[i + 1]?.hasSymbol &&
              f.amount <= found[i + 1]!.amount &&
              RANGE_BETWEEN.test(s.slice(f.end, found[i + 1]!.index))),
        );
  // A currency written once applies to its neighbours ("10 – 20 €").
  const shared = new Set(kept.map((k) => k.currency).filter((c): c is string => !!c));
  const only = shared.size === 1 ? [...shared][0] : undefined;
  const sharedSymbol = new Set(kept.map((k) => k.symbol).filter((c): c is string => !!c));
  let prevEnd = 0;
  const out: PriceMatch[] = [];
  for (const k of kept) {
    const result: PriceMatch = { amount: k.amount, index: k.index, end: k.end };
    const currency =
      k.currency ?? (only && (!k.symbol || sharedSymbol.size <= 1) ? only : undefined);
    if (currency) result.currency = currency;
    else if (hint && !k.symbol && withSymbol.length === 0 && hintNamesCurrency) {
      // A bare number on a page whose markup or platform says the currency.
      result.currency = hint;
    }
    if (k.symbol) result.symbol = k.symbol;
    if (k.unit) result.unit = k.unit;
    const label = s.slice(prevEnd, k.index);
    const role = labelOf(label);
    if (role) result.label = role;
    if (
      SAVE_BEFORE.test(label.slice(-40)) ||
      /^[\s\u00a0]*off\b/i.test(s.slice(k.end, k.end + 8))
    ) {
      result.saving = true;
    }
    prevEnd = k.end;
    out.push(result);
  }
  return out;
}

function plain(m: PriceMatch): ParsedPrice {
  const p: ParsedPrice = { amount: m.amount };
  if (m.currency) p.currency = m.currency;
  if (m.max !== undefined) p.max = m.max;
  if (m.unit) p.unit = m.unit;
  return p;
}

/**
 * The current price, the was-price and the unit price in a text. Labels ("Was", "UVP", "Now",
 * "Sale price") decide which is which; without labels the first price is the current one and a
 * second is kept as `alternative`; two prices joined by "–" or "to" are a range (now = low end,
 * `max` = high end).
 */
export function parsePriceDetails(text: string, currencyHint?: string): PriceDetails {
  const all = parsePrices(text, currencyHint);
  const details: PriceDetails = { all };
  if (all.length === 0) {
    if (typeof text === 'string' && FREE.test(text.slice(0, 200))) {
      details.now = { amount: 0 };
      const hint = currencyFromHint(currencyHint);
      if (hint && currencyNamedBy(currencyHint?.trim() ?? '') === hint) {
        details.now.currency = hint;
      }
    }
    return details;
  }
  const units = all.filter((m) => m.unit);
  // A saving ("You save $12.00") is no price, unless the text shows nothing else.
  const priced = all.filter((m) => !m.unit && !m.saving);
  const main = priced.length > 0 ? priced : all.filter((m) => !m.unit);
  if (units[0]) details.unitPrice = plain(units[0]);
  if (main.length === 0) {
    // Only a unit price on show: it is the price the shopper sees.
    if (units[0]) details.now = plain(units[0]);
    return details;
  }
  const was = main.find((m) => m.label === 'was');
  let now =
    main.find((m) => m.label === 'now' && m !== was) ??
    main.find((m) => m !== was && m.label !== 'was');
  // "Was: $124.95 Now: $0.00": a zero beside a real price is a placeholder, not the price.
  if (now && now.amount === 0) {
    const real = main.find((m) => m.amount > 0 && m !== was) ?? main.find((m) => m.amount > 0);
    if (real) {
      details.zeroSetAside = plain(now);
      now = real;
    }
  }
  if (was && now && was !== now) {
    details.now = plain(now);
    details.was = plain(was);
    return details;
  }
  if (was || main.length === 1 || !now) {
    details.now = plain(now ?? was ?? main[0]!);
    return details;
  }
  const [a, b] = main as [PriceMatch, PriceMatch];
  const between = text.slice(a.end, b.index);
  if (RANGE_BETWEEN.test(between) && b.amount >= a.amount) {
    details.now = { ...plain(a), max: b.amount };
    if (!details.now.currency && b.currency) details.now.currency = b.currency;
    return details;
  }
  if (now.label === 'now') {
    // A label marks the current price; an unlabelled higher price beside it is the was-price.
    details.now = plain(now);
    const other = main.find((m) => m !== now && m.amount !== now.amount);
    if (other && other.amount > now.amount && other.label !== 'now') details.was = plain(other);
    else if (other) details.alternative = plain(other);
    return details;
  }
  // Unlabelled prices: the first is the one the text is about (real strings put the converted
  // amount, the price without VAT or a second offer after it); the other is kept as an alternative.
  // Struck-through was-prices are told apart by the page's markup (del/s or a was-class), not here.
  details.now = plain(now);
  const other = main.find((m) => m !== now && m.amount !== now.amount);
  if (other) details.alternative = plain(other);
  return details;
}

/** Reads one price from text: amount as a decimal number, ISO currency when it can be known. */
export function parsePrice(text: string, currencyHint?: string): ParsedPrice | null {
  try {
    return parsePriceDetails(text, currencyHint).now ?? null;
  } catch {
    return null;
  }
}

/** True for an ISO 4217 code this module knows. */
export function isIsoCurrency(code: string): boolean {
  return ISO_CODES.has(code);
}

/** Currency codes a symbol may stand for ("kr" → SEK, NOK, DKK, ISK); empty when unknown. */
export function currenciesForSymbol(symbol: string): string[] {
  const s = symbol.trim();
  if (ISO_CODES.has(s.toUpperCase())) return [s.toUpperCase()];
  return SYMBOLS.find(([sym]) => sym === s)?.[1] ?? [];
}
