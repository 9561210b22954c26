import { describe, expect, it } from 'vitest';
import { hasValue, sparse, subtractValues, valueAt } from '../../../core/analytics/sparse.ts';
import { fxAt, orderNet } from '../../../core/analytics/dataset.ts';
import { createDataset, kpis } from '../../../core/analytics/index.ts';
import { syntheticStore } from './synthetic.ts';

describe('sparse columns', () => {
  it('read back every row as the dense column had it, NaN or 0 empty', () => {
    const n = 1000;
    const dense = new Float64Array(n).fill(NaN);
    // Rows at word edges (31, 32, 63, 64), the last row, a 0 and a negative value among them.
    const set: Record<number, number> = { 0: 5, 31: 0, 32: -7.25, 63: 1e15, 64: 3, 500: 2, 999: 9 };
    for (const [i, v] of Object.entries(set)) dense[Number(i)] = v;
    const col = sparse(dense, NaN);
    expect(col.values.length).toBe(7);
    for (let i = 0; i < n; i++) {
      expect(Object.is(valueAt(col, i), dense[i])).toBe(true);
      expect(hasValue(col, i)).toBe(i in set);
    }
    const amounts = Int32Array.from({ length: 70 }, (_, i) => (i % 9 === 0 ? i * 100 : 0));
    const zeroEmpty = sparse(amounts, 0);
    expect(zeroEmpty.values.length).toBe(7);
    for (let i = 0; i < 70; i++) expect(valueAt(zeroEmpty, i)).toBe(amounts[i]);
  });

  it('give a dataset the same figures as its dense refund and cancel columns', () => {
    const input = syntheticStore({ orders: 3000, seed: 5, days: 200 });
    const oc = input.orders.columns;
    const ds = createDataset(input);
    for (let i = 0; i < input.orders.length; i++) {
      expect(Object.is(valueAt(ds.orders.columns.cancelledAt, i), oc.cancelledAt[i])).toBe(true);
      expect(Object.is(valueAt(ds.orders.columns.refundedAt, i), oc.refundedAt[i])).toBe(true);
      expect(valueAt(ds.orders.columns.refunded, i)).toBe(oc.refunded[i]);
    }
    const lc = input.lines.columns;
    let discounted = 0;
    for (let j = 0; j < input.lines.length; j++) {
      expect(valueAt(ds.lines.columns.discount, j)).toBe(lc.discount[j]);
      if (lc.discount[j]! !== 0) discounted++;
    }
    expect(ds.lines.columns.discount.values.length).toBe(discounted);
    // Built again from its own (sparse) input, as reconcile does: the same returns and sales.
    const range = { start: '2023-01-01', end: '2023-12-31' };
    const again = createDataset(ds.input);
    expect(kpis(again, range)).toEqual(kpis(ds, range));
    expect(kpis(ds, range).returns).toBeGreaterThan(0);
  });

  it('hold what each order and line returned, read per row as the refund rules give it', () => {
    const input = syntheticStore({ orders: 3000, seed: 7, days: 200 });
    const oc = input.orders.columns;
    const lc = input.lines.columns;
    const ds = createDataset(input);
    let returned = 0;
    for (let i = 0; i < input.orders.length; i++) {
      // The synthetic export does not split refunds: a cancellation or a full refund returns
      // all of the goods, shipping and taxes, a partial refund the same share of each.
      const cancelled = oc.cancelledAt[i] === oc.cancelledAt[i];
      const share =
        cancelled || oc.refunded[i]! >= oc.total[i]! ? 1 : oc.refunded[i]! / oc.total[i]!;
      const goods = oc.total[i]! - oc.shipping[i]! - oc.taxes[i]!;
      expect(valueAt(ds.returnAmount, i)).toBeCloseTo(share * goods, 6);
      expect(valueAt(ds.returnShipping, i)).toBeCloseTo(share * oc.shipping[i]!, 6);
      expect(valueAt(ds.returnTaxes, i)).toBeCloseTo(share * oc.taxes[i]!, 6);
      expect(hasValue(ds.returnDay, i)).toBe(cancelled || oc.refunded[i]! > 0);
      if (share * goods > 0) returned++;
    }
    expect(returned).toBeGreaterThan(50);
    expect(ds.returnAmount.values.length).toBe(returned);
    // A line returns its refunded units at its net unit price; a cancelled order all of them.
    let lines = 0;
    const orderOf = new Int32Array(input.lines.length);
    for (let i = 0; i < input.orders.length; i++)
      for (let p = ds.orderLineStart[i]!; p < ds.orderLineStart[i + 1]!; p++)
        orderOf[ds.orderLines[p]!] = i;
    for (let j = 0; j < input.lines.length; j++) {
      const i = orderOf[j]!;
      const rq = lc.refundedQuantity[j]!;
      if (rq === 0 || oc.cancelledAt[i] === oc.cancelledAt[i]) continue;
      const q = lc.quantity[j]!;
      expect(valueAt(ds.lineReturn, j)).toBeCloseTo(
        rq * (lc.unitPrice[j]! - lc.discount[j]! / q),
        6,
      );
      lines++;
    }
    expect(lines).toBeGreaterThan(20);
  });

  it('subtract their values row by row, and give each order its net sales × FX as row-by-row reads do', () => {
    const amounts = new Float64Array(100);
    for (const [i, v] of [
      [0, 1.5],
      [31, 2],
      [32, 4],
      [63, 8],
      [64, 16],
      [99, 0.25],
    ] as const)
      amounts[i] = v;
    const out = Float64Array.from({ length: 100 }, (_, i) => i * 10);
    subtractValues(out, sparse(amounts, 0));
    for (let i = 0; i < 100; i++) expect(out[i]).toBe(i * 10 - amounts[i]!);
    expect(() => subtractValues(out, sparse(new Float64Array(3).fill(NaN), NaN))).toThrow();

    const input = syntheticStore({ orders: 3000, seed: 7, days: 200 });
    const ds = createDataset(input);
    const net = orderNet(ds);
    let returned = 0;
    for (let i = 0; i < input.orders.length; i++) {
      const want =
        (ds.gross[i]! - ds.orders.columns.discounts[i]! - valueAt(ds.returnAmount, i)) *
        fxAt(ds.fx, i);
      expect(Object.is(net[i], want)).toBe(true);
      if (valueAt(ds.returnAmount, i) > 0) returned++;
    }
    expect(returned).toBeGreaterThan(50);
  });
});
