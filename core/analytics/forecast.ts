/**
 * Light forecasting for a browser worker (REFERENCE.md "Forecasting"): seasonal naive, additive
 * Holt-Winters (ETS(A,A,A) in error-correction form), Croston for intermittent demand; the model is
 * chosen per series by a rolling-origin backtest scored with MASE, and the backtest is returned.
 */
import { normalQuantile } from './stats.ts';

/** A point forecast with ~(1 − α) prediction intervals. */
export interface Forecast {
  forecast: number[];
  lower: number[];
  upper: number[];
  /** One-step-ahead in-sample fit (NaN where the model has no fit yet). */
  fitted: number[];
}

function zOf(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/** Seasonal naive: each future point repeats the same season of the last cycle (plain naive when shorter than a season). */
export function seasonalNaive(
  series: number[],
  period: number,
  horizon: number,
  level = 0.95,
): Forecast {
  const n = series.length;
  const m = n >= period && period >= 1 ? period : 1;
  const fitted = series.map((_, t) => (t >= m ? series[t - m]! : NaN));
  let ss = 0;
  let cnt = 0;
  for (let t = m; t < n; t++) {
    ss += (series[t]! - series[t - m]!) ** 2;
    cnt++;
  }
  const sigma = cnt > 0 ? Math.sqrt(ss / cnt) : 0;
  const z = zOf(level);
  const forecast: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const f = n === 0 ? 0 : series[n - m + ((h - 1) % m)]!;
    // Hyndman & Athanasopoulos (FPP3 §5.5): σ_h = σ√(k + 1), k = ⌊(h − 1)/m⌋ full seasons ahead.
    const sd = sigma * Math.sqrt(Math.floor((h - 1) / m) + 1);
    forecast.push(f);
    lower.push(f - z * sd);
    upper.push(f + z * sd);
  }
  return { forecast, lower, upper, fitted };
}

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersResult extends Forecast, HoltWintersParams {
  /** Final level, trend and the last `period` seasonal states (oldest first). */
  level: number;
  trend: number;
  season: number[];
  period: number;
  /** False when the series was shorter than two seasons and Holt's linear trend was fitted instead. */
  seasonal: boolean;
  sse: number;
  sigma: number;
}

interface HwState {
  sse: number;
  level: number;
  trend: number;
  season: Float64Array;
  fitted: Float64Array | null;
}

function initialState(
  y: number[],
  m: number,
  seasonal: boolean,
): { l: number; b: number; s: Float64Array } {
  if (!seasonal) {
    const b = y.length >= 2 ? y[1]! - y[0]! : 0;
    return { l: y[0]! - b, b, s: new Float64Array(1) };
  }
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < m; i++) {
    m1 += y[i]!;
    m2 += y[m + i]!;
  }
  m1 /= m;
  m2 /= m;
  const b = (m2 - m1) / m;
  // Level just before the first observation: the first season's mean sits at time (m + 1)/2.
  const l = m1 - (b * (m + 1)) / 2;
  const s = new Float64Array(m);
  let mean = 0;
  for (let i = 0; i < m; i++) {
    s[i] = y[i]! - (l + b * (i + 1));
    mean += s[i]!;
  }
  mean /= m;
  for (let i = 0; i < m; i++) s[i]! -= mean;
  return { l, b, s };
}

function runHw(
  y: number[],
  m: number,
  seasonal: boolean,
  p: HoltWintersParams,
  keepFitted: boolean,
): HwState {
  const init = initialState(y, m, seasonal);
  let l = init.l;
  let b = init.b;
  const s = init.s.slice();
  const mm = seasonal ? m : 1;
  let sse = 0;
  const fitted = keepFitted ? new Float64Array(y.length) : null;
  const { alpha, beta, gamma } = p;
  const n = y.length;
  let si = 0;
  for (let t = 0; t < n; t++) {
    const st = s[si]!;
    const yhat = l + b + st;
    const e = y[t]! - yhat;
    if (fitted) fitted[t] = yhat;
    sse += e * e;
    // Error-correction form (Hyndman et al. 2008): l += b + αe, b += βe, s += γe.
    l = l + b + alpha * e;
    b = b + beta * e;
    if (seasonal) {
      s[si] = st + gamma * e;
      if (++si === mm) si = 0;
    }
  }
  return { sse, level: l, trend: b, season: s, fitted };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) =>
  Math.log(Math.min(Math.max(p, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(p, 1e-6), 1 - 1e-6)));

