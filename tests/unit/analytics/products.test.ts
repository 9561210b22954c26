import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import {
  abcClasses,
  bestSellers,
  frequentlyBoughtTogether,
  inventoryPlan,
  productSales,
  productTable,
  sellThrough,
} from '../../../core/analytics/index.ts';

const at = (d: string) => `2024-05-0${d}T12:00:00Z`;
const rows: OrderRow[] = [
  {
    id: '1',
    at: at('1'),
    lines: [
      { sku: 'A', qty: 2, price: 1000 },
      { sku: 'B', qty: 1, price: 500 },
    ],
  },
  { id: '2', at: at('2'), lines: [{ sku: 'A', qty: 1, price: 1000 }] },
  {
    id: '3',
    at: at('3'),
    lines: [
      { sku: 'B', qty: 1, price: 500 },
      { sku: 'C', qty: 1, price: 2000 },
    ],
  },
  {
    id: '4',
    at: at('3'),
    refunded: 500,
    refundedAt: at('4'),
    lines: [
      { sku: 'A', qty: 1, price: 1000 },
      { sku: 'B', qty: 2, price: 500, refundedQty: 1 },
    ],
  },
  { id: '5', at: at('4'), cancelledAt: at('5'), lines: [{ sku: 'C', qty: 1, price: 2000 }] },
];
const products = [
  { sku: 'A', title: 'Stoneware mug', currency: 'USD', price: 1000, cost: 400, onHand: 6 },
  { sku: 'B', title: 'Coaster', currency: 'USD', price: 500, cost: 200, onHand: 0 },
  { sku: 'C', title: 'Teapot', currency: 'USD', price: 2000, cost: null, onHand: 3 },
  { sku: 'D', title: 'Spoon', currency: 'USD', price: 300, cost: 100, onHand: 10 },
];
const ds = build(rows, { products });
const q = { range: { start: '2024-05-01', end: '2024-05-05' } };

/** The product table's order (core/worker/queries.ts sorts productSales rows by net sales). */
const byNet = (qq: typeof q) => productSales(ds, qq).sort((a, b) => b.netSales - a.netSales);

describe('productSales', () => {
  it('gives net sales with returns, cost and margin from the catalog', () => {
    const r = byNet(q);
    expect(r.map((p) => [p.sku, p.netSales, p.units, p.returnedUnits, p.cost, p.margin])).toEqual([
      ['A', 4000, 4, 0, 1600, 2400],
      ['C', 2000, 2, 1, null, null], // the cancelled teapot is returned; no cost known
      ['B', 1500, 4, 1, 600, 900], // one coaster refunded: cost of 3 net units
    ]);
    expect(r[0]!.title).toBe('Stoneware mug');
    expect(r[0]!.share).toBeCloseTo(4000 / 7500, 12);
    expect(r[2]!.marginRate).toBeCloseTo(0.6, 12);
  });

  it('is empty for a period without sales', () => {
    expect(productSales(ds, { range: { start: '2024-06-01', end: '2024-06-30' } })).toEqual([]);
  });
});

describe('productTable (the Products screen)', () => {
  it('lists sold SKUs by net sales, then the unsold catalog product as C with its stock', () => {
    const t = productTable(ds, q, inventoryPlan(ds));
    expect(t.rows.map((r) => [r.sku, r.netSales, r.units, r.onHand])).toEqual([
      ['A', 4000, 4, 6],
      ['C', 2000, 2, 3],
      ['B', 1500, 4, 0],
      ['D', 0, 0, 10], // in the catalog, not sold in May
    ]);
    expect(t.unsold).toBe(1);
    expect(t.rows[3]).toMatchObject({ title: 'Spoon', abc: 'C', margin: null });
    expect(t.rows[0]).toMatchObject({ title: 'Stoneware mug', margin: 2400 });
  });
});

