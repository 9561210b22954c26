import { describe, expect, it } from 'vitest';
import {
  croston,
  forecastSeries,
  holtWinters,
  mase,
  seasonalNaive,
} from '../../../core/analytics/index.ts';

describe('seasonalNaive', () => {
  it('repeats the last season with intervals widening each full season (FPP3 §5.5)', () => {
    const y = [10, 20, 30, 12, 22, 32];
    const f = seasonalNaive(y, 3, 4);
    expect(f.forecast).toEqual([12, 22, 32, 12]);
    // Residuals y_t − y_{t−3} = 2, 2, 2 → σ = 2; h = 4 is one full season ahead → σ√2.
    expect(f.upper[0]! - f.forecast[0]!).toBeCloseTo(1.959963984540054 * 2, 12);
    expect(f.upper[3]! - f.forecast[3]!).toBeCloseTo(1.959963984540054 * 2 * Math.SQRT2, 12);
  });

  it('falls back to the last value when the series is shorter than a season', () => {
    expect(seasonalNaive([5, 7], 7, 3).forecast).toEqual([7, 7, 7]);
  });
});

describe('holtWinters', () => {
  it('reproduces a hand-computed ETS(A,A,A) recursion with fixed parameters', () => {
    // y = 10,20,12,22,14,24,15,27, m = 2, α = 0.5, β = 0.1, γ = 0.2.
    // Initial level 13.5, trend 1, seasons −4.5/+4.5; fits exactly until t = 6 (e = −1), t = 7 (e = 1.6).
    // SSE = 1 + 2.56 = 3.56; σ² = 3.56 / (8 − 6); h = 1: 21.7 + 1.06 − 4.7 = 18.06.
    const r = holtWinters([10, 20, 12, 22, 14, 24, 15, 27], 2, 3, {
      alpha: 0.5,
      beta: 0.1,
      gamma: 0.2,
    });
    expect(r.fitted.map((v) => +v.toFixed(10))).toEqual([10, 20, 12, 22, 14, 24, 16, 25.4]);
    expect(r.sse).toBeCloseTo(3.56, 10);
    expect(r.level).toBeCloseTo(21.7, 10);
    expect(r.trend).toBeCloseTo(1.06, 10);
    expect(r.forecast.map((v) => +v.toFixed(10))).toEqual([18.06, 28.64, 20.18]);
    // Variance factors 1, 1 + α² + 2αβ + β² = 1.36, and with one season ahead (k = 1) 2.1700…
    expect(r.lower[0]).toBeCloseTo(15.445081894048007, 10);
    expect(r.lower[1]).toBeCloseTo(25.59050766304679, 10);
    expect(r.lower[2]).toBeCloseTo(16.327985093381237, 10);
  });

  it('continues a noiseless trend + season exactly, with zero-width intervals', () => {
    const S = [3, -1, -2, 0];
    const y = Array.from({ length: 24 }, (_, t) => 10 + 0.5 * t + S[t % 4]!);
    const r = holtWinters(y, 4, 6);
    for (let h = 1; h <= 6; h++) {
      const t = 23 + h;
      expect(r.forecast[h - 1]).toBeCloseTo(10 + 0.5 * t + S[t % 4]!, 8);
    }
    expect(r.seasonal).toBe(true);
    expect(r.upper[5]! - r.lower[5]!).toBeCloseTo(0, 6);
  });

  it('fits admissible parameters on a noisy weekly series and widens intervals with the horizon', () => {
    // Deterministic pseudo-noise (no Math.random): a fixed sine mix.
    const y = Array.from(
      { length: 140 },
      (_, t) =>
        200 +
        t +
        [30, -10, -20, -5, 0, 25, -20][t % 7]! +
        8 * Math.sin(t * 1.7) * Math.cos(t * 0.3),
    );
    const r = holtWinters(y, 7, 14);
    expect(r.alpha).toBeGreaterThan(0);
    expect(r.alpha).toBeLessThan(1);
    expect(r.beta).toBeLessThanOrEqual(r.alpha);
    expect(r.gamma).toBeLessThanOrEqual(1 - r.alpha);
    expect(r.upper[13]! - r.lower[13]!).toBeGreaterThan(r.upper[0]! - r.lower[0]!);
    // The next Monday-like point continues trend + season: ≈ 200 + 140 + 30.
    expect(r.forecast[0]).toBeGreaterThan(355);
    expect(r.forecast[0]).toBeLessThan(385);
  });

  it('fits Holt’s linear trend when the series is shorter than two seasons', () => {
    const r = holtWinters([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 7, 2);
    expect(r.seasonal).toBe(false);
    expect(r.forecast[0]).toBeCloseTo(11, 6);
    expect(r.forecast[1]).toBeCloseTo(12, 6);
  });
});

describe('croston', () => {
  it('smooths demand size and interval separately (Croston 1972)', () => {
    // Demands 4 at t=1 (interval 2), 6 at t=4 (interval 3), α = 0.5. Start: mean size 5, mean
    // interval (4 + 1)/2 = 2.5. Then z = 4.5, p = 2.25; z = 5.25, p = 2.625 → forecast 2.
    const r = croston([0, 4, 0, 0, 6, 0], 3, 0.5);
    expect(r.size).toBeCloseTo(5.25, 12);
    expect(r.interval).toBeCloseTo(2.625, 12);
    expect(r.forecast).toEqual([2, 2, 2]);
    expect(r.lower.every((v) => v >= 0)).toBe(true);
    expect(croston([0, 4, 0, 0, 6, 0], 1, 0.5, true).forecast[0]).toBeCloseTo(2 * 0.75, 12);
    expect(croston([0, 0, 0], 2).forecast).toEqual([0, 0]);
  });
});

describe('mase and forecastSeries', () => {
  it('scales MAE by the in-sample seasonal naive MAE (Hyndman & Koehler 2006)', () => {
    // Train 1,3,2,4,3,5 with m = 2: |2−1|,|4−3|,|3−2|,|5−4| → scale 1. Forecast errors 1 and 3 → MAE 2.
    expect(mase([6, 8], [5, 5], [1, 3, 2, 4, 3, 5], 2)).toBe(2);
    expect(mase([1], [1], [5, 5, 5], 1)).toBeNaN();
  });

  it('picks Holt-Winters on a trending seasonal series and reports that it beat the baseline', () => {
    const y = Array.from(
      { length: 84 },
      (_, t) => 100 + 2 * t + [20, -5, -10, -5, 0, 15, -15][t % 7]! + 3 * Math.sin(t * 2.1),
    );
    const r = forecastSeries(y, { period: 7, horizon: 7 });
    expect(r.model).toBe('holt-winters');
    expect(r.beatsBaseline).toBe(true);
    const base = r.backtest.find((b) => b.model === 'seasonal-naive')!;
    const hw = r.backtest.find((b) => b.model === 'holt-winters')!;
    expect(hw.mase).toBeLessThan(base.mase);
    expect(base.folds).toBe(3);
    expect(r.forecast).toHaveLength(7);
  });

  it('keeps the seasonal naive baseline when it wins, and offers Croston for intermittent demand', () => {
    // A pure repeating pattern: seasonal naive is perfect.
    const y = Array.from({ length: 70 }, (_, t) => [0, 0, 5, 0, 0, 9, 0][t % 7]!);
    const r = forecastSeries(y, { period: 7, horizon: 7 });
    expect(r.backtest.map((b) => b.model)).toEqual(['seasonal-naive', 'holt-winters', 'croston']);
    expect(r.model).toBe('seasonal-naive');
    expect(r.beatsBaseline).toBe(false);
    expect(r.forecast).toEqual([0, 0, 5, 0, 0, 9, 0]);
  });

  it('still forecasts a series shorter than a season, without a backtest', () => {
    const r = forecastSeries([3, 4, 5], { period: 7, horizon: 2 });
    expect(r.model).toBe('seasonal-naive');
    expect(r.backtest.every((b) => b.folds === 0)).toBe(true);
    expect(r.forecast).toEqual([5, 5]);
  });
});

describe('degenerate inputs', () => {
  it('returns empty forecasts for a zero horizon and flat ones for an empty series', () => {
    expect(
      forecastSeries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], {
        period: 7,
        horizon: 0,
      }).forecast,
    ).toEqual([]);
    expect(holtWinters([], 7, 2).forecast).toEqual([0, 0]);
    expect(seasonalNaive([], 7, 1).forecast).toEqual([0]);
  });
});
