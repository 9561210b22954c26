/**
 * Product analytics (REFERENCE.md "Sales and customers", "Inventory"): top products by net sales,
 * units or margin, ABC classes, sell-through and frequently bought together. Product sales exclude
 * shipping and taxes; returns are the returned quantities at their net unit price.
 */
import type { Dataset } from './dataset.ts';
import type { Query } from './scan.ts';
import { rangeDays, scan } from './scan.ts';

export interface ProductRow {
  sku: string;
  title: string;
  /** Units ordered in the period, and units returned (dated like the returns). */
  units: number;
  returnedUnits: number;
  netSales: number;
  /** Cost of the net units sold (cost × (units − returned)); null when the product has no cost. */
  cost: number | null;
  margin: number | null;
  /** Margin ÷ net sales. */
  marginRate: number | null;
  /** Share of all products' net sales in the period. */
  share: number | null;
}

/** Per-SKU sales of a period (all SKUs that sold or had returns), unsorted. */
export function productSales(ds: Dataset, q: Query): ProductRow[] {
  const [s, e] = rangeDays(q.range);
  const dating = q.refundDating ?? ds.refundDating;
  const lc = ds.lines.columns;
  const nk = lc.sku.dict.length;
  const units = new Float64Array(nk);
  const retUnits = new Float64Array(nk);
  const net = new Float64Array(nk);
  const cogs = new Float64Array(nk);
  const titleCode = new Int32Array(nk).fill(-1);
  const touched = new Uint8Array(nk);
  // Unit cost per SKU code in the product's currency, and that currency.
  const unitCost = new Float64Array(nk).fill(NaN);
  const costCur: string[] = new Array<string>(nk).fill('');
  for (let k = 0; k < nk; k++) {
    const p = ds.productBySku.get(lc.sku.dict[k]!);
    if (p && p.cost != null) {
      unitCost[k] = p.cost;
      costCur[k] = p.currency;
    }
  }
  const oc = ds.orders.columns;
  const costFactor = (k: number, i: number, f: number) => {
    if (costCur[k] === ds.currency) return 1;
    // A cost in the order's own currency converts like the order; any other currency is unknown.
    return costCur[k] === oc.currency.dict[oc.currency.codes[i]!] ? f : NaN;
  };
  // A cancelled order returns every unit; otherwise the line's refunded quantity.
  const returnedQty = (j: number, i: number) =>
    oc.cancelledAt[i] === oc.cancelledAt[i] ? lc.quantity[j]! : lc.refundedQuantity[j]!;
  scan(
    ds,
    s,
    e,
    q.filters,
    dating,
    {
      line(j, i, _slot, f) {
        const k = lc.sku.codes[j]!;
        touched[k] = 1;
        if (titleCode[k] === -1) titleCode[k] = lc.title.codes[j]!;
        const qn = lc.quantity[j]!;
        units[k]! += qn;
        net[k]! += (ds.lineGross[j]! - lc.discount[j]!) * f;
        cogs[k]! += qn * unitCost[k]! * costFactor(k, i, f);
      },
      lineReturn(j, i, _slot, amount) {
        const k = lc.sku.codes[j]!;
        touched[k] = 1;
        if (titleCode[k] === -1) titleCode[k] = lc.title.codes[j]!;
        const rq = returnedQty(j, i);
        retUnits[k]! += rq;
        net[k]! -= amount;
        cogs[k]! -= rq * unitCost[k]! * costFactor(k, i, ds.fx[i]!);
      },
    },
    true,
  );
  let total = 0;
  for (let k = 0; k < nk; k++) if (touched[k]) total += net[k]!;
  const rows: ProductRow[] = [];
  for (let k = 0; k < nk; k++) {
    if (!touched[k]) continue;
    const sku = lc.sku.dict[k]!;
    const cost = cogs[k]! === cogs[k]! ? cogs[k]! : null;
    const margin = cost === null ? null : net[k]! - cost;
    rows.push({
      sku,
      title:
        ds.productBySku.get(sku)?.title ??
        (titleCode[k]! >= 0 ? lc.title.dict[titleCode[k]!]! : sku),
      units: units[k]!,
      returnedUnits: retUnits[k]!,
      netSales: net[k]!,
      cost,
      margin,
      marginRate: margin !== null && net[k]! !== 0 ? margin / net[k]! : null,
      share: total !== 0 ? net[k]! / total : null,
    });
  }
  return rows;
}

/** Top products of a period by net sales, units or margin (products without a cost sort last by margin). */
export function topProducts(
  ds: Dataset,
  q: Query,
  by: 'netSales' | 'units' | 'margin' = 'netSales',
  limit = 20,
): ProductRow[] {
  const rows = productSales(ds, q);
  const key = (r: ProductRow) =>
    by === 'margin' ? (r.margin ?? -Infinity) : by === 'units' ? r.units : r.netSales;
  return rows
    .sort((a, b) => key(b) - key(a) || b.netSales - a.netSales || a.sku.localeCompare(b.sku))
    .slice(0, limit);
}

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcResult {
  rows: { sku: string; revenue: number; share: number; cumulativeShare: number; class: AbcClass }[];
  classOf: Record<string, AbcClass>;
  summary: Record<AbcClass, { products: number; revenue: number; share: number }>;
}

/**
 * ABC classes (Shopify): A = the top products making ~80% of revenue, B the next ~15%, C the rest.
 * A product belongs to the class its first unit of revenue falls in, so A always reaches 80%.
 * Products with no (or negative) revenue are C.
 */
