/**
 * Predicted customer value (REFERENCE.md "Profit"): BG/NBD (Fader, Hardie & Lee 2005, "Counting
 * Your Customers the Easy Way", Marketing Science 24(2)) for the number of future purchases and
 * Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV", and Hardie's note 025) for the spend per
 * purchase, both fitted by maximum likelihood with Nelder–Mead on log-parameters. The formulas are
 * the papers' (equations as numbered there); the CDNOW fits in tests/unit/analytics/clv.test.ts are
 * the published reference.
 */
import { nelderMead } from './forecast.ts';
import { lgamma } from './stats.ts';

/** One customer's summary: repeat purchases x, time of the last one t_x, age T (same time unit). */
export interface RfmSummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}
export interface GammaGammaParams {
  p: number;
  q: number;
  /** γ in the paper (lifetimes calls it v). */
  gamma: number;
}

/**
 * Customers with the same history (x, t_x, T) counted once: BG/NBD's likelihood depends on nothing
 * else, so a fit costs per distinct history, not per customer. On daily data t_x and T take at
 * most one value per day of history and every one-time buyer of a day shares one group; the logs
 * of α + T and α + t_x are taken once per distinct T and t_x, not per group.
 */
export interface RfmGroups {
  /** Customers in all groups. */
  customers: number;
  /** Per group: how many customers, and indexes into the distinct x, t_x and T values. */
  count: Float64Array;
  xIdx: Int32Array;
  txIdx: Int32Array;
  TIdx: Int32Array;
  xs: Float64Array;
  txs: Float64Array;
  Ts: Float64Array;
}

/** Groups customers by (x, t_x, T). */
export function groupRfm(data: RfmSummary): RfmGroups {
  const n = data.frequency.length;
  const distinct = (col: ArrayLike<number>) => {
    const index = new Map<number, number>();
    const values: number[] = [];
    const of = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      let k = index.get(v);
      if (k === undefined) {
        index.set(v, (k = values.length));
        values.push(v);
      }
      of[i] = k;
    }
    return { values: Float64Array.from(values), of };
  };
  const x = distinct(data.frequency);
  const tx = distinct(data.recency);
  const T = distinct(data.T);
  const nTx = tx.values.length;
  const nT = T.values.length;
  // (x, t_x, T) as one integer while the product of the distinct counts stays exact (any store's
  // daily data), else as text.
  const exact = x.values.length * nTx * nT < Number.MAX_SAFE_INTEGER;
  const group = new Map<number | string, number>();
  const count: number[] = [];
  const xIdx: number[] = [];
  const txIdx: number[] = [];
  const TIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = exact
      ? (x.of[i]! * nTx + tx.of[i]!) * nT + T.of[i]!
      : `${x.of[i]!},${tx.of[i]!},${T.of[i]!}`;
    const g = group.get(key);
    if (g !== undefined) count[g]!++;
    else {
      group.set(key, count.length);
      count.push(1);
      xIdx.push(x.of[i]!);
      txIdx.push(tx.of[i]!);
      TIdx.push(T.of[i]!);
    }
  }
  return {
    customers: n,
    count: Float64Array.from(count),
    xIdx: Int32Array.from(xIdx),
    txIdx: Int32Array.from(txIdx),
    TIdx: Int32Array.from(TIdx),
    xs: x.values,
    txs: tx.values,
    Ts: T.values,
  };
}

