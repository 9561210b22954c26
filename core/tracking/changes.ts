// What changed between two successful checks of a product, and which changes deserve an alert
// under the user's thresholds (percent or amount, up, down or both; stock out / back in).
import { toMinor } from './money.ts';

/** One successful observation (a snapshot without an error). */
export interface Observation {
  at: number;
  /** Minor units of `currency`; null when the page showed no price. */
  price: number | null;
  currency: string | null;
  availability: string;
}

export interface AlertThresholds {
  /** `percent`: `value` is a percentage; `amount`: `value` is in major units of the product's currency. */
  mode: 'percent' | 'amount';
  value: number;
  direction: 'up' | 'down' | 'both';
  /** Alert when a product goes out of stock or comes back. */
  stock: boolean;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  mode: 'percent',
  value: 5,
  direction: 'both',
  stock: true,
};

export type ChangeKind =
  | 'price-up'
  | 'price-down'
  | 'price-appeared'
  | 'price-gone'
  | 'currency-changed'
  | 'out-of-stock'
  | 'back-in-stock';

export interface ProductChange {
  kind: ChangeKind;
  at: number;
  from: number | null;
  to: number | null;
  currency: string | null;
  /** Relative price change in percent (price-up/down only). */
  percent: number | null;
  /** True when the change passes the user's thresholds and a notification is due. */
  alert: boolean;
}

const IN = new Set(['InStock', 'LimitedAvailability', 'OnlineOnly', 'InStoreOnly']);
const OUT = new Set(['OutOfStock', 'SoldOut', 'Discontinued', 'BackOrder']);

/** In stock, out of stock, or not known (pre-order, unknown). */
export function stockState(availability: string): 'in' | 'out' | 'unknown' {
  return IN.has(availability) ? 'in' : OUT.has(availability) ? 'out' : 'unknown';
}

/** Whether a price move from `from` to `to` (minor units of `currency`) passes the thresholds. */
export function passesThreshold(
  from: number,
  to: number,
  currency: string,
  t: AlertThresholds,
): boolean {
  if (from === to) return false;
  const up = to > from;
  if (t.direction === 'up' && !up) return false;
  if (t.direction === 'down' && up) return false;
  const delta = Math.abs(to - from);
  if (t.mode === 'amount') return delta >= toMinor(t.value, currency);
  if (from <= 0) return true;
  // A tiny epsilon so "exactly 5 %" counts as 5 % despite binary fractions.
  return (delta / from) * 100 >= t.value - 1e-9;
}

/** The changes from `prev` to `next` (both successful checks of one product). */
export function detectChanges(
  prev: Observation | null,
  next: Observation,
  thresholds: AlertThresholds,
): ProductChange[] {
  if (!prev) return [];
  const out: ProductChange[] = [];
  const base = { at: next.at, currency: next.currency };
  if (prev.currency && next.currency && prev.currency !== next.currency && next.price !== null) {
    // Prices in two currencies are not a price move: report the switch, never a percentage.
    out.push({
      ...base,
      kind: 'currency-changed',
      from: prev.price,
      to: next.price,
      percent: null,
      alert: true,
    });
  } else if (prev.price !== null && next.price !== null && prev.price !== next.price) {
    const percent = prev.price > 0 ? ((next.price - prev.price) / prev.price) * 100 : null;
    out.push({
      ...base,
      kind: next.price > prev.price ? 'price-up' : 'price-down',
      from: prev.price,
      to: next.price,
      percent,
      alert: passesThreshold(prev.price, next.price, next.currency ?? 'USD', thresholds),
    });
  } else if (prev.price === null && next.price !== null) {
    out.push({
      ...base,
      kind: 'price-appeared',
      from: null,
      to: next.price,
      percent: null,
      alert: false,
    });
  } else if (prev.price !== null && next.price === null) {
    out.push({
      ...base,
      kind: 'price-gone',
      from: prev.price,
      to: null,
      percent: null,
      alert: false,
    });
  }
  const s0 = stockState(prev.availability);
  const s1 = stockState(next.availability);
  if (s0 === 'in' && s1 === 'out')
    out.push({
      ...base,
      kind: 'out-of-stock',
      from: null,
      to: null,
      percent: null,
      alert: thresholds.stock,
    });
  else if (s0 === 'out' && s1 === 'in')
    out.push({
      ...base,
      kind: 'back-in-stock',
      from: null,
      to: null,
      percent: null,
      alert: thresholds.stock,
    });
  return out;
}
