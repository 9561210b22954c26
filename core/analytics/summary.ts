/**
 * The day summary: everything the Overview of an unfiltered range reads, per local day, in a few
 * plain typed arrays — the additive day sums (dataset.ts DailyAggregates), the refunds counted
 * per rule and day, sessions and ad spend per day — plus what distinct customers need, which do
 * not add up over days: per order, in day order, its customer, whether it was the customer's
 * first order, and whether it has an FX rate.
 *
 * The loaded dataset answers every unfiltered query from it (sales.ts dayMeasures), and the
 * worker stores it (core/worker/startup.ts), so a cold start answers the Overview of any range
 * from a few megabytes instead of reading and building a million lines, with the same numbers:
 * both paths run `summaryMeasures` on the same arrays.
 */
import {
  REFUND_RULES,
  fxAt,
  type DailyAggregates,
  type Dataset,
  type RefundRules,
} from './dataset.ts';
import type { Unconverted } from './scan.ts';
import type { DayMeasures } from './sales.ts';
import { NO_DAY } from '../time/index.ts';

export interface DaySummary {
  /** Reporting currency. */
  currency: string;
  /** The orders' currency codes, as `daily.unc*` index them. */
  currencies: string[];
  refundDating: 'refund' | 'order';
  /** First and last local day with an order (NO_DAY when there are none). */
  firstDay: number;
  lastDay: number;
  /** Latest order timestamp (null when empty). */
  dataAsOf: number | null;
  /** First and last day with a return event (NO_DAY when none): `daily.*ByReturnDay` start here. */
  retFirstDay: number;
  retLastDay: number;
  daily: DailyAggregates;
  /**
   * Refunds per rule (REFUND_RULES order, 5 per day) of orders with a rate: by order day, from
   * `firstDay`, and per return event by its day, from `retFirstDay`.
   */
  rulesByOrderDay: Int32Array;
  rulesByReturnDay: Int32Array;
  /** Orders of day d at `dayStart[d − firstDay] .. dayStart[d − firstDay + 1]` of `dayCustomer`. */
  dayStart: Int32Array;
  /**
   * Per order in day order: its customer code × 4, + 1 when it is a repeat order (Shopify's
   * "returning" customer type: not the customer's first order), + 2 when it has no FX rate (it
   * counts no customer, but being the customer's first order it makes them new); −1 for a guest
   * order or a credit note.
   */
  dayCustomer: Int32Array;
  /** Customer codes run 0 .. customerCount − 1. */
  customerCount: number;
  /** Sessions per day from `sessionsFirstDay`; null without traffic data. */
  sessions: Float64Array | null;
  sessionsFirstDay: number;
  /** Ad spend per day in reporting minor units (rows without a rate left out); null without spend data. */
  spend: Float64Array | null;
  spendFirstDay: number;
}

const RULES = REFUND_RULES.length;

const summaries = new WeakMap<Dataset, DaySummary>();

/** The dataset's day summary (built once per dataset, on the first unfiltered query). */
export function daySummary(ds: Dataset): DaySummary {
  let sum = summaries.get(ds);
  if (!sum) {
    sum = buildSummary(ds);
    summaries.set(ds, sum);
  }
  return sum;
}

