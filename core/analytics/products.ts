/**
 * Product analytics (REFERENCE.md "Sales and customers", "Inventory"): top products by net sales,
 * units or margin, ABC classes, sell-through and frequently bought together. Product sales exclude
 * shipping and taxes; returns are the returned quantities at their net unit price.
 */
import { fxAt, type Dataset } from './dataset.ts';
import { hasValue, valueAt } from './sparse.ts';
import type { Query } from './scan.ts';
import { rangeDays, scan } from './scan.ts';
import { NO_DAY } from '../time/index.ts';
import type { InventoryPlan, StockStatus } from './inventory.ts';

export interface ProductRow {
  /** The product key: its SKU, or (hasSku false) the variant id, product id or title of lines without one. */
  sku: string;
  hasSku: boolean;
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
  // Unit cost per SKU code, and how it converts: from the reporting currency (factor 1), from the
  // currency with this code in the orders' dictionary (converts like the order), or not at all.
  const oc = ds.orders.columns;
  const unitCost = new Float64Array(nk).fill(NaN);
  const costCurCode = new Int32Array(nk).fill(-1);
  const REPORTING = -2;
  const orderCurCode = new Map(oc.currency.dict.map((c, code) => [c, code]));
  for (let k = 0; k < nk; k++) {
    const p = ds.productBySku.get(lc.sku.dict[k]!);
    if (p && p.cost != null) {
      unitCost[k] = p.cost;
      costCurCode[k] =
        p.currency === ds.currency ? REPORTING : (orderCurCode.get(p.currency) ?? -1);
    }
  }
  const curCodes = oc.currency.codes;
  const costFactor = (k: number, i: number, f: number) => {
    const c = costCurCode[k]!;
    return c === REPORTING ? 1 : c === curCodes[i] ? f : NaN;
  };
  // A cancelled order returns every unit; otherwise the line's refunded quantity.
  const returnedQty = (j: number, i: number) =>
    hasValue(oc.cancelledAt, i) ? lc.quantity[j]! : lc.refundedQuantity[j]!;
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
        net[k]! += (lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j)) * f;
        cogs[k]! += qn * unitCost[k]! * costFactor(k, i, f);
      },
      lineReturn(j, i, _slot, amount, share) {
        const k = lc.sku.codes[j]!;
        touched[k] = 1;
        if (titleCode[k] === -1) titleCode[k] = lc.title.codes[j]!;
        const rq = returnedQty(j, i) * share;
        retUnits[k]! += rq;
        net[k]! -= amount;
        cogs[k]! -= rq * unitCost[k]! * costFactor(k, i, fxAt(ds.fx, i));
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
      hasSku: !ds.keylessSkus.has(sku),
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

export interface BestSeller {
  sku: string;
  hasSku: boolean;
  title: string;
  /** Units ordered in the period (by order day; returns are not subtracted, as in ProductRow.units). */
  units: number;
}

/**
 * Units sold per day and SKU, sparse: the SKUs sold on day `firstDay + d` are
 * `sku[start[d] .. start[d + 1])` with their units in `units`. Counts the lines that
 * productSales counts without filters (orders with an FX rate), so both agree on units.
 */
interface SkuDayUnits {
  start: Int32Array;
  sku: Int32Array;
  units: Int32Array;
  /** A title per SKU code (the catalog's, else the first line's). */
  title: string[];
}

const skuDayCache = new WeakMap<Dataset, SkuDayUnits>();

/** Built on first use (~30 ms per million lines) and kept with the dataset it belongs to. */
function skuDayUnits(ds: Dataset): SkuDayUnits {
  const cached = skuDayCache.get(ds);
  if (cached) return cached;
  const lc = ds.lines.columns;
  const nk = lc.sku.dict.length;
  const days = ds.firstDay === NO_DAY ? 0 : ds.lastDay - ds.firstDay + 1;
  const { byDay, dayStart, fx, orderLineStart, orderLines } = ds;
  const codes = lc.sku.codes;
  const qty = lc.quantity;
  const titleCode = new Int32Array(nk).fill(-1);
  // One pass into arrays as long as the lines (a day's SKUs are at most its lines), then cut.
  const skuAll = new Int32Array(ds.lines.length);
  const unitsAll = new Int32Array(ds.lines.length);
  const seen = new Int32Array(nk).fill(-1);
  const slot = new Int32Array(nk);
  const start = new Int32Array(days + 1);
  let at = 0;
  for (let d = 0; d < days; d++) {
    start[d] = at;
    for (let k = dayStart[d]!; k < dayStart[d + 1]!; k++) {
      const i = byDay[k]!;
      if (Number.isNaN(fxAt(fx, i))) continue;
      for (let p = orderLineStart[i]!; p < orderLineStart[i + 1]!; p++) {
        const j = orderLines[p]!;
        const c = codes[j]!;
        if (titleCode[c] === -1) titleCode[c] = lc.title.codes[j]!;
        if (seen[c] !== d) {
          seen[c] = d;
          slot[c] = at;
          skuAll[at++] = c;
        }
        unitsAll[slot[c]!]! += qty[j]!;
      }
    }
  }
  start[days] = at;
  const sku = skuAll.slice(0, at);
  const units = unitsAll.slice(0, at);
  const title = lc.sku.dict.map(
    (s, c) =>
      ds.productBySku.get(s)?.title ?? (titleCode[c]! >= 0 ? lc.title.dict[titleCode[c]!]! : s),
  );
  const built = { start, sku, units, title };
  skuDayCache.set(ds, built);
  return built;
}

/**
 * The `limit` SKUs with the most units ordered in a period (ties by SKU), for "top products by
 * units sold". Unfiltered periods read a per-day index, so this costs microseconds per query;
 * with filters it runs the line scan.
 */
export function bestSellers(ds: Dataset, q: Query, limit = 10): BestSeller[] {
  const [s, e] = rangeDays(q.range);
  const lc = ds.lines.columns;
  const nk = lc.sku.dict.length;
  const idx = skuDayUnits(ds);
  const units = new Float64Array(nk);
  const f = q.filters;
  if (f?.channel?.length || f?.country?.length || f?.productType?.length) {
    const codes = lc.sku.codes;
    const qty = lc.quantity;
    // Refund dating changes which returns a scan visits, not which sales: 'order' skips that loop.
    scan(ds, s, e, f, 'order', { line: (j) => void (units[codes[j]!]! += qty[j]!) }, true);
  } else if (ds.firstDay !== NO_DAY) {
    const from = Math.max(s, ds.firstDay) - ds.firstDay;
    const to = Math.min(e, ds.lastDay) - ds.firstDay;
    const { start, sku, units: u } = idx;
    for (let k = from <= to ? start[from]! : 0, k1 = from <= to ? start[to + 1]! : 0; k < k1; k++)
      units[sku[k]!]! += u[k]!;
  }
  const order: number[] = [];
  for (let c = 0; c < nk; c++) if (units[c]! > 0) order.push(c);
  const dict = lc.sku.dict;
  order.sort((a, b) => units[b]! - units[a]! || (dict[a]! < dict[b]! ? -1 : 1));
  return order.slice(0, limit).map((c) => ({
    sku: dict[c]!,
    hasSku: !ds.keylessSkus.has(dict[c]!),
    title: idx.title[c]!,
    units: units[c]!,
  }));
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
/** Pairs bought together in a period, with the thresholds a pair had to reach to be listed. */
export interface BasketResult {
  /** Orders of the period with at least one line. */
  orders: number;
  /** Orders holding both products a pair needed (a lift from two orders is chance, not a pattern). */
  minOrders: number;
  /** Share of the period's orders a pair needed. */
  minSupport: number;
  pairs: BasketPair[];
}

/** The fewest orders with both products for a pair to show on the Products screen. */
export const BASKET_MIN_ORDERS = 5;

export function frequentlyBoughtTogether(
  ds: Dataset,
  q: Query,
  opts: { minSupport?: number; minOrders?: number; limit?: number } = {},
): BasketResult {
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
  return { orders, minOrders, minSupport, pairs: out.slice(0, opts.limit ?? 50) };
}

export interface ProductTableRow {
  sku: string;
  /** False when `sku` is the key of lines without a SKU (variant id, product id or title). */
  hasSku: boolean;
  title: string;
  vendor: string;
  productType: string;
  units: number;
  returnedUnits: number;
  netSales: number;
  margin: number | null;
  marginRate: number | null;
  abc: 'A' | 'B' | 'C';
  sellThrough: number | null;
  /** On-hand stock; null when the catalog has no stock for the SKU (or it is not in the catalog). */
  onHand: number | null;
  /** From the inventory plan (null without stock): cover, reorder point, suggested order, status. */
  daysOfCover: number | null;
  reorderPoint: number | null;
  orderQuantity: number | null;
  status: StockStatus | null;
}

export interface ProductsScreen {
  rows: ProductTableRow[];
  abc: Record<'A' | 'B' | 'C', { products: number; revenue: number; share: number }>;
  /** Products in the catalog that did not sell in the period (counted as C). */
  unsold: number;
}

/**
 * The Products screen's table: every SKU sold in the period plus the catalog's unsold ones (as C,
 * dead stock), with margin, ABC class, sell-through and the inventory plan's stock figures; most
 * net sales first.
 */
export function productTable(ds: Dataset, q: Query, plan: InventoryPlan): ProductsScreen {
  const sales = productSales(ds, q);
  const revenue = new Map<string, number>();
  for (const r of sales) revenue.set(r.sku, r.netSales);
  // Stocked catalog products that did not sell belong in the table too (as C, dead stock).
  let unsold = 0;
  for (const p of ds.products) {
    if (!revenue.has(p.sku)) {
      revenue.set(p.sku, 0);
      unsold++;
    }
  }
  const abc = abcClasses(revenue);
  const st = new Map(sellThrough(ds, q).map((r) => [r.sku, r.sellThrough]));
  const bySku = new Map(sales.map((r) => [r.sku, r]));
  const inv = new Map(plan.rows.map((r) => [r.sku, r]));
  const rows: ProductTableRow[] = [];
  for (const [sku] of revenue) {
    const s = bySku.get(sku);
    const p = ds.productBySku.get(sku);
    const v = inv.get(sku);
    rows.push({
      sku,
      hasSku: !ds.keylessSkus.has(sku),
      title: p?.title ?? s?.title ?? sku,
      vendor: p?.vendor ?? '',
      productType: p?.productType ?? '',
      units: s?.units ?? 0,
      returnedUnits: s?.returnedUnits ?? 0,
      netSales: s?.netSales ?? 0,
      margin: s ? s.margin : null,
      marginRate: s ? s.marginRate : null,
      abc: abc.classOf[sku] ?? 'C',
      sellThrough: st.get(sku) ?? null,
      onHand: p?.onHand ?? null,
      daysOfCover: v ? v.daysOfCover : null,
      reorderPoint: v ? v.reorderPoint : null,
      orderQuantity: v ? v.orderQuantity : null,
      status: v ? v.status : null,
    });
  }
  rows.sort((a, b) => b.netSales - a.netSales || a.sku.localeCompare(b.sku));
  return { rows, abc: abc.summary, unsold };
}
