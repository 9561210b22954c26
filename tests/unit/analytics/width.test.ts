import { describe, expect, it } from 'vitest';
import { narrowInts, wholeCents } from '../../../core/analytics/width.ts';
import { createDataset, fxAt, kpis, orderNet, valueAt } from '../../../core/analytics/index.ts';
import { syntheticStore } from './synthetic.ts';

describe('derived arrays at the width their values need', () => {
  it('hold whole cents in an Int32Array, and anything else as it was', () => {
    expect(wholeCents(Float64Array.of(1999, -250, 0))).toEqual(Int32Array.of(1999, -250, 0));
    // Too big for int32 cents ($30M), a fraction of a cent, −0: kept as they are.
    for (const v of [3e9, 12.5, -0, NaN]) {
      const a = Float64Array.of(100, v);
      expect(wholeCents(a)).toBe(a);
    }
    expect(narrowInts(Int32Array.of(-1, 3, 127))).toBeInstanceOf(Int8Array);
    expect(narrowInts(Int32Array.of(-1, 128))).toEqual(Int16Array.of(-1, 128));
    const wide = Int32Array.of(0, 40_000);
    expect(narrowInts(wide)).toBe(wide);
  });

  it('give the same figures when an order is too big for Int32 cents', () => {
    const input = syntheticStore({ orders: 2000, seed: 3, days: 120 });
    const ds0 = createDataset(input);
    expect(ds0.gross).toBeInstanceOf(Int32Array);
    const oc = input.orders.columns;
    // One order of $30,000,000.00 more (3e9 cents on top of its total).
    const i = ds0.byDay[ds0.dayStart[10]!]!;
    oc.total[i] = oc.total[i]! + 3e9;
    const ds = createDataset(input);
    expect(ds.gross).toBeInstanceOf(Float64Array);
    expect(ds.gross[i]).toBe(ds0.gross[i]! + 3e9);
    expect(orderNet(ds)[i]).toBe(
      (ds.gross[i]! - oc.discounts[i]! - valueAt(ds.returnAmount, i)) * fxAt(ds.fx, i),
    );
    const range = { start: '2023-01-01', end: '2023-04-30' };
    expect(kpis(ds, range).grossSales).toBeCloseTo(
      kpis(ds0, range).grossSales + 3e9 * fxAt(ds.fx, i),
      0,
    );
  });

  it('keep one FX factor per currency and month, and per order its code', () => {
    const input = syntheticStore({ orders: 3000, seed: 9, days: 300, timezone: 'UTC' });
    const oc = input.orders.columns;
    const ds = createDataset(input);
    const rate = new Map(input.settings.fxRates.map((r) => [`${r.month}|${r.from}`, r.rate]));
    const utcMonth = (t: number) => new Date(t).toISOString().slice(0, 7);
    let unconverted = 0;
    for (let i = 0; i < input.orders.length; i++) {
      const cur = oc.currency.dict[oc.currency.codes[i]!]!;
      // EUR and GBP have 2 decimals like USD: the factor is the month's rate (none: NaN).
      const want = cur === 'USD' ? 1 : (rate.get(`${utcMonth(oc.createdAt[i]!)}|${cur}`) ?? NaN);
      expect(fxAt(ds.fx, i)).toBe(want);
      if (want !== want) unconverted++;
    }
    expect(unconverted).toBeGreaterThan(0);
    expect(ds.fx.code).toBeInstanceOf(Int8Array);
    expect(ds.fx.factor.length).toBeLessThan(30);
  });
});
