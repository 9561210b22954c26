/**
 * What a customer is worth against what they cost (REFERENCE.md "Profit"): per acquisition cohort
 * (first-order month) the CAC, the cumulative contribution per customer by months since the first
 * order, the CAC payback month and LTV:CAC; the 12-month value by first product, first channel and
 * first discount code; and each customer's predicted value with BG/NBD and Gamma-Gamma (clv.ts).
 */
import { attributionKey, orderNet, type Dataset } from './dataset.ts';
import type { StrCol } from './types.ts';
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
  type RfmGroups,
} from './clv.ts';
import { NO_DAY, isoOf, monthOf, monthStartDay } from '../time/index.ts';
import { valueAt } from './sparse.ts';

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
  /** Predicted contribution per customer over the next 52 weeks (null without a fitted model). */
  predictedContribution: number | null;
  /** (Contribution per customer to date + predicted contribution per customer) ÷ CAC. */
  predictedLtvToCac: number | null;
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
  /** The salted hash the store keys customers by (not shown: the order numbers are). */
  customerKey: string;
  /** The customer's first and latest orders' names as exported (#1001), else their ids. */
  firstOrder: string;
  lastOrderName: string;
  /** Local days of the first and latest order. */
  firstOrderDay: string;
  lastOrder: string;
  /** The latest order's country (ISO alpha-2, '' when unknown). */
  country: string;
  orders: number;
  /** Net sales and contribution of all the customer's orders so far (their returns included). */
  netSalesToDate: number;
  contributionToDate: number;
  /** P(alive) under BG/NBD. */
  alive: number;
  /** Expected orders in the next 52 weeks. */
  expectedOrders: number;
  /** Expected net sales per order (Gamma-Gamma). */
  expectedOrderValue: number;
  /** expectedOrders × expectedOrderValue: predicted net sales. */
  predictedValue: number;
  /**
   * The contribution margin the prediction applies: contribution ÷ net sales of the customer's
   * orders so far, or the store's when the customer has no net sales left (all returned).
   */
  margin: number;
  /** True when `margin` is the store's, not the customer's own. */
  storeMargin: boolean;
  /** predictedValue × margin: what the customer's next 52 weeks of orders leave after their costs. */
  predictedContribution: number;
}

