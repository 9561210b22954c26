/**
 * Sales KPIs, series and breakdowns by Shopify's semantics (REFERENCE.md "Sales and customers"):
 * total sales = gross − discounts + taxes + shipping − returns; returns count on the refund day
 * (or the order day, by switch); a cancelled order is a sale plus a return on the cancel day.
 * A full refund's amount (including refunded tax and shipping) counts as returns.
 */
import { REFUND_RULES, fxAt, type Dataset, type RefundRules } from './dataset.ts';
import type { Comparison, DateRange, Filters, Query, Unconverted } from './scan.ts';
import { compareRange, rangeDays, scan } from './scan.ts';
import { valueAt } from './sparse.ts';
import { kpiFigures, kpisIn, type KpiEntry, type KpiFigure } from './kpis.ts';
import {
  daySummary,
  summaryMeasures,
  summarySessions,
  summarySpend,
  type DaySummary,
} from './summary.ts';
import {
  NO_DAY,
  isoOf,
  isoWeekLabel,
  isoWeekStart,
  isoMonthOf,
  monthOf,
  monthStartDay,
} from '../time/index.ts';

/** Headline numbers of a period; money in reporting-currency minor units. */
export interface Kpis {
  grossSales: number;
  discounts: number;
  returns: number;
  netSales: number;
  shipping: number;
  taxes: number;
  totalSales: number;
  orders: number;
  units: number;
  /** Gift cards sold: not sales (a liability until redeemed), listed apart. */
  giftCards: number;
  /** The refunds of the period by the rule that gave their goods value. */
  refundRules: RefundRules;
  /** (gross − discounts) ÷ orders, as Shopify; null without orders. */
  aov: number | null;
  customers: number;
  newCustomers: number;
  returningCustomers: number;
  /** Shopify's returning customer rate: returning ÷ customers in the period (first order before it). */
  returningCustomerRate: number | null;
  /** Null without traffic data. */
  sessions: number | null;
  /** Orders ÷ sessions (Shopify); null without traffic. */
  conversionRate: number | null;
  /** Null without spend data. */
  adSpend: number | null;
  /** Last-click attributed total sales ÷ ad spend; null without spend. */
  roas: number | null;
  /** Total sales ÷ ad spend (marketing efficiency ratio); null without spend. */
  mer: number | null;
}

export interface OverviewResult<Id extends string = KpiEntry['id']> {
  range: DateRange;
  compareRange: DateRange | null;
  currency: string;
  current: Kpis;
  previous: Kpis | null;
  /** The Overview's cards (the registry's 'overview' group, in order): value, change, sparkline. */
  kpis: KpiFigure<Id>[];
  series: {
    days: string[];
    netSales: Float64Array;
    orders: Float64Array;
    /** The comparison period's net sales aligned day by day (NaN past its end). */
    previousNetSales: Float64Array | null;
  };
  unconverted: Unconverted[];
  dataAsOf: number | null;
  firstDay: string | null;
  lastDay: string | null;
}

/** Per-day measures of a range, the building block of KPIs and series. */
export interface DayMeasures {
  start: number;
  grossSales: Float64Array;
  discounts: Float64Array;
  returns: Float64Array;
  shipping: Float64Array;
  taxes: Float64Array;
  orders: Float64Array;
  units: Float64Array;
  /** Gift cards sold (not sales; order-level only, 0 under a product-type filter). */
  giftCards: number;
  /** The refunds counted in the period, by the rule that gave their goods value. */
  refundRules: RefundRules;
  customers: number;
  newCustomers: number;
  returningCustomers: number;
  attributedSales: number;
  unconverted: Unconverted[];
}

/** True when no filter keeps out any order or line: the day summary answers (summary.ts). */
export function unfiltered(filters: Filters | undefined): boolean {
  return !filters?.channel?.length && !filters?.country?.length && !filters?.productType?.length;
}

