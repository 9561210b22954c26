/**
 * Inventory planning (REFERENCE.md "Inventory"): demand excluding stockout days, days of cover,
 * safety stock and reorder point from a service level and lead time, order quantity respecting
 * MOQ, replenish-by date, and at-risk / overstock / dead-stock lists with revenue at risk.
 *
 * Stock history assumption: only today's on-hand is known, so daily end-of-day stock is rebuilt
 * backwards as on-hand + units sold after that day, assuming no receipts or adjustments inside
 * the window. A day whose rebuilt end stock is 0 is a stockout day: its demand is censored
 * (unknown, not zero) and the day is left out of the demand average.
 */
import type { Dataset } from './dataset.ts';
import { normalQuantile } from './stats.ts';
import { NO_DAY, isoOf } from '../time/index.ts';
import { currencyDecimals } from './dataset.ts';

export interface ReorderPointInput {
  meanDaily: number;
  sdDaily: number;
  leadTimeDays: number;
  /** Standard deviation of the lead time in days, when known. */
  leadTimeSdDays?: number;
  /** Cycle service level, e.g. 0.95. */
  serviceLevel: number;
}

export interface ReorderPointResult {
  /** Service-level z (95% → 1.645). */
  z: number;
  leadTimeDemand: number;
  /** z·σ_d·√L, or z·√(L·σ_d² + d̄²·σ_L²) with lead-time variability. */
  safetyStock: number;
  /** d̄·L + safety stock. */
  reorderPoint: number;
}

/** Reorder point and safety stock from daily demand, lead time (and its variability) and a service level. */
export function reorderPoint(input: ReorderPointInput): ReorderPointResult {
  const { meanDaily: d, sdDaily: sd, leadTimeDays: L, serviceLevel } = input;
  const sL = input.leadTimeSdDays ?? 0;
  if (!(serviceLevel > 0 && serviceLevel < 1)) {
    throw new RangeError(
      `Service level must be between 0 and 1 (got ${serviceLevel}); 0.95 means 95%.`,
    );
  }
  const z = normalQuantile(serviceLevel);
  const safetyStock = Math.max(0, z * Math.sqrt(L * sd * sd + d * d * sL * sL));
  return { z, leadTimeDemand: d * L, safetyStock, reorderPoint: d * L + safetyStock };
}

export interface DemandEstimate {
  meanDaily: number;
  sdDaily: number;
  /** Days left out because stock was 0 at the end of the day. */
  censoredDays: number;
  /** Rebuilt end-of-day stock, oldest first. */
  endStock: number[];
}

/**
 * Average daily demand excluding stockout days, from daily units sold (oldest first) and today's
 * on-hand (see the module note for the backward-rebuild assumption). With every day censored,
 * falls back to units ÷ days, a lower bound.
 */
export function averageDailyDemand(
  dailyUnits: ArrayLike<number>,
  onHandNow: number,
): DemandEstimate {
  const n = dailyUnits.length;
  const endStock = new Array<number>(n);
  let stock = Math.max(0, onHandNow);
  for (let d = n - 1; d >= 0; d--) {
    endStock[d] = stock;
    stock += Math.max(0, dailyUnits[d]!);
  }
  let sum = 0;
  let cnt = 0;
  let total = 0;
  for (let d = 0; d < n; d++) {
    total += dailyUnits[d]!;
    if (endStock[d]! <= 0) continue;
    sum += dailyUnits[d]!;
    cnt++;
  }
  if (cnt === 0) return { meanDaily: n > 0 ? total / n : 0, sdDaily: 0, censoredDays: n, endStock };
  const mean = sum / cnt;
  let ss = 0;
  for (let d = 0; d < n; d++) if (endStock[d]! > 0) ss += (dailyUnits[d]! - mean) ** 2;
  return {
    meanDaily: mean,
    sdDaily: cnt > 1 ? Math.sqrt(ss / (cnt - 1)) : 0,
    censoredDays: n - cnt,
    endStock,
  };
}