function buildSummary(ds: Dataset): DaySummary {
  const { byDay, orderCustomer, repeatOrder, fx, refundRule } = ds;
  const span = ds.firstDay === NO_DAY ? 0 : ds.lastDay - ds.firstDay + 1;
  const rulesByOrderDay = new Int32Array(span * RULES);
  const dayCustomer = new Int32Array(byDay.length);
  for (let k = 0; k < span; k++) {
    for (let x = ds.dayStart[k]!, x1 = ds.dayStart[k + 1]!; x < x1; x++) {
      const i = byDay[x]!;
      const valid = !Number.isNaN(fxAt(fx, i));
      const r = refundRule[i]!;
      if (r > 0 && valid) rulesByOrderDay[k * RULES + r - 1]!++;
      const c = orderCustomer[i]!;
      dayCustomer[x] = c < 0 ? -1 : c * 4 + repeatOrder[i]! + (valid ? 0 : 2);
    }
  }
  const retSpan = ds.retFirstDay === NO_DAY ? 0 : ds.retLastDay - ds.retFirstDay + 1;
  const rulesByReturnDay = new Int32Array(retSpan * RULES);
  for (let k = 0; k < retSpan; k++) {
    for (let x = ds.retDayStart[k]!, x1 = ds.retDayStart[k + 1]!; x < x1; x++) {
      const i = ds.retOrder[ds.retByDay[x]!]!;
      const r = refundRule[i]!;
      if (r > 0 && !Number.isNaN(fxAt(fx, i))) rulesByReturnDay[k * RULES + r - 1]!++;
    }
  }
  // Spend per day: what spendIn summed row by row, so a cold start needs no spend rows.
  let spend: Float64Array | null = null;
  let spendFirstDay = NO_DAY;
  if (ds.spend && ds.spend.length > 0) {
    let lo = NO_DAY;
    let hi = NO_DAY;
    for (const d of ds.spendDay) {
      if (d === NO_DAY) continue;
      if (lo === NO_DAY || d < lo) lo = d;
      if (hi === NO_DAY || d > hi) hi = d;
    }
    spend = new Float64Array(lo === NO_DAY ? 0 : hi - lo + 1);
    spendFirstDay = lo;
    for (let r = 0; r < ds.spend.length; r++) {
      const d = ds.spendDay[r]!;
      const v = ds.spendReporting[r]!;
      if (d !== NO_DAY && v === v) spend[d - lo]! += v;
    }
  }
  const traffic = ds.traffic !== null && ds.traffic.length > 0;
  return {
    currency: ds.currency,
    currencies: ds.orders.columns.currency.dict.slice(),
    refundDating: ds.refundDating,
    firstDay: ds.firstDay,
    lastDay: ds.lastDay,
    dataAsOf: ds.dataAsOf,
    retFirstDay: ds.retFirstDay,
    retLastDay: ds.retLastDay,
    daily: ds.daily,
    rulesByOrderDay,
    rulesByReturnDay,
    dayStart: ds.dayStart,
    dayCustomer,
    customerCount: ds.customerCount,
    sessions: traffic ? ds.trafficSessions : null,
    sessionsFirstDay: ds.trafficFirstDay,
    spend,
    spendFirstDay,
  };
}

function addRules(rules: Float64Array, counts: Int32Array, k: number): void {
  for (let r = 0; r < RULES; r++) rules[r]! += counts[k * RULES + r]!;
}

