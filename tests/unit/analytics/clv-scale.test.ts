/**
 * BG/NBD and Gamma-Gamma on every customer of a real-sized store, not a sample: the fit runs on
 * the distinct (x, t_x, T) histories with their counts (clv.ts groupRfm), which gives the same
 * likelihood as one term per customer.
 *  - UCI Online Retail, all 4,339 customers with an order (tests/fixtures/real/uci/uci-rfm.csv,
 *    counted from the whole file by rfm.py beside it, which also fits BG/NBD with scipy: r = 0.8264,
 *    α = 9.8415, a = 0.0034, b = 6.7494, LL = −37647.759; a at the boundary, so a and b are not
 *    identified and only r, α and the likelihood are compared).
 *  - 50,000 customers simulated from the CDNOW parameters (r = 0.243, α = 4.414, a = 0.793,
 *    b = 2.426; p = 6.25, q = 3.74, γ = 15.44) on a daily grid over 78 weeks, the way lifetimes'
 *    generator draws them: the fit recovers the parameters it was drawn from.
 *  - 40,000 customers with one drop-out chance for all (0.3): the ridge a, b → ∞ the demo store
 *    has, where the search used to take minutes.
 * Fit times are logged (no timed assertion): `[clv-scale]` lines in the test output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bgNbdGroupedLogLikelihood,
  fitBgNbd,
  fitGammaGamma,
  groupRfm,
  type BgNbdParams,
} from '../../../core/analytics/index.ts';
import { lgamma } from '../../../core/analytics/stats.ts';
import { prng } from './synthetic.ts';

const log = (msg: string) => console.log(`[clv-scale] ${msg}`);

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

/** Eq. 6 of Fader, Hardie & Lee (2005), one term per customer, straight from the paper. */
function perCustomerLogLikelihood(
  { r, alpha, a, b }: BgNbdParams,
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
): number {
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const A1 = lgamma(r + xi) - lgamma(r) + r * Math.log(alpha);
    const A2 = lgamma(a + b) + lgamma(b + xi) - lgamma(b) - lgamma(a + b + xi);
    const A3 = (1 / (alpha + T[i]!)) ** (r + xi);
    const A4 = xi > 0 ? (a / (b + xi - 1)) * (1 / (alpha + tx[i]!)) ** (r + xi) : 0;
    ll += A1 + A2 + Math.log(A3 + A4);
  }
  return ll;
}