export type StockStatus =
  | 'out-of-stock'
  | 'at-risk'
  | 'reorder'
  | 'ok'
  | 'overstock'
  | 'dead'
  /** In stock, no sale yet, and less order history than the dead-stock window: too early to say. */
  | 'unsold'
  | 'no-demand';

export interface InventoryRow {
  sku: string;
  title: string;
  onHand: number;
  onOrder: number;
  /** Units sold in the demand window. */
  unitsSold: number;
  meanDaily: number;
  sdDaily: number;
  stockoutDays: number;
  /** On hand ÷ average daily demand; null without demand. */
  daysOfCover: number | null;
  leadTimeDays: number;
  safetyStock: number;
  reorderPoint: number;
  /** Units to order now to cover lead time + target days of cover, at least the MOQ; 0 when covered. */
  orderQuantity: number;
  /** Last day to order before stock falls below the reorder point (today when already below); null without demand. */
  reorderBy: string | null;
  /** Day stock is expected to run out; null without demand. */
  stockoutDate: string | null;
  status: StockStatus;
  /** Expected lost sales before a replenishment ordered today could arrive (reporting minor units). */
  revenueAtRisk: number;
  /** On hand × cost (reporting minor units); null without a cost. */
  stockValue: number | null;
  /** Days since the last sale in the dead-stock window; null when it sold in the demand window or never. */
  daysSinceLastSale: number | null;
}

export interface InventoryOptions {
  /** Days of history for average demand (default 28, REFERENCE.md). */
  windowDays?: number;
  serviceLevel?: number;
  /** Days of cover to hold beyond the lead time when ordering (default 30). */
  targetDaysOfCover?: number;
  /** Lead time for products without one (default 14 days). */
  defaultLeadTimeDays?: number;
  /** More days of cover than this is overstock (default 180). */
  overstockDays?: number;
  /** No sale for this many days with stock on hand is dead stock (default 90). */
  deadStockDays?: number;
}

export interface InventoryPlan {
  asOf: string;
  rows: InventoryRow[];
  atRisk: InventoryRow[];
  outOfStock: InventoryRow[];
  reorder: InventoryRow[];
  overstock: InventoryRow[];
  dead: InventoryRow[];
  /** Days of order history up to today, and the days dead stock needs (no sale in that many). */
  historyDays: number;
  deadStockDays: number;
  /** Sum of revenue at risk over all rows. */
  revenueAtRisk: number;
  /** What the figures assume, for the screen's footnote. */
  assumptions: string;
}

/** Minor units of `from` → reporting minor units at the latest known monthly rate (NaN when none). */
function latestRate(ds: Dataset, from: string): number {
  if (from === ds.currency) return 1;
  let best: { month: string; rate: number } | null = null;
  for (const r of ds.input.settings.fxRates) {
    if (r.from === from && (best === null || r.month > best.month)) best = r;
  }
  // Rates are per major unit; prices are minor units of their own currency.
  return best ? best.rate * 10 ** (currencyDecimals(ds.currency) - currencyDecimals(from)) : NaN;
}

