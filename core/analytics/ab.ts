/**
 * A/B test evaluation (REFERENCE.md "A/B tests"): two-proportion z-test with lift intervals,
 * Welch t-test on revenue per visitor, Bayesian chance to beat control with expected loss,
 * sample ratio mismatch, sample size and duration, and a plain-language verdict.
 */
import type { ExperimentLike } from './types.ts';
import {
  chiSquareSf,
  incompleteBeta,
  lbeta,
  normalCdf,
  normalQuantile,
  tQuantile,
} from './stats.ts';

/** Visitors and conversions of one arm. */
export interface Arm {
  visitors: number;
  conversions: number;
}

/** A point estimate with a confidence/credible interval. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** Wilson score interval of a conversion rate. */
export function wilsonInterval(conversions: number, visitors: number, alpha = 0.05): Interval {
  if (visitors <= 0) return { estimate: NaN, lower: NaN, upper: NaN };
  const p = conversions / visitors;
  const z = normalQuantile(1 - alpha / 2);
  const z2 = z * z;
  const denom = 1 + z2 / visitors;
  const centre = (p + z2 / (2 * visitors)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / visitors + z2 / (4 * visitors * visitors))) / denom;
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export interface TwoProportionResult {
  rateA: number;
  rateB: number;
  /** Pooled two-proportion z statistic of B − A. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  significant: boolean;
  alpha: number;
  /** B − A in rate points, with the unpooled (Wald) interval. */
  absoluteLift: Interval;
  /** (B − A) ÷ A with a log-ratio (delta method) interval; null when A has no conversions. */
  relativeLift: Interval | null;
  intervalA: Interval;
  intervalB: Interval;
}

/** Two-proportion z-test of B against control A, with absolute and relative lift intervals. */
export function twoProportionTest(a: Arm, b: Arm, alpha = 0.05): TwoProportionResult {
  const pA = a.conversions / a.visitors;
  const pB = b.conversions / b.visitors;
  const pooled = (a.conversions + b.conversions) / (a.visitors + b.visitors);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / a.visitors + 1 / b.visitors));
  const diff = pB - pA;
  const z = sePooled > 0 ? diff / sePooled : 0;
  const pValue = sePooled > 0 ? 2 * normalCdf(-Math.abs(z)) : 1;
  const zc = normalQuantile(1 - alpha / 2);
  const se = Math.sqrt((pA * (1 - pA)) / a.visitors + (pB * (1 - pB)) / b.visitors);
  let relativeLift: Interval | null = null;
  if (a.conversions > 0 && b.conversions > 0) {
    const seLog = Math.sqrt((1 - pA) / a.conversions + (1 - pB) / b.conversions);
    const lr = Math.log(pB / pA);
    relativeLift = {
      estimate: pB / pA - 1,
      lower: Math.exp(lr - zc * seLog) - 1,
      upper: Math.exp(lr + zc * seLog) - 1,
    };
  } else if (a.conversions > 0) {
    relativeLift = { estimate: -1, lower: -1, upper: -1 };
  }
  return {
    rateA: pA,
    rateB: pB,
    z,
    pValue,
    significant: pValue < alpha,
    alpha,
    absoluteLift: { estimate: diff, lower: diff - zc * se, upper: diff + zc * se },
    relativeLift,
    intervalA: wilsonInterval(a.conversions, a.visitors, alpha),
    intervalB: wilsonInterval(b.conversions, b.visitors, alpha),
  };
}

/** P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2), integer a1 or a2 (Evan Miller's closed form). */
export function probBetaGreater(a1: number, b1: number, a2: number, b2: number): number {
  // Sum over the smaller integer shape; P(X > Y) = 1 − P(Y > X) for continuous variables.
  if (a1 > a2 && Number.isInteger(a2)) return 1 - probBetaGreater(a2, b2, a1, b1);
  // Term i = B(a2+i, b1+b2) / ((b1+i)·B(1+i, b1)·B(a2, b2)); consecutive terms differ by the
  // factor (a2+i)(b1+i) / ((a2+b1+b2+i)(i+1)), so one log per term instead of three lgammas.
  let logTerm = lbeta(a2, b2 + b1) - Math.log(b1) - lbeta(1, b1) - lbeta(a2, b2);
  let total = 0;
  for (let i = 0; i < a1; i++) {
    total += Math.exp(logTerm);
    logTerm += Math.log(((a2 + i) * (b1 + i)) / ((a2 + b1 + b2 + i) * (i + 1)));
  }
  return Math.min(1, Math.max(0, total));
}

