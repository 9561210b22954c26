import { describe, expect, it } from 'vitest';
import { createDataset, type Dataset } from '../../../core/analytics/index.ts';
import { tableFromRows, lineColumns, orderColumns } from '../../../core/schema/columns.ts';

const settings = { timezone: 'UTC', currency: 'USD', fxRates: [], refundDating: 'refund' as const };
const order = (id: string, total: number) => ({
  id,
  createdAt: Date.parse('2024-01-01T10:00:00Z'),
  currency: 'USD',
  total,
  discounts: 0,
  shipping: 0,
  taxes: 0,
});
const line = (orderId: string, qty: number) => ({
  orderId,
  sku: 'S',
  title: 'S',
  quantity: qty,
  unitPrice: 100,
  currency: 'USD',
});

describe('joining lines to orders', () => {
  it('finds each line’s order whether or not the lines list orders in the same sequence', () => {
    const orders = tableFromRows(orderColumns, [order('a', 100), order('b', 200), order('c', 300)]);
    const inOrder = tableFromRows(lineColumns, [line('a', 1), line('b', 2), line('c', 3)]);
    const shuffled = tableFromRows(lineColumns, [
      line('b', 2),
      line('a', 1),
      line('zz', 9),
      line('c', 3),
      line('a', 4),
    ]);
    // Each order's lines (a line of an order not loaded belongs to none).
    const linesOf = (ds: Dataset) =>
      Array.from({ length: ds.orders.length }, (_, i) =>
        Array.from(ds.orderLines.subarray(ds.orderLineStart[i], ds.orderLineStart[i + 1])),
      );
    const d1 = createDataset({ orders, lines: inOrder, settings });
    expect(linesOf(d1)).toEqual([[0], [1], [2]]);
    expect(Array.from(d1.units)).toEqual([1, 2, 3]);
    const d2 = createDataset({ orders, lines: shuffled, settings });
    expect(linesOf(d2)).toEqual([[1, 4], [0], [3]]);
    expect(Array.from(d2.units)).toEqual([5, 2, 3]);
    expect(d2.orphanLines).toBe(1);
  });
});