/** Maps unconstrained u to admissible parameters: 0<α<1, 0<β<α, 0<γ<1−α. */
function toParams(u: number[]): HoltWintersParams {
  const alpha = sigmoid(u[0]!);
  return { alpha, beta: alpha * sigmoid(u[1]!), gamma: (1 - alpha) * sigmoid(u[2]!) };
}

/** Nelder–Mead minimisation (deterministic, fixed iteration budget). */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  step = 0.5,
  iterations = 200,
  /** Stop when the simplex's values agree to this relative spread. */
  tolerance = 1e-12,
): number[] {
  const d = x0.length;
  let simplex: { x: number[]; v: number }[] = [{ x: x0, v: f(x0) }];
  for (let i = 0; i < d; i++) {
    const x = x0.slice();
    x[i]! += step;
    simplex.push({ x, v: f(x) });
  }
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[d]!;
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + 1e-12)) break;
    const c = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[j]! += simplex[i]!.x[j]! / d;
    const at = (t: number) => c.map((cj, j) => cj + t * (worst.x[j]! - cj));
    const xr = at(-1);
    const vr = f(xr);
    if (vr < best.v) {
      const xe = at(-2);
      const ve = f(xe);
      simplex[d] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < simplex[d - 1]!.v) {
      simplex[d] = { x: xr, v: vr };
    } else {
      const xc = at(vr < worst.v ? -0.5 : 0.5);
      const vc = f(xc);
      if (vc < Math.min(vr, worst.v)) simplex[d] = { x: xc, v: vc };
      else {
        simplex = simplex.map((p, i) =>
          i === 0 ? p : { x: p.x.map((xj, j) => best.x[j]! + 0.5 * (xj - best.x[j]!)), v: NaN },
        );
        for (let i = 1; i <= d; i++) simplex[i]!.v = f(simplex[i]!.x);
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return simplex[0]!.x;
}

/**
 * Additive Holt-Winters: fits α, β, γ by minimising the one-step SSE (grid, then Nelder–Mead),
 * forecasts `horizon` steps with ~95% intervals (ETS(A,A,A) variance, Hyndman et al. 2008 Table 6.1).
 * Shorter than two seasons: Holt's linear trend (γ = 0). Pass `params` to skip fitting.
 */
export function holtWinters(
  series: number[],
  period: number,
  horizon: number,
  params?: Partial<HoltWintersParams>,
  level = 0.95,
): HoltWintersResult {
  const n = series.length;
  const m = Math.max(1, Math.round(period));
  if (n < 3) {
    const sn = seasonalNaive(series, 1, horizon, level);
    const last = n > 0 ? series[n - 1]! : 0;
    return {
      ...sn,
      alpha: 1,
      beta: 0,
      gamma: 0,
      level: last,
      trend: 0,
      season: [],
      period: m,
      seasonal: false,
      sse: 0,
      sigma: 0,
    };
  }
  const seasonal = m >= 2 && n >= 2 * m;
  let p: HoltWintersParams;
  if (
    params?.alpha !== undefined &&
    params.beta !== undefined &&
    (params.gamma !== undefined || !seasonal)
  ) {
    p = { alpha: params.alpha, beta: params.beta, gamma: seasonal ? params.gamma! : 0 };
  } else {
    const sseOf = (q: HoltWintersParams) => {
      const v = runHw(series, m, seasonal, q, false).sse;
      return Number.isFinite(v) ? v : Number.MAX_VALUE;
    };
    let best = { u: [0, 0, 0], v: Infinity };
    for (const a of [0.05, 0.15, 0.3, 0.5, 0.7, 0.9]) {
      for (const bf of [0.01, 0.1, 0.4]) {
        for (const gf of seasonal ? [0.01, 0.1, 0.3, 0.7] : [0.5]) {
          const u = [logit(a), logit(bf), logit(gf)];
          const v = sseOf(toParams(u));
          if (v < best.v) best = { u, v };
        }
      }
    }
    const u = nelderMead((x) => sseOf(toParams(x)), best.u, 0.5, 150);
    p = toParams(u);
    if (!seasonal) p.gamma = 0;
  }
  const st = runHw(series, m, seasonal, p, true);
  const nParams = 2 + 2 + (seasonal ? 1 + m - 1 : 0);
  const sigma2 = st.sse / (n > nParams ? n - nParams : n);
  const sigma = Math.sqrt(sigma2);
  const z = zOf(level);
  const forecast: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const { alpha: a, beta: b, gamma: g } = p;
  for (let h = 1; h <= horizon; h++) {
    const s = seasonal ? st.season[(n + h - 1) % m]! : 0;
    const f = st.level + h * st.trend + s;
    const k = seasonal ? Math.floor((h - 1) / m) : 0;
    const v =
      sigma2 *
      (1 +
        (h - 1) * (a * a + a * b * h + (b * b * h * (2 * h - 1)) / 6) +
        g * k * (2 * a + g + b * m * (k + 1)));
    const sd = Math.sqrt(v);
    forecast.push(f);
    lower.push(f - z * sd);
    upper.push(f + z * sd);
  }
  const season: number[] = [];
  if (seasonal) for (let i = 0; i < m; i++) season.push(st.season[(n + i) % m]!);
  return {
    ...p,
    level: st.level,
    trend: st.trend,
    season,
    period: m,
    seasonal,
    sse: st.sse,
    sigma,
    fitted: Array.from(st.fitted!),
    forecast,
    lower,
    upper,
  };
}

export interface CrostonResult extends Forecast {
  /** Smoothed demand size and smoothed interval between demands. */
  size: number;
  interval: number;
}

/** Croston's method for intermittent demand (SBA bias correction with `sba`); flat forecast z/p. */
export function croston(
  series: number[],
  horizon: number,
  alpha = 0.1,
  sba = false,
  level = 0.95,
): CrostonResult {
  const n = series.length;
  const fitted = new Array<number>(n).fill(NaN);
  // Start from the series' mean demand size and mean interval rather than the first demand and
  // its interval from the series start, which is arbitrary (1 when the series opens with a sale).
  let demands = 0;
  let sizeSum = 0;
  let lastDemand = -1;
  for (let t = 0; t < n; t++) {
    if (series[t]! > 0) {
      demands++;
      sizeSum += series[t]!;
      lastDemand = t;
    }
  }
  let z = demands > 0 ? sizeSum / demands : NaN;
  let p = demands > 0 ? (lastDemand + 1) / demands : NaN;
  let q = 1;
  const factor = sba ? 1 - alpha / 2 : 1;
  let ss = 0;
  let cnt = 0;
  for (let t = 0; t < n; t++) {
    const y = series[t]!;
    if (z === z) {
      fitted[t] = (factor * z) / p;
      ss += (y - fitted[t]!) ** 2;
      cnt++;
    }
    if (y > 0) {
      z += alpha * (y - z);
      p += alpha * (q - p);
      q = 1;
    } else q++;
  }
  const f = z === z ? (factor * z) / p : 0;
  const sigma = cnt > 0 ? Math.sqrt(ss / cnt) : 0;
  const zq = zOf(level);
  const forecast: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    // Simple-exponential-smoothing variance growth, floored at zero demand.
    const sd = sigma * Math.sqrt(1 + (h - 1) * alpha * alpha);
    forecast.push(f);
    lower.push(Math.max(0, f - zq * sd));
    upper.push(f + zq * sd);
  }
  return { forecast, lower, upper, fitted, size: z === z ? z : 0, interval: p === p ? p : 0 };
}

