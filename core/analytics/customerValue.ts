/**
 * What a customer is worth against what they cost (REFERENCE.md "Profit"): per acquisition cohort
 * (first-order month) the CAC, the cumulative contribution per customer by months since the first
 * order, the CAC payback month and LTV:CAC; the 12-month value by first product, first channel and
 * first discount code; and each customer's predicted value with BG/NBD and Gamma-Gamma (clv.ts).
 */
import { attributionKey, type Dataset } from './dataset.ts';
import { spendIn } from './sales.ts';
import { orderContributions, type CostsLike } from './profit.ts';
import {
  bgNbdAlive,
  bgNbdConditional,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaSpend,
  groupRfm,
  type BgNbdParams,
  type GammaGammaParams,
} from './clv.ts';
import { NO_DAY, isoOf, monthOf, monthStartDay } from '../time/index.ts';

/** One acquisition cohort: the customers whose first order falls in `month`. */
export interface AcquisitionCohort {
  month: string;
  customers: number;
  /** All ad spend of the month (null without a spend import). */
  spend: number | null;
  /** Spend ÷ the cohort's customers (null without spend). */
  cac: number | null;
  /**
   * Cumulative contribution per customer at the end of each month since the first order (index 0
   * = the first order's month), for the months the data covers.
   */
  cumulative: number[];
  /** First month index whose cumulative contribution per customer ≥ CAC (null: not yet, or no CAC). */
  paybackMonth: number | null;
  /** Contribution per customer over months 0–11 (null until the cohort has 12 months of data). */
  contribution12: number | null;
  /** contribution12 ÷ CAC. */
  ltvToCac: number | null;
}

/** Customers grouped by a trait of their first order, with their value over the 12 months after it. */
export interface FirstOrderValueRow {
  /** The first order's product, channel or discount code ('' = none). */
  key: string;
  /** Customers whose first order is at least 12 months before the data's last day. */
  customers: number;
  /** Net sales per customer in the 365 days from the first order (the Customers screen's CLV). */
  netSales12: number;
  /** Contribution per customer over the same days. */
  contribution12: number;
}

/** One customer's predicted value over the next 52 weeks. */
export interface PredictedCustomer {
  customerKey: string;
  orders: number;
  lastOrder: string;
  /** P(alive) under BG/NBD. */
  alive: number;
  /** Expected orders in the next 52 weeks. */
  expectedOrders: number;
  /** Expected net sales per order (Gamma-Gamma). */
  expectedOrderValue: number;
  /** expectedOrders × expectedOrderValue. */
  predictedValue: number;
}

export interface PredictedValue {
  bgNbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Customers the models were fitted on (all of them), and their distinct (x, t_x, T) histories. */
  customers: number;
  histories: number;
  /** Sum of every customer's predicted value, and its mean per customer. */
  total: number;
  perCustomer: number;
  /** The customers of most predicted value. */
  top: PredictedCustomer[];
}

export interface CustomerValue {
  cohorts: AcquisitionCohort[];
  byFirstProduct: FirstOrderValueRow[];
  byFirstChannel: FirstOrderValueRow[];
  byFirstDiscountCode: FirstOrderValueRow[];
  /** Null with too few customers or repeat buyers to fit the models (said on screen). */
  predicted: PredictedValue | null;
}

const WEEK = 7;
/** The future the prediction covers, in weeks. */
export const PREDICTION_WEEKS = 52;

/**
 * The first order of each customer (earliest time; -1 for none), from the orders' days in order
 * (byDay is sorted by day; within a day the earliest createdAt wins).
 */
function firstOrders(ds: Dataset): Int32Array {
  const first = new Int32Array(ds.customerCount).fill(-1);
  const at = ds.orders.columns.createdAt;
  for (let i = 0; i < ds.orders.length; i++) {
    const c = ds.orderCustomer[i]!;
    if (c < 0) continue;
    const f = first[c]!;
    if (f < 0 || at[i]! < at[f]!) first[c] = i;
  }
  return first;
}

/** Cohorts, 12-month value by first order, and predicted value of every customer. */
export function customerValue(ds: Dataset, costs: CostsLike, top = 20): CustomerValue {
  const contribution = orderContributions(ds, costs);
  const first = firstOrders(ds);
  return {
    cohorts: acquisitionCohorts(ds, contribution),
    ...firstOrderValue(ds, contribution, first),
    predicted: predictedValue(ds, top),
  };
}

