/**
 * Customer analytics (REFERENCE.md "Sales and customers"): new vs returning, returning customer
 * rate vs repeat purchase rate (labelled, they differ), cohorts, RFM segments, 12-month CLV and
 * time between orders. Guest orders (no customer key) belong to no customer. Customer money is
 * net sales (gross − discounts − returns, returns with their order) in reporting minor units.
 */
import { orderNet, type Dataset } from './dataset.ts';
import type { Query } from './scan.ts';
import { rangeDays, scan } from './scan.ts';
import { medianInPlace, selectKth } from './stats.ts';
import {
  NO_DAY,
  isoMonthOf,
  isoOf,
  isoWeekLabel,
  isoWeekStart,
  localDay,
  monthOf,
} from '../time/index.ts';

export interface CustomersResult {
  customers: number;
  newCustomers: number;
  returningCustomers: number;
  /** Shopify "returning customer rate": returning ÷ customers who ordered in the period. */
  returningCustomerRate: number | null;
  /** "Repeat purchase rate" (lifetime, up to the range end): customers with ≥ 2 orders ÷ all customers. */
  repeatPurchaseRate: number | null;
  /** Net sales of the period from first-time and from returning customers, and from guests. */
  newCustomerSales: number;
  returningCustomerSales: number;
  guestSales: number;
  /** Orders in the period by first-time, returning customers and guests. */
  newCustomerOrders: number;
  returningCustomerOrders: number;
  guestOrders: number;
}

/** New vs returning customers of a period, with both the returning customer rate and the lifetime repeat purchase rate. */
export function customerSummary(ds: Dataset, q: Query): CustomersResult {
  const [s, e] = rangeDays(q.range);
  const dating = q.refundDating ?? ds.refundDating;
  const oc = ds.orders.columns;
  // Per customer: bit 1 = ordered in the period, 2 = their first order is in it, 4 = a later one is.
  const seen = new Uint8Array(ds.customerCount);
  let customers = 0;
  let newCustomers = 0;
  let returningCustomers = 0;
  const sales = [0, 0, 0];
  const orders = [0, 0, 0];
  // Per order, as Shopify's customer type: first-time (0), returning (1) or guest (2).
  const kindOf = (i: number) => (ds.orderCustomer[i]! < 0 ? 2 : ds.repeatOrder[i]!);
  scan(
    ds,
    s,
    e,
    q.filters,
    dating,
    {
      order(i, _slot, f) {
        const k = kindOf(i);
        sales[k]! += (ds.gross[i]! - oc.discounts[i]!) * f;
        orders[k]!++;
        const c = ds.orderCustomer[i]!;
        if (c < 0) return;
        const bit = k === 0 ? 2 : 4;
        if (seen[c] === 0) customers++;
        if ((seen[c]! & bit) === 0) {
          if (k === 0) newCustomers++;
          else returningCustomers++;
        }
        seen[c]! |= 1 | bit;
      },
      orderReturn(i, _slot, amount) {
        sales[kindOf(i)]! -= amount;
      },
    },
    false,
  );
  // Lifetime up to the range end: customers with a first order by then, and with a second.
  let all = 0;
  let repeat = 0;
  const upTo = Math.min(e, ds.lastDay) - ds.firstDay;
  if (ds.firstDay !== NO_DAY && upTo >= 0) {
    all = ds.customerHistory.firstBy[upTo]!;
    repeat = ds.customerHistory.secondBy[upTo]!;
  }
  return {
    customers,
    newCustomers,
    returningCustomers,
    returningCustomerRate: customers > 0 ? returningCustomers / customers : null,
    repeatPurchaseRate: all > 0 ? repeat / all : null,
    newCustomerSales: sales[0]!,
    returningCustomerSales: sales[1]!,
    guestSales: sales[2]!,
    newCustomerOrders: orders[0]!,
    returningCustomerOrders: orders[1]!,
    guestOrders: orders[2]!,
  };
}

export interface CohortResult {
  grain: 'month' | 'week';
  /** Cohort labels ('YYYY-MM' or 'YYYY-Www') and sizes (customers whose first order fell there). */
  labels: string[];
  sizes: Int32Array;
  /** Number of periods since first order covered (columns). */
  periods: number;
  /** Row-major cohorts × periods: share of the cohort ordering in period k; NaN past the data's end. */
  retention: Float64Array;
  /** Row-major: cumulative net sales per cohort customer up to period k (reporting minor units); NaN past the end. */
  cumulativeNetSalesPerCustomer: Float64Array;
}

