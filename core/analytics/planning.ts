/**
 * Forecasts over the dataset (the Overview's sales band, a product's demand and stock projection)
 * and monthly target pace. These are the functions the worker ships (core/worker/queries.ts).
 */
import { fxAt, type Dataset } from './dataset.ts';
import type { BacktestRow, ForecastModel } from './forecast.ts';
import { forecastSeries } from './forecast.ts';
import { averageDailyDemand, type InventoryPlan, type InventoryRow } from './inventory.ts';
import { dayMeasures } from './sales.ts';
import { rangeDays, type Query } from './scan.ts';
import { valueAt } from './sparse.ts';
import type { TargetLike, TargetMetric } from './types.ts';
import { NO_COSTS, dailyNetProfit, type CostsLike } from './profit.ts';
import { NO_DAY, isoOf, monthIndex, monthStartDay } from '../time/index.ts';

/** Daily history fed to forecasts: one year is enough for weekly seasonality and keeps fits fast. */
export const HISTORY_DAYS = 364;
/** Days ahead the Overview's forecast band reaches. */
export const SALES_HORIZON = 14;
/** Days ahead a product's demand and stock are projected. */
export const PRODUCT_HORIZON = 56;

export interface ForecastResult {
  /** Days of the history used and of the forecast ('YYYY-MM-DD'). */
  historyDays: string[];
  /** The series the model was fitted on (for a product: demand, stockout days filled in). */
  history: Float64Array;
  days: string[];
  forecast: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  model: ForecastModel;
  backtest: BacktestRow[];
  beatsBaseline: boolean;
}

export interface ProductDetail {
  sku: string;
  /** False when `sku` is the key of lines without a SKU (variant id, product id or title). */
  hasSku: boolean;
  title: string;
  vendor: string;
  productType: string;
  price: number | null;
  cost: number | null;
  currency: string;
  onHand: number | null;
  /** On hand per location, when the store keeps stock at several; empty when one figure. */
  locations: { name: string; onHand: number }[];
  onOrder: number;
  leadTimeDays: number | null;
  moq: number | null;
  /** Units and net sales per day over the history window (what was sold, stockout days included). */
  days: string[];
  units: Float64Array;
  netSales: Float64Array;
  /** Days of the history window that ended with no stock (their demand is censored). */
  stockoutDays: number;
  /** Demand forecast in units per day, with the backtest that chose the model. */
  demand: ForecastResult;
  /** The inventory plan's row (cover, reorder point, order suggestion), when stock is known. */
  inventory: InventoryRow | null;
  /** Projected stock per forecast day (on hand minus forecast demand; low = with the upper bound). */
  stock: { expected: Float64Array; low: Float64Array; stockoutDay: string | null } | null;
}

/** Daily net sales per day of [s, e] (reporting minor units), with the query's filters. */
export function dailyNetSales(ds: Dataset, s: number, e: number, q: Query): Float64Array {
  const m = dayMeasures(ds, s, e, q.filters, q.refundDating ?? ds.refundDating);
  const out = new Float64Array(e - s + 1);
  for (let k = 0; k < out.length; k++) out[k] = m.grossSales[k]! - m.discounts[k]! - m.returns[k]!;
  return out;
}

function daysOf(s: number, n: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(isoOf(s + k));
  return out;
}

/** Forecast of a daily series from day `start`; `nonNegative` for counts (a trend may dip below zero, demand cannot). */
export function forecastBand(
  history: Float64Array,
  start: number,
  horizon: number,
  nonNegative = false,
): ForecastResult {
  const f = forecastSeries(Array.from(history), { period: 7, horizon });
  const end = start + history.length - 1;
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  return {
    historyDays: daysOf(start, history.length),
    history,
    days: daysOf(end + 1, horizon),
    forecast: Float64Array.from(f.forecast, floor),
    lower: Float64Array.from(f.lower, floor),
    upper: Float64Array.from(f.upper, floor),
    model: f.model,
    backtest: f.backtest,
    beatsBaseline: f.beatsBaseline,
  };
}

/**
 * The Overview's band: daily net sales forecast after the last day with data, fitted on the year
 * before with the query's filters; null when the range does not reach the last day.
 */
export function salesForecast(
  ds: Dataset,
  q: Query,
  horizon = SALES_HORIZON,
): ForecastResult | null {
  if (ds.firstDay === NO_DAY) return null;
  const [, e] = rangeDays(q.range);
  if (e < ds.lastDay) return null;
  const end = ds.lastDay;
  const start = Math.max(ds.firstDay, end - HISTORY_DAYS + 1);
  return forecastBand(dailyNetSales(ds, start, end, q), start, horizon);
}

