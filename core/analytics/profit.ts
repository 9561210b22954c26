/**
 * Profit and loss of a period (REFERENCE.md "Profit"): net sales (the Overview's, from `kpis`)
 * → cost of goods → gross profit → shipping costs and payment fees → contribution margin → ad
 * spend → contribution after marketing → fixed costs → net profit, with the coverage of each
 * cost. Money in reporting-currency minor units.
 */
import type { Dataset } from './dataset.ts';
import type { Filters, Query } from './scan.ts';
import { compareRange, rangeDays, scan } from './scan.ts';
import { dayMeasures, kpis, spendIn } from './sales.ts';
import { NO_DAY, dayOf, isoOf, isoWeekStart, monthOf, monthStartDay } from '../time/index.ts';

/** The cost settings analytics reads (core/schema `CostSettings`). */
export interface CostsLike {
  defaultMargins: { by: 'productType' | 'vendor'; key: string; margin: number }[];
  shippingPerOrder: number;
  shippingByCountry: { country: string; cost: number }[];
  paymentFees: { from: string; percent: number; fixed: number }[];
  fixedCosts: { name: string; monthly: number }[];
  returnsToStock: boolean;
}

export const NO_COSTS: CostsLike = {
  defaultMargins: [],
  shippingPerOrder: 0,
  shippingByCountry: [],
  paymentFees: [],
  fixedCosts: [],
  returnsToStock: true,
};

export interface Pnl {
  netSales: number;
  cogs: number;
  grossProfit: number;
  shippingCosts: number;
  paymentFees: number;
  contribution: number;
  adSpend: number;
  contributionAfterMarketing: number;
  fixedCosts: number;
  netProfit: number;
  /** Contribution ÷ net sales (null without sales). */
  contributionMarginRate: number | null;
  /** 1 ÷ contribution margin rate: the ROAS at which ads pay for themselves (null when contribution ≤ 0). */
  breakEvenRoas: number | null;
  coverage: {
    /** Line net sales whose cost is the product's cost. */
    costedNetSales: number;
    /** Line net sales costed by a default margin of their product type or vendor. */
    defaultMarginNetSales: number;
    /** Line net sales with no cost and no default margin: their cost of goods is counted as 0. */
    uncoveredNetSales: number;
    /** Orders with no payment-fee rate dated on or before their day. */
    ordersWithoutFeeRate: number;
    orders: number;
  };
}

export interface PnlResult {
  current: Pnl;
  previous: Pnl | null;
  compareRange: { start: string; end: string } | null;
  currency: string;
}

const SOURCE_COST = 0;
const SOURCE_DEFAULT = 1;
const SOURCE_NONE = 2;

/**
 * The cost of goods of a line: the product's unit cost (products in the reporting currency), else
 * the default margin of its product type, else of its vendor (each the line's, else the catalog
 * product's), else none (counted as 0 and reported as uncovered). `source` tells which of the three
 * the last call used.
 */
function costModel(ds: Dataset, costs: CostsLike) {
  const lc = ds.lines.columns;
  const nk = lc.sku.dict.length;
  const unitCost = new Float64Array(nk).fill(NaN);
  const skuType: string[] = new Array<string>(nk).fill('');
  const skuVendor: string[] = new Array<string>(nk).fill('');
  for (let c = 0; c < nk; c++) {
    const p = ds.productBySku.get(lc.sku.dict[c]!);
    if (!p) continue;
    if (p.cost != null && p.currency === ds.currency) unitCost[c] = p.cost;
    skuType[c] = p.productType ?? '';
    skuVendor[c] = p.vendor ?? '';
  }
  const rules = (by: 'productType' | 'vendor') => {
    const m = new Map<string, number>();
    for (const r of costs.defaultMargins) if (r.by === by) m.set(r.key, r.margin);
    return m;
  };
  const typeRules = rules('productType');
  const vendorRules = rules('vendor');
  const perCode = (dict: string[], m: Map<string, number>) =>
    Float64Array.from(dict, (k) => m.get(k) ?? NaN);
  const typeMargin = perCode(lc.productType.dict, typeRules);
  const skuTypeMargin = Float64Array.from(skuType, (k) => (k ? (typeRules.get(k) ?? NaN) : NaN));
  const vendorMargin = perCode(lc.vendor.dict, vendorRules);
  const skuVendorMargin = Float64Array.from(skuVendor, (k) =>
    k ? (vendorRules.get(k) ?? NaN) : NaN,
  );
  const model = {
    source: SOURCE_NONE,
    /** Cost of `qty` units of line j whose net sales are `net` (both negative for a return). */
    cost(j: number, qty: number, net: number): number {
      const code = lc.sku.codes[j]!;
      const c = unitCost[code]!;
      if (c === c) {
        model.source = SOURCE_COST;
        return qty * c;
      }
      let m = typeMargin[lc.productType.codes[j]!]!;
      if (m !== m) m = skuTypeMargin[code]!;
      if (m !== m) m = vendorMargin[lc.vendor.codes[j]!]!;
      if (m !== m) m = skuVendorMargin[code]!;
      if (m === m) {
        model.source = SOURCE_DEFAULT;
        return net * (1 - m);
      }
      model.source = SOURCE_NONE;
      return 0;
    },
  };
  return model;
}

