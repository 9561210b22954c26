// Reference values: scipy 1.17 (stats.norm.ppf, stats.chisquare, stats.ttest_ind_from_stats,
// integrate.quad over Beta densities) computed independently of this code, and the textbook
// formulas restated next to each case.
import { describe, expect, it } from 'vitest';
import {
  bayesChanceToBeat,
  chiSquareSf,
  experimentVerdict,
  incompleteBeta,
  lgamma,
  normalCdf,
  normalQuantile,
  sampleSizePerVariant,
  srmCheck,
  tCdf,
  testDurationDays,
  tQuantile,
  twoProportionTest,
  welchTTest,
} from '../../../core/analytics/index.ts';

describe('distributions', () => {
  it('normalQuantile matches published z values to 1e-12', () => {
    // Standard normal table: 97.5% → 1.959964, 95% → 1.644854 (REFERENCE.md: 95% service level → 1.645).
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.999999)).toBeCloseTo(4.753424308817087, 9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
  });

  it('t, chi-square, gamma and beta functions match scipy', () => {
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 9);
    expect(tCdf(2, 3.5)).toBeCloseTo(0.9369307387120432, 12);
    expect(chiSquareSf(3.84, 1)).toBeCloseTo(0.05004352124870519, 12);
    expect(chiSquareSf(20, 7)).toBeCloseTo(0.005569683072945574, 12);
    expect(lgamma(0.3)).toBeCloseTo(1.0957979948180752, 12);
    expect(lgamma(100.5)).toBeCloseTo(361.4355404677776, 9);
    expect(incompleteBeta(0.3, 2.5, 7)).toBeCloseTo(0.6412224629717214, 12);
  });
});

describe('twoProportionTest', () => {
  it('gives the pooled z, p and lift intervals', () => {
    // 100/1000 vs 130/1000: pooled p = 0.115, SE = √(0.115·0.885·2/1000) = 0.014267, z = 2.1027.
    const r = twoProportionTest(
      { visitors: 1000, conversions: 100 },
      { visitors: 1000, conversions: 130 },
    );
    expect(r.z).toBeCloseTo(2.102740605622114, 10);
    expect(r.pValue).toBeCloseTo(0.03548845046647471, 10);
    expect(r.significant).toBe(true);
    // Unpooled SE = √(0.1·0.9/1000 + 0.13·0.87/1000) = 0.0142794; ±1.96 → 0.00201 to 0.05799.
    expect(r.absoluteLift.estimate).toBeCloseTo(0.03, 12);
    expect(r.absoluteLift.lower).toBeCloseTo(
      0.03 - 1.959963984540054 * Math.sqrt(0.09 / 1000 + 0.1131 / 1000),
      12,
    );
    expect(r.relativeLift!.estimate).toBeCloseTo(0.3, 12);
    expect(r.relativeLift!.lower).toBeGreaterThan(0);
    expect(r.relativeLift!.upper).toBeGreaterThan(0.3);
    // Wilson 95% interval of 100/1000 (Newcombe 1998 method 3): (p + z²/2n ± z√(pq/n + z²/4n²)) / (1 + z²/n).
    expect(r.intervalA.lower).toBeCloseTo(0.08290944359309571, 12);
    expect(r.intervalA.upper).toBeCloseTo(0.1201519631953484, 12);
  });

  it('is not significant for equal rates and has no relative lift without control conversions', () => {
    const same = twoProportionTest(
      { visitors: 500, conversions: 25 },
      { visitors: 500, conversions: 25 },
    );
    expect(same.pValue).toBe(1);
    expect(same.significant).toBe(false);
    expect(
      twoProportionTest({ visitors: 100, conversions: 0 }, { visitors: 100, conversions: 3 })
        .relativeLift,
    ).toBeNull();
  });
});

describe('bayesChanceToBeat', () => {
  it('matches numeric integration of Beta(1,1) posteriors, deterministically', () => {
    const r = bayesChanceToBeat(
      { visitors: 1000, conversions: 100 },
      { visitors: 1000, conversions: 130 },
    );
    expect(r.chanceToBeat).toBeCloseTo(0.9821650661153514, 9);
    expect(r.expectedLoss).toBeCloseTo(9.237449150470723e-5, 9);
    const small = bayesChanceToBeat(
      { visitors: 20, conversions: 3 },
      { visitors: 20, conversions: 5 },
    );
    expect(small.chanceToBeat).toBeCloseTo(0.7731352365488706, 10);
    expect(small.expectedLoss).toBeCloseTo(0.016332918204727615, 8);
  });

  it('gives exactly one half for identical data', () => {
    const r = bayesChanceToBeat(
      { visitors: 400, conversions: 37 },
      { visitors: 400, conversions: 37 },
    );
    expect(r.chanceToBeat).toBeCloseTo(0.5, 12);
    expect(r.expectedLoss).toBeCloseTo(r.expectedLossControl, 12);
  });
});

describe('welchTTest', () => {
  it('matches scipy ttest_ind_from_stats(equal_var=False) from sums and sums of squares', () => {
    // A: n 1000, mean 50, sd 80 → sum 50000, Σx² = 80²·999 + 50000²/1000 = 8 893 600.
    // B: n 1200, mean 55, sd 95 → sum 66000, Σx² = 14 450 975. scipy: t(A−B) = −1.3401, p = 0.18035.
    const r = welchTTest(
      { n: 1000, sum: 50000, sumSquares: 8893600 },
      { n: 1200, sum: 66000, sumSquares: 14450975 },
    );
    expect(r.t).toBeCloseTo(1.3401005559843842, 10);
    expect(r.pValue).toBeCloseTo(0.18035118287312493, 10);
    expect(r.difference.estimate).toBeCloseTo(5, 10);
    expect(r.difference.lower).toBeLessThan(0);
    expect(r.relativeLift).toBeCloseTo(0.1, 12);
  });
});