export interface BayesResult {
  /** P(rate B > rate A) under Beta(1, 1) priors. */
  chanceToBeat: number;
  /** Expected loss (rate points) if B is chosen and A was better: E[max(A − B, 0)]. */
  expectedLoss: number;
  /** Expected loss (rate points) if A is kept and B was better: E[max(B − A, 0)]. */
  expectedLossControl: number;
}

/** Bayesian chance that B beats control A and the expected loss of each choice, exact (no sampling). */
export function bayesChanceToBeat(a: Arm, b: Arm): BayesResult {
  const aA = 1 + a.conversions;
  const bA = 1 + a.visitors - a.conversions;
  const aB = 1 + b.conversions;
  const bB = 1 + b.visitors - b.conversions;
  const mA = aA / (aA + bA);
  const mB = aB / (aB + bB);
  const chanceToBeat = probBetaGreater(aB, bB, aA, bA);
  // E[A·1(A>B)] = mA·P(A' > B) with A' ~ Beta(aA+1, bA); likewise for B (size-biased Beta).
  const lossB = mA * probBetaGreater(aA + 1, bA, aB, bB) - mB * probBetaGreater(aA, bA, aB + 1, bB);
  const lossA = mB * probBetaGreater(aB + 1, bB, aA, bA) - mA * probBetaGreater(aB, bB, aA + 1, bA);
  return {
    chanceToBeat,
    expectedLoss: Math.max(0, lossB),
    expectedLossControl: Math.max(0, lossA),
  };
}

/** Per-visitor metric summary: n visitors, sum and sum of squares of the per-visitor values. */
export interface MeanSummary {
  n: number;
  sum: number;
  sumSquares: number;
}

export interface WelchResult {
  meanA: number;
  meanB: number;
  t: number;
  df: number;
  pValue: number;
  significant: boolean;
  /** meanB − meanA with a Welch interval. */
  difference: Interval;
  /** (meanB − meanA) ÷ meanA; null when meanA is 0. */
  relativeLift: number | null;
}

/** Welch's unequal-variance t-test of B against A from sums (e.g. revenue per visitor). */
export function welchTTest(a: MeanSummary, b: MeanSummary, alpha = 0.05): WelchResult {
  const meanA = a.sum / a.n;
  const meanB = b.sum / b.n;
  const varA = Math.max(0, (a.sumSquares - (a.sum * a.sum) / a.n) / (a.n - 1));
  const varB = Math.max(0, (b.sumSquares - (b.sum * b.sum) / b.n) / (b.n - 1));
  const qa = varA / a.n;
  const qb = varB / b.n;
  const se = Math.sqrt(qa + qb);
  const diff = meanB - meanA;
  const df = (qa + qb) ** 2 / ((qa * qa) / (a.n - 1) + (qb * qb) / (b.n - 1));
  const t = se > 0 ? diff / se : 0;
  const pValue = se > 0 ? incompleteBeta(df / (df + t * t), df / 2, 0.5) : 1;
  const tc = se > 0 ? tQuantile(1 - alpha / 2, df) : 0;
  return {
    meanA,
    meanB,
    t,
    df,
    pValue,
    significant: pValue < alpha,
    difference: { estimate: diff, lower: diff - tc * se, upper: diff + tc * se },
    relativeLift: meanA !== 0 ? diff / meanA : null,
  };
}

export interface SrmResult {
  chiSquare: number;
  df: number;
  pValue: number;
  /** True when p < 0.001: the split is broken and the test should not be trusted. */
  mismatch: boolean;
  expected: number[];
  /** Observed share of visitors per arm. */
  observedShare: number[];
}

/** Sample ratio mismatch: chi-square goodness of fit of visitors against the planned weights. */
export function srmCheck(visitors: number[], weights: number[]): SrmResult {
  if (visitors.length !== weights.length || visitors.length < 2) {
    throw new RangeError(
      `SRM check needs one planned weight per variant (got ${visitors.length} variants, ${weights.length} weights).`,
    );
  }
  const total = visitors.reduce((s, v) => s + v, 0);
  const wsum = weights.reduce((s, w) => s + w, 0);
  const expected = weights.map((w) => (total * w) / wsum);
  let chi = 0;
  for (let i = 0; i < visitors.length; i++) {
    const e = expected[i]!;
    if (e > 0) chi += (visitors[i]! - e) ** 2 / e;
  }
  const df = visitors.length - 1;
  const pValue = total > 0 ? chiSquareSf(chi, df) : 1;
  return {
    chiSquare: chi,
    df,
    pValue,
    mismatch: pValue < 0.001,
    expected,
    observedShare: visitors.map((v) => (total > 0 ? v / total : NaN)),
  };
}

