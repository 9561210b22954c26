/**
 * BG/NBD and Gamma-Gamma against their published reference: the CDNOW customer summary (2,357
 * customers of the 1/10 CDNOW sample, weeks; tests/fixtures/real/cdnow, from the `lifetimes`
 * library, MIT). Published parameters: Fader, Hardie & Lee (2005), "Counting Your Customers the
 * Easy Way", Marketing Science 24(2) 275–284: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL =
 * −9582.4; Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4); Hardie's note 025):
 * p = 6.25, q = 3.74, γ = 15.44. Conditional expectations and spends: Hardie's spreadsheets as
 * quoted in lifetimes' tests/test_estimation.py. scipy's independent fit: check.py beside the data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bgNbdAlive,
  bgNbdConditional,
  bgNbdExpected,
  bgNbdLogLikelihood,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaSpend,
} from '../../../core/analytics/index.ts';

const text = readFileSync(
  new URL(
    '../../fixtures/real/cdnow/cdnow_customers_summary_with_transactions.csv',
    import.meta.url,
  ),
  'utf8',
);
const rows = text
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',').map(Number));
const frequency = Float64Array.from(rows, (r) => r[1]!);
const recency = Float64Array.from(rows, (r) => r[2]!);
const T = Float64Array.from(rows, (r) => r[3]!);
const meanSpend = Float64Array.from(rows, (r) => r[4]!);
const data = { frequency, recency, T };
const PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005)', () => {
  it('reads the whole summary', () => {
    // check.py: 2357 customers, 946 with a repeat purchase, 2457 repeat purchases.
    expect(rows.length).toBe(2357);
    expect(frequency.filter((x) => x > 0).length).toBe(946);
    expect(frequency.reduce((s, x) => s + x, 0)).toBe(2457);
  });

  it('has the paper log-likelihood −9582.4 at the published parameters', () => {
    expect(bgNbdLogLikelihood(PAPER, data) * rows.length).toBeCloseTo(-9582.43, 1);
  });

  const fit = fitBgNbd(data)!;
  it('fits the published parameters by maximum likelihood (to ±0.005, the paper’s 3 decimals)', () => {
    expect(Math.abs(fit.r - 0.243)).toBeLessThan(0.005);
    expect(Math.abs(fit.alpha - 4.414)).toBeLessThan(0.005);
    expect(Math.abs(fit.a - 0.793)).toBeLessThan(0.005);
    expect(Math.abs(fit.b - 2.426)).toBeLessThan(0.005);
    // No worse than the paper's own optimum.
    expect(bgNbdLogLikelihood(fit, data) * rows.length).toBeGreaterThan(-9582.44);
  });

  it('gives Hardie’s conditional expectation 1.226 for x = 2, t_x = 30.43, T = 38.86, t = 39 (±0.001)', () => {
    expect(Math.abs(bgNbdConditional(fit, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
  });

  it('gives the paper’s 1.226 at the published parameters themselves (eq. 10, Fader, Hardie & Lee 2005)', () => {
    expect(Math.abs(bgNbdConditional(PAPER, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
  });

  it('gives Hardie’s unconditional expectations E[X(t)] (±0.001)', () => {
    const times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, k) =>
      expect(Math.abs(bgNbdExpected(fit, t) - expected[k]!)).toBeLessThan(0.001),
    );
  });

  it('predicts 1653 repeat purchases of the whole panel in the next 39 weeks (scipy: 1653.42)', () => {
    let sum = 0;
    for (let i = 0; i < rows.length; i++)
      sum += bgNbdConditional(fit, 39, frequency[i]!, recency[i]!, T[i]!);
    expect(sum).toBeCloseTo(1653.4, 0);
  });

  it('calls a customer with no repeat purchase alive, and one long silent less likely alive', () => {
    expect(bgNbdAlive(fit, 0, 0, 38.86)).toBe(1);
    expect(bgNbdAlive(fit, 5, 2, 38.86)).toBeLessThan(bgNbdAlive(fit, 5, 38, 38.86));
  });
});

describe('Gamma-Gamma on CDNOW (note 025)', () => {
  it('has log-likelihood −4055.92 at the published parameters (scipy, check.py)', () => {
    const n = frequency.filter((x) => x > 0).length;
    expect(gammaGammaLogLikelihood(GG, frequency, meanSpend) * n).toBeCloseTo(-4055.92, 1);
  });

  it('fits p ≈ 6.25, q ≈ 3.74, γ ≈ 15.44 (±0.01, the published 2 decimals)', () => {
    const g = fitGammaGamma(frequency, meanSpend)!;
    expect(Math.abs(g.p - 6.25)).toBeLessThan(0.01);
    expect(Math.abs(g.q - 3.74)).toBeLessThan(0.01);
    expect(Math.abs(g.gamma - 15.44)).toBeLessThan(0.01);
  });

  it('gives Hardie’s expected spends of the first ten customers (±0.1)', () => {
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    expected.forEach((v, i) =>
      expect(Math.abs(gammaGammaSpend(GG, frequency[i]!, meanSpend[i]!) - v)).toBeLessThan(0.1),
    );
  });
});
