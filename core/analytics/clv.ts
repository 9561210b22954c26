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

/** Mean log-likelihood of BG/NBD per customer (eq. 6 of the paper, in logs). */
export function bgNbdLogLikelihood(params: BgNbdParams, data: RfmSummary): number {
  const { r, alpha, a, b } = params;
  const n = data.frequency.length;
  const base = r * Math.log(alpha) - lgamma(r) + lgamma(a + b) - lgamma(b);
  // lgamma(r + x), lgamma(b + x), lgamma(a + b + x) depend only on x: memoise per x.
  const memo = new Map<number, number>();
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i]!;
    const tx = data.recency[i]!;
    const T = data.T[i]!;
    let g = memo.get(x);
    if (g === undefined) {
      g = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
      memo.set(x, g);
    }
    const a3 = -(r + x) * Math.log(alpha + T);
    let mix = a3;
    if (x > 0) {
      const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
      const m = Math.max(a3, a4);
      mix = m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    }
    ll += base + g + mix;
  }
  return n > 0 ? ll / n : 0;
}

/** Fits BG/NBD by maximum likelihood; null with too few customers or no repeat purchase. */
export function fitBgNbd(data: RfmSummary): BgNbdParams | null {
  const n = data.frequency.length;
  let repeaters = 0;
  for (let i = 0; i < n; i++) if (data.frequency[i]! > 0) repeaters++;
  if (n < 20 || repeaters < 5) return null;
  const of = (u: number[]): BgNbdParams => ({
    r: Math.exp(u[0]!),
    alpha: Math.exp(u[1]!),
    a: Math.exp(u[2]!),
    b: Math.exp(u[3]!),
  });
  const nll = (u: number[]) => {
    if (u.some((v) => Math.abs(v) > 20)) return Infinity;
    const v = -bgNbdLogLikelihood(of(u), data);
    return v === v ? v : Infinity;
  };
  // Mean T as α's scale: the fit is then unit-free (days or weeks).
  let meanT = 0;
  for (let i = 0; i < n; i++) meanT += data.T[i]! / n;
  let u = [0, Math.log(Math.max(meanT, 1e-6) / 10), 0, 0];
  for (let round = 0; round < 4; round++) u = nelderMead(nll, u, round === 0 ? 1 : 0.1, 1500);
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

/** Mean log-likelihood of Gamma-Gamma over customers with x ≥ 1 and mean spend m > 0 (note 025, eq. 1a). */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  frequency: ArrayLike<number>,
  meanSpend: ArrayLike<number>,
): number {
  const { p, q, gamma: v } = params;
  let ll = 0;
  let n = 0;
  const base = -lgamma(q) + q * Math.log(v);
  // The gamma terms depend only on x (few distinct values): once per x, not per customer.
  const memo = new Map<number, number>();
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    const m = meanSpend[i]!;
    if (!(x > 0 && m > 0)) continue;
    n++;
    let g = memo.get(x);
    if (g === undefined) {
      g = lgamma(p * x + q) - lgamma(p * x) + p * x * Math.log(x);
      memo.set(x, g);
    }
    ll += base + g + (p * x - 1) * Math.log(m) - (p * x + q) * Math.log(x * m + v);
  }
  return n > 0 ? ll / n : 0;
}

/** Fits Gamma-Gamma on repeat customers (x ≥ 1, mean spend > 0); null with fewer than 5. */
export function fitGammaGamma(
  frequency: ArrayLike<number>,
  meanSpend: ArrayLike<number>,
): GammaGammaParams | null {
  let n = 0;
  let mean = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i]! > 0 && meanSpend[i]! > 0) {
      n++;
      mean += meanSpend[i]!;
    }
  }
  if (n < 5) return null;
  mean /= n;
  const of = (u: number[]): GammaGammaParams => ({
    p: Math.exp(u[0]!),
    q: Math.exp(u[1]!),
    gamma: Math.exp(u[2]!),
  });
  const nll = (u: number[]) => {
    if (u.some((v) => Math.abs(v) > 25)) return Infinity;
    const v = -gammaGammaLogLikelihood(of(u), frequency, meanSpend);
    return v === v ? v : Infinity;
  };
  // Start at p = q = 2 with γ so that the population mean pγ/(q−1) is the sample mean.
  let u = [Math.log(2), Math.log(2), Math.log(mean / 2)];
  for (let round = 0; round < 4; round++) u = nelderMead(nll, u, round === 0 ? 1 : 0.1, 1500);
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