/** Computes per-day measures for day numbers [s, e]. */
export function dayMeasures(
  ds: Dataset,
  s: number,
  e: number,
  filters: Filters | undefined,
  dating: 'refund' | 'order',
): DayMeasures {
  if (unfiltered(filters)) return summaryMeasures(daySummary(ds), s, e, dating);
  const len = e - s + 1;
  const gross = new Float64Array(len);
  const disc = new Float64Array(len);
  const ret = new Float64Array(len);
  const ship = new Float64Array(len);
  const tax = new Float64Array(len);
  const orders = new Float64Array(len);
  const units = new Float64Array(len);
  // Per customer: 1 = counted, 2 = counted returning (an order that was not their first).
  const seen = new Uint8Array(ds.customerCount);
  let customers = 0;
  let newCustomers = 0;
  let returningCustomers = 0;
  let attributed = 0;
  let giftCards = 0;
  const rules = noRules();
  let lastReturn = -1;
  const oc = ds.orders.columns;
  const lc = ds.lines.columns;
  const { orderCustomer, customerFirstDay, orderAttributedChannel } = ds;
  const countCustomer = (i: number) => {
    const c = orderCustomer[i]!;
    if (c < 0) return;
    if ((seen[c]! & 1) === 0) {
      seen[c]! |= 1;
      customers++;
      if (customerFirstDay[c]! >= s) newCustomers++;
    }
    if (ds.repeatOrder[i] === 1 && (seen[c]! & 2) === 0) {
      seen[c]! |= 2;
      returningCustomers++;
    }
  };
  let lastOrder = -1;
  const unconverted = scan(
    ds,
    s,
    e,
    filters,
    dating,
    {
      order(i, slot, f) {
        gross[slot]! += ds.gross[i]! * f;
        disc[slot]! += oc.discounts[i]! * f;
        ship[slot]! += oc.shipping[i]! * f;
        tax[slot]! += oc.taxes[i]! * f;
        orders[slot]!++;
        units[slot]! += ds.units[i]!;
        countCustomer(i);
        giftCards += valueAt(ds.giftCards, i) * f;
        if (orderAttributedChannel[i]! >= 0)
          attributed += (oc.total[i]! - valueAt(ds.giftCards, i)) * f;
      },
      orderReturn(i, slot, amount, _f, shipping, taxes) {
        ret[slot]! += amount;
        ship[slot]! -= shipping;
        tax[slot]! -= taxes;
        // Attributed sales lose the refund when the period counts it, as total sales do.
        if (orderAttributedChannel[i]! >= 0) attributed -= amount + shipping + taxes;
        countRule(rules, ds, i);
      },
      line(j, i, slot, f) {
        gross[slot]! += lc.quantity[j]! * lc.unitPrice[j]! * f;
        disc[slot]! += valueAt(lc.discount, j) * f;
        units[slot]! += lc.quantity[j]!;
        if (i !== lastOrder) {
          lastOrder = i;
          orders[slot]!++;
          countCustomer(i);
        }
        if (orderAttributedChannel[i]! >= 0)
          attributed += (lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j)) * f;
      },
      lineReturn(_j, i, slot, amount) {
        ret[slot]! += amount;
        if (orderAttributedChannel[i]! >= 0) attributed -= amount;
        if (i !== lastReturn) countRule(rules, ds, (lastReturn = i));
      },
    },
    false,
  );
  return {
    start: s,
    grossSales: gross,
    discounts: disc,
    returns: ret,
    shipping: ship,
    taxes: tax,
    orders,
    units,
    giftCards,
    refundRules: rulesOf(rules),
    customers,
    newCustomers,
    returningCustomers,
    attributedSales: attributed,
    unconverted,
  };
}

/**
 * Refunds counted by rule, indexed by `Dataset.refundRule`'s code (index 0 unused): a typed array,
 * as counting into the RefundRules object by rule name was a keyed store over five names in the
 * range change's hottest loop.
 */
const noRules = (): Float64Array => new Float64Array(REFUND_RULES.length + 1);
function countRule(rules: Float64Array, ds: Dataset, i: number): void {
  if (!Number.isNaN(fxAt(ds.fx, i))) rules[ds.refundRule[i]!]!++;
}
function rulesOf(counts: Float64Array): RefundRules {
  const rules = {} as RefundRules;
  REFUND_RULES.forEach((name, k) => (rules[name] = counts[k + 1]!));
  return rules;
}