/** One row per catalog SKU with known stock: demand, cover, reorder point, order quantity, status. */
export function inventoryPlan(ds: Dataset, opts: InventoryOptions = {}): InventoryPlan {
  const W = opts.windowDays ?? 28;
  const serviceLevel = opts.serviceLevel ?? 0.95;
  const T = opts.targetDaysOfCover ?? 30;
  const defaultL = opts.defaultLeadTimeDays ?? 14;
  const overstockDays = opts.overstockDays ?? 180;
  const deadDays = Math.max(opts.deadStockDays ?? 90, W);
  const today = ds.nowDay;
  const from = today - deadDays + 1;
  // Dead stock needs a whole window of history: with 7 days of orders, "no sale in 90 days" is
  // not known yet (REFERENCE.md, small stores).
  const historyDays = ds.firstDay === NO_DAY ? 0 : Math.max(0, today - ds.firstDay + 1);
  const enoughHistory = historyDays >= deadDays;
  const products = ds.products.filter((p) => p.onHand != null);
  const lc = ds.lines.columns;
  const indexOf = new Map(products.map((p, k) => [p.sku, k]));
  const productOfCode = Int32Array.from(lc.sku.dict, (sku) => indexOf.get(sku) ?? -1);
  // Units per product per day over the longest window, from orders of those days.
  const daily = new Float64Array(products.length * deadDays);
  if (ds.firstDay !== NO_DAY) {
    for (let d = Math.max(from, ds.firstDay); d <= Math.min(today, ds.lastDay); d++) {
      const k1 = ds.dayStart[d - ds.firstDay + 1]!;
      for (let k = ds.dayStart[d - ds.firstDay]!; k < k1; k++) {
        const i = ds.byDay[k]!;
        for (let p = ds.orderLineStart[i]!, p1 = ds.orderLineStart[i + 1]!; p < p1; p++) {
          const j = ds.orderLines[p]!;
          const pi = productOfCode[lc.sku.codes[j]!]!;
          if (pi >= 0) daily[pi * deadDays + (d - from)]! += lc.quantity[j]!;
        }
      }
    }
  }
  const costRateCache = new Map<string, number>();
  const rateOf = (cur: string) => {
    let r = costRateCache.get(cur);
    if (r === undefined) {
      r = latestRate(ds, cur);
      costRateCache.set(cur, r);
    }
    return r;
  };
  const rows: InventoryRow[] = products.map((p, pi) => {
    const series = daily.subarray(pi * deadDays, (pi + 1) * deadDays);
    const window = series.subarray(deadDays - W);
    const onHand = p.onHand ?? 0;
    const onOrder = p.onOrder ?? 0;
    const demand = averageDailyDemand(window, onHand);
    let unitsSold = 0;
    for (const v of window) unitsSold += v;
    let lastSale = -1;
    for (let k = deadDays - 1; k >= 0; k--) {
      if (series[k]! > 0) {
        lastSale = k;
        break;
      }
    }
    const L = p.leadTimeDays ?? defaultL;
    const mean = demand.meanDaily;
    const rop = reorderPoint({
      meanDaily: mean,
      sdDaily: demand.sdDaily,
      leadTimeDays: L,
      leadTimeSdDays: p.leadTimeSdDays ?? 0,
      serviceLevel,
    });
    const position = Math.max(0, onHand) + onOrder;
    let orderQuantity = Math.ceil(Math.max(0, mean * (L + T) + rop.safetyStock - position) - 1e-9);
    if (orderQuantity > 0 && p.moq != null && orderQuantity < p.moq) orderQuantity = p.moq;
    const hasDemand = mean > 0;
    let status: StockStatus;
    if (onHand <= 0) status = hasDemand || lastSale >= 0 ? 'out-of-stock' : 'no-demand';
    else if (!hasDemand) status = lastSale >= 0 ? 'overstock' : enoughHistory ? 'dead' : 'unsold';
    else if (position / mean < L) status = 'at-risk';
    else if (position <= rop.reorderPoint) status = 'reorder';
    else if (onHand / mean > overstockDays) status = 'overstock';
    else status = 'ok';
    const rate = rateOf(p.currency);
    const lostUnits = hasDemand ? Math.max(0, mean * L - position) : 0;
    const revenueAtRisk = rate === rate ? lostUnits * p.price * rate : 0;
    const stockValue = p.cost != null && rate === rate ? Math.max(0, onHand) * p.cost * rate : null;
    return {
      sku: p.sku,
      title: p.title,
      onHand,
      onOrder,
      unitsSold,
      meanDaily: mean,
      sdDaily: demand.sdDaily,
      stockoutDays: demand.censoredDays,
      daysOfCover: hasDemand ? Math.max(0, onHand) / mean : null,
      leadTimeDays: L,
      safetyStock: rop.safetyStock,
      reorderPoint: rop.reorderPoint,
      orderQuantity,
      reorderBy: hasDemand
        ? isoOf(today + Math.max(0, Math.floor((position - rop.reorderPoint) / mean)))
        : null,
      stockoutDate: hasDemand ? isoOf(today + Math.floor(Math.max(0, onHand) / mean)) : null,
      status,
      revenueAtRisk,
      stockValue,
      daysSinceLastSale: lastSale >= 0 && lastSale < deadDays - W ? deadDays - 1 - lastSale : null,
    };
  });
  const by = (s: StockStatus) => rows.filter((r) => r.status === s);
  const atRisk = by('at-risk').sort((a, b) => b.revenueAtRisk - a.revenueAtRisk);
  return {
    asOf: isoOf(today),
    rows,
    atRisk,
    outOfStock: by('out-of-stock'),
    reorder: by('reorder'),
    overstock: by('overstock'),
    dead: by('dead'),
    historyDays,
    deadStockDays: deadDays,
    revenueAtRisk: rows.reduce((s, r) => s + r.revenueAtRisk, 0),
    assumptions:
      `Demand is the average of the last ${W} days, leaving out days that ended with no stock. ` +
      `Past stock is rebuilt from today's on-hand plus later sales, assuming no deliveries in that time. ` +
      `Safety stock for a ${Math.round(serviceLevel * 100)}% service level; lead time ${defaultL} days where a product has none.`,
  };
}