/** Cohort matrix by first-order month (or ISO week): retention share and cumulative net sales per customer. */
export function cohorts(
  ds: Dataset,
  opts: { grain?: 'month' | 'week'; maxPeriods?: number } = {},
): CohortResult {
  const nets = orderNet(ds);
  const grain = opts.grain ?? 'month';
  const empty: CohortResult = {
    grain,
    labels: [],
    sizes: new Int32Array(0),
    periods: 0,
    retention: new Float64Array(0),
    cumulativeNetSalesPerCustomer: new Float64Array(0),
  };
  if (ds.firstDay === NO_DAY) return empty;
  const span = ds.lastDay - ds.firstDay + 1;
  // Period index per day relative to the first period, via a per-day table.
  const periodOfDay = new Int32Array(span);
  // Week periods count whole weeks from the first Monday, so they stay integers.
  const firstMonday = isoWeekStart(ds.firstDay);
  const firstPeriod = grain === 'month' ? monthOf(ds.firstDay) : 0;
  for (let k = 0; k < span; k++) {
    const d = ds.firstDay + k;
    periodOfDay[k] =
      grain === 'month' ? monthOf(d) - firstPeriod : (isoWeekStart(d) - firstMonday) / 7;
  }
  const nP = periodOfDay[span - 1]! + 1;
  const periods = Math.min(nP, opts.maxPeriods ?? nP);
  const cohortOf = new Int32Array(ds.customerCount).fill(-1);
  const sizes = new Int32Array(nP);
  for (let c = 0; c < ds.customerCount; c++) {
    if (ds.customerOrders[c]! === 0) continue;
    const p = periodOfDay[ds.customerFirstDay[c]! - ds.firstDay]!;
    cohortOf[c] = p;
    sizes[p]!++;
  }
  const active = new Float64Array(nP * periods);
  const revenue = new Float64Array(nP * periods);
  const lastK = new Int32Array(ds.customerCount).fill(-1);
  const { byDay, orderCustomer, orderDay } = ds;
  for (let k = 0; k < byDay.length; k++) {
    const i = byDay[k]!;
    const c = orderCustomer[i]!;
    if (c < 0) continue;
    const cp = cohortOf[c]!;
    const off = periodOfDay[orderDay[i]! - ds.firstDay]! - cp;
    if (off >= periods) continue;
    // byDay is in day order, so a customer's offsets never decrease: count each (customer, offset) once.
    if (lastK[c] !== off) {
      lastK[c] = off;
      active[cp * periods + off]!++;
    }
    const v = nets[i]!;
    if (v === v) revenue[cp * periods + off]! += v;
  }
  const retention = new Float64Array(nP * periods);
  const cumulative = new Float64Array(nP * periods);
  for (let cp = 0; cp < nP; cp++) {
    let run = 0;
    for (let off = 0; off < periods; off++) {
      const at = cp * periods + off;
      if (cp + off >= nP || sizes[cp] === 0) {
        retention[at] = NaN;
        cumulative[at] = NaN;
        continue;
      }
      run += revenue[at]!;
      retention[at] = active[at]! / sizes[cp]!;
      cumulative[at] = run / sizes[cp]!;
    }
  }
  const labels: string[] = [];
  for (let p = 0; p < nP; p++) {
    labels.push(
      grain === 'month' ? isoMonthOf(firstPeriod + p) : isoWeekLabel(firstMonday + p * 7),
    );
  }
  return { grain, labels, sizes, periods, retention, cumulativeNetSalesPerCustomer: cumulative };
}

/** RFM segment names, in the order of `RfmResult.segments`, after Shopify's customer segments. */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential loyalist',
  'New',
  'Promising',
  'Needs attention',
  'About to sleep',
  'At risk',
  "Can't lose",
  'Dormant',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Segment from recency and frequency scores (the common R×F grid used for RFM segmentation). */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 5 && f >= 4) return 'Champions';
  if (r >= 3 && f >= 4) return 'Loyal';
  if (r >= 4 && f >= 2) return 'Potential loyalist';
  if (r >= 5 && f === 1) return 'New';
  if (r === 4 && f === 1) return 'Promising';
  if (r === 3 && f === 3) return 'Needs attention';
  if (r === 3 && f <= 2) return 'About to sleep';
  if (r <= 2 && f >= 5) return "Can't lose";
  if (r <= 2 && f >= 3) return 'At risk';
  return 'Dormant';
}

