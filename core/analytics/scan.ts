/**
 * The one loop every sales-type query runs: orders of the days in range (by order day), and
 * returns of the days in range (by return day, or with their order under order dating), passing
 * filters. Orders without an FX rate are tallied apart in their own currency and never summed.
 */
import { fxAt, type Dataset } from './dataset.ts';
import type { StrCol } from './types.ts';
import { valueAt } from './sparse.ts';
import { NO_DAY, dayOf, isoOf, minusOneYear } from '../time/index.ts';

/** An inclusive range of local dates 'YYYY-MM-DD' in the store timezone. */
export interface DateRange {
  start: string;
  end: string;
}
export type Comparison = 'previous-period' | 'previous-year' | 'none';
/** Keep only orders whose channel/country, or lines whose product type, is listed. */
export interface Filters {
  channel?: string[];
  productType?: string[];
  country?: string[];
}
export interface Query {
  range: DateRange;
  compare?: Comparison;
  filters?: Filters;
  grain?: 'day' | 'week' | 'month';
  refundDating?: 'refund' | 'order';
}

/** Sales in one currency that had no FX rate for the month: shown apart, never summed. */
export interface Unconverted {
  currency: string;
  orders: number;
  /** Total sales in minor units of `currency`. */
  totalSales: number;
}

/** Receives each contribution; `slot` = day − range start. `f` converts to reporting minor units. */
export interface Sink {
  /** Called for each sale order (order-level scans; never for a credit note). */
  order?(i: number, slot: number, f: number): void;
  /**
   * Called for each return counted in range (order-level scans): an order's whole return under
   * order dating; under refund dating each of its return events (one per refund day). `amount` =
   * the goods returned, `shipping` and `taxes` the refunded shipping and taxes, all in reporting
   * minor units.
   */
  orderReturn?(
    i: number,
    slot: number,
    amount: number,
    f: number,
    shipping: number,
    taxes: number,
  ): void;
  /** Called for each sale line passing the filters (line-level scans; gift cards never). */
  line?(j: number, i: number, slot: number, f: number): void;
  /**
   * Called for each line with a return counted in range (line-level scans); amount in reporting
   * minor units. `share` is the part of the line's return (and of its returned units) counted
   * here: 1, or under refund dating an order's refund day's share of the order's goods returned.
   */
  lineReturn?(j: number, i: number, slot: number, amount: number, share: number): void;
}

/** Day-number bounds of a range; throws a clear error when start is after end. */
export function rangeDays(range: DateRange): [number, number] {
  const s = dayOf(range.start);
  const e = dayOf(range.end);
  if (e < s) {
    throw new RangeError(
      `Date range ends (${range.end}) before it starts (${range.start}). Swap the dates.`,
    );
  }
  return [s, e];
}

/** The comparison range of a range: the same number of days before it, or the same dates a year earlier. */
export function compareRange(range: DateRange, comparison: Comparison): DateRange | null {
  const [s, e] = rangeDays(range);
  if (comparison === 'none') return null;
  if (comparison === 'previous-period') {
    const len = e - s + 1;
    return { start: isoOf(s - len), end: isoOf(s - 1) };
  }
  return { start: isoOf(minusOneYear(s)), end: isoOf(minusOneYear(e)) };
}

/** The last 30 days ending at the last day with data (or "now" when there is no data). */
export function defaultRange(ds: Dataset, days = 30): DateRange {
  const last = ds.lastDay !== NO_DAY ? ds.lastDay : ds.nowDay;
  return { start: isoOf(last - days + 1), end: isoOf(last) };
}

function mask(col: StrCol, values: string[] | undefined): Uint8Array | null {
  if (!values || values.length === 0) return null;
  const want = new Set(values);
  const m = new Uint8Array(col.dict.length);
  for (let c = 0; c < col.dict.length; c++) m[c] = want.has(col.dict[c]!) ? 1 : 0;
  return m;
}