export interface PredictedValue {
  bgNbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Customers the models were fitted on (all of them), and their distinct (x, t_x, T) histories. */
  customers: number;
  histories: number;
  /** Sum of every customer's predicted net sales, and its mean per customer. */
  total: number;
  perCustomer: number;
  /** Sum of every customer's predicted contribution, and its mean per customer. */
  totalContribution: number;
  perCustomerContribution: number;
  /** The store's contribution margin (all customers' orders), applied where a customer has none. */
  margin: number;
  /** Customers whose predicted contribution is below zero (their orders cost more than they bring). */
  lossMaking: number;
  /** The customers of most predicted contribution. */
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
export function customerValue(
  ds: Dataset,
  costs: CostsLike,
  top = 20,
  /** The orders' names (#1001), when `ds.orders` does not hold its `number` column. */
  names: StrCol | undefined = ds.orders.columns.number,
  /** `ds`'s fitted models, when a cost change asks again (fitCustomerModels). */
  models: CustomerModels | null = fitCustomerModels(ds),
): CustomerValue {
  const contribution = orderContributions(ds, costs);
  const first = firstOrders(ds);
  const predicted = predictedValue(ds, top, contribution, names, models);
  return {
    cohorts: acquisitionCohorts(ds, contribution, predicted?.byCustomer),
    ...firstOrderValue(ds, contribution, first),
    predicted: predicted && predicted.value,
  };
}

/** CAC payback and LTV:CAC per first-order month. */
export function acquisitionCohorts(
  ds: Dataset,
  contribution: Float64Array,
  /** Each customer's predicted contribution over the next 52 weeks (NaN: none), when fitted. */
  predicted?: Float64Array,
): AcquisitionCohort[] {
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
  const future = new Float64Array(nM);
  if (predicted)
    for (let c = 0; c < ds.customerCount; c++) {
      const v = predicted[c]!;
      const d = ds.customerFirstDay[c]!;
      if (v === v && ds.customerOrders[c]! > 0 && d !== 2147483647) future[monthOf(d) - m0]! += v;
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
    const predictedContribution = predicted ? future[k]! / n : null;
    out.push({
      month: isoOf(monthStartDay(m)).slice(0, 7),
      customers: n,
      spend,
      cac,
      cumulative,
      paybackMonth: at >= 0 ? at : null,
      contribution12,
      ltvToCac: contribution12 !== null && cac !== null ? contribution12 / cac : null,
      predictedContribution,
      predictedLtvToCac:
        predictedContribution !== null && cac !== null
          ? ((cumulative.at(-1) ?? 0) + predictedContribution) / cac
          : null,
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
  const nets = orderNet(ds);
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
    const v = nets[i]!;
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
      const v = lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j);
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
  const nets = orderNet(ds);
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
    const v = nets[i]!;
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

/** BG/NBD and Gamma-Gamma fitted on a store's customers: they depend on its orders, not its costs. */
export interface CustomerModels extends ModelFit {
  summary: ReturnType<typeof repeatSummary>;
  /** Distinct (x, t_x, T) histories. */
  histories: number;
}

/**
 * What the fit needs, all typed arrays: the fit can run on a thread of its own
 * (core/worker/fit.worker.ts), its input and answer transferred, while the analytics worker
 * answers the screens' other queries (seconds at 300,000 customers).
 */
export interface FitInput {
  /** Per customer (repeatSummary's order): repeat purchases x, t_x and T in weeks, mean spend. */
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  meanSpend: Float64Array;
  /** The customers' distinct (x, t_x, T) histories. */
  groups: RfmGroups;
}

/** Both models, and per customer (FitInput's order) the expected orders and spend per order. */
export interface ModelFit {
  bgNbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Expected orders in the next PREDICTION_WEEKS (BG/NBD eq. 10). */
  expectedOrders: Float64Array;
  /** Expected net sales per order (Gamma-Gamma eq. 5). */
  expectedSpend: Float64Array;
}

/** The fit's input from a store's customers (null without orders); `summary` stays with the caller. */
export function fitInputOf(
  ds: Dataset,
): { summary: CustomerModels['summary']; input: FitInput } | null {
  if (ds.firstDay === NO_DAY) return null;
  const summary = repeatSummary(ds);
  // Every customer: BG/NBD on their distinct histories (a store's tens of thousands of customers
  // share a few thousand), Gamma-Gamma on the repeat customers.
  const groups = groupRfm(summary);
  // Copies: the input may be transferred to another thread, the summary is used here after.
  const { frequency, recency, T, meanSpend } = summary;
  return {
    summary,
    input: {
      frequency: frequency.slice(),
      recency: recency.slice(),
      T: T.slice(),
      meanSpend: meanSpend.slice(),
      groups,
    },
  };
}

/** Fits both models and predicts every customer (null when they cannot be fitted, said on screen). */
export function fitModels(input: FitInput): ModelFit | null {
  const bgNbd = fitBgNbd(input.groups);
  const gammaGamma = bgNbd && fitGammaGamma(input.frequency, input.meanSpend);
  // Gamma-Gamma needs q > 1 for a finite mean spend.
  if (!bgNbd || !gammaGamma || !(gammaGamma.q > 1)) return null;
  const n = input.frequency.length;
  const expectedOrders = new Float64Array(n);
  const expectedSpend = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = input.frequency[k]!;
    expectedOrders[k] = bgNbdConditional(
      bgNbd,
      PREDICTION_WEEKS,
      x,
      input.recency[k]!,
      input.T[k]!,
    );
    expectedSpend[k] = gammaGammaSpend(gammaGamma, x, input.meanSpend[k]!);
  }
  return { bgNbd, gammaGamma, expectedOrders, expectedSpend };
}

/** The typed arrays of a fit's input or answer, to transfer rather than copy. */
export function fitTransferables(x: FitInput | ModelFit): ArrayBuffer[] {
  const arrays =
    'groups' in x
      ? [
          x.frequency,
          x.recency,
          x.T,
          x.meanSpend,
          ...Object.values(x.groups).filter(ArrayBuffer.isView),
        ]
      : [x.expectedOrders, x.expectedSpend];
  return [...new Set(arrays.map((a) => (a as ArrayBufferView).buffer as ArrayBuffer))];
}

/** The models of a store from its fit (on this thread unless `fit` runs it elsewhere). */
export async function customerModels(
  ds: Dataset,
  fit: (input: FitInput) => Promise<ModelFit | null> | ModelFit | null = fitModels,
): Promise<CustomerModels | null> {
  const of = fitInputOf(ds);
  if (!of) return null;
  const histories = of.input.groups.count.length;
  const models = await fit(of.input);
  return models && { ...models, summary: of.summary, histories };
}

/** Fits both models on every customer, on this thread (null when they cannot be fitted). */
export function fitCustomerModels(ds: Dataset): CustomerModels | null {
  const of = fitInputOf(ds);
  if (!of) return null;
  const histories = of.input.groups.count.length;
  const models = fitModels(of.input);
  return models && { ...models, summary: of.summary, histories };
}

/**
 * BG/NBD × Gamma-Gamma value of each customer over the next 52 weeks (null when the models cannot
 * be fitted), in net sales and in contribution. Gamma-Gamma models spend per order, a positive
 * amount; contribution per order can be zero or below (free shipping, a discounted loss leader, a
 * return), which it cannot model, and leaving those customers out would flatter the rest. So, as
 * Fader, Hardie & Lee ("RFM and CLV", 2005) turn predicted spend into value with a margin, the
 * predicted net sales are multiplied by each customer's own contribution margin so far
 * (contribution ÷ net sales of their orders, costs as Settings sets them): a customer whose
 * orders lost money is predicted to lose money again. A customer with no net sales left (all
 * returned) takes the store's margin.
 */
export function predictedValue(
  ds: Dataset,
  top = 20,
  /** Each order's contribution (orderContributions); without it, contribution = net sales. */
  contribution?: Float64Array,
  names: StrCol | undefined = ds.orders.columns.number,
  /** The fitted models of `ds` (fitCustomerModels), when already fitted: costs do not change them. */
  models: CustomerModels | null = fitCustomerModels(ds),
): { value: PredictedValue; byCustomer: Float64Array } | null {
  const nets = orderNet(ds);
  if (!models) return null;
  const { summary: s, histories, bgNbd: bg, gammaGamma: gg } = models;
  const n = s.frequency.length;
  // Each customer's net sales and contribution so far, over the orders both are known for; the
  // first and latest order (by time).
  const nC = ds.customerCount;
  const net = new Float64Array(nC);
  const contrib = new Float64Array(nC);
  const firstOf = new Int32Array(nC).fill(-1);
  const lastOf = new Int32Array(nC).fill(-1);
  const at = ds.orders.columns.createdAt;
  let storeNet = 0;
  let storeContrib = 0;
  for (let i = 0; i < ds.orders.length; i++) {
    const c = ds.orderCustomer[i]!;
    if (c < 0) continue;
    const f = firstOf[c]!;
    if (f < 0 || at[i]! < at[f]!) firstOf[c] = i;
    const l = lastOf[c]!;
    if (l < 0 || at[i]! >= at[l]!) lastOf[c] = i;
    const v = nets[i]!;
    const w = contribution ? contribution[i]! : v;
    if (v !== v || w !== w) continue;
    net[c]! += v;
    contrib[c]! += w;
    storeNet += v;
    storeContrib += w;
  }
  const margin = storeNet > 0 ? storeContrib / storeNet : 0;
  const oc = ds.orders.columns;
  const nameOf = (i: number) =>
    i < 0 ? '' : (names && names.dict[names.codes[i]!]) || oc.id.dict[oc.id.codes[i]!]!;
  const byCustomer = new Float64Array(nC).fill(NaN);
  let total = 0;
  let totalContribution = 0;
  let lossMaking = 0;
  const keys = oc.customerKey.dict;
  // Every customer's figures in arrays; the table's rows (dates, names: objects and strings, the
  // costliest part at 300,000 customers) only for the `top` of them.
  const orders = new Float64Array(n);
  const spend = new Float64Array(n);
  const marginOf = new Float64Array(n);
  const value = new Float64Array(n).fill(NaN);
  const contributionOf = new Float64Array(n).fill(NaN);
  // Ahead of `a` in the table: more predicted contribution, then more net sales, then the key.
  const ahead = (a: number, b: number) =>
    contributionOf[a]! - contributionOf[b]! ||
    value[a]! - value[b]! ||
    keys[s.customers[b]!]!.localeCompare(keys[s.customers[a]!]!);
  const best: number[] = [];
  for (let k = 0; k < n; k++) {
    const c = s.customers[k]!;
    orders[k] = models.expectedOrders[k]!;
    spend[k] = models.expectedSpend[k]!;
    const predicted = orders[k]! * spend[k]!;
    if (!Number.isFinite(predicted)) continue;
    marginOf[k] = net[c]! > 0 ? contrib[c]! / net[c]! : margin;
    value[k] = predicted;
    contributionOf[k] = predicted * marginOf[k]!;
    total += predicted;
    totalContribution += contributionOf[k]!;
    if (contributionOf[k]! < 0) lossMaking++;
    byCustomer[c] = contributionOf[k]!;
    // The best `top` so far, best first.
    if (best.length === top && !(top > 0 && ahead(k, best[top - 1]!) > 0)) continue;
    let at = best.length;
    while (at > 0 && ahead(k, best[at - 1]!) > 0) at--;
    best.splice(at, 0, k);
    if (best.length > top) best.pop();
  }
  const rows: PredictedCustomer[] = best.map((k) => {
    const c = s.customers[k]!;
    const last = lastOf[c]!;
    return {
      customerKey: keys[c]!,
      firstOrder: nameOf(firstOf[c]!),
      lastOrderName: nameOf(last),
      firstOrderDay: isoOf(ds.customerFirstDay[c]!),
      lastOrder: isoOf(ds.customerLastDay[c]!),
      country: last >= 0 ? (oc.country.dict[oc.country.codes[last]!] ?? '') : '',
      orders: ds.customerOrders[c]!,
      netSalesToDate: net[c]!,
      contributionToDate: contrib[c]!,
      alive: bgNbdAlive(bg, s.frequency[k]!, s.recency[k]!, s.T[k]!),
      expectedOrders: orders[k]!,
      expectedOrderValue: spend[k]!,
      predictedValue: value[k]!,
      margin: marginOf[k]!,
      storeMargin: !(net[c]! > 0),
      predictedContribution: contributionOf[k]!,
    };
  });
  return {
    value: {
      bgNbd: bg,
      gammaGamma: gg,
      customers: n,
      histories,
      total,
      perCustomer: n > 0 ? total / n : 0,
      totalContribution,
      perCustomerContribution: n > 0 ? totalContribution / n : 0,
      margin,
      lossMaking,
      top: rows,
    },
    byCustomer,
  };
}