export interface RfmResult {
  asOf: string;
  /**
   * 'quintiles': scores by rank among customers; 'bands' (small stores): recency 5 within 30 days,
   * 4 within 60, 3 within 90, 2 within 180, else 1; frequency = orders, 5 for 5 or more.
   */
  scoring: 'quintiles' | 'bands';
  /** Customers with an order by the as-of day: the length of every per-customer array. */
  customers: number;
  /** Per customer (parallel arrays): key, days since last order, orders, net sales, scores 1–5, segment index. */
  readonly keys: string[];
  recencyDays: Int32Array;
  frequency: Int32Array;
  monetary: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  /** Monetary quintile scores, ranked on first read (segments do not use them). */
  readonly m: Uint8Array;
  segment: Uint8Array;
  segments: {
    name: RfmSegment;
    customers: number;
    share: number;
    netSales: number;
    averageNetSales: number | null;
    /** Mean days since the last order and mean orders of the segment's customers. */
    meanRecencyDays: number | null;
    meanOrders: number | null;
  }[];
}

/** Quintile scores 1–5 by rank; ties share the score of their first rank; `higherIsBetter` false for recency. */
export function quintileScores(values: ArrayLike<number>, higherIsBetter = true): Uint8Array {
  const n = values.length;
  const sign = higherIsBetter ? 1 : -1;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  // Small integer values (days, order counts): rank = #values below v straight from a histogram.
  let lo = Infinity;
  let hi = -Infinity;
  let integers = true;
  for (let k = 0; k < n; k++) {
    const v = sign * values[k]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (integers && !Number.isInteger(v)) integers = false;
  }
  if (integers && hi - lo <= 4 * n + 1024) {
    const below = new Float64Array(hi - lo + 2);
    for (let k = 0; k < n; k++) below[sign * values[k]! - lo + 1]!++;
    for (let b = 1; b < below.length; b++) below[b]! += below[b - 1]!;
    for (let k = 0; k < n; k++) out[k] = 1 + Math.floor((5 * below[sign * values[k]! - lo]!) / n);
    return out;
  }
  // score = 1 + ⌊5·rank/n⌋ with rank = #values below v, i.e. 1 + #{k : v > S[⌈kn/5⌉ − 1]} for the
  // sorted values S: four order statistics by quickselect instead of a full sort.
  const work = new Float64Array(n);
  for (let k = 0; k < n; k++) work[k] = sign * values[k]!;
  // Each selection leaves every value after its position ≥ it: the next one searches only there.
  const cut: number[] = [];
  let from = 0;
  for (let q = 1; q <= 4; q++) {
    const k = Math.ceil((q * n) / 5) - 1;
    cut.push(k < from ? cut[q - 2]! : selectKth(work.subarray(from), k - from));
    from = Math.max(from, k + 1);
  }
  const [c1, c2, c3, c4] = cut as [number, number, number, number];
  for (let k = 0; k < n; k++) {
    const v = sign * values[k]!;
    out[k] = 1 + (v > c1 ? 1 : 0) + (v > c2 ? 1 : 0) + (v > c3 ? 1 : 0) + (v > c4 ? 1 : 0);
  }
  return out;
}

/** Below this many customers, quintiles rank a handful of people: RFM scores use fixed bands. */
export const RFM_MIN_CUSTOMERS_FOR_QUINTILES = 50;
/** Days since the last order up to which a customer is as recent as can be (never "at risk"). */
export const RFM_RECENT_DAYS = 7;
/** Fixed bands for small stores: days since the last order for recency 5, 4, 3, 2 (else 1). */
const RECENCY_BANDS = [30, 60, 90, 180];

/**
 * Score 1–5 per value of a small non-negative integer where higher is better (a last order day,
 * an order count), from how many customers have each value (`hist`): as quintileScores ranks
 * them (ties share the score of their first rank, 1 + ⌊5·#below/n⌋), or by the fixed bands.
 */
function scoreTable(
  hist: Int32Array,
  n: number,
  quintiles: boolean,
  band: (v: number) => number,
): Uint8Array {
  const out = new Uint8Array(hist.length);
  let below = 0;
  for (let v = 0; v < hist.length; v++) {
    out[v] = quintiles ? 1 + Math.floor((5 * below) / n) : band(v);
    below += hist[v]!;
  }
  return out;
}

/**
 * RFM scores and segments of all customers with an order on or before `asOf` (UTC ms; default
 * now). Quintiles with at least RFM_MIN_CUSTOMERS_FOR_QUINTILES customers, fixed bands below
 * (REFERENCE.md: quintiles need enough customers to mean anything); anyone who ordered in the last
 * RFM_RECENT_DAYS days has the top recency score, so is never "at risk".
 *
 * Recency and frequency are small integers, so their scores come from per-value tables built from
 * counts (customers per last order day, per order count): one pass to count, one to score.
 */
