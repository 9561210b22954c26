/**
 * Profit and loss of a period (REFERENCE.md "Profit"): net sales (the Overview's, from `kpis`)
 * → cost of goods → gross profit → shipping costs and payment fees → contribution margin → ad
 * spend → contribution after marketing → fixed costs → net profit, with the coverage of each
 * cost. Money in reporting-currency minor units.
 */
import type { Filters, Query } from './scan.ts';
import { hasValue, valueAt } from './sparse.ts';
import type { NumCol, StrCol } from './types.ts';
import { compareRange, rangeDays, scan } from './scan.ts';
import { dayMeasures, kpis, spendIn } from './sales.ts';
import { marketing, type MarketingRow } from './marketing.ts';
import { attributionKey, fxAt, type Dataset } from './dataset.ts';
import { NO_DAY, dayOf, isoOf, isoWeekStart, monthOf, monthStartDay } from '../time/index.ts';

/** The cost settings analytics reads (core/schema `CostSettings`). */
export interface CostsLike {
  defaultMargins: { by: 'productType' | 'vendor'; key: string; margin: number }[];
  shippingPerOrder: number;
  shippingByCountry: { country: string; cost: number }[];
  /** Weight bands (grams, over `fromGrams` up to `toGrams`), per country or any ('' or absent). */
  shippingByWeight?: { country?: string; fromGrams: number; toGrams: number; cost: number }[];
  /** Dated rates; `gateway` '' (or absent) for every gateway without a rate of its own. */
  paymentFees: { gateway?: string; from: string; percent: number; fixed: number }[];
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
    /**
     * Orders by where their shipping cost came from: the carrier's label costs imported for them,
     * a weight band (of their country, else any), their country's cost, or the cost per order.
     */
    shippingBy: { labels: number; weightBand: number; country: number; flat: number };
    /** Orders with a goods line whose product weight is not known (no weight band could apply). */
    ordersWithoutWeight: number;
    /** Orders charged by each rate, by its index in `paymentFees`. */
    feeRuleOrders: number[];
    /**
     * The gateways of the period's orders that have no rate of their own dated on or before the
     * order (they take the rate for all gateways, if any): the gateway ('' unknown) and its orders.
     */
    gatewaysWithoutRule: { gateway: string; orders: number }[];
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

/** A gateway name compared loosely: "shopify_payments" (the API) is "Shopify Payments" (the CSV). */
export function gatewayKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
}

const GIFT_CARD = /^gift ?cards?$/;

/**
 * The gateway an order's payment fee is charged by, of its gateways as exported (several joined
 * with " + "): the first that is not a gift card (a gift card carries no gateway fee), else the
 * first; as written, trimmed ('' when unknown).
 */
export function feeGatewayOf(gateway: string): string {
  const parts = gateway
    .split(' + ')
    .map((g) => g.trim())
    .filter(Boolean);
  return parts.find((g) => !GIFT_CARD.test(gatewayKey(g))) ?? parts[0] ?? '';
}

/**
 * Which payment-fee rate applies to an order: the rate of its gateway (`feeGatewayOf`) dated on or
 * before the order's day (the latest such), else the rate for all gateways (gateway '') dated on
 * or before it, else none. `at` answers the rate's index in `costs.paymentFees`, or -1.
 */
export function feeModel(ds: Dataset, costs: CostsLike) {
  const gc = ds.orders.columns.gateway;
  const rules = costs.paymentFees
    .map((f, index) => ({ index, key: gatewayKey(f.gateway ?? ''), day: dayOf(f.from) }))
    .filter((r) => r.day === r.day)
    .sort((a, b) => a.day - b.day || a.index - b.index);
  const byKey = new Map<string, typeof rules>();
  for (const r of rules) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const all = byKey.get('') ?? [];
  const label = gc.dict.map(feeGatewayOf);
  const own = label.map((g) => (g ? (byKey.get(gatewayKey(g)) ?? null) : null));
  const latest = (list: typeof rules, day: number) => {
    let at = -1;
    for (const r of list) {
      if (r.day > day) break;
      at = r.index;
    }
    return at;
  };
  return {
    /** The fee gateway of order i as written ('' unknown). */
    gatewayOf: (i: number) => label[gc.codes[i]!]!,
    /** Whether order i's gateway has a rate of its own dated on or before `day`. */
    ownRate: (i: number, day: number) => {
      const o = own[gc.codes[i]!];
      return !!o && latest(o, day) >= 0;
    },
    at(i: number, day: number): number {
      const o = own[gc.codes[i]!];
      const r = o ? latest(o, day) : -1;
      return r >= 0 ? r : latest(all, day);
    },
  };
}