/** Mean log-likelihood of BG/NBD per customer (eq. 6 of the paper, in logs), over grouped histories. */
export function bgNbdGroupedLogLikelihood(params: BgNbdParams, g: RfmGroups): number {
  const { r, alpha, a, b } = params;
  if (g.customers === 0) return 0;
  const base = r * Math.log(alpha) - lgamma(r) + lgamma(a + b) - lgamma(b);
  const la = Math.log(a);
  // Per distinct x: the gamma terms and log(b + x − 1); per distinct T and t_x: log(α + ·).
  const gx = new Float64Array(g.xs.length);
  const lbx = new Float64Array(g.xs.length);
  g.xs.forEach((x, k) => {
    gx[k] = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
    lbx[k] = x > 0 ? Math.log(b + x - 1) : 0;
  });
  const lT = g.Ts.map((T) => Math.log(alpha + T));
  const ltx = g.txs.map((tx) => Math.log(alpha + tx));
  const { count, xIdx, TIdx, txIdx } = g;
  let ll = 0;
  for (let k = 0; k < count.length; k++) {
    const xi = xIdx[k]!;
    const x = g.xs[xi]!;
    const a3 = -(r + x) * lT[TIdx[k]!]!;
    let mix = a3;
    if (x > 0) {
      // log(e^a3 + e^a4) as max + log(1 + e^(min − max)): an absolute error of 1e-16 (log1p's
      // extra digits are for a relative one, and cost a third of the loop).
      const a4 = la - lbx[xi]! - (r + x) * ltx[txIdx[k]!]!;
      mix = a3 > a4 ? a3 + Math.log(1 + Math.exp(a4 - a3)) : a4 + Math.log(1 + Math.exp(a3 - a4));
    }
    ll += count[k]! * (gx[xi]! + mix);
  }
  return base + ll / g.customers;
}

/** Mean log-likelihood of BG/NBD per customer (eq. 6 of the paper, in logs). */
export function bgNbdLogLikelihood(params: BgNbdParams, data: RfmSummary): number {
  return bgNbdGroupedLogLikelihood(params, groupRfm(data));
}

/**
 * Nelder–Mead restarted from its own result with a smaller simplex (a simplex can collapse before
 * the optimum), up to four rounds, stopping when a round no longer improves the likelihood. The
 * relative tolerance 1e-10 is far below what the parameters' digits need (a mean log-likelihood
 * per customer, ~1e-9 of a log-likelihood of 10,000) and above its rounding noise.
 */
function restartedNelderMead(f: (u: number[]) => number, u0: number[]): number[] {
  let u = nelderMead(f, u0, 1, 1500, 1e-10);
  let v = f(u);
  for (let round = 1; round < 4; round++) {
    const next = nelderMead(f, u, 0.1, 1500, 1e-10);
    const w = f(next);
    if (!(w < v)) break;
    const gain = v - w;
    u = next;
    v = w;
    if (gain <= 1e-10 * Math.abs(v)) break;
  }
  return u;
}

/** Above this many distinct histories, BG/NBD's search starts from a sample's optimum. */
const WARM_START = 10_000;
const POLISH = 150;

/** Every k-th customer of the groups (systematic, in group order), about `target` of them, regrouped. */
function sampleGroups(g: RfmGroups, target: number): RfmGroups {
  const k = g.customers / target;
  const count: number[] = [];
  const xIdx: number[] = [];
  const txIdx: number[] = [];
  const TIdx: number[] = [];
  let seen = 0;
  for (let j = 0; j < g.count.length; j++) {
    const take = Math.floor((seen + g.count[j]!) / k) - Math.floor(seen / k);
    seen += g.count[j]!;
    if (take === 0) continue;
    count.push(take);
    xIdx.push(g.xIdx[j]!);
    txIdx.push(g.txIdx[j]!);
    TIdx.push(g.TIdx[j]!);
  }
  return {
    ...g,
    customers: count.reduce((a, b) => a + b, 0),
    count: Float64Array.from(count),
    xIdx: Int32Array.from(xIdx),
    txIdx: Int32Array.from(txIdx),
    TIdx: Int32Array.from(TIdx),
  };
}