export interface PurchaseOrderLine {
  sku: string;
  title: string;
  onHand: number;
  onOrder: number;
  daysOfCover: number | null;
  reorderBy: string | null;
  quantity: number;
  /** Unit cost in the product's currency (minor units), when known. */
  unitCost: number | null;
  currency: string;
  moq: number | null;
}

export interface PurchaseOrderDraft {
  vendor: string;
  lines: PurchaseOrderLine[];
  units: number;
  /** Sum of quantity × unit cost for lines in the store currency with a cost (minor units). */
  cost: number | null;
}

/** Draft purchase orders, one per vendor, from the plan's order suggestions (earliest reorder-by first). */
export function purchaseOrders(ds: Dataset, plan: InventoryPlan): PurchaseOrderDraft[] {
  const byVendor = new Map<string, PurchaseOrderLine[]>();
  for (const r of plan.rows) {
    if (r.orderQuantity <= 0) continue;
    const p = ds.productBySku.get(r.sku);
    const vendor = p?.vendor || '(no vendor)';
    const line: PurchaseOrderLine = {
      sku: r.sku,
      title: r.title,
      onHand: r.onHand,
      onOrder: r.onOrder,
      daysOfCover: r.daysOfCover,
      reorderBy: r.reorderBy,
      quantity: r.orderQuantity,
      unitCost: p?.cost ?? null,
      currency: p?.currency ?? ds.currency,
      moq: p?.moq ?? null,
    };
    const list = byVendor.get(vendor);
    if (list) list.push(line);
    else byVendor.set(vendor, [line]);
  }
  return [...byVendor]
    .map(([vendor, lines]) => {
      lines.sort(
        (a, b) =>
          (a.reorderBy ?? '9').localeCompare(b.reorderBy ?? '9') || a.sku.localeCompare(b.sku),
      );
      let cost = 0;
      let known = false;
      for (const l of lines) {
        if (l.unitCost != null && l.currency === ds.currency) {
          cost += l.unitCost * l.quantity;
          known = true;
        }
      }
      return {
        vendor,
        lines,
        units: lines.reduce((s, l) => s + l.quantity, 0),
        cost: known ? cost : null,
      };
    })
    .sort((a, b) => a.vendor.localeCompare(b.vendor));
}