/** CAC payback and LTV:CAC per first-order month. */
export function acquisitionCohorts(ds: Dataset, contribution: Float64Array): AcquisitionCohort[] {
  if (ds.firstDay === NO_DAY) return [];
  const m0 = monthOf(ds.firstDay);
  const m1 = monthOf(ds.lastDay);
  const nM = m1 - m0 + 1;
  const size = new Float64Array(nM);
  for (let c = 0; c < ds.customerCount; c++) {
    const d = ds.customerFirstDay[c]!;
    if (ds.customerOrders[c]! > 0 && d !== 2147483647) size[monthOf(d) - m0]!++;
  }
  // Contribution by cohort (row) × months since the first order (column).
  const cells = new Float64Array(nM * nM);
  for (let i = 0; i < ds.orders.length; i++) {
    const c = ds.orderCustomer[i]!;
    const v = contribution[i]!;
    if (c < 0 || v !== v) continue;
    const k = monthOf(ds.customerFirstDay[c]!) - m0;
    const age = monthOf(ds.orderDay[i]!) - m0 - k;
    cells[k * nM + age]! += v;
  }
  const out: AcquisitionCohort[] = [];
  for (let k = 0; k < nM; k++) {
    const n = size[k]!;
    if (n === 0) continue;
    const m = m0 + k;
    const spend = spendIn(ds, monthStartDay(m), monthStartDay(m + 1) - 1);
    const cac = spend !== null && spend > 0 ? spend / n : null;
    const cumulative: number[] = [];
    let sum = 0;
    for (let age = 0; age < nM - k; age++) {
      sum += cells[k * nM + age]!;
      cumulative.push(sum / n);
    }
    const at = cac === null ? -1 : cumulative.findIndex((v) => v >= cac);
    const contribution12 = cumulative.length >= 12 ? cumulative[11]! : null;
    out.push({
      month: isoOf(monthStartDay(m)).slice(0, 7),
      customers: n,
      spend,
      cac,
      cumulative,
      paybackMonth: at >= 0 ? at : null,
      contribution12,
      ltvToCac: contribution12 !== null && cac !== null ? contribution12 / cac : null,
    });
  }
  return out;
}

/** Net sales and contribution per customer over 365 days from the first order, by first-order trait. */
function firstOrderValue(
  ds: Dataset,
  contribution: Float64Array,
  first: Int32Array,
): Pick<CustomerValue, 'byFirstProduct' | 'byFirstChannel' | 'byFirstDiscountCode'> {
  const WINDOW = 365;
  const oc = ds.orders.columns;
  const lc = ds.lines.columns;
  const nC = ds.customerCount;
  const net = new Float64Array(nC);
  const contrib = new Float64Array(nC);
  const mature = new Uint8Array(nC);
  for (let c = 0; c < nC; c++) {
    if (first[c]! >= 0 && ds.customerFirstDay[c]! + WINDOW - 1 <= ds.lastDay) mature[c] = 1;
  }
  for (let i = 0; i < ds.orders.length; i++) {
    const c = ds.orderCustomer[i]!;
    if (c < 0 || mature[c] === 0 || ds.orderDay[i]! >= ds.customerFirstDay[c]! + WINDOW) continue;
    const v = ds.orderNet[i]!;
    if (v === v) net[c]! += v;
    const w = contribution[i]!;
    if (w === w) contrib[c]! += w;
  }
  // The ad channel Marketing credits the first order to, else the order's own sales channel.
  const spendName = new Map<number, string>();
  if (ds.spend) {
    const sc = ds.spend.columns.channel;
    for (const name of sc.dict) {
      const k = ds.spendChannelKeys.indexOf(attributionKey(name));
      if (k >= 0 && !spendName.has(k)) spendName.set(k, name);
    }
  }
  const product = (i: number) => {
    let best = -1;
    let bestNet = -Infinity;
    for (let p = ds.orderLineStart[i]!; p < ds.orderLineStart[i + 1]!; p++) {
      const j = ds.orderLines[p]!;
      const v = ds.lineGross[j]! - lc.discount[j]!;
      if (v > bestNet) {
        bestNet = v;
        best = j;
      }
    }
    if (best < 0) return '';
    const sku = lc.sku.dict[lc.sku.codes[best]!]!;
    return ds.productBySku.get(sku)?.title ?? lc.title.dict[lc.title.codes[best]!] ?? sku;
  };
  const channel = (i: number) => {
    const k = ds.orderAttributedChannel[i]!;
    return (k >= 0 ? spendName.get(k) : undefined) ?? oc.channel.dict[oc.channel.codes[i]!] ?? '';
  };
  const code = (i: number) => oc.discountCode.dict[oc.discountCode.codes[i]!] ?? '';
  const group = (keyOf: (i: number) => string): FirstOrderValueRow[] => {
    const acc = new Map<string, { n: number; net: number; contrib: number }>();
    for (let c = 0; c < nC; c++) {
      if (mature[c] === 0) continue;
      const key = keyOf(first[c]!);
      let a = acc.get(key);
      if (!a) acc.set(key, (a = { n: 0, net: 0, contrib: 0 }));
      a.n++;
      a.net += net[c]!;
      a.contrib += contrib[c]!;
    }
    return [...acc]
      .map(([key, a]) => ({
        key,
        customers: a.n,
        netSales12: a.net / a.n,
        contribution12: a.contrib / a.n,
      }))
      .sort((x, y) => y.customers - x.customers || x.key.localeCompare(y.key));
  };
  return {
    byFirstProduct: group(product),
    byFirstChannel: group(channel),
    byFirstDiscountCode: group(code),
  };
}