export function abcClasses(revenueBySku: Map<string, number> | Record<string, number>): AbcResult {
  const entries = revenueBySku instanceof Map ? [...revenueBySku] : Object.entries(revenueBySku);
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  let total = 0;
  for (const [, v] of entries) if (v > 0) total += v;
  const summary: AbcResult['summary'] = {
    A: { products: 0, revenue: 0, share: 0 },
    B: { products: 0, revenue: 0, share: 0 },
    C: { products: 0, revenue: 0, share: 0 },
  };
  const classOf: Record<string, AbcClass> = {};
  const rows: AbcResult['rows'] = [];
  let cum = 0;
  for (const [sku, revenue] of entries) {
    const before = total > 0 ? cum / total : 1;
    const cls: AbcClass = revenue <= 0 ? 'C' : before < 0.8 ? 'A' : before < 0.95 ? 'B' : 'C';
    if (revenue > 0) cum += revenue;
    const share = total > 0 && revenue > 0 ? revenue / total : 0;
    rows.push({ sku, revenue, share, cumulativeShare: total > 0 ? cum / total : 0, class: cls });
    classOf[sku] = cls;
    summary[cls].products++;
    summary[cls].revenue += revenue;
    summary[cls].share += share;
  }
  return { rows, classOf, summary };
}

export interface SellThroughRow {
  sku: string;
  title: string;
  unitsSold: number;
  onHand: number;
  /** Units sold ÷ (units sold + on hand); null when both are 0. */
  sellThrough: number | null;
}

/**
 * Sell-through per catalog product with known stock: net units sold in the period ÷ (sold + on hand).
 * On hand is today's stock, so the figure is exact for periods ending today.
 */
export function sellThrough(ds: Dataset, q: Query): SellThroughRow[] {
  const sold = new Map<string, number>();
  for (const r of productSales(ds, q)) sold.set(r.sku, r.units - r.returnedUnits);
  const rows: SellThroughRow[] = [];
  for (const p of ds.products) {
    if (p.onHand == null) continue;
    const unitsSold = sold.get(p.sku) ?? 0;
    const onHand = Math.max(0, p.onHand);
    const denom = unitsSold + onHand;
    rows.push({
      sku: p.sku,
      title: p.title,
      unitsSold,
      onHand,
      sellThrough: denom > 0 ? unitsSold / denom : null,
    });
  }
  return rows.sort(
    (a, b) => (b.sellThrough ?? -1) - (a.sellThrough ?? -1) || a.sku.localeCompare(b.sku),
  );
}

export interface BasketPair {
  a: string;
  b: string;
  titleA: string;
  titleB: string;
  /** Orders containing both. */
  orders: number;
  /** Orders with both ÷ all orders (with lines) in the period. */
  support: number;
  /** P(B | A) and P(A | B). */
  confidenceAB: number;
  confidenceBA: number;
  /** Confidence ÷ support of the consequent; > 1 means buying one raises the chance of the other. */
  lift: number;
}

/** Largest number of distinct SKUs per order paired; bigger (wholesale) baskets are truncated. */
const MAX_BASKET = 40;

/** Frequently bought together: SKU pairs with support ≥ minSupport, with confidence and lift, by lift. */
export function frequentlyBoughtTogether(
  ds: Dataset,
  q: Query,
  opts: { minSupport?: number; minOrders?: number; limit?: number } = {},
): { orders: number; pairs: BasketPair[] } {
  const [s, e] = rangeDays(q.range);
  const lc = ds.lines.columns;
  const nk = lc.sku.dict.length;
  const single = new Float64Array(nk);
  const pairs = new Map<number, number>();
  const basket: number[] = [];
  let current = -1;
  let orders = 0;
  const flush = () => {
    if (basket.length === 0) return;
    orders++;
    basket.sort((x, y) => x - y);
    let u = 0;
    for (let t = 0; t < basket.length; t++)
      if (t === 0 || basket[t] !== basket[t - 1]) basket[u++] = basket[t]!;
    basket.length = Math.min(u, MAX_BASKET);
    for (let x = 0; x < basket.length; x++) {
      single[basket[x]!]!++;
      for (let y = x + 1; y < basket.length; y++) {
        const key = basket[x]! * nk + basket[y]!;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    basket.length = 0;
  };
  scan(
    ds,
    s,
    e,
    q.filters,
    'order',
    {
      line(j, i) {
        if (i !== current) {
          flush();
          current = i;
        }
        if (lc.quantity[j]! > 0) basket.push(lc.sku.codes[j]!);
      },
    },
    true,
  );
  flush();
  const minSupport = opts.minSupport ?? 0.01;
  const minOrders = opts.minOrders ?? 2;
  const title = (k: number) => ds.productBySku.get(lc.sku.dict[k]!)?.title ?? lc.sku.dict[k]!;
  const out: BasketPair[] = [];
  for (const [key, both] of pairs) {
    const support = both / orders;
    if (support < minSupport || both < minOrders) continue;
    const a = Math.floor(key / nk);
    const b = key - a * nk;
    const sa = single[a]! / orders;
    const sb = single[b]! / orders;
    out.push({
      a: lc.sku.dict[a]!,
      b: lc.sku.dict[b]!,
      titleA: title(a),
      titleB: title(b),
      orders: both,
      support,
      confidenceAB: both / single[a]!,
      confidenceBA: both / single[b]!,
      lift: support / (sa * sb),
    });
  }
  out.sort((x, y) => y.lift - x.lift || y.orders - x.orders || x.a.localeCompare(y.a));
  return { orders, pairs: out.slice(0, opts.limit ?? 50) };
}