/** Runs a sink over the range [s, e] (day numbers). Returns the unconverted tallies. */
export function scan(
  ds: Dataset,
  s: number,
  e: number,
  filters: Filters | undefined,
  dating: 'refund' | 'order',
  sink: Sink,
  lineLevel: boolean,
): Unconverted[] {
  const oc = ds.orders.columns;
  const lc = ds.lines.columns;
  const chMask = mask(oc.channel, filters?.channel);
  const coMask = mask(oc.country, filters?.country);
  const ptMask = mask(lc.productType, filters?.productType);
  const byLine = lineLevel || ptMask !== null;
  const chCodes = oc.channel.codes;
  const coCodes = oc.country.codes;
  const ptCodes = lc.productType.codes;
  const { fx, byDay, dayStart, orderLineStart, orderLines, creditNote } = ds;
  const returnOf = (i: number) => valueAt(ds.returnAmount, i);
  const returnShipping = (i: number) => valueAt(ds.returnShipping, i);
  const returnTaxes = (i: number) => valueAt(ds.returnTaxes, i);
  const lineReturn = (j: number) => valueAt(ds.lineReturn, j);
  // In its own currency: what the order's refund takes off total sales.
  const refundTotal = (i: number) => returnOf(i) + returnShipping(i) + returnTaxes(i);
  const uncOrders = new Map<number, number>();
  const uncTotal = new Map<number, number>();
  const addUnc = (i: number, orders: number, amount: number) => {
    const c = oc.currency.codes[i]!;
    uncOrders.set(c, (uncOrders.get(c) ?? 0) + orders);
    uncTotal.set(c, (uncTotal.get(c) ?? 0) + amount);
  };
  const lineNet = (j: number) => lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j);
  const orderTotal = (i: number) => oc.total[i]! - valueAt(ds.giftCards, i);

  if (ds.firstDay !== NO_DAY) {
    const from = Math.max(s, ds.firstDay);
    const to = Math.min(e, ds.lastDay);
    for (let d = from; d <= to; d++) {
      const slot = d - s;
      const k1 = dayStart[d - ds.firstDay + 1]!;
      for (let k = dayStart[d - ds.firstDay]!; k < k1; k++) {
        const i = byDay[k]!;
        if (chMask !== null && chMask[chCodes[i]!] === 0) continue;
        if (coMask !== null && coMask[coCodes[i]!] === 0) continue;
        const f = fxAt(fx, i);
        const sale = creditNote[i] === 0;
        if (!byLine) {
          if (f !== f) {
            addUnc(i, sale ? 1 : 0, orderTotal(i) - (dating === 'order' ? refundTotal(i) : 0));
            continue;
          }
          if (sale) sink.order?.(i, slot, f);
          if (dating === 'order' && refundTotal(i) > 0)
            sink.orderReturn?.(
              i,
              slot,
              returnOf(i) * f,
              f,
              returnShipping(i) * f,
              returnTaxes(i) * f,
            );
          continue;
        }
        let any = false;
        let unc = 0;
        for (let p = orderLineStart[i]!, p1 = orderLineStart[i + 1]!; p < p1; p++) {
          const j = orderLines[p]!;
          if (ptMask !== null && ptMask[ptCodes[j]!] === 0) continue;
          any = true;
          if (f !== f) {
            unc += (sale ? lineNet(j) : 0) - (dating === 'order' ? lineReturn(j) : 0);
            continue;
          }
          if (sale) sink.line?.(j, i, slot, f);
          if (dating === 'order' && lineReturn(j) > 0)
            sink.lineReturn?.(j, i, slot, lineReturn(j) * f, 1);
        }
        if (any && f !== f) addUnc(i, sale ? 1 : 0, unc);
      }
    }
  }

  if (dating === 'refund' && ds.retFirstDay !== NO_DAY) {
    const { retByDay, retDayStart, retFirstDay, retOrder, retGoods, retShipping, retTaxes } = ds;
    const from = Math.max(s, retFirstDay);
    const to = Math.min(e, ds.retLastDay);
    for (let d = from; d <= to; d++) {
      const slot = d - s;
      const k1 = retDayStart[d - retFirstDay + 1]!;
      for (let k = retDayStart[d - retFirstDay]!; k < k1; k++) {
        // A return event: one order's refunds of this day (its whole return for most orders).
        const x = retByDay[k]!;
        const i = retOrder[x]!;
        if (chMask !== null && chMask[chCodes[i]!] === 0) continue;
        if (coMask !== null && coMask[coCodes[i]!] === 0) continue;
        const f = fxAt(fx, i);
        if (!byLine) {
          if (f !== f) addUnc(i, 0, -(retGoods[x]! + retShipping[x]! + retTaxes[x]!));
          else
            sink.orderReturn?.(i, slot, retGoods[x]! * f, f, retShipping[x]! * f, retTaxes[x]! * f);
          continue;
        }
        // The lines this refund day returned, when the refunds name them.
        for (let q = ds.retLineStart[x]!, q1 = ds.retLineStart[x + 1]!; q < q1; q++) {
          const j = ds.retLine[q]!;
          if (ptMask !== null && ptMask[ptCodes[j]!] === 0) continue;
          const r = lineReturn(j);
          if (r <= 0) continue;
          const part = ds.retLineFrac[q]!;
          if (f !== f) addUnc(i, 0, -r * part);
          else sink.lineReturn?.(j, i, slot, r * part * f, part);
        }
        const share = ds.retShare[x]!;
        if (share === 0) continue;
        for (let p = orderLineStart[i]!, p1 = orderLineStart[i + 1]!; p < p1; p++) {
          const j = orderLines[p]!;
          if (ptMask !== null && ptMask[ptCodes[j]!] === 0) continue;
          const r = lineReturn(j);
          if (r <= 0) continue;
          if (f !== f) addUnc(i, 0, -r * share);
          else sink.lineReturn?.(j, i, slot, r * share * f, share);
        }
      }
    }
  }

  const out: Unconverted[] = [];
  for (const [c, orders] of uncOrders) {
    out.push({ currency: oc.currency.dict[c] ?? '', orders, totalSales: uncTotal.get(c) ?? 0 });
  }
  return out.sort((a, b) => a.currency.localeCompare(b.currency));
}