function sum(a: Float64Array, from = 0, to = a.length): number {
  let t = 0;
  for (let k = from; k < to; k++) t += a[k]!;
  return t;
}

function channelAllowed(dict: string[], filters: Filters | undefined): Uint8Array | null {
  const f = filters?.channel;
  if (!f || f.length === 0) return null;
  const want = new Set(f);
  return Uint8Array.from(dict, (v) => (want.has(v) ? 1 : 0));
}

/** Sessions in [s, e] (null without traffic data: no table, or the empty one a store without a traffic import keeps). */
export function sessionsIn(ds: Dataset, s: number, e: number, filters?: Filters): number | null {
  const t = ds.traffic;
  if (!t || t.length === 0) return null;
  const allowed = channelAllowed(t.columns.channel.dict, filters);
  if (allowed === null) return summarySessions(daySummary(ds), s, e);
  let total = 0;
  for (let r = 0; r < t.length; r++) {
    const d = ds.trafficDay[r]!;
    if (d < s || d > e || d === NO_DAY) continue;
    if (allowed[t.columns.channel.codes[r]!] === 0) continue;
    total += t.columns.sessions[r]!;
  }
  return total;
}

/** Ad spend in reporting minor units in [s, e] (null without spend data); rows without a rate are skipped. */
export function spendIn(ds: Dataset, s: number, e: number, filters?: Filters): number | null {
  const t = ds.spend;
  if (!t || t.length === 0) return null;
  const allowed = channelAllowed(t.columns.channel.dict, filters);
  // All channels: the day summary's spend per day, which a cold start reads too.
  if (allowed === null) return summarySpend(daySummary(ds), s, e);
  let total = 0;
  for (let r = 0; r < t.length; r++) {
    const d = ds.spendDay[r]!;
    if (d < s || d > e || d === NO_DAY) continue;
    if (allowed[t.columns.channel.codes[r]!] === 0) continue;
    const v = ds.spendReporting[r]!;
    if (v === v) total += v;
  }
  return total;
}

/** KPIs of a set of day measures plus traffic and spend of the same days. */
export function kpisOf(ds: Dataset, m: DayMeasures, filters?: Filters): Kpis {
  const e = m.start + m.orders.length - 1;
  return kpisFrom(m, sessionsIn(ds, m.start, e, filters), spendIn(ds, m.start, e, filters));
}

/** KPIs of a set of day measures, given the sessions and ad spend of the same days. */
function kpisFrom(m: DayMeasures, sessions: number | null, adSpend: number | null): Kpis {
  const grossSales = sum(m.grossSales);
  const discounts = sum(m.discounts);
  const returns = sum(m.returns);
  const shipping = sum(m.shipping);
  const taxes = sum(m.taxes);
  const orders = sum(m.orders);
  const netSales = grossSales - discounts - returns;
  const totalSales = netSales + shipping + taxes;
  return {
    grossSales,
    discounts,
    returns,
    netSales,
    shipping,
    taxes,
    totalSales,
    orders,
    units: sum(m.units),
    giftCards: m.giftCards,
    refundRules: m.refundRules,
    aov: orders > 0 ? (grossSales - discounts) / orders : null,
    customers: m.customers,
    newCustomers: m.newCustomers,
    returningCustomers: m.returningCustomers,
    returningCustomerRate: m.customers > 0 ? m.returningCustomers / m.customers : null,
    sessions,
    conversionRate: sessions !== null && sessions > 0 ? orders / sessions : null,
    adSpend,
    roas: adSpend !== null && adSpend > 0 ? m.attributedSales / adSpend : null,
    mer: adSpend !== null && adSpend > 0 ? totalSales / adSpend : null,
  };
}

/** KPIs of one range. */
export function kpis(
  ds: Dataset,
  range: DateRange,
  filters?: Filters,
  refundDating?: 'refund' | 'order',
): Kpis {
  const [s, e] = rangeDays(range);
  return kpisOf(ds, dayMeasures(ds, s, e, filters, refundDating ?? ds.refundDating), filters);
}