/** Variable costs per day of [s, e] (slot = day − s) and the coverage of the whole range. */
interface DayCosts {
  cogs: Float64Array;
  shipping: Float64Array;
  fees: Float64Array;
  coverage: Pnl['coverage'];
}

function dayCosts(
  ds: Dataset,
  s: number,
  e: number,
  costs: CostsLike,
  filters: Filters | undefined,
  dating: 'refund' | 'order',
): DayCosts {
  const lc = ds.lines.columns;
  const oc = ds.orders.columns;
  const len = Math.max(0, e - s + 1);
  const cogs = new Float64Array(len);
  const shipping = new Float64Array(len);
  const fees = new Float64Array(len);
  let costed = 0;
  let byDefault = 0;
  let uncovered = 0;
  const model = costModel(ds, costs);
  const lineCost = (j: number, qty: number, net: number): number => {
    const c = model.cost(j, qty, net);
    if (model.source === SOURCE_COST) costed += net;
    else if (model.source === SOURCE_DEFAULT) byDefault += net;
    else uncovered += net;
    return c;
  };

  // Shipping per order (country rule, else flat) and payment fee by the rate dated for the order's day.
  const shipByCountry = new Float64Array(oc.country.dict.length).fill(costs.shippingPerOrder);
  for (const r of costs.shippingByCountry) {
    const at = oc.country.dict.indexOf(r.country);
    if (at >= 0) shipByCountry[at] = r.cost;
  }
  const rates = costs.paymentFees
    .map((f) => ({ ...f, day: dayOf(f.from) }))
    .sort((a, b) => a.day - b.day);
  const feeAt = (day: number) => {
    let rate: (typeof rates)[number] | null = null;
    for (const f of rates) if (f.day <= day) rate = f;
    return rate;
  };
  let orders = 0;
  let noRate = 0;
  let lastOrder = -1;
  const cancelled = (i: number) => oc.cancelledAt[i] === oc.cancelledAt[i];

  scan(
    ds,
    s,
    e,
    filters,
    dating,
    {
      line(j, i, slot, f) {
        const net = (ds.lineGross[j]! - lc.discount[j]!) * f;
        cogs[slot]! += lineCost(j, lc.quantity[j]!, net);
        if (i === lastOrder) return;
        lastOrder = i;
        orders++;
        shipping[slot]! += shipByCountry[oc.country.codes[i]!]!;
        const rate = feeAt(ds.orderDay[i]!);
        if (rate === null) noRate++;
        else fees[slot]! += oc.total[i]! * f * rate.percent + rate.fixed;
      },
      lineReturn(j, i, slot, amount) {
        // A cancelled order returns all its units; a refund its refunded quantity.
        const qty = cancelled(i) ? lc.quantity[j]! : lc.refundedQuantity[j]!;
        // Negative quantity and net: the return's cost, reversed when the units go back to stock.
        const c = lineCost(j, -qty, -amount);
        if (costs.returnsToStock) cogs[slot]! += c;
      },
    },
    true,
  );
  return {
    cogs,
    shipping,
    fees,
    coverage: {
      costedNetSales: costed,
      defaultMarginNetSales: byDefault,
      uncoveredNetSales: uncovered,
      ordersWithoutFeeRate: noRate,
      orders,
    },
  };
}