/** Fits BG/NBD by maximum likelihood; null with too few customers or no repeat purchase. */
export function fitBgNbd(data: RfmSummary | RfmGroups): BgNbdParams | null {
  const g = 'count' in data ? data : groupRfm(data);
  let repeaters = 0;
  let meanT = 0;
  for (let k = 0; k < g.count.length; k++) {
    if (g.xs[g.xIdx[k]!]! > 0) repeaters += g.count[k]!;
    meanT += (g.count[k]! * g.Ts[g.TIdx[k]!]!) / g.customers;
  }
  if (g.customers < 20 || repeaters < 5) return null;
  // Searched as log r, log α, logit of the mean drop-out chance a/(a+b) and log(a+b): when
  // customers drop out alike, the likelihood rises along a, b → ∞ with a/(a+b) fixed, a ridge
  // that is then one axis, clamped at a + b = e^10 (22,000: a drop-out chance with a standard
  // deviation under 0.4 points, no difference between customers left to fit). Without this, a
  // store of 350,000 such customers took minutes to fit.
  const of = (u: number[]): BgNbdParams => {
    const share = 1 / (1 + Math.exp(-u[2]!));
    // Clamped, not walled: beyond the bound the likelihood is flat, which the simplex settles on
    // at once (a wall of Infinity makes it shrink against it for hundreds of evaluations).
    const size = Math.exp(Math.min(u[3]!, 10));
    return { r: Math.exp(u[0]!), alpha: Math.exp(u[1]!), a: share * size, b: (1 - share) * size };
  };
  const nll = (u: number[]) => {
    if (u.some((v) => Math.abs(v) > 20)) return Infinity;
    const v = -bgNbdGroupedLogLikelihood(of(u), g);
    return v === v ? v : Infinity;
  };
  // Start at a = b = 1; mean T as α's scale: the fit is then unit-free (days or weeks).
  let u = [0, Math.log(Math.max(meanT, 1e-6) / 10), 0, Math.log(2)];
  // A store of many histories: the simplex first finds the optimum of a systematic sample of
  // WARM_START customers, then walks from there on every history, at most POLISH steps (each
  // evaluation is over every history; from the sample's optimum the likelihood of all of them
  // gains under 1e-9 per customer after that).
  const sample = g.count.length > WARM_START ? sampleGroups(g, WARM_START) : null;
  if (sample) {
    const small = (v: number[]) => {
      if (v.some((w) => Math.abs(w) > 20)) return Infinity;
      const w = -bgNbdGroupedLogLikelihood(of(v), sample);
      return w === w ? w : Infinity;
    };
    u = restartedNelderMead(small, u);
    u = nelderMead(nll, u, 0.05, POLISH, 1e-10);
  } else u = restartedNelderMead(nll, u);
  return of(u);
}

/** Gauss hypergeometric 2F1(a, b; c; z) for 0 ≤ z < 1 by its series. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-14 * Math.abs(sum)) break;
  }
  return sum;
}

/** E[X(t)]: expected repeat purchases of a new customer in a period of length t (eq. 9). */
export function bgNbdExpected(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z));
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t of a customer with that history (eq. 10). */
export function bgNbdConditional(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = params;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  // For z near 1 the series of 2F1(r+x, b+x; c; z) converges slowly; Euler's transformation
  // 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) gives the same value. But with a and b in
  // the millions (a fit where every customer drops out alike) the transformed series overflows,
  // while the direct one converges at once: use the direct series unless z is near 1, and the
  // other one whenever the first is not finite.
  const direct = () => Math.log(hyp2f1(r + x, b + x, c, z));
  const euler = () =>
    Math.log(hyp2f1(c - r - x, c - b - x, c, z)) + (c - r - x - b - x) * Math.log(1 - z);
  let lnHyp = z > 0.9 ? euler() : direct();
  if (!Number.isFinite(lnHyp)) lnHyp = z > 0.9 ? direct() : euler();
  const first = (a + b + x - 1) / (a - 1);
  const second = 1 - Math.exp(lnHyp + (r + x) * Math.log((alpha + T) / (alpha + t + T)));
  return (
    (first * second) /
    (1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0))
  );
}

/** P(alive | x, t_x, T) (Fader, Hardie & Lee 2005, note 021). */
export function bgNbdAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