function netSeries(m: DayMeasures): Float64Array {
  const out = new Float64Array(m.orders.length);
  for (let k = 0; k < out.length; k++) out[k] = m.grossSales[k]! - m.discounts[k]! - m.returns[k]!;
  return out;
}

/** What the Overview reads: day measures and KPIs of any days, and the data's currency and span. */
interface OverviewSource {
  measures: (s: number, e: number) => DayMeasures;
  kpis: (m: DayMeasures) => Kpis;
  currency: string;
  dataAsOf: number | null;
  firstDay: number;
  lastDay: number;
}

/**
 * The Overview screen: KPIs with comparison, its cards (`entries`: the registry's 'overview'
 * group unless given), daily net sales and orders, unconverted currencies.
 */
export function overview<Id extends string = KpiEntry['id']>(
  ds: Dataset,
  q: Query,
  entries: readonly KpiEntry<Id>[] = kpisIn('overview') as unknown as KpiEntry<Id>[],
): OverviewResult<Id> {
  const dating = q.refundDating ?? ds.refundDating;
  const src: OverviewSource = {
    measures: (s, e) => dayMeasures(ds, s, e, q.filters, dating),
    kpis: (m) => kpisOf(ds, m, q.filters),
    currency: ds.currency,
    dataAsOf: ds.dataAsOf,
    firstDay: ds.firstDay,
    lastDay: ds.lastDay,
  };
  return overviewOf(src, q, entries);
}

/**
 * The Overview of an unfiltered query from a day summary alone (a cold start, before the line
 * columns are read): the same numbers as `overview` on the dataset the summary was made from.
 */
export function summaryOverview<Id extends string = KpiEntry['id']>(
  sum: DaySummary,
  q: Query,
  entries: readonly KpiEntry<Id>[] = kpisIn('overview') as unknown as KpiEntry<Id>[],
): OverviewResult<Id> {
  if (!unfiltered(q.filters))
    throw new RangeError('A day summary answers unfiltered queries only.');
  const dating = q.refundDating ?? sum.refundDating;
  const src: OverviewSource = {
    measures: (s, e) => summaryMeasures(sum, s, e, dating),
    kpis: (m) => {
      const e = m.start + m.orders.length - 1;
      return kpisFrom(m, summarySessions(sum, m.start, e), summarySpend(sum, m.start, e));
    },
    currency: sum.currency,
    dataAsOf: sum.dataAsOf,
    firstDay: sum.firstDay,
    lastDay: sum.lastDay,
  };
  return overviewOf(src, q, entries);
}

function overviewOf<Id extends string>(
  src: OverviewSource,
  q: Query,
  entries: readonly KpiEntry<Id>[],
): OverviewResult<Id> {
  const [s, e] = rangeDays(q.range);
  const cur = src.measures(s, e);
  const current = src.kpis(cur);
  const cmp = compareRange(q.range, q.compare ?? 'previous-period');
  let previous: Kpis | null = null;
  let previousNetSales: Float64Array | null = null;
  if (cmp) {
    const [ps, pe] = rangeDays(cmp);
    const prev = src.measures(ps, pe);
    previous = src.kpis(prev);
    const pn = netSeries(prev);
    previousNetSales = new Float64Array(e - s + 1).fill(NaN);
    previousNetSales.set(pn.subarray(0, Math.min(pn.length, previousNetSales.length)));
  }
  const days: string[] = [];
  for (let d = s; d <= e; d++) days.push(isoOf(d));
  return {
    range: q.range,
    compareRange: cmp,
    currency: src.currency,
    current,
    previous,
    kpis: kpiFigures(entries, { sales: current }, previous && { sales: previous }, cur),
    series: { days, netSales: netSeries(cur), orders: cur.orders, previousNetSales },
    unconverted: cur.unconverted,
    dataAsOf: src.dataAsOf,
    firstDay: src.firstDay === NO_DAY ? null : isoOf(src.firstDay),
    lastDay: src.lastDay === NO_DAY ? null : isoOf(src.lastDay),
  };
}