/** Visitors needed per variant to detect the effect (two-sided z-test, Fleiss' formula without continuity correction). */
export function sampleSizePerVariant(
  baselineRate: number,
  minDetectableEffect: number,
  alpha = 0.05,
  power = 0.8,
  relative = true,
): number {
  const p1 = baselineRate;
  const p2 = relative ? p1 * (1 + minDetectableEffect) : p1 + minDetectableEffect;
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1) || p1 === p2) {
    throw new RangeError(
      `Sample size needs rates between 0 and 1 that differ (baseline ${p1}, with effect ${p2}). Check the baseline and effect.`,
    );
  }
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const pbar = (p1 + p2) / 2;
  const num = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((num * num) / ((p2 - p1) * (p2 - p1)));
}

/** Days a test needs to reach its sample, given the daily visitors entering it. */
export function testDurationDays(
  perVariant: number,
  variants: number,
  dailyVisitors: number,
): number {
  if (!(dailyVisitors > 0)) return Infinity;
  return Math.ceil((perVariant * variants) / dailyVisitors);
}

/** The smallest relative lift the current sample can detect at the given α and power. */
export function detectableLift(
  baselineRate: number,
  perVariant: number,
  alpha = 0.05,
  power = 0.8,
): number {
  if (!(baselineRate > 0 && baselineRate < 1) || perVariant <= 0) return Infinity;
  let lo = 1e-6;
  let hi = 1 / baselineRate - 1 - 1e-9;
  if (sampleSizePerVariant(baselineRate, hi, alpha, power) > perVariant) return Infinity;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (sampleSizePerVariant(baselineRate, mid, alpha, power) > perVariant) lo = mid;
    else hi = mid;
  }
  return hi;
}

export type Verdict =
  'srm' | 'stopped-early' | 'keep-running' | 'winner' | 'loser' | 'under-powered' | 'no-difference';

export interface VariantComparison {
  variant: string;
  test: TwoProportionResult;
  bayes: BayesResult;
  /** Present when revenue and its sum of squares are known for both arms. */
  revenue: WelchResult | null;
}

export interface ExperimentVerdict {
  verdict: Verdict;
  /** One plain-language sentence for the manager. */
  headline: string;
  srm: SrmResult;
  comparisons: VariantComparison[];
  plannedPerVariant: number | null;
  /** Visitors per variant needed to detect `minDetectableEffect` at the control's rate. */
  requiredPerVariant: number | null;
  /** Smallest visitors of any variant ÷ planned (or required) per variant. */
  progress: number | null;
}

