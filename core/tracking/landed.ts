// Comparing like with like: a competitor's price next to the own price in one currency (converted
// with the user's rates and labelled as such), per unit when pack sizes differ, and with the
// current (sale) price and the was-price kept apart.
import { minorDigits } from './money.ts';
import { parsePackSize, type PackSize } from './text.ts';

export interface PriceSide {
  /** Current selling price in minor units of `currency`. */
  price: number;
  /** Struck-through / compare-at price in minor units, when shown. */
  wasPrice?: number | null;
  currency: string;
  /** The title, read for a pack size ("6 x 500 ml"). */
  title: string;
}

/** User exchange rates: 1 unit of `code` is worth `rates[code]` units of `base`. */
export interface FxRates {
  base: string;
  rates: Record<string, number>;
}

export interface LandedComparison {
  /** Currency both sides are shown in (the own product's). */
  currency: string;
  /** Their current price, in minor units of `currency`. */
  theirs: number;
  theirsWas: number | null;
  own: number;
  ownWas: number | null;
  /** Set when their price was converted: the label says "converted at 1 EUR = 1.08 USD". */
  converted: { from: string; rate: number } | null;
  /** Unit prices in minor units per `per` `unit` (per kg, per litre, per piece) when pack sizes differ. */
  unit: { unit: PackSize['unit']; per: number; theirs: number; own: number } | null;
  /** (theirs − own) ÷ own on current prices (per unit when pack sizes differ), in percent. */
  differencePercent: number | null;
  /** Same on regular prices (was-price where shown, else the current price): sales kept apart. */
  regularDifferencePercent: number | null;
}

/** Why a comparison could not be made, in words for the manager. */
export class ComparisonError extends Error {
  override name = 'ComparisonError';
}

function convert(minor: number, from: string, to: string, rate: number): number {
  const major = minor / 10 ** minorDigits(from);
  return Math.round(major * rate * 10 ** minorDigits(to));
}

/** Rate from `from` into `to` using user rates, or null when the user gave none that fits. */
export function rateBetween(
  rates: FxRates | null | undefined,
  from: string,
  to: string,
): number | null {
  if (from === to) return 1;
  if (!rates) return null;
  const toBase = (c: string) => (c === rates.base ? 1 : rates.rates[c]);
  const a = toBase(from);
  const b = toBase(to);
  if (!a || !b || !Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) return null;
  return a / b;
}

function pct(theirs: number, own: number): number | null {
  return own > 0 ? ((theirs - own) / own) * 100 : null;
}

const PER: Record<PackSize['unit'], number> = { g: 1000, ml: 1000, cm: 100, pc: 1 };

/**
 * Their price against the own price. Throws a ComparisonError when the currencies differ and the
 * user has no rate for them (a number summed across currencies would be wrong, not approximate).
 */
export function landedComparison(
  theirs: PriceSide,
  own: PriceSide,
  rates?: FxRates | null,
): LandedComparison {
  const rate = rateBetween(rates, theirs.currency, own.currency);
  if (rate === null)
    throw new ComparisonError(
      `Their price is in ${theirs.currency}, yours in ${own.currency}: add a ${theirs.currency} rate in Storelens options to compare.`,
    );
  const conv = (m: number) =>
    theirs.currency === own.currency ? m : convert(m, theirs.currency, own.currency, rate);
  const t = conv(theirs.price);
  const tWas =
    theirs.wasPrice != null && theirs.wasPrice > theirs.price ? conv(theirs.wasPrice) : null;
  const ownWas = own.wasPrice != null && own.wasPrice > own.price ? own.wasPrice : null;
  const pt = parsePackSize(theirs.title);
  const po = parsePackSize(own.title);
  let unit: LandedComparison['unit'] = null;
  let tCmp = t;
  let oCmp = own.price;
  let tReg = tWas ?? t;
  let oReg = ownWas ?? own.price;
  if (pt && po && pt.unit === po.unit && Math.abs(pt.total - po.total) > 1e-9) {
    const per = PER[pt.unit];
    const tu = (t / pt.total) * per;
    const ou = (own.price / po.total) * per;
    unit = { unit: pt.unit, per, theirs: Math.round(tu), own: Math.round(ou) };
    tCmp = tu;
    oCmp = ou;
    tReg = ((tWas ?? t) / pt.total) * per;
    oReg = ((ownWas ?? own.price) / po.total) * per;
  }
  return {
    currency: own.currency,
    theirs: t,
    theirsWas: tWas,
    own: own.price,
    ownWas,
    converted: theirs.currency === own.currency ? null : { from: theirs.currency, rate },
    unit,
    differencePercent: pct(tCmp, oCmp),
    regularDifferencePercent: pct(tReg, oReg),
  };
}