describe('srmCheck', () => {
  it('flags a mismatch only below p = 0.001', () => {
    const ok = srmCheck([50000, 49000], [1, 1]);
    expect(ok.chiSquare).toBeCloseTo(10.1010101010101, 10);
    expect(ok.pValue).toBeCloseTo(0.0014818807747203882, 12);
    expect(ok.mismatch).toBe(false);
    const bad = srmCheck([50000, 48500], [50, 50]);
    expect(bad.chiSquare).toBeCloseTo(22.84263959390863, 10);
    expect(bad.pValue).toBeCloseTo(1.758213586906355e-6, 15);
    expect(bad.mismatch).toBe(true);
    expect(srmCheck([3300, 3350, 3500], [1, 1, 1]).pValue).toBeCloseTo(0.04068196344527745, 10);
    expect(() => srmCheck([1, 2], [1])).toThrow(/one planned weight per variant/);
  });
});

describe('sample size and duration', () => {
  it('uses the two-proportion formula n = (z₁₋α/₂√(2p̄q̄) + z₁₋β√(p₁q₁+p₂q₂))² / (p₂−p₁)²', () => {
    // 10% → 12% (20% relative), α 0.05, power 0.8: 3840.85 → 3841 per variant.
    expect(sampleSizePerVariant(0.1, 0.2)).toBe(3841);
    expect(sampleSizePerVariant(0.1, 0.02, 0.05, 0.8, false)).toBe(3841);
    expect(sampleSizePerVariant(0.05, 0.1)).toBe(31234);
    expect(testDurationDays(3841, 2, 500)).toBe(16);
    expect(() => sampleSizePerVariant(0.5, 1.5)).toThrow(/between 0 and 1/);
  });
});

describe('experimentVerdict', () => {
  const base = { id: 'e1', name: 'Free shipping banner', startDate: '2024-03-01' };
  it('names a winner when the planned sample is reached and the lift is significant', () => {
    const v = experimentVerdict({
      ...base,
      endDate: '2024-03-20',
      plannedVisitorsPerVariant: 4000,
      variants: [
        { name: 'Control', visitors: 4000, conversions: 400 },
        { name: 'Banner', visitors: 4010, conversions: 500 },
      ],
    });
    expect(v.verdict).toBe('winner');
    expect(v.headline).toMatch(/^Banner wins: conversion 24\.7% higher than Control/);
  });

  it('says a test stopped before its planned sample is not confirmed', () => {
    const v = experimentVerdict({
      ...base,
      endDate: '2024-03-05',
      plannedVisitorsPerVariant: 10000,
      variants: [
        { name: 'Control', visitors: 2000, conversions: 200 },
        { name: 'Banner', visitors: 2000, conversions: 260 },
      ],
    });
    expect(v.verdict).toBe('stopped-early');
    expect(v.headline).toMatch(
      /2,000 of 10,000 planned visitors per variant \(20%\).*not confirmed/,
    );
  });

  it('flags sample ratio mismatch before anything else', () => {
    const v = experimentVerdict({
      ...base,
      variants: [
        { name: 'Control', visitors: 50000, conversions: 2500 },
        { name: 'B', visitors: 48500, conversions: 2600 },
      ],
    });
    expect(v.verdict).toBe('srm');
    expect(v.headline).toMatch(/Sample ratio mismatch/);
  });

  it('calls a small inconclusive test under-powered, and a large one no difference', () => {
    const small = experimentVerdict({
      ...base,
      variants: [
        { name: 'Control', visitors: 1000, conversions: 50 },
        { name: 'B', visitors: 1000, conversions: 55 },
      ],
    });
    expect(small.verdict).toBe('under-powered');
    expect(small.requiredPerVariant).toBe(31234);
    const big = experimentVerdict({
      ...base,
      variants: [
        { name: 'Control', visitors: 40000, conversions: 2000 },
        { name: 'B', visitors: 40000, conversions: 2010 },
      ],
    });
    expect(big.verdict).toBe('no-difference');
  });
});

describe('bayesChanceToBeat on large tests', () => {
  it('agrees with the normal approximation of the Beta posteriors at a million visitors', () => {
    const a = { visitors: 1_000_000, conversions: 50_000 };
    const b = { visitors: 1_000_000, conversions: 50_300 };
    const r = bayesChanceToBeat(a, b);
    // Posterior means and variances of Beta(1 + c, 1 + n − c); difference ≈ normal.
    const post = (x: { visitors: number; conversions: number }) => {
      const al = 1 + x.conversions;
      const be = 1 + x.visitors - x.conversions;
      return { m: al / (al + be), v: (al * be) / ((al + be) ** 2 * (al + be + 1)) };
    };
    const pa = post(a);
    const pb = post(b);
    expect(r.chanceToBeat).toBeCloseTo(normalCdf((pb.m - pa.m) / Math.sqrt(pa.v + pb.v)), 3);
    expect(r.expectedLoss).toBeGreaterThan(0);
    expect(r.expectedLoss).toBeLessThan(r.expectedLossControl);
  });
});