/** Mean absolute scaled error: MAE of the forecast ÷ in-sample MAE of the seasonal naive (NaN when that is 0). */
export function mase(
  actual: number[],
  forecast: number[],
  train: number[],
  period: number,
): number {
  const m = train.length > period && period >= 1 ? period : 1;
  let scale = 0;
  for (let t = m; t < train.length; t++) scale += Math.abs(train[t]! - train[t - m]!);
  scale /= Math.max(1, train.length - m);
  let mae = 0;
  const h = Math.min(actual.length, forecast.length);
  for (let i = 0; i < h; i++) mae += Math.abs(actual[i]! - forecast[i]!);
  mae /= Math.max(1, h);
  return scale > 0 ? mae / scale : NaN;
}

export type ForecastModel = 'seasonal-naive' | 'holt-winters' | 'croston';

export interface BacktestRow {
  model: ForecastModel;
  /** Mean MASE over the backtest folds (NaN when it could not be scored). */
  mase: number;
  folds: number;
}

export interface SeriesForecast extends Forecast {
  model: ForecastModel;
  period: number;
  horizon: number;
  /** Rolling-origin backtest per candidate; seasonal naive is the baseline. */
  backtest: BacktestRow[];
  /** True when the chosen model beat seasonal naive in the backtest. */
  beatsBaseline: boolean;
}