/**
 * The fee gateways of all stored orders (credit notes left out) with their order counts, most
 * orders first; gateways that differ only in case or "_" count as one, named as first written.
 * '' is the orders whose gateway is unknown (an import without a payment method column).
 */
export function feeGateways(ds: Dataset): { gateway: string; orders: number }[] {
  const gc = ds.orders.columns.gateway;
  const perCode = new Float64Array(gc.dict.length);
  for (let i = 0; i < ds.orders.length; i++) if (ds.creditNote[i] !== 1) perCode[gc.codes[i]!]!++;
  const byKey = new Map<string, { gateway: string; orders: number }>();
  gc.dict.forEach((v, code) => {
    if (perCode[code] === 0) return;
    const g = feeGatewayOf(v);
    const k = gatewayKey(g);
    const row = byKey.get(k);
    if (row) row.orders += perCode[code]!;
    else byKey.set(k, { gateway: g, orders: perCode[code]! });
  });
  return [...byKey.values()].sort(
    (a, b) => b.orders - a.orders || a.gateway.localeCompare(b.gateway),
  );
}

/** Where an order's shipping cost came from (`CostSink.order`'s `shipFrom`). */
export const SHIP_LABELS = 0;
export const SHIP_BAND = 1;
export const SHIP_COUNTRY = 2;
export const SHIP_FLAT = 3;

/**
 * The shipping cost of an order: the carrier's label costs imported for it (their sum), else the
 * weight band of its country holding its weight, else its country's cost, else a band for any
 * country, else the cost per order. An order's weight is the sum of its goods lines' unit weight
 * (the catalog product's, by SKU) × quantity sold; NaN when one of them has no known weight, and
 * then no band applies. `from` tells which rule the last `cost` call used (SHIP_*), `noWeight`
 * whether that order's weight was unknown (only looked at when bands are set).
 */
export function shippingModel(ds: Dataset, costs: CostsLike) {
  const oc = ds.orders.columns;
  const lc = ds.lines.columns;
  const nc = oc.country.dict.length;
  const byCountry = new Float64Array(nc).fill(NaN);
  for (const r of costs.shippingByCountry) {
    const at = oc.country.dict.indexOf(r.country);
    if (at >= 0) byCountry[at] = r.cost;
  }
  const bands = costs.shippingByWeight ?? [];
  const countryBands: (typeof bands)[] = Array.from({ length: nc }, () => []);
  const anyBands: typeof bands = [];
  for (const b of bands) {
    if (!b.country) anyBands.push(b);
    else {
      const at = oc.country.dict.indexOf(b.country);
      if (at >= 0) countryBands[at]!.push(b);
    }
  }
  const inBand = (list: typeof bands, w: number) => {
    for (const b of list)
      if ((w > b.fromGrams && w <= b.toGrams) || (w === 0 && b.fromGrams === 0)) return b.cost;
    return NaN;
  };
  let skuWeight: Float64Array | null = null;
  if (bands.length > 0) {
    skuWeight = Float64Array.from(lc.sku.dict, (sku) => {
      const w = ds.productBySku.get(sku)?.weight;
      return w != null && w >= 0 ? w : NaN;
    });
  }
  const weightOf = (i: number) => {
    let w = 0;
    for (let p = ds.orderLineStart[i]!; p < ds.orderLineStart[i + 1]!; p++) {
      const j = ds.orderLines[p]!;
      if (lc.giftCard[j] === 1) continue;
      w += lc.quantity[j]! * skuWeight![lc.sku.codes[j]!]!;
    }
    return w;
  };
  const labels = ds.labelCosts ?? null;
  const model = {
    from: SHIP_FLAT,
    noWeight: false,
    cost(i: number): number {
      model.noWeight = false;
      const label = labels ? labels[i]! : NaN;
      if (label === label) {
        model.from = SHIP_LABELS;
        return label;
      }
      const c = oc.country.codes[i]!;
      let w = NaN;
      if (skuWeight) {
        w = weightOf(i);
        model.noWeight = w !== w;
        if (w === w) {
          const v = inBand(countryBands[c]!, w);
          if (v === v) {
            model.from = SHIP_BAND;
            return v;
          }
        }
      }
      const v = byCountry[c]!;
      if (v === v) {
        model.from = SHIP_COUNTRY;
        return v;
      }
      if (w === w) {
        const b = inBand(anyBands, w);
        if (b === b) {
          model.from = SHIP_BAND;
          return b;
        }
      }
      model.from = SHIP_FLAT;
      return costs.shippingPerOrder;
    },
  };
  return model;
}