/** Sales measures per bucket (day, ISO week or month in the store timezone). */
export interface SalesSeries {
  grain: 'day' | 'week' | 'month';
  /** Bucket labels: 'YYYY-MM-DD', 'YYYY-Www' or 'YYYY-MM'. */
  labels: string[];
  /** First day of each bucket inside the range. */
  starts: string[];
  /** True when the range cuts the bucket (a partial first/last week or month). */
  partial: boolean[];
  grossSales: Float64Array;
  discounts: Float64Array;
  returns: Float64Array;
  netSales: Float64Array;
  shipping: Float64Array;
  taxes: Float64Array;
  totalSales: Float64Array;
  orders: Float64Array;
  units: Float64Array;
  /** NaN for a bucket without orders. */
  aov: Float64Array;
  /** The comparison period bucketed the same way (aligned by bucket index), or null. */
  previous: Omit<SalesSeries, 'previous' | 'grain'> | null;
  unconverted: Unconverted[];
}

function bucketise(
  m: DayMeasures,
  grain: 'day' | 'week' | 'month',
): Omit<SalesSeries, 'previous' | 'grain'> {
  const len = m.orders.length;
  const s = m.start;
  const e = s + len - 1;
  const bucketOf = new Int32Array(len);
  const labels: string[] = [];
  const starts: string[] = [];
  const partial: boolean[] = [];
  let prevKey = NaN;
  for (let k = 0; k < len; k++) {
    const d = s + k;
    const key = grain === 'day' ? d : grain === 'week' ? isoWeekStart(d) : monthOf(d);
    if (key !== prevKey) {
      prevKey = key;
      labels.push(
        grain === 'day' ? isoOf(d) : grain === 'week' ? isoWeekLabel(d) : isoMonthOf(key),
      );
      starts.push(isoOf(d));
      const bStart = grain === 'day' ? d : grain === 'week' ? key : monthStartDay(key);
      const bEnd = grain === 'day' ? d : grain === 'week' ? key + 6 : monthStartDay(key + 1) - 1;
      partial.push(bStart < s || bEnd > e);
    }
    bucketOf[k] = labels.length - 1;
  }
  const nb = labels.length;
  const agg = (a: Float64Array) => {
    const out = new Float64Array(nb);
    for (let k = 0; k < len; k++) out[bucketOf[k]!]! += a[k]!;
    return out;
  };
  const grossSales = agg(m.grossSales);
  const discounts = agg(m.discounts);
  const returns = agg(m.returns);
  const shipping = agg(m.shipping);
  const taxes = agg(m.taxes);
  const orders = agg(m.orders);
  const netSales = new Float64Array(nb);
  const totalSales = new Float64Array(nb);
  const aov = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    netSales[b] = grossSales[b]! - discounts[b]! - returns[b]!;
    totalSales[b] = netSales[b]! + shipping[b]! + taxes[b]!;
    aov[b] = orders[b]! > 0 ? (grossSales[b]! - discounts[b]!) / orders[b]! : NaN;
  }
  return {
    labels,
    starts,
    partial,
    grossSales,
    discounts,
    returns,
    netSales,
    shipping,
    taxes,
    totalSales,
    orders,
    units: agg(m.units),
    aov,
    unconverted: m.unconverted,
  };
}

/** Sales over time by day, ISO week or month, with the comparison period when asked. */
export function salesSeries(ds: Dataset, q: Query): SalesSeries {
  const dating = q.refundDating ?? ds.refundDating;
  const grain = q.grain ?? 'day';
  const [s, e] = rangeDays(q.range);
  const cur = bucketise(dayMeasures(ds, s, e, q.filters, dating), grain);
  const cmp = compareRange(q.range, q.compare ?? 'none');
  let previous: SalesSeries['previous'] = null;
  if (cmp) {
    const [ps, pe] = rangeDays(cmp);
    previous = bucketise(dayMeasures(ds, ps, pe, q.filters, dating), grain);
  }
  return { grain, ...cur, previous };
}

export type BreakdownDimension =
  'channel' | 'productType' | 'vendor' | 'country' | 'discountCode' | 'product';