/** Repeat customers (x ≥ 1, mean spend m > 0) as Gamma-Gamma reads them, with log m taken once. */
interface SpendData {
  n: number;
  x: Float64Array;
  m: Float64Array;
  logM: Float64Array;
  /** Index into the distinct x values. */
  xIdx: Int32Array;
  xs: number[];
  mean: number;
}

function spendData(frequency: ArrayLike<number>, meanSpend: ArrayLike<number>): SpendData {
  const keep: number[] = [];
  for (let i = 0; i < frequency.length; i++)
    if (frequency[i]! > 0 && meanSpend[i]! > 0) keep.push(i);
  const n = keep.length;
  const x = Float64Array.from(keep, (i) => frequency[i]!);
  const m = Float64Array.from(keep, (i) => meanSpend[i]!);
  const index = new Map<number, number>();
  const xs: number[] = [];
  const xIdx = Int32Array.from(x, (v) => {
    let k = index.get(v);
    if (k === undefined) {
      index.set(v, (k = xs.length));
      xs.push(v);
    }
    return k;
  });
  let mean = 0;
  for (let i = 0; i < n; i++) mean += m[i]! / n;
  return { n, x, m, logM: m.map(Math.log), xIdx, xs, mean };
}

function spendLogLikelihood(params: GammaGammaParams, d: SpendData): number {
  const { p, q, gamma: v } = params;
  if (d.n === 0) return 0;
  // The gamma terms depend only on x (few distinct values): once per x, not per customer.
  const g = d.xs.map((x) => lgamma(p * x + q) - lgamma(p * x) + p * x * Math.log(x));
  let ll = 0;
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i]!;
    ll += g[d.xIdx[i]!]! + (p * x - 1) * d.logM[i]! - (p * x + q) * Math.log(x * d.m[i]! + v);
  }
  return -lgamma(q) + q * Math.log(v) + ll / d.n;
}

/** Mean log-likelihood of Gamma-Gamma over customers with x ≥ 1 and mean spend m > 0 (note 025, eq. 1a). */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  frequency: ArrayLike<number>,
  meanSpend: ArrayLike<number>,
): number {
  return spendLogLikelihood(params, spendData(frequency, meanSpend));
}

/** Fits Gamma-Gamma on repeat customers (x ≥ 1, mean spend > 0); null with fewer than 5. */
export function fitGammaGamma(
  frequency: ArrayLike<number>,
  meanSpend: ArrayLike<number>,
): GammaGammaParams | null {
  const d = spendData(frequency, meanSpend);
  if (d.n < 5) return null;
  // Searched as log p, log q and log(γ/q): when customers hardly differ in spend rate the
  // likelihood rises along q, γ → ∞ with γ/q fixed, a ridge the simplex then follows along one
  // axis instead of crawling across two (seconds on a store of tens of thousands of customers).
  const of = (u: number[]): GammaGammaParams => ({
    p: Math.exp(u[0]!),
    q: Math.exp(u[1]!),
    gamma: Math.exp(u[1]! + u[2]!),
  });
  // q beyond e^12 (160,000) means no difference between customers (each one's own mean gets no
  // weight, eq. 5): the bound stops the search there, where the log-gamma terms' rounding would
  // otherwise keep the simplex from converging.
  const nll = (u: number[]) => {
    if (Math.abs(u[0]!) > 25 || Math.abs(u[1]!) > 12 || Math.abs(u[2]!) > 25) return Infinity;
    const v = -spendLogLikelihood(of(u), d);
    return v === v ? v : Infinity;
  };
  // Start at p = q = 2 with γ so that the population mean pγ/(q−1) is the sample mean.
  let u = [Math.log(2), Math.log(2), Math.log(d.mean / 4)];
  u = restartedNelderMead(nll, u);
  return of(u);
}

/** E[M | x, m̄]: expected spend per purchase given x purchases of mean m̄ (note 025, eq. 5). */
export function gammaGammaSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  const { p, q, gamma: v } = params;
  const population = (v * p) / (q - 1);
  if (!(x > 0)) return population;
  const w = (p * x) / (p * x + q - 1);
  return (1 - w) * population + w * meanSpend;
}
