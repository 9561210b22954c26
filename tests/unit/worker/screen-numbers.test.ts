// Numbers shown where they belong: "Frequently bought together" lists only pairs bought together
// in enough orders (with their order count), and the cohort table says how many cohorts it shows
// of how many. Figures counted by hand from the small stores below.
import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from '../analytics/fixtures.ts';
import { createScreenQueries } from '../../../core/worker/queries.ts';
import { BASKET_MIN_ORDERS } from '../../../core/analytics/index.ts';

const order = (id: string, day: string, skus: string[], customer?: string): OrderRow => ({
  id,
  at: `${day}T12:00:00Z`,
  customer,
  lines: skus.map((sku) => ({ sku, qty: 1, price: 1000 })),
});

describe('frequently bought together', () => {
  // Mug + Tee together in 5 orders; Cap + Scarf in 2 (a lift of 4× from two orders is chance);
  // one order of a Sock alone. 8 orders in all.
  const rows = [
    ...[1, 2, 3, 4, 5].map((d) => order(`mt${d}`, `2024-03-0${d}`, ['MUG', 'TEE'])),
    order('cs1', '2024-03-06', ['CAP', 'SCARF']),
    order('cs2', '2024-03-07', ['CAP', 'SCARF']),
    order('s1', '2024-03-08', ['SOCK']),
  ];
  const queries = createScreenQueries(async () => build(rows));
  const q = { range: { start: '2024-03-01', end: '2024-03-31' } };

  it('needs a minimum of orders with both, and shows the pair’s order count', async () => {
    expect(BASKET_MIN_ORDERS).toBe(5);
    const r = await queries.basket(q);
    expect(r.orders).toBe(8);
    expect(r.minOrders).toBe(5);
    expect(r.pairs.map((p) => [p.a, p.b, p.orders])).toEqual([['MUG', 'TEE', 5]]);
    // Support 5/8; lift (5/8) ÷ (5/8 × 5/8) = 8/5.
    expect(r.pairs[0]!.support).toBeCloseTo(5 / 8, 12);
    expect(r.pairs[0]!.lift).toBeCloseTo(8 / 5, 12);
    // Asked for less, the two-order pair shows with its lift of (2/8) ÷ (2/8 × 2/8) = 4.
    const loose = await queries.basket(q, { minOrders: 2 });
    expect(loose.pairs.map((p) => [p.a, p.b, p.orders, p.lift])).toEqual([
      ['CAP', 'SCARF', 2, 4],
      ['MUG', 'TEE', 5, 1.6],
    ]);
  });
});

describe('cohort table', () => {
  // First orders in January, February and March 2024: three monthly cohorts.
  const rows = [
    order('a1', '2024-01-10', ['MUG'], 'ann'),
    order('a2', '2024-02-10', ['MUG'], 'ann'),
    order('b1', '2024-02-11', ['MUG'], 'bob'),
    order('c1', '2024-03-12', ['MUG'], 'cat'),
  ];
  const queries = createScreenQueries(async () => build(rows));

  it('says how many cohorts of how many it shows, and shows them all when asked', async () => {
    const newest = await queries.cohorts({ maxCohorts: 2 });
    expect(newest.labels).toEqual(['2024-02', '2024-03']);
    expect(newest.totalCohorts).toBe(3);
    const all = structuredClone(await queries.cohorts({ maxCohorts: Infinity }));
    expect(all.labels).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(all.totalCohorts).toBe(3);
    expect(Array.from(all.sizes)).toEqual([1, 1, 1]);
    // Ann (January) ordered again in month 1: 100% of her cohort.
    expect(all.retention[0 * all.periods + 1]).toBe(1);
  });
});
