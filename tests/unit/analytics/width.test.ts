import { describe, expect, it } from 'vitest';
import { narrowInts, wholeCents } from '../../../core/analytics/width.ts';
import { createDataset, kpis, orderNet, valueAt } from '../../../core/analytics/index.ts';
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
      (ds.gross[i]! - oc.discounts[i]! - valueAt(ds.returnAmount, i)) * ds.fx[i]!,
    );
    const range = { start: '2023-01-01', end: '2023-04-30' };
    expect(kpis(ds, range).grossSales).toBeCloseTo(
      kpis(ds0, range).grossSales + 3e9 * ds.fx[i]!,
      0,
    );
  });
});