/**
 * One product's page: daily sales over the last year, demand forecast with backtest and stock
 * projection; null when the SKU is neither in the orders nor in the catalog. Demand on stockout
 * days is censored (REFERENCE.md): those days (rebuilt as in averageDailyDemand) are given the
 * mean demand of the days with stock before the forecast is fitted, so a product that ran out
 * is not forecast to stop selling.
 */
export function productDetail(
  ds: Dataset,
  sku: string,
  plan: InventoryPlan | null = null,
  horizon = PRODUCT_HORIZON,
): ProductDetail | null {
  const lc = ds.lines.columns;
  const code = lc.sku.dict.indexOf(sku);
  const p = ds.productBySku.get(sku);
  if (code < 0 && !p) return null;
  const end = ds.lastDay;
  const start = ds.firstDay === NO_DAY ? end : Math.max(ds.firstDay, end - HISTORY_DAYS + 1);
  const n = ds.firstDay === NO_DAY ? 0 : end - start + 1;
  const units = new Float64Array(n);
  const net = new Float64Array(n);
  let title = p?.title ?? sku;
  if (code >= 0) {
    for (let i = 0; i < ds.orders.length; i++) {
      const d = ds.orderDay[i]!;
      if (d === NO_DAY || d < start || d > end) continue;
      for (let at = ds.orderLineStart[i]!, to = ds.orderLineStart[i + 1]!; at < to; at++) {
        const j = ds.orderLines[at]!;
        if (lc.sku.codes[j] !== code) continue;
        if (!p) title = lc.title.dict[lc.title.codes[j]!] ?? sku;
        units[d - start]! += lc.quantity[j]!;
        const f = fxAt(ds.fx, i);
        if (f === f)
          net[d - start]! +=
            (lc.quantity[j]! * lc.unitPrice[j]! -
              valueAt(lc.discount, j) -
              valueAt(ds.lineReturn, j)) *
            f;
      }
    }
  }
  let demandHistory = units;
  let stockoutDays = 0;
  if (p?.onHand != null) {
    const est = averageDailyDemand(units, p.onHand);
    // With every day censored the mean is only a lower bound, but still better than zeros.
    if (est.censoredDays > 0) {
      stockoutDays = est.censoredDays;
      demandHistory = Float64Array.from(units, (v, k) =>
        est.endStock[k]! <= 0 ? est.meanDaily : v,
      );
    }
  }
  const demand = forecastBand(demandHistory, start, horizon, true);
  let stock: ProductDetail['stock'] = null;
  if (p?.onHand != null) {
    const expected = new Float64Array(horizon);
    const low = new Float64Array(horizon);
    const start0 = Math.max(0, p.onHand);
    let cumF = 0;
    let cumVar = 0;
    let stockoutDay: string | null = null;
    for (let h = 0; h < horizon; h++) {
      const f = Math.max(0, demand.forecast[h]!);
      // Daily errors add up in variance, not in bounds: summing daily upper bounds would
      // overstate the high-demand case many times over.
      const sd = Math.max(0, demand.upper[h]! - demand.forecast[h]!) / 1.959963984540054;
      cumF += f;
      cumVar += sd * sd;
      const e = start0 - cumF;
      expected[h] = Math.max(0, e);
      low[h] = Math.max(0, start0 - cumF - 1.959963984540054 * Math.sqrt(cumVar));
      if (stockoutDay === null && e <= 0) stockoutDay = demand.days[h]!;
    }
    stock = { expected, low, stockoutDay };
  }
  return {
    sku,
    hasSku: !ds.keylessSkus.has(sku),
    title,
    vendor: p?.vendor ?? '',
    productType: p?.productType ?? '',
    price: p?.price ?? null,
    cost: p?.cost ?? null,
    currency: p?.currency ?? ds.currency,
    onHand: p?.onHand ?? null,
    locations: p?.locations ? p.locations.map((l) => ({ ...l })) : [],
    onOrder: p?.onOrder ?? 0,
    leadTimeDays: p?.leadTimeDays ?? null,
    moq: p?.moq ?? null,
    days: daysOf(start, n),
    units,
    netSales: net,
    stockoutDays,
    demand,
    inventory: plan?.rows.find((r) => r.sku === sku) ?? null,
    stock,
  };
}

export interface TargetPaceRow {
  metric: TargetMetric;
  target: number;
  /** Month to date (through "today"). */
  actual: number;
  /** End-of-month projection at the current daily run rate (AOV: the month-to-date value). */
  runRateProjection: number;
  /** Month to date plus the forecast of the remaining days (null without enough history). */
  forecastProjection: number | null;
  /** Target − projection (forecast projection when available); positive = short of target. */
  gap: number;
  /** Actual ÷ target. */
  progress: number | null;
  onTrack: boolean;
}