/** Fixed costs of one day: the month's total spread evenly over its days. */
function fixedOfDay(costs: CostsLike, d: number): number {
  const monthly = costs.fixedCosts.reduce((a, c) => a + c.monthly, 0);
  if (monthly === 0) return 0;
  const m = monthOf(d);
  return monthly / (monthStartDay(m + 1) - monthStartDay(m));
}

const total = (a: Float64Array) => {
  let t = 0;
  for (let k = 0; k < a.length; k++) t += a[k]!;
  return t;
};

/** The P&L of [s, e] (day numbers). */
export function pnlOf(
  ds: Dataset,
  s: number,
  e: number,
  costs: CostsLike,
  filters?: Filters,
  dating: 'refund' | 'order' = ds.refundDating,
): Pnl {
  const range = { start: isoOf(s), end: isoOf(e) };
  const k = kpis(ds, range, filters, dating);
  const dc = dayCosts(ds, s, e, costs, filters, dating);
  const cogs = total(dc.cogs);
  const shipping = total(dc.shipping);
  const feesTotal = total(dc.fees);

  let fixed = 0;
  for (let d = s; d <= e; d++) fixed += fixedOfDay(costs, d);
  const adSpend = spendIn(ds, s, e, filters) ?? 0;
  const netSales = k.netSales;
  const grossProfit = netSales - cogs;
  const contribution = grossProfit - shipping - feesTotal;
  const rate = netSales !== 0 ? contribution / netSales : null;
  const afterMarketing = contribution - adSpend;
  return {
    netSales,
    cogs,
    grossProfit,
    shippingCosts: shipping,
    paymentFees: feesTotal,
    contribution,
    adSpend,
    contributionAfterMarketing: afterMarketing,
    fixedCosts: fixed,
    netProfit: afterMarketing - fixed,
    contributionMarginRate: rate,
    breakEvenRoas: rate !== null && rate > 0 ? 1 / rate : null,
    coverage: dc.coverage,
  };
}

/** The P&L of a query's range with its comparison period. */
export function pnl(ds: Dataset, q: Query, costs: CostsLike): PnlResult {
  const dating = q.refundDating ?? ds.refundDating;
  const [s, e] = rangeDays(q.range);
  const cmp = compareRange(q.range, q.compare ?? 'previous-period');
  let previous: Pnl | null = null;
  if (cmp) {
    const [ps, pe] = rangeDays(cmp);
    previous = pnlOf(ds, ps, pe, costs, q.filters, dating);
  }
  return {
    current: pnlOf(ds, s, e, costs, q.filters, dating),
    previous,
    compareRange: cmp,
    currency: ds.currency,
  };
}

/** The P&L lines of each day, ISO week (from Monday) or month of a range, for a chart or a table. */
export interface PnlSeries {
  grain: 'day' | 'week' | 'month';
  /** First day of each bucket inside the range (ISO dates). */
  starts: string[];
  /** Last day of each bucket inside the range. */
  ends: string[];
  netSales: Float64Array;
  cogs: Float64Array;
  grossProfit: Float64Array;
  shippingAndFees: Float64Array;
  contribution: Float64Array;
  adSpend: Float64Array;
  contributionAfterMarketing: Float64Array;
  fixedCosts: Float64Array;
  netProfit: Float64Array;
}