/** Unfiltered day measures of days [s, e]: copies of the day sums plus one pass for distinct customers. */
export function summaryMeasures(
  sum: DaySummary,
  s: number,
  e: number,
  dating: 'refund' | 'order',
): DayMeasures {
  const len = e - s + 1;
  const D = sum.daily;
  const out = {
    grossSales: new Float64Array(len),
    discounts: new Float64Array(len),
    returns: new Float64Array(len),
    shipping: new Float64Array(len),
    taxes: new Float64Array(len),
    orders: new Float64Array(len),
    units: new Float64Array(len),
  };
  const nCur = D.currencies;
  const uncOrders = new Float64Array(nCur);
  const uncTotal = new Float64Array(nCur);
  let attributed = 0;
  let giftCards = 0;
  const rules = new Float64Array(RULES);
  let customers = 0;
  let newCustomers = 0;
  let returningCustomers = 0;
  if (sum.firstDay !== NO_DAY) {
    const from = Math.max(s, sum.firstDay);
    const to = Math.min(e, sum.lastDay);
    for (let d = from; d <= to; d++) {
      const k = d - sum.firstDay;
      const slot = d - s;
      out.grossSales[slot] = D.gross[k]!;
      out.discounts[slot] = D.discounts[k]!;
      out.shipping[slot] = D.shipping[k]!;
      out.taxes[slot] = D.taxes[k]!;
      out.orders[slot] = D.orders[k]!;
      out.units[slot] = D.units[k]!;
      if (dating === 'order') {
        out.returns[slot] = D.returnsByOrderDay[k]!;
        out.shipping[slot]! -= D.retShippingByOrderDay[k]!;
        out.taxes[slot]! -= D.retTaxesByOrderDay[k]!;
        addRules(rules, sum.rulesByOrderDay, k);
      }
      giftCards += D.giftCards[k]!;
      attributed += D.attributed[k]! - (dating === 'order' ? D.attributedRefundsByOrderDay[k]! : 0);
      for (let c = 0; c < nCur; c++) {
        const at = k * nCur + c;
        uncOrders[c]! += D.uncOrders[at]!;
        uncTotal[c]! += D.uncTotal[at]! - (dating === 'order' ? D.uncReturnsByOrderDay[at]! : 0);
      }
    }
    // Distinct customers: one pass over the orders of the range. Per customer: 1 = counted (an
    // order with a rate), 2 = counted returning (such an order that was not their first), 4 =
    // their first order is in the range. New = counted with their first order in the range (so
    // their first day is in it), whether or not that first order had a rate.
    if (from <= to) {
      const seen = new Uint8Array(sum.customerCount);
      const { dayCustomer } = sum;
      const k1 = sum.dayStart[to - sum.firstDay + 1]!;
      for (let k = sum.dayStart[from - sum.firstDay]!; k < k1; k++) {
        const p = dayCustomer[k]!;
        if (p < 0) continue;
        const c = p >> 2;
        const was = seen[c]!;
        let m = was | ((p & 1) === 0 ? 4 : 0);
        if ((p & 2) === 0) {
          if ((m & 1) === 0) {
            m |= 1;
            customers++;
          }
          if ((p & 1) === 1 && (m & 2) === 0) {
            m |= 2;
            returningCustomers++;
          }
        }
        if ((m & 5) === 5 && (was & 5) !== 5) newCustomers++;
        seen[c] = m;
      }
    }
  }
  if (dating === 'refund' && sum.retFirstDay !== NO_DAY) {
    for (let d = Math.max(s, sum.retFirstDay), to = Math.min(e, sum.retLastDay); d <= to; d++) {
      const k = d - sum.retFirstDay;
      out.returns[d - s] = D.returnsByReturnDay[k]!;
      out.shipping[d - s]! -= D.retShippingByReturnDay[k]!;
      out.taxes[d - s]! -= D.retTaxesByReturnDay[k]!;
      attributed -= D.attributedRefundsByReturnDay[k]!;
      addRules(rules, sum.rulesByReturnDay, k);
      for (let c = 0; c < nCur; c++) uncTotal[c]! -= D.uncReturnsByReturnDay[k * nCur + c]!;
    }
  }
  const unconverted: Unconverted[] = [];
  for (let c = 0; c < nCur; c++) {
    if (uncOrders[c]! > 0 || uncTotal[c]! !== 0) {
      unconverted.push({
        currency: sum.currencies[c]!,
        orders: uncOrders[c]!,
        totalSales: uncTotal[c]!,
      });
    }
  }
  unconverted.sort((a, b) => a.currency.localeCompare(b.currency));
  return {
    start: s,
    ...out,
    giftCards,
    refundRules: Object.fromEntries(REFUND_RULES.map((r, k) => [r, rules[k]!])) as RefundRules,
    customers,
    newCustomers,
    returningCustomers,
    attributedSales: attributed,
    unconverted,
  };
}

function sumDays(days: Float64Array | null, first: number, s: number, e: number): number | null {
  if (days === null) return null;
  let total = 0;
  if (first === NO_DAY) return total;
  for (let d = Math.max(s, first), hi = Math.min(e, first + days.length - 1); d <= hi; d++)
    total += days[d - first]!;
  return total;
}

/** Sessions in days [s, e] over all channels (null without traffic data). */
export const summarySessions = (sum: DaySummary, s: number, e: number): number | null =>
  sumDays(sum.sessions, sum.sessionsFirstDay, s, e);

/** Ad spend in days [s, e] over all channels, reporting minor units (null without spend data). */
export const summarySpend = (sum: DaySummary, s: number, e: number): number | null =>
  sumDays(sum.spend, sum.spendFirstDay, s, e);
