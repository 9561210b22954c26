// Chart y ranges: bars from zero; a line that barely moves keeps room around it.
import { describe, expect, it } from 'vitest';
import { barsYRange, lineYRange } from '../../../core/ui/range.ts';

describe('chart y ranges', () => {
  it('starts bars at zero, on a round top above the tallest bar', () => {
    expect(barsYRange(4100, 5230)).toEqual([0, 6000]);
    expect(barsYRange(-300, 900)).toEqual([-400, 1000]);
    expect(barsYRange(0, 0)).toEqual([0, 1]);
  });

  it('does not stretch a flat conversion line (1.98–2.04%) over the plot', () => {
    const [lo, hi] = lineYRange(0.0198, 0.0204);
    // At least 25% of 2.04% = 0.51 points around the middle (2.01%), rounded out to 0.1 points.
    expect([lo, hi]).toEqual([0.017, 0.023]);
    // The line then fills a tenth of the height, not all of it.
    expect((0.0204 - 0.0198) / (hi - lo)).toBeCloseTo(0.1, 12);
  });

  it('keeps a line that moves on its own range, never below zero for data that is not', () => {
    expect(lineYRange(-3500, 8800)).toEqual([-4000, 10000]);
    expect(lineYRange(0, 1)).toEqual([0, 1]);
    // 0.1–0.11%: widened to 0.0275 points around 0.105%, rounded out to 0.005 points.
    expect(lineYRange(0.001, 0.0011)).toEqual([0.0009, 0.0012]);
    // A constant 5: 4.375–5.625, rounded out to 0.2.
    expect(lineYRange(5, 5)).toEqual([4.2, 5.8]);
  });
});