export function rfm(ds: Dataset, asOf?: number): RfmResult {
  const nets = orderNet(ds);
  const asOfDay = asOf === undefined ? ds.nowDay : localDay(asOf, ds.timezone);
  const nC = ds.customerCount;
  const { orderCustomer, orderDay } = ds;
  // As of the last order day or later, order counts and last order days are the dataset's own.
  const whole = asOfDay >= ds.lastDay;
  const last = whole ? ds.customerLastDay : new Int32Array(nC).fill(NO_DAY);
  const freq = whole ? ds.customerOrders : new Int32Array(nC);
  const money = new Float64Array(nC);
  for (let i = 0; i < ds.orders.length; i++) {
    const c = orderCustomer[i]!;
    if (c < 0) continue;
    if (!whole) {
      const d = orderDay[i]!;
      if (d > asOfDay) continue;
      freq[c]!++;
      if (d > last[c]!) last[c] = d;
    }
    const v = nets[i]!;
    if (v === v) money[c]! += v;
  }
  // Customers per last order day (as day − firstDay) and per order count.
  const span = ds.firstDay === NO_DAY ? 0 : ds.lastDay - ds.firstDay + 1;
  const byLast = new Int32Array(span);
  let byFreq = new Int32Array(16);
  let n = 0;
  for (let c = 0; c < nC; c++) {
    const k = freq[c]!;
    if (k === 0) continue;
    n++;
    byLast[last[c]! - ds.firstDay]!++;
    if (k >= byFreq.length) {
      const grown = new Int32Array(Math.max(2 * byFreq.length, k + 1));
      grown.set(byFreq);
      byFreq = grown;
    }
    byFreq[k]!++;
  }
  const scoring: RfmResult['scoring'] =
    n >= RFM_MIN_CUSTOMERS_FOR_QUINTILES ? 'quintiles' : 'bands';
  const quintiles = scoring === 'quintiles';
  // Recency by last order day: the later, the fewer days since, the better.
  const rOfLast = scoreTable(byLast, n, quintiles, (k) => {
    const days = asOfDay - ds.firstDay - k;
    return 5 - RECENCY_BANDS.filter((b) => days > b).length;
  });
  for (let k = 0; k < span; k++) if (asOfDay - ds.firstDay - k <= RFM_RECENT_DAYS) rOfLast[k] = 5;
  const fOfCount = scoreTable(byFreq, n, quintiles, (k) => Math.min(5, Math.max(1, k)));
  const grid = new Uint8Array(36);
  for (let rs = 1; rs <= 5; rs++)
    for (let fs = 1; fs <= 5; fs++) grid[rs * 6 + fs] = RFM_SEGMENTS.indexOf(rfmSegment(rs, fs));
  const members = new Int32Array(n);
  const recencyDays = new Int32Array(n);
  const frequency = new Int32Array(n);
  const monetary = new Float64Array(n);
  const r = new Uint8Array(n);
  const f = new Uint8Array(n);
  const segment = new Uint8Array(n);
  const counts = new Float64Array(RFM_SEGMENTS.length);
  const value = new Float64Array(RFM_SEGMENTS.length);
  const recencySum = new Float64Array(RFM_SEGMENTS.length);
  const ordersSum = new Float64Array(RFM_SEGMENTS.length);
  for (let c = 0, k = 0; c < nC; c++) {
    const fc = freq[c]!;
    if (fc === 0) continue;
    const lk = last[c]! - ds.firstDay;
    const rs = rOfLast[lk]!;
    const fs = fOfCount[fc]!;
    const s = grid[rs * 6 + fs]!;
    const rec = asOfDay - last[c]!;
    const v = money[c]!;
    members[k] = c;
    recencyDays[k] = rec;
    frequency[k] = fc;
    monetary[k] = v;
    r[k] = rs;
    f[k] = fs;
    segment[k++] = s;
    counts[s]!++;
    value[s]! += v;
    recencySum[s]! += rec;
    ordersSum[s]! += fc;
  }
  // Segments need only R and F; the monetary quintiles (a selection over every customer's net
  // sales, the costliest step at 300k customers) and the key strings wait for a first read.
  let m: Uint8Array | null = null;
  let keys: string[] | null = null;
  const dict = ds.orders.columns.customerKey.dict;
  return {
    asOf: isoOf(asOfDay),
    scoring,
    customers: n,
    get keys() {
      return (keys ??= Array.from(members, (c) => dict[c]!));
    },
    recencyDays,
    frequency,
    monetary,
    r,
    f,
    get m() {
      return (m ??= quintileScores(monetary));
    },
    segment,
    segments: RFM_SEGMENTS.map((name, s) => ({
      name,
      customers: counts[s]!,
      share: n > 0 ? counts[s]! / n : 0,
      netSales: value[s]!,
      averageNetSales: counts[s]! > 0 ? value[s]! / counts[s]! : null,
      meanRecencyDays: counts[s]! > 0 ? recencySum[s]! / counts[s]! : null,
      meanOrders: counts[s]! > 0 ? ordersSum[s]! / counts[s]! : null,
    })),
  };
}