export interface VerdictOptions {
  alpha?: number;
  power?: number;
  /** Relative lift the test should be able to detect (default 10%). */
  minDetectableEffect?: number;
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

/** A plain-language verdict: SRM, stopped early, keep running, winner, loser, under-powered or no difference. */
export function experimentVerdict(
  exp: ExperimentLike,
  opts: VerdictOptions = {},
): ExperimentVerdict {
  const alpha = opts.alpha ?? 0.05;
  const power = opts.power ?? 0.8;
  const mde = opts.minDetectableEffect ?? 0.1;
  const [control, ...others] = exp.variants;
  if (!control || others.length === 0) {
    throw new RangeError(`Experiment '${exp.name}' needs a control and at least one variant.`);
  }
  // Several variants against one control: Bonferroni keeps the family-wise error at α.
  const a = alpha / others.length;
  const weights =
    exp.plannedSplit && exp.plannedSplit.length === exp.variants.length
      ? exp.plannedSplit
      : exp.variants.map(() => 1);
  const srm = srmCheck(
    exp.variants.map((v) => v.visitors),
    weights,
  );
  const comparisons: VariantComparison[] = others.map((v) => {
    const hasRevenue =
      control.revenue != null &&
      control.revenueSumSquares != null &&
      v.revenue != null &&
      v.revenueSumSquares != null;
    return {
      variant: v.name,
      test: twoProportionTest(control, v, a),
      bayes: bayesChanceToBeat(control, v),
      revenue: hasRevenue
        ? welchTTest(
            { n: control.visitors, sum: control.revenue!, sumSquares: control.revenueSumSquares! },
            { n: v.visitors, sum: v.revenue!, sumSquares: v.revenueSumSquares! },
            a,
          )
        : null,
    };
  });
  const baseRate = control.visitors > 0 ? control.conversions / control.visitors : 0;
  let requiredPerVariant: number | null = null;
  try {
    requiredPerVariant = sampleSizePerVariant(baseRate, mde, a, power);
  } catch {
    requiredPerVariant = null;
  }
  const plannedPerVariant = exp.plannedVisitorsPerVariant ?? null;
  const minVisitors = Math.min(...exp.variants.map((v) => v.visitors));
  const target = plannedPerVariant ?? requiredPerVariant;
  const progress = target ? minVisitors / target : null;
  const useRevenue = exp.metric === 'revenue';
  const sig = (c: VariantComparison) =>
    useRevenue && c.revenue ? c.revenue.significant : c.test.significant;
  const lift = (c: VariantComparison) =>
    useRevenue && c.revenue
      ? (c.revenue.relativeLift ?? 0)
      : (c.test.relativeLift?.estimate ?? c.test.absoluteLift.estimate);
  const best = comparisons.filter(sig).sort((x, y) => lift(y) - lift(x))[0];
  const result = (verdict: Verdict, headline: string): ExperimentVerdict => ({
    verdict,
    headline,
    srm,
    comparisons,
    plannedPerVariant,
    requiredPerVariant,
    progress,
  });

  if (srm.mismatch) {
    const shares = srm.observedShare.map((s) => pct(s)).join(' / ');
    return result(
      'srm',
      `Sample ratio mismatch: visitors split ${shares} against the planned split (p = ${srm.pValue.toExponential(1)}). Assignment or tracking is broken; do not trust this result.`,
    );
  }
  if (plannedPerVariant !== null && minVisitors < plannedPerVariant) {
    const where = `${minVisitors.toLocaleString('en')} of ${plannedPerVariant.toLocaleString('en')} planned visitors per variant (${pct(minVisitors / plannedPerVariant, 0)})`;
    if (exp.endDate) {
      return result(
        'stopped-early',
        `Stopped early at ${where}. A fixed-horizon test is only valid at its planned sample${best ? `; the apparent ${lift(best) > 0 ? 'win' : 'loss'} of ${best.variant} is not confirmed` : ''}.`,
      );
    }
    return result(
      'keep-running',
      `Keep running: ${where}. Reading the result before then (peeking) inflates false positives.`,
    );
  }
  if (best) {
    const l = lift(best);
    const ci = best.test.relativeLift;
    const ciText = !useRevenue && ci ? ` (${pct(ci.lower)} to ${pct(ci.upper)})` : '';
    const p = useRevenue && best.revenue ? best.revenue.pValue : best.test.pValue;
    const what = useRevenue ? 'revenue per visitor' : 'conversion';
    return l > 0
      ? result(
          'winner',
          `${best.variant} wins: ${what} ${pct(l)} higher than ${control.name}${ciText}, p = ${p.toPrecision(2)}.`,
        )
      : result(
          'loser',
          `${best.variant} is worse: ${what} ${pct(-l)} lower than ${control.name}${ciText}, p = ${p.toPrecision(2)}.`,
        );
  }
  if (requiredPerVariant !== null && minVisitors < requiredPerVariant) {
    const detectable = detectableLift(baseRate, minVisitors, a, power);
    return result(
      'under-powered',
      `Under-powered: with ${minVisitors.toLocaleString('en')} visitors per variant the test can only detect lifts of about ${Number.isFinite(detectable) ? pct(detectable, 0) : 'any size'} or more; ${requiredPerVariant.toLocaleString('en')} are needed for ${pct(mde, 0)}. No difference found, but a smaller one cannot be ruled out.`,
    );
  }
  return result(
    'no-difference',
    `No difference: the variants' ${useRevenue ? 'revenue per visitor' : 'conversion'} differs by less than the test could detect (${pct(mde, 0)} relative at ${Math.round(power * 100)}% power).`,
  );
}