function runModel(model: ForecastModel, y: number[], period: number, horizon: number): Forecast {
  if (model === 'holt-winters') return holtWinters(y, period, horizon);
  if (model === 'croston') return croston(y, horizon);
  return seasonalNaive(y, period, horizon);
}

/** Forecasts a series with the model that won a rolling-origin backtest (MASE), returning that backtest. */
export function forecastSeries(
  series: number[],
  opts: { period: number; horizon: number; folds?: number },
): SeriesForecast {
  const { period, horizon } = opts;
  const n = series.length;
  let zeros = 0;
  for (const v of series) if (v === 0) zeros++;
  const models: ForecastModel[] = ['seasonal-naive', 'holt-winters'];
  // Croston only makes sense when demand is intermittent (Syntetos–Boylan: many zero periods).
  if (n > 0 && zeros / n >= 0.3) models.push('croston');
  const minTrain = Math.max(2 * period, 8);
  const folds =
    horizon > 0 ? Math.max(0, Math.min(opts.folds ?? 3, Math.floor((n - minTrain) / horizon))) : 0;
  const backtest: BacktestRow[] = models.map((model) => {
    let total = 0;
    let scored = 0;
    for (let f = 0; f < folds; f++) {
      const origin = n - horizon * (folds - f);
      const train = series.slice(0, origin);
      const test = series.slice(origin, origin + horizon);
      const score = mase(test, runModel(model, train, period, horizon).forecast, train, period);
      if (score === score) {
        total += score;
        scored++;
      }
    }
    return { model, mase: scored > 0 ? total / scored : NaN, folds: scored };
  });
  const baseline = backtest[0]!;
  let chosen = baseline;
  for (const row of backtest)
    if (row.mase === row.mase && (chosen.mase !== chosen.mase || row.mase < chosen.mase))
      chosen = row;
  // With no usable backtest, fall back to Holt-Winters only when there are two seasons to learn from.
  const model: ForecastModel =
    folds === 0 ? (n >= 2 * period ? 'holt-winters' : 'seasonal-naive') : chosen.model;
  const fit = runModel(model, series, period, horizon);
  return {
    model,
    period,
    horizon,
    forecast: fit.forecast,
    lower: fit.lower,
    upper: fit.upper,
    fitted: fit.fitted,
    backtest,
    beatsBaseline: model !== 'seasonal-naive' && chosen.mase < baseline.mase,
  };
}