/**
 * Each customer's repeat purchases x (distinct order days after the first), t_x (weeks from the
 * first to the last order day), age T (weeks from the first order day to the data's last day) and
 * mean net sales of the repeat days, the input BG/NBD and Gamma-Gamma are fitted on.
 */
export function repeatSummary(ds: Dataset): {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  meanSpend: Float64Array;
  customers: Int32Array;
} {
  const nC = ds.customerCount;
  const days = new Int32Array(nC);
  const lastDay = new Int32Array(nC).fill(NO_DAY);
  const total = new Float64Array(nC);
  const firstNet = new Float64Array(nC);
  // Orders in day order: a new day after the first is one more repeat purchase.
  for (let k = 0; k < ds.byDay.length; k++) {
    const i = ds.byDay[k]!;
    const c = ds.orderCustomer[i]!;
    if (c < 0) continue;
    const d = ds.orderDay[i]!;
    const v = ds.orderNet[i]!;
    if (d !== lastDay[c]) {
      days[c]!++;
      lastDay[c] = d;
    }
    if (v === v) {
      total[c]! += v;
      if (d === ds.customerFirstDay[c]) firstNet[c]! += v;
    }
  }
  const ids: number[] = [];
  for (let c = 0; c < nC; c++) if (days[c]! > 0) ids.push(c);
  const n = ids.length;
  const out = {
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    meanSpend: new Float64Array(n),
    customers: Int32Array.from(ids),
  };
  ids.forEach((c, k) => {
    const x = days[c]! - 1;
    const f = ds.customerFirstDay[c]!;
    out.frequency[k] = x;
    out.recency[k] = (lastDay[c]! - f) / WEEK;
    out.T[k] = (ds.lastDay - f) / WEEK;
    out.meanSpend[k] = x > 0 ? (total[c]! - firstNet[c]!) / x : 0;
  });
  return out;
}

/** BG/NBD × Gamma-Gamma value of each customer over the next 52 weeks (null when the models cannot be fitted). */
export function predictedValue(ds: Dataset, top = 20): PredictedValue | null {
  if (ds.firstDay === NO_DAY) return null;
  const s = repeatSummary(ds);
  const n = s.frequency.length;
  // Every customer: BG/NBD on their distinct histories (a store's tens of thousands of customers
  // share a few thousand), Gamma-Gamma on the repeat customers.
  const groups = groupRfm(s);
  const bg = fitBgNbd(groups);
  const gg = bg && fitGammaGamma(s.frequency, s.meanSpend);
  // Gamma-Gamma needs q > 1 for a finite mean spend.
  if (!bg || !gg || !(gg.q > 1)) return null;
  const rows: PredictedCustomer[] = [];
  let total = 0;
  const keys = ds.orders.columns.customerKey.dict;
  const ordersOf = ds.customerOrders;
  for (let k = 0; k < n; k++) {
    const c = s.customers[k]!;
    const x = s.frequency[k]!;
    const expectedOrders = bgNbdConditional(bg, PREDICTION_WEEKS, x, s.recency[k]!, s.T[k]!);
    const value = gammaGammaSpend(gg, x, s.meanSpend[k]!);
    const predicted = expectedOrders * value;
    if (!Number.isFinite(predicted)) continue;
    total += predicted;
    rows.push({
      customerKey: keys[c]!,
      orders: ordersOf[c]!,
      lastOrder: isoOf(ds.customerLastDay[c]!),
      alive: bgNbdAlive(bg, x, s.recency[k]!, s.T[k]!),
      expectedOrders,
      expectedOrderValue: value,
      predictedValue: predicted,
    });
  }
  rows.sort(
    (a, b) => b.predictedValue - a.predictedValue || a.customerKey.localeCompare(b.customerKey),
  );
  return {
    bgNbd: bg,
    gammaGamma: gg,
    customers: n,
    histories: groups.count.length,
    total,
    perCustomer: n > 0 ? total / n : 0,
    top: rows.slice(0, top),
  };
}