/** The P&L per day, week or month of a query's range (buckets cut at the range's ends). */
export function pnlSeries(ds: Dataset, q: Query, costs: CostsLike): PnlSeries {
  const grain = q.grain ?? 'day';
  const dating = q.refundDating ?? ds.refundDating;
  const [s, e] = rangeDays(q.range);
  const bounds: [number, number][] = [];
  for (let d = s; d <= e;) {
    let next: number;
    if (grain === 'day') next = d + 1;
    else if (grain === 'week') next = isoWeekStart(d) + 7;
    else next = monthStartDay(monthOf(d) + 1);
    bounds.push([d, Math.min(next - 1, e)]);
    d = next;
  }
  const n = bounds.length;
  const out: PnlSeries = {
    grain,
    starts: bounds.map(([a]) => isoOf(a)),
    ends: bounds.map(([, b]) => isoOf(b)),
    netSales: new Float64Array(n),
    cogs: new Float64Array(n),
    grossProfit: new Float64Array(n),
    shippingAndFees: new Float64Array(n),
    contribution: new Float64Array(n),
    adSpend: new Float64Array(n),
    contributionAfterMarketing: new Float64Array(n),
    fixedCosts: new Float64Array(n),
    netProfit: new Float64Array(n),
  };
  // One pass over the range: per-day sales, costs and spend, summed into the buckets.
  const m = dayMeasures(ds, s, e, q.filters, dating);
  const dc = dayCosts(ds, s, e, costs, q.filters, dating);
  const spend = new Float64Array(Math.max(0, e - s + 1));
  const sp = ds.spend;
  if (sp) {
    const want = q.filters?.channel?.length ? new Set(q.filters.channel) : null;
    const allowed = Uint8Array.from(sp.columns.channel.dict, (v) => (!want || want.has(v) ? 1 : 0));
    for (let r = 0; r < sp.length; r++) {
      const d = ds.spendDay[r]!;
      if (d === NO_DAY || d < s || d > e || allowed[sp.columns.channel.codes[r]!] === 0) continue;
      const v = ds.spendReporting[r]!;
      if (v === v) spend[d - s]! += v;
    }
  }
  bounds.forEach(([a, b], k) => {
    let net = 0;
    let cogs = 0;
    let shipFees = 0;
    let ads = 0;
    let fixed = 0;
    for (let d = a; d <= b; d++) {
      const t = d - s;
      net += m.grossSales[t]! - m.discounts[t]! - m.returns[t]!;
      cogs += dc.cogs[t]!;
      shipFees += dc.shipping[t]! + dc.fees[t]!;
      ads += spend[t]!;
      fixed += fixedOfDay(costs, d);
    }
    const contribution = net - cogs - shipFees;
    out.netSales[k] = net;
    out.cogs[k] = cogs;
    out.grossProfit[k] = net - cogs;
    out.shippingAndFees[k] = shipFees;
    out.contribution[k] = contribution;
    out.adSpend[k] = ads;
    out.contributionAfterMarketing[k] = contribution - ads;
    out.fixedCosts[k] = fixed;
    out.netProfit[k] = contribution - ads - fixed;
  });
  return out;
}

/** One channel's P&L down to contribution after marketing (fixed costs are not split by channel). */
export interface ChannelProfitRow {
  channel: string;
  orders: number;
  netSales: number;
  cogs: number;
  grossProfit: number;
  shippingAndFees: number;
  contribution: number;
  /** Ad spend booked to this channel (spend imports name the same channels as orders). */
  adSpend: number;
  contributionAfterMarketing: number;
  contributionMarginRate: number | null;
  breakEvenRoas: number | null;
  /** Net sales with no product cost and no default margin. */
  uncoveredNetSales: number;
}

/** The P&L by order channel (with the spend of the same channel), most contribution after marketing first. */
export function channelProfit(ds: Dataset, q: Query, costs: CostsLike): ChannelProfitRow[] {
  const dating = q.refundDating ?? ds.refundDating;
  const [s, e] = rangeDays(q.range);
  const names = new Set(ds.orders.columns.channel.dict);
  if (ds.spend) for (const c of ds.spend.columns.channel.dict) names.add(c);
  const only = q.filters?.channel?.length ? new Set(q.filters.channel) : null;
  const rows: ChannelProfitRow[] = [];
  for (const channel of names) {
    if (only && !only.has(channel)) continue;
    const p = pnlOf(ds, s, e, costs, { ...q.filters, channel: [channel] }, dating);
    if (p.coverage.orders === 0 && p.netSales === 0 && p.adSpend === 0) continue;
    rows.push({
      channel,
      orders: p.coverage.orders,
      netSales: p.netSales,
      cogs: p.cogs,
      grossProfit: p.grossProfit,
      shippingAndFees: p.shippingCosts + p.paymentFees,
      contribution: p.contribution,
      adSpend: p.adSpend,
      contributionAfterMarketing: p.contributionAfterMarketing,
      contributionMarginRate: p.contributionMarginRate,
      breakEvenRoas: p.breakEvenRoas,
      uncoveredNetSales: p.coverage.uncoveredNetSales,
    });
  }
  return rows.sort(
    (a, b) =>
      b.contributionAfterMarketing - a.contributionAfterMarketing ||
      a.channel.localeCompare(b.channel),
  );
}

/** One product's gross profit in a period (shipping and fees are per order, not split by product). */
export interface ProductProfitRow {
  sku: string;
  title: string;
  /** Units sold less units returned. */
  units: number;
  netSales: number;
  cogs: number;
  grossProfit: number;
  /** Gross profit ÷ net sales (null without net sales). */
  grossMargin: number | null;
  /** Where the cost of goods came from: the product's cost, a default margin, none, or a mix. */
  costSource: 'cost' | 'default-margin' | 'none' | 'mixed';
}