export interface TargetPace {
  month: string;
  daysInMonth: number;
  daysElapsed: number;
  rows: TargetPaceRow[];
}

/**
 * Pace of the month's targets: actual to date, run-rate and forecast projections, and the gap. A
 * 'profit' target is net profit (core/analytics/profit.ts) with the store's `costs`.
 */
export function targetPace(
  ds: Dataset,
  month: string,
  targets: TargetLike[] = ds.targets,
  costs: CostsLike = NO_COSTS,
): TargetPace {
  const mi = monthIndex(month);
  const start = monthStartDay(mi);
  const end = monthStartDay(mi + 1) - 1;
  const daysInMonth = end - start + 1;
  const lastElapsed = Math.min(ds.nowDay, end);
  const daysElapsed = Math.max(0, lastElapsed - start + 1);
  const remaining = daysInMonth - daysElapsed;
  const mine = targets.filter((t) => t.month === month);
  // Daily history up to today (at most a year) for run rate and forecast.
  const histStart = ds.firstDay === NO_DAY ? start : Math.max(ds.firstDay, lastElapsed - 364);
  const histEnd = Math.max(lastElapsed, histStart);
  const m = dayMeasures(ds, histStart, histEnd, undefined, ds.refundDating);
  const len = histEnd - histStart + 1;
  const newPerDay = new Float64Array(len);
  for (let c = 0; c < ds.customerCount; c++) {
    const d = ds.customerFirstDay[c]!;
    if (ds.customerOrders[c]! > 0 && d >= histStart && d <= histEnd) newPerDay[d - histStart]!++;
  }
  const series: Record<
    'netSales' | 'totalSales' | 'orders' | 'newCustomers' | 'aovNumerator' | 'profit',
    number[]
  > = {
    netSales: [],
    totalSales: [],
    orders: [],
    newCustomers: [],
    aovNumerator: [],
    // Net profit per day costs a pass over the lines: only with a profit target.
    profit: mine.some((t) => t.metric === 'profit')
      ? Array.from(dailyNetProfit(ds, histStart, histEnd, costs))
      : [],
  };
  for (let k = 0; k < len; k++) {
    const net = m.grossSales[k]! - m.discounts[k]! - m.returns[k]!;
    series.netSales.push(net);
    series.totalSales.push(net + m.shipping[k]! + m.taxes[k]!);
    series.orders.push(m.orders[k]!);
    series.newCustomers.push(newPerDay[k]!);
    series.aovNumerator.push(m.grossSales[k]! - m.discounts[k]!);
  }
  const monthFrom = start - histStart;
  const toDate = (name: keyof typeof series) =>
    daysElapsed > 0
      ? series[name]
          .slice(Math.max(0, monthFrom), monthFrom + daysElapsed)
          .reduce((a, v) => a + v, 0)
      : 0;
  const forecastRest = (name: keyof typeof series): number | null => {
    if (remaining === 0) return 0;
    const hist = series[name].slice(0, lastElapsed - histStart + 1);
    if (hist.length < 14) return null;
    const fc = forecastSeries(hist, {
      period: 7,
      horizon: remaining + Math.max(0, start - lastElapsed - 1),
    });
    return fc.forecast.slice(fc.forecast.length - remaining).reduce((a, v) => a + v, 0);
  };
  const rows = mine.map((t): TargetPaceRow => {
    let actual: number;
    let runRate: number;
    let fcProj: number | null;
    if (t.metric === 'aov') {
      const num = toDate('aovNumerator');
      const ord = toDate('orders');
      actual = ord > 0 ? num / ord : 0;
      runRate = actual;
      const fNum = forecastRest('aovNumerator');
      const fOrd = forecastRest('orders');
      fcProj =
        fNum !== null && fOrd !== null && ord + fOrd > 0 ? (num + fNum) / (ord + fOrd) : null;
    } else {
      // Net profit counts the month's fixed costs on days before the first order too.
      actual =
        t.metric === 'profit'
          ? daysElapsed > 0
            ? dailyNetProfit(ds, start, start + daysElapsed - 1, costs).reduce((a, v) => a + v, 0)
            : 0
          : toDate(t.metric);
      runRate = daysElapsed > 0 ? (actual / daysElapsed) * daysInMonth : 0;
      const rest = forecastRest(t.metric);
      fcProj = rest === null ? null : actual + rest;
    }
    const projection = fcProj ?? runRate;
    return {
      metric: t.metric,
      target: t.value,
      actual,
      runRateProjection: runRate,
      forecastProjection: fcProj,
      gap: t.value - projection,
      progress: t.value > 0 ? actual / t.value : null,
      onTrack: projection >= t.value,
    };
  });
  return { month, daysInMonth, daysElapsed, rows };
}