/** What a walk over the costs of a range reports (reporting minor units). */
interface CostSink {
  /**
   * A sale line (`sale`) or a returned line: its net sales (negative for a return) and its cost of
   * goods (negative when returned units go back to stock, 0 when they do not), and where the cost
   * came from (SOURCE_*).
   */
  line(
    j: number,
    i: number,
    slot: number,
    net: number,
    cogs: number,
    source: number,
    sale: boolean,
  ): void;
  /**
   * Once per order of the range with a sale line passing the filters (or of gift cards only): its
   * shipping cost, its fee (null: no rate) and the part of its discount no line carries (an
   * order-level discount), which the lines' net sales do not include; `feeRule` is the index of
   * the rate in `costs.paymentFees` (-1: none); `shipFrom` where the shipping cost came from
   * (SHIP_*, -1 for an order that ships nothing) and `noWeight` whether bands could not apply for
   * want of a product weight.
   */
  order(
    i: number,
    slot: number,
    shipping: number,
    fee: number | null,
    orderDiscount: number,
    feeRule: number,
    shipFrom: number,
    noWeight: boolean,
  ): void;
}

/**
 * The one pass every profit figure is built from: each line's net sales and cost of goods, each
 * order's shipping cost (the country's rule, else the flat cost) and payment fee (the rate dated
 * on or before the order's day, on the order's total: see `paymentFee`), over the orders and
 * returns `scan` gives for [s, e].
 */
function walkCosts(
  ds: Dataset,
  s: number,
  e: number,
  costs: CostsLike,
  filters: Filters | undefined,
  dating: 'refund' | 'order',
  sink: CostSink,
): void {
  const lc = ds.lines.columns;
  const oc = ds.orders.columns;
  const model = costModel(ds, costs);
  const ship = shippingModel(ds, costs);
  const fees = feeModel(ds, costs);
  const feeOf = (i: number, k: number, f: number) => {
    const rate = costs.paymentFees[k];
    return rate ? paymentFee(oc.total[i]! * f, rate.percent, rate.fixed) : null;
  };
  let lastOrder = -1;
  const cancelled = (i: number) => hasValue(oc.cancelledAt, i);
  const orderDiscount = (i: number) => {
    let onLines = 0;
    for (let p = ds.orderLineStart[i]!; p < ds.orderLineStart[i + 1]!; p++)
      onLines += valueAt(lc.discount, ds.orderLines[p]!);
    return Math.max(0, oc.discounts[i]! - onLines);
  };
  scan(
    ds,
    s,
    e,
    filters,
    dating,
    {
      line(j, i, slot, f) {
        const net = (lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j)) * f;
        const c = model.cost(j, lc.quantity[j]!, net);
        sink.line(j, i, slot, net, c, model.source, true);
        if (i === lastOrder) return;
        lastOrder = i;
        const k = fees.at(i, ds.orderDay[i]!);
        const shipping = ship.cost(i);
        sink.order(
          i,
          slot,
          shipping,
          feeOf(i, k, f),
          orderDiscount(i) * f,
          k,
          ship.from,
          ship.noWeight,
        );
      },
      lineReturn(j, i, slot, amount, share) {
        // A cancelled order returns all its units; a refund its refunded quantity (this refund
        // day's share of it under refund dating).
        const qty = (cancelled(i) ? lc.quantity[j]! : lc.refundedQuantity[j]!) * share;
        // Negative quantity and net: the return's cost, reversed when the units go back to stock.
        const c = model.cost(j, -qty, -amount);
        sink.line(j, i, slot, -amount, costs.returnsToStock ? c : 0, model.source, false);
      },
    },
    true,
  );
  // An order of gift cards only has no goods line, so the scan above never sees it: nothing is
  // shipped, but the card paid for the gift cards is charged the gateway's fee.
  if (ds.firstDay === NO_DAY || filters?.productType?.length) return;
  const only = (col: { dict: string[] }, v: string[] | undefined) =>
    v?.length ? Uint8Array.from(col.dict, (x) => (v.includes(x) ? 1 : 0)) : null;
  const ch = only(oc.channel, filters?.channel);
  const co = only(oc.country, filters?.country);
  for (let d = Math.max(s, ds.firstDay); d <= Math.min(e, ds.lastDay); d++) {
    for (let k = ds.dayStart[d - ds.firstDay]!; k < ds.dayStart[d - ds.firstDay + 1]!; k++) {
      const i = ds.byDay[k]!;
      if (valueAt(ds.giftCards, i) <= 0 || ds.orderLineStart[i] !== ds.orderLineStart[i + 1])
        continue;
      if (ds.creditNote[i] === 1 || (ch && !ch[oc.channel.codes[i]!])) continue;
      if (co && !co[oc.country.codes[i]!]) continue;
      const f = fxAt(ds.fx, i);
      if (f !== f) continue;
      const rule = fees.at(i, d);
      sink.order(i, d - s, 0, feeOf(i, rule, f), 0, rule, -1, false);
    }
  }
}