describe('BG/NBD on all UCI Online Retail customers', () => {
  const lines = readFileSync(
    new URL('../../fixtures/real/uci/uci-rfm.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (const [xi, txd, Td, n] of lines)
    for (let k = 0; k < n!; k++) {
      x.push(xi!);
      tx.push(txd! / 7);
      T.push(Td! / 7);
    }
  const data = { frequency: x, recency: tx, T };

  it('groups 4,339 customers into their 3,046 distinct histories (rfm.py)', () => {
    const g = groupRfm(data);
    expect(g.customers).toBe(4339);
    expect(g.count.length).toBe(3046);
    expect(g.count.reduce((s, n) => s + n, 0)).toBe(4339);
  });

  it('fits what scipy fits: r ≈ 0.8264, α ≈ 9.8415 (±0.5%), log-likelihood no worse than −37647.76', () => {
    const [fit, ms] = timed(() => fitBgNbd(data)!);
    log(`UCI 4,339 customers: BG/NBD fit ${ms.toFixed(0)} ms`);
    expect(Math.abs(fit.r / 0.8264 - 1)).toBeLessThan(0.005);
    expect(Math.abs(fit.alpha / 9.8415 - 1)).toBeLessThan(0.005);
    const ll = perCustomerLogLikelihood(fit, x, tx, T);
    expect(ll).toBeGreaterThan(-37647.77);
    expect(ll).toBeLessThan(-37647.0);
  });
});

/** Gamma(shape k, rate 1) by Marsaglia & Tsang (with the k < 1 boost). */
function gamma(rnd: () => number, k: number): number {
  if (k < 1) return gamma(rnd, k + 1) * rnd() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      // Box–Muller normal.
      z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
      v = 1 + c * z;
    } while (v <= 0);
    v = v ** 3;
    const u = rnd();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

describe('BG/NBD and Gamma-Gamma on 50,000 simulated customers', () => {
  const rnd = prng(19);
  const N = 50_000;
  const END = 546; // 78 weeks of days
  const P = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const frequency = new Float64Array(N);
  const recency = new Float64Array(N);
  const T = new Float64Array(N);
  const meanSpend = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    // First order on one of the first 84 days (CDNOW's first quarter), as a whole day.
    const first = Math.floor(rnd() * 84);
    const lambda = gamma(rnd, P.r) / P.alpha; // purchases per week
    const ga = gamma(rnd, P.a);
    const p = ga / (ga + gamma(rnd, P.b)); // drop-out chance after each repeat purchase
    const nu = gamma(rnd, 3.74) / 15.44; // Gamma-Gamma: each customer's spend rate
    let t = first / 7;
    let lastDay = first;
    let x = 0;
    let spend = 0;
    for (;;) {
      t += -Math.log(1 - rnd()) / lambda;
      const day = Math.floor(t * 7);
      if (day > END) break;
      if (day !== lastDay) {
        x++;
        lastDay = day;
        spend += gamma(rnd, 6.25) / nu;
      }
      if (rnd() < p) break;
    }
    frequency[i] = x;
    recency[i] = (lastDay - first) / 7;
    T[i] = (END - first) / 7;
    meanSpend[i] = x > 0 ? spend / x : 0;
  }

  it('has the same likelihood grouped as one term per customer', () => {
    const [g, ms] = timed(() => groupRfm({ frequency, recency, T }));
    log(`50,000 customers: ${g.count.length} distinct histories, grouped in ${ms.toFixed(0)} ms`);
    expect(g.count.length).toBeLessThan(N / 2);
    for (const params of [P, { r: 1.1, alpha: 7, a: 0.2, b: 5 }])
      expect(bgNbdGroupedLogLikelihood(params, g) * N).toBeCloseTo(
        perCustomerLogLikelihood(params, frequency, recency, T),
        6,
      );
  });

  it('recovers the parameters it was drawn from', () => {
    const [fit, ms] = timed(() => fitBgNbd({ frequency, recency, T })!);
    log(
      `50,000 customers: BG/NBD fit ${ms.toFixed(0)} ms → r ${fit.r.toFixed(3)} α ${fit.alpha.toFixed(3)} a ${fit.a.toFixed(3)} b ${fit.b.toFixed(3)}`,
    );
    // CDNOW's standard errors with 2,357 customers (r 0.013, α 0.38, a 0.27, b 1.2) shrink by
    // √(2357/50000) ≈ 0.22: about four of them each way.
    expect(Math.abs(fit.r - P.r)).toBeLessThan(0.015);
    expect(Math.abs(fit.alpha - P.alpha)).toBeLessThan(0.4);
    expect(Math.abs(fit.a - P.a)).toBeLessThan(0.25);
    expect(Math.abs(fit.b - P.b)).toBeLessThan(1.0);
    const [gg, gms] = timed(() => fitGammaGamma(frequency, meanSpend)!);
    log(
      `50,000 customers: Gamma-Gamma fit on ${frequency.filter((v) => v > 0).length} repeat customers ${gms.toFixed(0)} ms → p ${gg.p.toFixed(2)} q ${gg.q.toFixed(2)} γ ${gg.gamma.toFixed(2)}`,
    );
    // The population mean spend pγ/(q − 1) = 6.25 × 15.44 ÷ 2.74 = 35.22 is well identified.
    expect(Math.abs((gg.p * gg.gamma) / (gg.q - 1) - 35.22)).toBeLessThan(1.0);
    expect(Math.abs(gg.p - 6.25)).toBeLessThan(0.5);
  });
});

describe('BG/NBD when every customer drops out alike (a, b → ∞)', () => {
  // 40,000 customers whose drop-out chance after each repeat purchase is 0.3 for all: the
  // likelihood keeps rising as a and b grow with a/(a+b) = 0.3, a ridge the search must settle on.
  const rnd = prng(7);
  const N = 40_000;
  const END = 546;
  const frequency = new Float64Array(N);
  const recency = new Float64Array(N);
  const T = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const first = Math.floor(rnd() * 365);
    const lambda = gamma(rnd, 0.5) / 5;
    let t = first / 7;
    let lastDay = first;
    let x = 0;
    for (;;) {
      t += -Math.log(1 - rnd()) / lambda;
      const day = Math.floor(t * 7);
      if (day > END) break;
      if (day !== lastDay) {
        x++;
        lastDay = day;
      }
      if (rnd() < 0.3) break;
    }
    frequency[i] = x;
    recency[i] = (lastDay - first) / 7;
    T[i] = (END - first) / 7;
  }

  it('finds the common drop-out chance 0.3 and the purchase rates r = 0.5, α = 5', () => {
    const [fit, ms] = timed(() => fitBgNbd({ frequency, recency, T })!);
    log(
      `40,000 customers, one drop-out chance: BG/NBD fit ${ms.toFixed(0)} ms → r ${fit.r.toFixed(3)} α ${fit.alpha.toFixed(3)} a/(a+b) ${(fit.a / (fit.a + fit.b)).toFixed(3)} a+b ${(fit.a + fit.b).toFixed(0)}`,
    );
    expect(Math.abs(fit.a / (fit.a + fit.b) - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(fit.r - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(fit.alpha - 5)).toBeLessThan(0.75);
    expect(fit.a + fit.b).toBeGreaterThan(100);
  });
});
