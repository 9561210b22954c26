// The Competitors table's 7- and 30-day columns. Expected figures worked by hand:
// 12900 → 9900 is (9900 − 12900) / 12900 = −23.26 %; 12000 → 11000 is −8.33 %; 10000 → 11000 +10 %.
import { describe, expect, it } from 'vitest';
import { changeCell } from '../../../extension/features/tracking/change-columns.ts';

const DAY = 86_400;
const series = (points: [day: number, price: number][]) => ({
  x: points.map(([d]) => d * DAY),
  price: points.map(([, p]) => p),
});

describe('changeCell', () => {
  it('fills a product tracked for 3 days with the change since its first check', () => {
    const s = series([
      [0, 12900],
      [3, 9900],
    ]);
    const now = (3 * DAY + 3600) * 1000;
    const c = changeCell(s, 7, now);
    expect(c.text).toBe('−23.3% in 3 d');
    expect(c.percent).toBeCloseTo(-23.2558, 3);
    expect(changeCell(s, 30, now).text).toBe('−23.3% in 3 d');
  });

  it('compares with the last price seen at or before the window start', () => {
    const s = series([
      [0, 10000],
      [20, 12000],
      [25, NaN], // a failed check is no price
      [35, 11000],
    ]);
    const now = 36 * DAY * 1000;
    expect(changeCell(s, 7, now).text).toBe('−8.3%');
    expect(changeCell(s, 30, now).text).toBe('+10%');
  });

  it('says “since first check” for a product tracked for less than a day', () => {
    const s = { x: [100, 160], price: [12900, 9900] };
    expect(changeCell(s, 7, 200_000).text).toBe('−23.3% since first check');
  });

  it('says when nothing was read in the window or only once', () => {
    const now = 10 * DAY * 1000;
    expect(
      changeCell(
        series([
          [0, 5000],
          [1, 5000],
        ]),
        7,
        now,
      ).text,
    ).toBe('no check');
    expect(changeCell(series([[9, 5000]]), 7, now).title).toContain('after the next check');
    expect(
      changeCell(
        series([
          [8, 5000],
          [9, 5000],
        ]),
        7,
        now,
      ).text,
    ).toBe('no change in 1 d');
  });
});