describe('bestSellers', () => {
  it('ranks SKUs by units ordered (returns not subtracted), ties by SKU, with catalog titles', () => {
    expect(bestSellers(ds, q)).toEqual([
      { sku: 'A', hasSku: true, title: 'Stoneware mug', units: 4 },
      { sku: 'B', hasSku: true, title: 'Coaster', units: 4 },
      { sku: 'C', hasSku: true, title: 'Teapot', units: 2 },
    ]);
    expect(bestSellers(ds, q, 1).map((r) => r.sku)).toEqual(['A']);
  });

  it('counts only the days of the range, and nothing outside the data', () => {
    const day3 = { range: { start: '2024-05-03', end: '2024-05-03' } };
    expect(bestSellers(ds, day3)).toEqual([
      { sku: 'B', hasSku: true, title: 'Coaster', units: 3 },
      { sku: 'A', hasSku: true, title: 'Stoneware mug', units: 1 },
      { sku: 'C', hasSku: true, title: 'Teapot', units: 1 },
    ]);
    expect(bestSellers(ds, { range: { start: '2024-06-01', end: '2024-06-30' } })).toEqual([]);
    expect(bestSellers(ds, { range: { start: '2020-01-01', end: '2020-01-31' } })).toEqual([]);
  });

  it('agrees with productSales by units for every range and filter', () => {
    const days = ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05'];
    for (const start of days)
      for (const end of days.filter((d) => d >= start))
        for (const filters of [undefined, { productType: ['Mugs'] }, { channel: ['Web'] }]) {
          const qq = { range: { start, end }, filters };
          expect(bestSellers(ds, qq).map((r) => [r.sku, r.units])).toEqual(
            productSales(ds, qq)
              .filter((r) => r.units > 0)
              .sort((a, b) => b.units - a.units || (a.sku < b.sku ? -1 : 1))
              .map((r) => [r.sku, r.units]),
          );
        }
  });
});

describe('abcClasses', () => {
  it('puts the products making the first 80% of revenue in A, the next 15% in B, the rest in C', () => {
    const r = abcClasses({ a: 500, b: 300, c: 100, d: 60, e: 30, f: 10, g: 0 });
    expect(r.classOf).toEqual({ a: 'A', b: 'A', c: 'B', d: 'B', e: 'C', f: 'C', g: 'C' });
    expect(r.summary.A).toEqual({ products: 2, revenue: 800, share: 0.8 });
    expect(r.summary.B.share).toBeCloseTo(0.16, 12);
    expect(r.summary.C.products).toBe(3); // a product with no sales is C
    // The product that crosses 80% is still A: its first unit of revenue is inside the top 80%.
    expect(
      abcClasses(
        new Map([
          ['x', 790],
          ['y', 200],
          ['z', 10],
        ]),
      ).classOf,
    ).toEqual({ x: 'A', y: 'A', z: 'C' });
    expect(abcClasses({}).rows).toEqual([]);
  });
});

describe('sellThrough', () => {
  it('divides net units sold by units sold plus on hand, including products that did not sell', () => {
    const r = sellThrough(ds, q);
    expect(r.map((p) => [p.sku, p.sellThrough])).toEqual([
      ['B', 1], // 3 / (3 + 0)
      ['A', 0.4], // 4 / (4 + 6)
      ['C', 0.25], // 1 / (1 + 3)
      ['D', 0], // no sales
    ]);
  });
});

describe('frequentlyBoughtTogether', () => {
  it('computes support, confidence and lift (REFERENCE.md market basket)', () => {
    const r = frequentlyBoughtTogether(ds, q, { minSupport: 0.1, minOrders: 1 });
    expect(r.orders).toBe(5);
    const [ab, bc] = r.pairs;
    expect(ab).toMatchObject({ a: 'A', b: 'B', orders: 2, support: 0.4, titleA: 'Stoneware mug' });
    expect(ab!.confidenceAB).toBeCloseTo(2 / 3, 12);
    expect(ab!.lift).toBeCloseTo(0.4 / (0.6 * 0.6), 12);
    expect(bc).toMatchObject({ a: 'B', b: 'C', orders: 1 });
    expect(bc!.confidenceBA).toBeCloseTo(0.5, 12);
    expect(bc!.lift).toBeCloseTo(0.2 / (0.6 * 0.4), 12);
    expect(frequentlyBoughtTogether(ds, q, { minSupport: 0.3 }).pairs.map((p) => p.b)).toEqual([
      'B',
    ]);
  });
});