/** Gross profit per SKU of a period, line net sales less returns, most gross profit first. */
export function productProfit(ds: Dataset, q: Query, costs: CostsLike): ProductProfitRow[] {
  const dating = q.refundDating ?? ds.refundDating;
  const [s, e] = rangeDays(q.range);
  const lc = ds.lines.columns;
  const nk = lc.sku.dict.length;
  const net = new Float64Array(nk);
  const cogs = new Float64Array(nk);
  const units = new Float64Array(nk);
  const sources = new Uint8Array(nk);
  const touched = new Uint8Array(nk);
  const titleOf = new Int32Array(nk).fill(-1);
  const model = costModel(ds, costs);
  const cancelled = (i: number) =>
    ds.orders.columns.cancelledAt[i] === ds.orders.columns.cancelledAt[i];
  const add = (j: number, qty: number, amount: number, back: boolean) => {
    const k = lc.sku.codes[j]!;
    const c = model.cost(j, qty, amount);
    if (back) cogs[k]! += c;
    net[k]! += amount;
    units[k]! += qty;
    sources[k]! |= 1 << model.source;
    touched[k] = 1;
    if (titleOf[k]! < 0) titleOf[k] = lc.title.codes[j]!;
  };
  scan(
    ds,
    s,
    e,
    q.filters,
    dating,
    {
      line(j, _i, _slot, f) {
        add(j, lc.quantity[j]!, (ds.lineGross[j]! - lc.discount[j]!) * f, true);
      },
      lineReturn(j, i, _slot, amount) {
        const qty = cancelled(i) ? lc.quantity[j]! : lc.refundedQuantity[j]!;
        add(j, -qty, -amount, costs.returnsToStock);
      },
    },
    true,
  );
  const sourceOf = (bits: number): ProductProfitRow['costSource'] =>
    bits === 1 << SOURCE_COST
      ? 'cost'
      : bits === 1 << SOURCE_DEFAULT
        ? 'default-margin'
        : bits === 1 << SOURCE_NONE
          ? 'none'
          : 'mixed';
  const rows: ProductProfitRow[] = [];
  for (let k = 0; k < nk; k++) {
    if (!touched[k]) continue;
    const sku = lc.sku.dict[k]!;
    const gp = net[k]! - cogs[k]!;
    rows.push({
      sku,
      title: ds.productBySku.get(sku)?.title ?? lc.title.dict[titleOf[k]!] ?? sku,
      units: units[k]!,
      netSales: net[k]!,
      cogs: cogs[k]!,
      grossProfit: gp,
      grossMargin: net[k]! !== 0 ? gp / net[k]! : null,
      costSource: sourceOf(sources[k]!),
    });
  }
  return rows.sort((a, b) => b.grossProfit - a.grossProfit || a.sku.localeCompare(b.sku));
}

/** Customer acquisition cost of one month: all ad spend ÷ customers whose first order is in it. */
export interface CacMonth {
  month: string;
  /** Null without a spend import. */
  spend: number | null;
  newCustomers: number;
  cac: number | null;
}

/** CAC of each calendar month the range touches (whole months, all channels). */
export function cacByMonth(ds: Dataset, q: Query): CacMonth[] {
  const [s, e] = rangeDays(q.range);
  const m0 = monthOf(s);
  const m1 = monthOf(e);
  const fresh = new Float64Array(m1 - m0 + 1);
  const first = ds.customerFirstDay;
  for (let c = 0; c < ds.customerCount; c++) {
    const d = first[c]!;
    if (d === 2147483647) continue;
    const m = monthOf(d);
    if (m >= m0 && m <= m1) fresh[m - m0]!++;
  }
  const out: CacMonth[] = [];
  for (let m = m0; m <= m1; m++) {
    const spend = spendIn(ds, monthStartDay(m), monthStartDay(m + 1) - 1);
    const n = fresh[m - m0]!;
    out.push({
      month: isoOf(monthStartDay(m)).slice(0, 7),
      spend,
      newCustomers: n,
      cac: spend !== null && spend > 0 && n > 0 ? spend / n : null,
    });
  }
  return out;
}
