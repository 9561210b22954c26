// Normalising product titles into comparable tokens, with pack sizes and units made canonical so
// "Kaffeebecher 0,35 l" and "Kaffeebecher 350ml" share their size token.

const UNIT_FACTORS: Record<string, { base: 'g' | 'ml' | 'cm'; factor: number }> = {
  mg: { base: 'g', factor: 0.001 },
  g: { base: 'g', factor: 1 },
  gr: { base: 'g', factor: 1 },
  kg: { base: 'g', factor: 1000 },
  lb: { base: 'g', factor: 453.592 },
  lbs: { base: 'g', factor: 453.592 },
  oz: { base: 'g', factor: 28.3495 },
  ml: { base: 'ml', factor: 1 },
  cl: { base: 'ml', factor: 10 },
  dl: { base: 'ml', factor: 100 },
  l: { base: 'ml', factor: 1000 },
  ltr: { base: 'ml', factor: 1000 },
  liter: { base: 'ml', factor: 1000 },
  litre: { base: 'ml', factor: 1000 },
  floz: { base: 'ml', factor: 29.5735 },
  mm: { base: 'cm', factor: 0.1 },
  cm: { base: 'cm', factor: 1 },
  m: { base: 'cm', factor: 100 },
};

/** A pack: `count` units of `size` each, in a base unit (g, ml, cm) or pieces. */
export interface PackSize {
  count: number;
  /** Size of one unit in `unit`; 1 for pieces. */
  size: number;
  unit: 'g' | 'ml' | 'cm' | 'pc';
  /** count × size, the total used for unit prices. */
  total: number;
}

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
const UNIT = String.raw`(mg|kg|g|gr|lbs?|oz|fl\.?\s?oz|ml|cl|dl|l|ltr|lit(?:er|re)|mm|cm|m)`;
const MULTI = new RegExp(String.raw`(\d+)\s*[x×]\s*${NUM}\s*${UNIT}\b`, 'i');
const SINGLE = new RegExp(String.raw`${NUM}\s*${UNIT}\b`, 'i');
const PIECES = /(\d+)\s*(?:-?\s*)(?:pack|pk|pcs?|pieces?|stk|stück|count|ct|er[- ]pack)\b/i;
const PACK_OF = /\b(?:pack|set|box)\s+of\s+(\d+)\b/i;

function num(s: string): number {
  return Number(s.replace(',', '.'));
}

function unitOf(raw: string): { base: 'g' | 'ml' | 'cm'; factor: number } | undefined {
  return UNIT_FACTORS[raw.toLowerCase().replace(/[.\s]/g, '')];
}

/** The pack size written in a title ("6 x 500 ml", "1 kg", "12-pack"), or null. */
export function parsePackSize(title: string): PackSize | null {
  const multi = MULTI.exec(title);
  if (multi) {
    const u = unitOf(multi[3]!);
    const count = Number(multi[1]);
    if (u && count > 0) {
      const size = num(multi[2]!) * u.factor;
      return { count, size, unit: u.base, total: count * size };
    }
  }
  const single = SINGLE.exec(title);
  const pieces = PIECES.exec(title) ?? PACK_OF.exec(title);
  const count = pieces ? Number(pieces[1]) : 1;
  if (single) {
    const u = unitOf(single[2]!);
    if (u) {
      const size = num(single[1]!) * u.factor;
      if (size > 0) return { count, size, unit: u.base, total: count * size };
    }
  }
  if (pieces && count > 0) return { count, size: 1, unit: 'pc', total: count };
  return null;
}

const STOP = new Set([
  'the',
  'a',
  'an',
  'and',
  'or',
  'for',
  'with',
  'of',
  'in',
  'by',
  'to',
  'new',
  'und',
  'mit',
  'für',
  'der',
  'die',
  'das',
  'de',
  'la',
  'le',
  'et',
  'en',
  'pour',
  'avec',
]);

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Title → set of normalised tokens; sizes become one canonical token such as "size:500ml". */
export function titleTokens(title: string): Set<string> {
  const out = new Set<string>();
  let text = fold(title);
  const pack = parsePackSize(text);
  if (pack) {
    out.add(`size:${Math.round(pack.size * 100) / 100}${pack.unit}`);
    if (pack.count > 1) out.add(`count:${pack.count}`);
    text = text.replace(MULTI, ' ').replace(SINGLE, ' ').replace(PIECES, ' ').replace(PACK_OF, ' ');
  }
  // "Men’s" and "mens" are one word.
  text = text.replace(/['’`´]/g, '');
  for (const t of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!t || STOP.has(t)) continue;
    out.add(t);
  }
  return out;
}

/** Sørensen–Dice similarity of two titles' token sets, 0..1. */
export function titleSimilarity(a: string, b: string): number {
  const x = titleTokens(a);
  const y = titleTokens(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const t of x) if (y.has(t)) common++;
  let score = (2 * common) / (x.size + y.size);
  // Different sizes of the same product are different products for a price comparison.
  const sx = [...x].find((t) => t.startsWith('size:'));
  const sy = [...y].find((t) => t.startsWith('size:'));
  if (sx && sy && sx !== sy) score *= 0.5;
  return score;
}

/** Lower-case, accents and punctuation removed: for comparing SKUs, MPNs and brands. */
export function normCode(s: string): string {
  return fold(s).replace(/[^\p{L}\p{N}]+/gu, '');
}