/** Customer keys of one RFM segment, for export. */
export function segmentCustomers(result: RfmResult, name: RfmSegment): string[] {
  const s = RFM_SEGMENTS.indexOf(name);
  const out: string[] = [];
  const keys = result.keys;
  for (let k = 0; k < result.customers; k++) if (result.segment[k] === s) out.push(keys[k]!);
  return out;
}

export interface ClvResult {
  /** Average net sales per customer in the window after their first order (reporting minor units). */
  clv: number | null;
  median: number | null;
  /** Customers whose whole window lies inside the data (first order ≥ windowDays before the last day). */
  customers: number;
  windowDays: number;
}

/** Practical CLV: net sales per customer over the first 12 months (365 days) after the first order. */
export function clv12(ds: Dataset, windowDays = 365): ClvResult {
  const nets = orderNet(ds);
  const nC = ds.customerCount;
  const { customerFirstDay, customerOrders, orderCustomer, orderDay } = ds;
  // A customer's whole window lies inside the data when their first order is on or before this.
  const latestFirst = ds.lastDay - windowDays + 1;
  const value = new Float64Array(nC);
  for (let i = 0; i < ds.orders.length; i++) {
    const c = orderCustomer[i]!;
    if (c < 0) continue;
    const first = customerFirstDay[c]!;
    if (first > latestFirst || orderDay[i]! >= first + windowDays) continue;
    const v = nets[i]!;
    if (v === v) value[c]! += v;
  }
  let count = 0;
  for (let c = 0; c < nC; c++)
    if (customerOrders[c]! > 0 && customerFirstDay[c]! <= latestFirst) value[count++] = value[c]!;
  // value[0 .. count) now holds the eligible customers' values, in customer order.
  const vals = value.subarray(0, count);
  let total = 0;
  for (let k = 0; k < count; k++) total += vals[k]!;
  return {
    clv: count > 0 ? total / count : null,
    median: count > 0 ? medianInPlace(vals) : null,
    customers: count,
    windowDays,
  };
}

export interface TimeBetweenOrdersResult {
  /** Gaps in days between consecutive orders of the same customer. */
  gaps: number;
  medianDays: number | null;
  meanDays: number | null;
  /** Median days from first to second order. */
  medianDaysToSecondOrder: number | null;
  /** Histogram: upper bounds (days, inclusive; last is Infinity) and counts. */
  buckets: { upTo: number; count: number }[];
}

const GAP_BUCKETS = [7, 14, 30, 60, 90, 180, 365, Infinity];

/** Median of whole-day gaps counted by length (`counts[g]` gaps of g days), n of them in all. */
function countedMedian(counts: Int32Array, n: number): number {
  // The values at sorted positions ⌊(n−1)/2⌋ and ⌊n/2⌋.
  const at = (pos: number) => {
    let seen = 0;
    for (let g = 0; g < counts.length; g++) {
      seen += counts[g]!;
      if (seen > pos) return g;
    }
    return counts.length - 1;
  };
  return (at((n - 1) >> 1) + at(n >> 1)) / 2;
}

/** Time between a customer's consecutive orders: median, mean, time to second order and a histogram. */
export function timeBetweenOrders(ds: Dataset): TimeBetweenOrdersResult {
  const { gapCount, secondGapCount } = ds.customerHistory;
  let nGaps = 0;
  let nSecond = 0;
  let sum = 0;
  const counts = new Array<number>(GAP_BUCKETS.length).fill(0);
  for (let g = 0, b = 0; g < gapCount.length; g++) {
    const n = gapCount[g]!;
    nGaps += n;
    nSecond += secondGapCount[g]!;
    sum += g * n;
    while (g > GAP_BUCKETS[b]!) b++;
    counts[b]! += n;
  }
  return {
    gaps: nGaps,
    medianDays: nGaps ? countedMedian(gapCount, nGaps) : null,
    meanDays: nGaps ? sum / nGaps : null,
    medianDaysToSecondOrder: nSecond ? countedMedian(secondGapCount, nSecond) : null,
    buckets: GAP_BUCKETS.map((upTo, b) => ({ upTo, count: counts[b]! })),
  };
}