/** One row of a sales breakdown; line dimensions carry no shipping or taxes ("sales by product"). */
export interface BreakdownRow {
  key: string;
  /** Product title for the 'product' dimension (key = SKU), else the key. */
  label: string;
  grossSales: number;
  discounts: number;
  returns: number;
  netSales: number;
  shipping: number;
  taxes: number;
  totalSales: number;
  orders: number;
  units: number;
  /** Share of the breakdown's net sales. */
  share: number | null;
}

/** Sales split by channel, product type, vendor, country, discount code or product, by net sales. */
export function salesBreakdown(ds: Dataset, q: Query, by: BreakdownDimension): BreakdownRow[] {
  const dating = q.refundDating ?? ds.refundDating;
  const [s, e] = rangeDays(q.range);
  const oc = ds.orders.columns;
  const lc = ds.lines.columns;
  const lineDim = by === 'productType' || by === 'vendor' || by === 'product';
  const col =
    by === 'channel'
      ? oc.channel
      : by === 'country'
        ? oc.country
        : by === 'discountCode'
          ? oc.discountCode
          : by === 'productType'
            ? lc.productType
            : by === 'vendor'
              ? lc.vendor
              : lc.sku;
  const nk = col.dict.length;
  const gross = new Float64Array(nk);
  const disc = new Float64Array(nk);
  const ret = new Float64Array(nk);
  const ship = new Float64Array(nk);
  const tax = new Float64Array(nk);
  const orders = new Float64Array(nk);
  const units = new Float64Array(nk);
  const lastOrder = new Int32Array(nk).fill(-1);
  const titleCode = new Int32Array(nk).fill(-1);
  scan(
    ds,
    s,
    e,
    q.filters,
    dating,
    {
      order(i, _slot, f) {
        const k = col.codes[i]!;
        gross[k]! += ds.gross[i]! * f;
        disc[k]! += oc.discounts[i]! * f;
        ship[k]! += oc.shipping[i]! * f;
        tax[k]! += oc.taxes[i]! * f;
        orders[k]!++;
        units[k]! += ds.units[i]!;
      },
      orderReturn(i, _slot, amount, _f, shipping, taxes) {
        const k = col.codes[i]!;
        ret[k]! += amount;
        ship[k]! -= shipping;
        tax[k]! -= taxes;
      },
      line(j, i, _slot, f) {
        const k = lineDim ? col.codes[j]! : col.codes[i]!;
        gross[k]! += lc.quantity[j]! * lc.unitPrice[j]! * f;
        disc[k]! += valueAt(lc.discount, j) * f;
        units[k]! += lc.quantity[j]!;
        if (lastOrder[k] !== i) {
          lastOrder[k] = i;
          orders[k]!++;
        }
        if (titleCode[k] === -1) titleCode[k] = lc.title.codes[j]!;
      },
      lineReturn(j, i, _slot, amount) {
        ret[lineDim ? col.codes[j]! : col.codes[i]!]! += amount;
      },
    },
    lineDim,
  );
  let totalNet = 0;
  const rows: BreakdownRow[] = [];
  for (let k = 0; k < nk; k++) {
    if (orders[k] === 0 && ret[k] === 0) continue;
    const netSales = gross[k]! - disc[k]! - ret[k]!;
    totalNet += netSales;
    const key = col.dict[k]!;
    rows.push({
      key,
      label: by === 'product' && titleCode[k]! >= 0 ? lc.title.dict[titleCode[k]!]! : key,
      grossSales: gross[k]!,
      discounts: disc[k]!,
      returns: ret[k]!,
      netSales,
      shipping: ship[k]!,
      taxes: tax[k]!,
      totalSales: netSales + ship[k]! + tax[k]!,
      orders: orders[k]!,
      units: units[k]!,
      share: null,
    });
  }
  for (const r of rows) r.share = totalNet !== 0 ? r.netSales / totalNet : null;
  return rows.sort((a, b) => b.netSales - a.netSales || a.key.localeCompare(b.key));
}

export type { Comparison, DateRange, Filters, Query };
