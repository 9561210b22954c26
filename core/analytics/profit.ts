/**
 * Profit and loss of a period (REFERENCE.md "Profit"): net sales (the Overview's, from `kpis`)
 * → cost of goods → gross profit → shipping costs and payment fees → contribution margin → ad
 * spend → contribution after marketing → fixed costs → net profit, with the coverage of each
 * cost. Money in reporting-currency minor units.
 */
import type { Dataset } from './dataset.ts';
import type { Filters, Query } from './scan.ts';
import { compareRange, rangeDays, scan } from './scan.ts';
import { kpis, spendIn } from './sales.ts';
import { dayOf, isoOf, monthOf, monthStartDay } from '../time/index.ts';

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
  const lc = ds.lines.columns;
  const oc = ds.orders.columns;

  // Unit cost per SKU code (products in the reporting currency; others are not costed).
  const nk = lc.sku.dict.length;
  const unitCost = new Float64Array(nk).fill(NaN);
  for (let c = 0; c < nk; c++) {
    const p = ds.productBySku.get(lc.sku.dict[c]!);
    if (p && p.cost != null && p.currency === ds.currency) unitCost[c] = p.cost;
  }
  // Default margin per product type and vendor code (product type wins).
  const marginOf = (col: { dict: string[] }, by: 'productType' | 'vendor') => {
    const m = new Float64Array(col.dict.length).fill(NaN);
    for (const r of costs.defaultMargins) {
      if (r.by !== by) continue;
      const at = col.dict.indexOf(r.key);
      if (at >= 0) m[at] = r.margin;
    }
    return m;
  };
  const typeMargin = marginOf(lc.productType, 'productType');
  const vendorMargin = marginOf(lc.vendor, 'vendor');

  let cogs = 0;
  let costed = 0;
  let byDefault = 0;
  let uncovered = 0;
  const lineCost = (j: number, qty: number, net: number): number => {
    const c = unitCost[lc.sku.codes[j]!]!;
    if (c === c) {
      costed += net;
      return qty * c;
    }
    let m = typeMargin[lc.productType.codes[j]!]!;
    if (m !== m) m = vendorMargin[lc.vendor.codes[j]!]!;
    if (m === m) {
      byDefault += net;
      return net * (1 - m);
    }
    uncovered += net;
    return 0;
  };

  // Shipping per order (country rule, else flat) and payment fee by the rate dated for the order's day.
  const shipByCountry = new Float64Array(oc.country.dict.length).fill(costs.shippingPerOrder);
  for (const r of costs.shippingByCountry) {
    const at = oc.country.dict.indexOf(r.country);
    if (at >= 0) shipByCountry[at] = r.cost;
  }
  const fees = costs.paymentFees
    .map((f) => ({ ...f, day: dayOf(f.from) }))
    .sort((a, b) => a.day - b.day);
  const feeAt = (day: number) => {
    let rate: (typeof fees)[number] | null = null;
    for (const f of fees) if (f.day <= day) rate = f;
    return rate;
  };
  let shipping = 0;
  let feesTotal = 0;
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
      line(j, i, _slot, f) {
        const net = (ds.lineGross[j]! - lc.discount[j]!) * f;
        cogs += lineCost(j, lc.quantity[j]!, net);
        if (i === lastOrder) return;
        lastOrder = i;
        orders++;
        shipping += shipByCountry[oc.country.codes[i]!]!;
        const rate = feeAt(ds.orderDay[i]!);
        if (rate === null) noRate++;
        else feesTotal += oc.total[i]! * f * rate.percent + rate.fixed;
      },
      lineReturn(j, i, _slot, amount) {
        // A cancelled order returns all its units; a refund its refunded quantity.
        const qty = cancelled(i) ? lc.quantity[j]! : lc.refundedQuantity[j]!;
        // Negative quantity and net: the return's cost, reversed when the units go back to stock.
        const c = lineCost(j, -qty, -amount);
        if (costs.returnsToStock) cogs += c;
      },
    },
    true,
  );

  // Fixed costs: each month's amount spread over its days.
  let fixed = 0;
  const monthly = costs.fixedCosts.reduce((a, c) => a + c.monthly, 0);
  if (monthly !== 0) {
    for (let d = s; d <= e; d++) {
      const m = monthOf(d);
      fixed += monthly / (monthStartDay(m + 1) - monthStartDay(m));
    }
  }
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
    coverage: {
      costedNetSales: costed,
      defaultMarginNetSales: byDefault,
      uncoveredNetSales: uncovered,
      ordersWithoutFeeRate: noRate,
      orders,
    },
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