/**
 * The payment fee of one order: percentage × the amount charged + the fixed fee. The amount is
 * the order's total as exported, gift cards sold on it included (the customer pays for them by
 * card, so the gateway charges its fee on them although they are not sales). What a customer
 * pays with a gift card carries no gateway fee, but the exports do not say how much of a total
 * was paid that way: such orders are charged the fee on their whole total (an overstatement,
 * said in explain). A refund does not give the fee back (Shopify Payments, Stripe and PayPal keep
 * it), so returns leave fees unchanged.
 */
export function paymentFee(total: number, percent: number, fixed: number): number {
  return total * percent + fixed;
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
  const len = Math.max(0, e - s + 1);
  const cogs = new Float64Array(len);
  const shipping = new Float64Array(len);
  const fees = new Float64Array(len);
  let costed = 0;
  let byDefault = 0;
  let uncovered = 0;
  let orders = 0;
  let noRate = 0;
  const feeRuleOrders = costs.paymentFees.map(() => 0);
  const fm = feeModel(ds, costs);
  const noOwn = new Map<string, number>();
  const shippingBy = { labels: 0, weightBand: 0, country: 0, flat: 0 };
  const shipKeys = ['labels', 'weightBand', 'country', 'flat'] as const;
  let noWeight = 0;
  walkCosts(ds, s, e, costs, filters, dating, {
    line(_j, _i, slot, net, c, source) {
      cogs[slot]! += c;
      if (source === SOURCE_COST) costed += net;
      else if (source === SOURCE_DEFAULT) byDefault += net;
      else uncovered += net;
    },
    order(i, slot, ship, fee, _discount, rule, from, weightless) {
      orders++;
      if (from >= 0) shippingBy[shipKeys[from]!]++;
      if (weightless) noWeight++;
      shipping[slot]! += ship;
      if (fee === null) noRate++;
      else fees[slot]! += fee;
      if (rule >= 0) feeRuleOrders[rule]!++;
      if (!fm.ownRate(i, ds.orderDay[i]!)) {
        const g = fm.gatewayOf(i);
        noOwn.set(g, (noOwn.get(g) ?? 0) + 1);
      }
    },
  });
  return {
    cogs,
    shipping,
    fees,
    coverage: {
      costedNetSales: costed,
      defaultMarginNetSales: byDefault,
      uncoveredNetSales: uncovered,
      ordersWithoutFeeRate: noRate,
      shippingBy,
      ordersWithoutWeight: noWeight,
      feeRuleOrders,
      gatewaysWithoutRule: [...noOwn]
        .map(([gateway, n]) => ({ gateway, orders: n }))
        .sort((a, b) => b.orders - a.orders || a.gateway.localeCompare(b.gateway)),
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

/** Ad spend per day of [s, e] (reporting minor units; spend without an FX rate left out, as on Marketing). */
function daySpend(ds: Dataset, s: number, e: number, filters: Filters | undefined): Float64Array {
  const spend = new Float64Array(Math.max(0, e - s + 1));
  const sp = ds.spend;
  if (sp) {
    const want = filters?.channel?.length ? new Set(filters.channel) : null;
    const allowed = Uint8Array.from(sp.columns.channel.dict, (v) => (!want || want.has(v) ? 1 : 0));
    for (let r = 0; r < sp.length; r++) {
      const d = ds.spendDay[r]!;
      if (d === NO_DAY || d < s || d > e || allowed[sp.columns.channel.codes[r]!] === 0) continue;
      const v = ds.spendReporting[r]!;
      if (v === v) spend[d - s]! += v;
    }
  }
  return spend;
}

/** Net profit of each day of [s, e], all orders (the monthly profit target's pace reads it). */
export function dailyNetProfit(
  ds: Dataset,
  s: number,
  e: number,
  costs: CostsLike,
  dating: 'refund' | 'order' = ds.refundDating,
): Float64Array {
  const m = dayMeasures(ds, s, e, undefined, dating);
  const dc = dayCosts(ds, s, e, costs, undefined, dating);
  const spend = daySpend(ds, s, e, undefined);
  const out = new Float64Array(Math.max(0, e - s + 1));
  for (let t = 0; t < out.length; t++) {
    out[t] =
      m.grossSales[t]! -
      m.discounts[t]! -
      m.returns[t]! -
      dc.cogs[t]! -
      dc.shipping[t]! -
      dc.fees[t]! -
      spend[t]! -
      fixedOfDay(costs, s + t);
  }
  return out;
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
  const spend = daySpend(ds, s, e, q.filters);
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

/**
 * One ad channel's P&L down to contribution after marketing, with the orders Marketing attributes
 * to it (last click: the order's UTM source, else medium, by the same attribution keys as
 * core/analytics/marketing.ts), so spend, attributed revenue, new customers and CAC are Marketing's
 * own figures. Fixed costs are not split by channel.
 */
export interface AdChannelProfitRow {
  /** The ad channel as Marketing names it; '' for the orders attributed to no ad channel. */
  channel: string;
  orders: number;
  /** First orders of new customers attributed here (Marketing's count). */
  newCustomers: number;
  netSales: number;
  cogs: number;
  grossProfit: number;
  shippingAndFees: number;
  contribution: number;
  adSpend: number;
  contributionAfterMarketing: number;
  /** Marketing's attributed revenue (total sales of the attributed orders net of their refunds). */
  attributedRevenue: number;
  /** Marketing's ROAS: attributed revenue ÷ spend. */
  roas: number | null;
  /**
   * The ROAS at which the channel's ads pay for themselves: attributed revenue ÷ contribution,
   * on the same revenue as `roas` so the two compare directly (null when contribution ≤ 0).
   */
  breakEvenRoas: number | null;
  /** Spend ÷ new customers (Marketing's CAC). */
  cac: number | null;
  contributionMarginRate: number | null;
  uncoveredNetSales: number;
}

/** Profit by ad channel as Marketing attributes orders, then the unattributed rest; most after marketing first. */
export function adChannelProfit(ds: Dataset, q: Query, costs: CostsLike): AdChannelProfitRow[] {
  const dating = q.refundDating ?? ds.refundDating;
  const [s, e] = rangeDays(q.range);
  const nKeys = ds.spendChannelKeys.length;
  const none = nKeys;
  const acc = Array.from({ length: nKeys + 1 }, () => ({
    orders: 0,
    net: 0,
    cogs: 0,
    shipFees: 0,
    uncovered: 0,
  }));
  const keyOf = (i: number) => {
    const k = ds.orderAttributedChannel[i]!;
    return k < 0 ? none : k;
  };
  walkCosts(ds, s, e, costs, q.filters, dating, {
    line(_j, i, _slot, net, c, source) {
      const a = acc[keyOf(i)]!;
      a.net += net;
      a.cogs += c;
      if (source === SOURCE_NONE) a.uncovered += net;
    },
    order(i, _slot, ship, fee, discount) {
      const a = acc[keyOf(i)]!;
      a.orders++;
      a.shipFees += ship + (fee ?? 0);
      a.net -= discount;
    },
  });
  const m = marketing(ds, q);
  const mk = new Map<number, MarketingRow>();
  for (const r of m?.byChannel ?? [])
    mk.set(ds.spendChannelKeys.indexOf(attributionKey(r.channel)), r);
  const rows: AdChannelProfitRow[] = [];
  for (let k = 0; k <= nKeys; k++) {
    const a = acc[k]!;
    const r = k < nKeys ? mk.get(k) : undefined;
    if (a.orders === 0 && a.net === 0 && !r) continue;
    const spend = r?.spend ?? 0;
    const contribution = a.net - a.cogs - a.shipFees;
    const revenue = r?.attributedRevenue ?? 0;
    rows.push({
      channel: r?.channel ?? '',
      orders: a.orders,
      newCustomers: r?.newCustomers ?? 0,
      netSales: a.net,
      cogs: a.cogs,
      grossProfit: a.net - a.cogs,
      shippingAndFees: a.shipFees,
      contribution,
      adSpend: spend,
      contributionAfterMarketing: contribution - spend,
      attributedRevenue: revenue,
      roas: r?.roas ?? null,
      breakEvenRoas: r && contribution > 0 ? revenue / contribution : null,
      cac: r?.cac ?? null,
      contributionMarginRate: a.net !== 0 ? contribution / a.net : null,
      uncoveredNetSales: a.uncovered,
    });
  }
  // The unattributed rest last, whatever its profit: it is not an ad channel.
  return rows.sort(
    (x, y) =>
      Number(x.channel === '') - Number(y.channel === '') ||
      y.contributionAfterMarketing - x.contributionAfterMarketing ||
      x.channel.localeCompare(y.channel),
  );
}

/** The dimensions the P&L breaks down by, besides ad channel and product. */
export type ProfitDimension =
  'salesChannel' | 'productType' | 'vendor' | 'country' | 'discountCode';
/** Dimensions of the line (a product's): shipping and fees, per order, are not split by them. */
const LINE_DIMENSIONS = new Set<ProfitDimension>(['productType', 'vendor']);

/** One value of a dimension: its P&L down to contribution (gross profit for product type and vendor). */
export interface DimensionProfitRow {
  /** The value ('' for none: no discount code, no country). */
  key: string;
  /** Orders with a line of this value. */
  orders: number;
  netSales: number;
  cogs: number;
  grossProfit: number;
  /** Shipping costs and payment fees; null for product type and vendor (per order, not per line). */
  shippingAndFees: number | null;
  contribution: number | null;
  /** Contribution ÷ net sales, or gross profit ÷ net sales for product type and vendor. */
  marginRate: number | null;
  /** Net sales with no product cost and no default margin (their cost of goods counted as 0). */
  uncoveredNetSales: number;
}

/** The P&L of a period by sales channel, product type, vendor, country or discount code; most profit first. */
export function dimensionProfit(
  ds: Dataset,
  q: Query,
  costs: CostsLike,
  dim: ProfitDimension,
): DimensionProfitRow[] {
  const dating = q.refundDating ?? ds.refundDating;
  const [s, e] = rangeDays(q.range);
  const oc = ds.orders.columns;
  const lc = ds.lines.columns;
  const lineLevel = LINE_DIMENSIONS.has(dim);
  // Group of a line (product type, vendor: the line's, else the catalog product's) or of an order.
  const names: string[] = [];
  const index = new Map<string, number>();
  const group = (name: string) => {
    let g = index.get(name);
    if (g === undefined) {
      g = names.length;
      names.push(name);
      index.set(name, g);
    }
    return g;
  };
  let groupOf: (j: number, i: number) => number;
  if (lineLevel) {
    const col = dim === 'productType' ? lc.productType : lc.vendor;
    const ofCode = Int32Array.from(col.dict, (v) => (v ? group(v) : -1));
    const ofSku = Int32Array.from(lc.sku.dict, (sku) => {
      const p = ds.productBySku.get(sku);
      return group((dim === 'productType' ? p?.productType : p?.vendor) ?? '');
    });
    groupOf = (j) => {
      const g = ofCode[col.codes[j]!]!;
      return g >= 0 ? g : ofSku[lc.sku.codes[j]!]!;
    };
  } else {
    const col =
      dim === 'country' ? oc.country : dim === 'discountCode' ? oc.discountCode : oc.channel;
    const ofCode = Int32Array.from(col.dict, (v) => group(v));
    groupOf = (_j, i) => ofCode[col.codes[i]!]!;
  }
  const acc: { orders: number; net: number; cogs: number; shipFees: number; uncovered: number }[] =
    [];
  const at = (g: number) => (acc[g] ??= { orders: 0, net: 0, cogs: 0, shipFees: 0, uncovered: 0 });
  // Lines of one order come together: count an order once per group.
  const lastOrderOf: number[] = [];
  walkCosts(ds, s, e, costs, q.filters, dating, {
    line(j, i, _slot, net, c, source, sale) {
      const g = groupOf(j, i);
      const a = at(g);
      a.net += net;
      a.cogs += c;
      if (source === SOURCE_NONE) a.uncovered += net;
      if (lineLevel && sale && lastOrderOf[g] !== i) {
        lastOrderOf[g] = i;
        a.orders++;
      }
    },
    order(i, _slot, ship, fee, discount) {
      if (lineLevel) return;
      const a = at(groupOf(-1, i));
      a.orders++;
      a.shipFees += ship + (fee ?? 0);
      a.net -= discount;
    },
  });
  const rows: DimensionProfitRow[] = [];
  acc.forEach((a, g) => {
    if (!a) return;
    const gp = a.net - a.cogs;
    const contribution = lineLevel ? null : gp - a.shipFees;
    rows.push({
      key: names[g]!,
      orders: a.orders,
      netSales: a.net,
      cogs: a.cogs,
      grossProfit: gp,
      shippingAndFees: lineLevel ? null : a.shipFees,
      contribution,
      marginRate: a.net !== 0 ? (contribution ?? gp) / a.net : null,
      uncoveredNetSales: a.uncovered,
    });
  });
  const profit = (r: DimensionProfitRow) => r.contribution ?? r.grossProfit;
  return rows.sort((x, y) => profit(y) - profit(x) || x.key.localeCompare(y.key));
}

/** One order's profit: its net sales less its returns, whenever refunded, and less its costs. */
export interface OrderProfitRow {
  /** The order's name as exported (#1001), else its id. */
  name: string;
  /** Local day the order was placed. */
  day: string;
  netSales: number;
  cogs: number;
  shippingAndFees: number;
  /** Cost of goods + shipping cost + payment fee. */
  costs: number;
  /** Net sales − costs. */
  contribution: number;
}

export interface OrderProfitTable {
  /** Orders of the period with their contribution (those with sales lines). */
  orders: number;
  /** Most contribution first. */
  most: OrderProfitRow[];
  /** Least contribution first (a loss first). */
  least: OrderProfitRow[];
}

/**
 * The most and the least profitable orders placed in the period: each order's contribution with
 * its own returns (order dating, so an order's whole story is on its row).
 */
export function orderProfitTable(
  ds: Dataset,
  q: Query,
  costs: CostsLike,
  limit = 10,
  /** The orders' names (#1001), when `ds.orders` does not hold its `number` column. */
  names: StrCol | undefined = ds.orders.columns.number,
): OrderProfitTable {
  const [s, e] = rangeDays(q.range);
  const n = ds.orders.length;
  const net = new Float64Array(n);
  const cogs = new Float64Array(n);
  const shipFees = new Float64Array(n);
  const seen = new Uint8Array(n);
  const list: number[] = [];
  walkCosts(ds, s, e, costs, q.filters, 'order', {
    line(_j, i, _slot, v, c) {
      net[i]! += v;
      cogs[i]! += c;
    },
    order(i, _slot, ship, fee, discount) {
      shipFees[i]! += ship + (fee ?? 0);
      net[i]! -= discount;
      if (seen[i] === 0) {
        seen[i] = 1;
        list.push(i);
      }
    },
  });
  const contribution = (i: number) => net[i]! - cogs[i]! - shipFees[i]!;
  const oc = ds.orders.columns;
  const row = (i: number): OrderProfitRow => ({
    name: (names && names.dict[names.codes[i]!]) || oc.id.dict[oc.id.codes[i]!]!,
    day: isoOf(ds.orderDay[i]!),
    netSales: net[i]!,
    cogs: cogs[i]!,
    shippingAndFees: shipFees[i]!,
    costs: cogs[i]! + shipFees[i]!,
    contribution: contribution(i),
  });
  const byProfit = list.sort((a, b) => contribution(b) - contribution(a) || a - b);
  const most = byProfit.slice(0, limit);
  const least = byProfit.slice(-limit).reverse();
  return { orders: list.length, most: most.map(row), least: least.map(row) };
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
  const cancelled = (i: number) => hasValue(ds.orders.columns.cancelledAt, i);
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
        add(
          j,
          lc.quantity[j]!,
          (lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j)) * f,
          true,
        );
      },
      lineReturn(j, i, _slot, amount, share) {
        const qty = (cancelled(i) ? lc.quantity[j]! : lc.refundedQuantity[j]!) * share;
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

/**
 * Each order's contribution (net sales − cost of goods − shipping cost − payment fee) with its own
 * returns (order dating), over all orders; NaN for orders not counted (no FX rate, credit notes,
 * no sale line). For customer value: what each customer's orders left after their costs.
 */
export function orderContributions(ds: Dataset, costs: CostsLike): Float64Array {
  const out = new Float64Array(ds.orders.length).fill(NaN);
  if (ds.firstDay === NO_DAY) return out;
  walkCosts(ds, ds.firstDay, ds.lastDay, costs, undefined, 'order', {
    line(_j, i, _slot, net, c) {
      const v = out[i]!;
      out[i] = (v === v ? v : 0) + net - c;
    },
    order(i, _slot, ship, fee, discount) {
      const v = out[i]!;
      out[i] = (v === v ? v : 0) - ship - (fee ?? 0) - discount;
    },
  });
  return out;
}

/** The label-cost columns analytics reads (core/schema `labelColumns`). */
export interface LabelsLike {
  length: number;
  columns: { orderNumber: StrCol; cost: NumCol; currency: StrCol };
}

/** How imported label costs matched the stored orders. */
export interface LabelMatch {
  /** Per order, the sum of its labels' costs (NaN: none), for `Dataset.labelCosts`. */
  costs: Float64Array;
  /** Label rows read, and orders they matched. */
  labels: number;
  orders: number;
  /** Label rows whose order number is no stored order's (their cost is not counted). */
  unmatched: number;
  /** Label rows in another currency than the reporting one (not counted). */
  otherCurrency: number;
}

/**
 * Matches label costs to orders by order number, compared without a leading '#' ("1001" is
 * order "#1001"), else by order id; an order's labels are summed. Labels in another currency
 * than the reporting one are not counted (and said so).
 */
export function matchLabelCosts(
  ds: Dataset,
  labels: LabelsLike,
  names: StrCol | undefined,
): LabelMatch {
  const oc = ds.orders.columns;
  const key = (s: string) => s.trim().replace(/^#/, '').trim();
  const byKey = new Map<string, number>();
  for (let i = 0; i < ds.orders.length; i++) {
    const id = key(oc.id.dict[oc.id.codes[i]!]!);
    if (id && !byKey.has(id)) byKey.set(id, i);
  }
  if (names)
    for (let i = 0; i < ds.orders.length; i++) {
      const n = key(names.dict[names.codes[i]!] ?? '');
      if (n) byKey.set(n, i);
    }
  const costs = new Float64Array(ds.orders.length).fill(NaN);
  const lc = labels.columns;
  let matched = 0;
  let unmatched = 0;
  let otherCurrency = 0;
  for (let r = 0; r < labels.length; r++) {
    if (lc.currency.dict[lc.currency.codes[r]!] !== ds.currency) {
      otherCurrency++;
      continue;
    }
    const i = byKey.get(key(lc.orderNumber.dict[lc.orderNumber.codes[r]!]!));
    if (i === undefined) {
      unmatched++;
      continue;
    }
    const v = costs[i]!;
    if (v !== v) matched++;
    costs[i] = (v === v ? v : 0) + lc.cost[r]!;
  }
  return { costs, labels: labels.length, orders: matched, unmatched, otherCurrency };
}
