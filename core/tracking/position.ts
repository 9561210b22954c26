// The price position over time: the own price as a step series (held from one recorded point to
// the next) next to a competitor's checks, and how many days the manager was cheaper. Like with
// like only: an own point in another currency leaves the own price unknown until the next point.

/** One recorded own price (minor units), valid from `at` (UTC ms) until the next point. */
export interface OwnPriceLike {
  at: number;
  price: number;
  currency: string;
}

/** Days compared and how the own price stood against theirs on each (end of day, or now). */
export interface PricePosition {
  days: number;
  cheaper: number;
  dearer: number;
  same: number;
}

const DAY = 86_400_000;

const known = (v: number | null | undefined): v is number => v != null && !Number.isNaN(v);

/**
 * Chart times (UTC seconds): the competitor's checks and the own price points from the first check
 * on, merged and sorted; `check[i]` is the index of the check at `x[i]`, or -1 for an own point.
 * Older own points are not added: the step value at the first check already carries them.
 */
export function chartTimes(
  checksSec: ArrayLike<number>,
  own: readonly OwnPriceLike[],
): { x: number[]; check: Int32Array } {
  const x: number[] = [];
  const check: number[] = [];
  let k = 0;
  const first = checksSec.length > 0 ? checksSec[0]! : -Infinity;
  const ownSec = own
    .map((p) => p.at / 1000)
    .filter((t) => t >= first)
    .sort((a, b) => a - b);
  for (let i = 0; i < checksSec.length; i++) {
    const t = checksSec[i]!;
    for (; k < ownSec.length && ownSec[k]! <= t; k++)
      if (ownSec[k]! < t && x[x.length - 1] !== ownSec[k]) {
        x.push(ownSec[k]!);
        check.push(-1);
      }
    x.push(t);
    check.push(i);
  }
  for (; k < ownSec.length; k++)
    if (x[x.length - 1] !== ownSec[k]) {
      x.push(ownSec[k]!);
      check.push(-1);
    }
  return { x, check: Int32Array.from(check) };
}

/**
 * The own price held at each time `xSec` (UTC seconds): the latest point at or before it, or null
 * before the first point and while the latest point is in another currency than `currency`.
 */
export function ownPriceSteps(
  own: readonly OwnPriceLike[],
  xSec: ArrayLike<number>,
  currency: string,
): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(xSec.length).fill(null);
  let k = -1;
  for (let i = 0; i < xSec.length; i++) {
    const t = xSec[i]! * 1000;
    while (k + 1 < own.length && own[k + 1]!.at <= t) k++;
    const p = own[k];
    out[i] = p && p.currency === currency ? p.price : null;
  }
  return out;
}

/**
 * Over the last `days` UTC days up to `now` (ms), compares each day's own price with theirs, both
 * as held at the end of the day (or now, for today): their latest successful check and the own
 * price in their `currency`. Days where either is unknown are left out; null when none is left.
 */
export function pricePosition(
  theirs: { xSec: ArrayLike<number>; price: ArrayLike<number | null>; currency: string },
  own: readonly OwnPriceLike[],
  opts: { now: number; days?: number },
): PricePosition | null {
  const days = opts.days ?? 30;
  const today = Math.floor(opts.now / DAY);
  const out: PricePosition = { days: 0, cheaper: 0, dearer: 0, same: 0 };
  let i = -1;
  let their: number | null = null;
  let k = -1;
  for (let d = today - days + 1; d <= today; d++) {
    const t = Math.min((d + 1) * DAY - 1, opts.now);
    while (i + 1 < theirs.xSec.length && theirs.xSec[i + 1]! * 1000 <= t) {
      i++;
      const v = theirs.price[i];
      // A failed check keeps the last price seen: the shop did not change it by failing.
      if (known(v)) their = v;
    }
    while (k + 1 < own.length && own[k + 1]!.at <= t) k++;
    const p = own[k];
    const mine = p && p.currency === theirs.currency ? p.price : null;
    if (their === null || mine === null) continue;
    out.days++;
    if (mine < their) out.cheaper++;
    else if (mine > their) out.dearer++;
    else out.same++;
  }
  return out.days === 0 ? null : out;
}

/** The position in the manager's words: "You were cheaper on 12 of the last 30 days, …". */
export function pricePositionText(p: PricePosition): string {
  if (p.days === 1)
    return p.cheaper
      ? 'Today you are cheaper than them.'
      : p.dearer
        ? 'Today you are more expensive than them.'
        : 'Today you have the same price as them.';
  let s = `You were cheaper on ${p.cheaper} of the last ${p.days} days`;
  if (p.dearer) s += `, more expensive on ${p.dearer}`;
  if (p.same) s += `, the same price on ${p.same}`;
  return `${s}.`;
}

/**
 * The own price history in words, "Your price: $119.00 → $139.00 (2 prices recorded)" (the last
 * four), or why it is not compared when the latest own price is in another currency than theirs.
 */
export function ownHistoryText(
  own: readonly OwnPriceLike[],
  currency: string,
  money: (minor: number, currency: string) => string,
): string | null {
  const latest = own[own.length - 1];
  if (!latest) return null;
  if (latest.currency !== currency)
    return `Your price is in ${latest.currency} and theirs in ${currency}: the history compares only prices in the same currency.`;
  const shown = own
    .filter((o) => o.currency === currency)
    .slice(-4)
    .map((o) => money(o.price, o.currency));
  return `Your price: ${shown.join(' → ')} (${own.length} price${own.length === 1 ? '' : 's'} recorded)`;
}
