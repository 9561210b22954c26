/**
 * Forecasts over the dataset (total sales, per-product units) and monthly target pace.
 */
import type { Dataset } from './dataset.ts';
import type { SeriesForecast } from './forecast.ts';
import { forecastSeries } from './forecast.ts';
import { dayMeasures } from './sales.ts';
import type { TargetLike, TargetMetric } from './types.ts';
import { NO_DAY, isoOf, isoWeekLabel, isoWeekStart, monthIndex, monthStartDay } from './time.ts';

export type ForecastMetric = 'totalSales' | 'netSales' | 'orders';

export interface DatasetForecast extends SeriesForecast {
  grain: 'day' | 'week';
  /** History labels and values the model saw (complete weeks only for weekly). */
  history: { labels: string[]; values: number[] };
  /** Labels of the forecast steps. */
  labels: string[];
}

function toGrain(
  daily: Float64Array,
  firstDay: number,
  grain: 'day' | 'week',
  horizon: number,
  opts: { period?: number },
) {
  let labels: string[] = [];
  let values: number[] = [];
  let nextStart: number;
  if (grain === 'day') {
    for (let k = 0; k < daily.length; k++) {
      labels.push(isoOf(firstDay + k));
      values.push(daily[k]!);
    }
    nextStart = firstDay + daily.length;
  } else {
    // Only complete ISO weeks: a partial first or last week would look like a drop in sales.
    const lastDay = firstDay + daily.length - 1;
    let w = isoWeekStart(firstDay);
    if (w < firstDay) w += 7;
    for (; w + 6 <= lastDay; w += 7) {
      let sum = 0;
      for (let d = w; d < w + 7; d++) sum += daily[d - firstDay]!;
      labels.push(isoWeekLabel(w));
      values.push(sum);
    }
    nextStart = w;
  }
  const period = opts.period ?? (grain === 'day' ? 7 : 52);
  const future: string[] = [];
  for (let h = 0; h < horizon; h++) {
    const d = nextStart + h * (grain === 'day' ? 1 : 7);
    future.push(grain === 'day' ? isoOf(d) : isoWeekLabel(d));
  }
  if (values.length === 0) {
    labels = [];
    values = [];
  }
  return { labels, values, period, future };
}

/** Forecast of total sales (or net sales, orders) by day (weekly season) or ISO week (yearly season). */
export function salesForecast(
  ds: Dataset,
  opts: { horizon: number; grain?: 'day' | 'week'; metric?: ForecastMetric; period?: number },
): DatasetForecast {
  const grain = opts.grain ?? 'day';
  const metric = opts.metric ?? 'totalSales';
  let daily = new Float64Array(0);
  if (ds.firstDay !== NO_DAY) {
    const m = dayMeasures(ds, ds.firstDay, ds.lastDay, undefined, ds.refundDating);
    daily = new Float64Array(m.orders.length);
    for (let k = 0; k < daily.length; k++) {
      const net = m.grossSales[k]! - m.discounts[k]! - m.returns[k]!;
      daily[k] =
        metric === 'orders'
          ? m.orders[k]!
          : metric === 'netSales'
            ? net
            : net + m.shipping[k]! + m.taxes[k]!;
    }
  }
  const g = toGrain(daily, ds.firstDay, grain, opts.horizon, opts);
  const fc = forecastSeries(g.values, { period: g.period, horizon: opts.horizon });
  return { ...fc, grain, history: { labels: g.labels, values: g.values }, labels: g.future };
}

/** Forecast of one SKU's units sold per day or ISO week (Croston is a candidate for intermittent demand). */
export function productForecast(
  ds: Dataset,
  sku: string,
  opts: { horizon: number; grain?: 'day' | 'week'; period?: number },
): DatasetForecast {
  const grain = opts.grain ?? 'day';
  const lc = ds.lines.columns;
  const code = lc.sku.dict.indexOf(sku);
  const span = ds.firstDay === NO_DAY ? 0 : ds.lastDay - ds.firstDay + 1;
  const daily = new Float64Array(span);
  if (code >= 0) {
    for (let j = 0; j < ds.lines.length; j++) {
      if (lc.sku.codes[j] !== code) continue;
      const i = ds.lineOrder[j]!;
      if (i < 0 || ds.orderDay[i] === NO_DAY) continue;
      daily[ds.orderDay[i]! - ds.firstDay]! += lc.quantity[j]!;
    }
  }
  const g = toGrain(daily, ds.firstDay, grain, opts.horizon, opts);
  const fc = forecastSeries(g.values, { period: g.period, horizon: opts.horizon });
  return { ...fc, grain, history: { labels: g.labels, values: g.values }, labels: g.future };
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

/** Pace of the month's targets: actual to date, run-rate and forecast projections, and the gap. */
export function targetPace(
  ds: Dataset,
  month: string,
  targets: TargetLike[] = ds.targets,
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
    'netSales' | 'totalSales' | 'orders' | 'newCustomers' | 'aovNumerator',
    number[]
  > = {
    netSales: [],
    totalSales: [],
    orders: [],
    newCustomers: [],
    aovNumerator: [],
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
      actual = toDate(t.metric);
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
