// REFERENCE.md, small stores: quintile scores need enough customers to mean anything, nobody who
// ordered in the last week is "at risk", and dead stock needs 90 days of history. The store is the
// shape of the Shopify development store export: three customers, 9 orders, 7 days.
import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import { inventoryPlan, kpiFigures, kpisIn, rfm } from '../../../core/analytics/index.ts';

const order = (id: string, day: string, customer: string): OrderRow => ({
  id,
  at: `2026-11-${day}T15:00:00Z`,
  customer,
  lines: [{ sku: 'BOARD', qty: 1, price: 60000 }],
});
const week: OrderRow[] = [
  order('1', '20', 'a'),
  order('2', '21', 'b'),
  order('3', '22', 'a'),
  order('4', '23', 'c'),
  order('5', '24', 'b'),
  order('6', '25', 'a'),
  order('7', '26', 'c'),
  order('8', '26', 'a'),
  order('9', '26', 'c'),
];
const products = [
  { sku: 'BOARD', title: 'Board', currency: 'USD', price: 60000, cost: 30000, onHand: 40 },
  { sku: 'WAX', title: 'Wax', currency: 'USD', price: 1500, cost: 500, onHand: 25 },
];

describe('a store with three customers and a week of orders', () => {
  const ds = build(week, { products });

  it('scores RFM by fixed bands, and nobody who ordered this week is at risk', () => {
    const r = rfm(ds);
    expect(r.scoring).toBe('bands');
    const byKey = new Map(r.keys.map((k, i) => [k, i]));
    const seg = (k: string) => r.segments[r.segment[byKey.get(k)!]!]!.name;
    // Everyone ordered within 6 days of the 26th: recency 5. Orders: a 4, b 2, c 3.
    expect(['a', 'b', 'c'].map((k) => r.r[byKey.get(k)!])).toEqual([5, 5, 5]);
    expect(['a', 'b', 'c'].map((k) => r.f[byKey.get(k)!])).toEqual([4, 2, 3]);
    expect([seg('a'), seg('b'), seg('c')]).toEqual([
      'Champions', // r 5, f ≥ 4
      'Potential loyalist', // r ≥ 4, f ≥ 2
      'Potential loyalist',
    ]);
  });

  it('says "not enough history" instead of calling unsold stock dead after 7 days', () => {
    const plan = inventoryPlan(ds);
    expect(plan.historyDays).toBe(7);
    expect(plan.dead).toEqual([]);
    expect(plan.rows.find((x) => x.sku === 'WAX')!.status).toBe('unsold');
    const card = kpiFigures(kpisIn('inventory'), { inventory: plan }, null).find(
      (k) => k.id === 'deadStock',
    )!;
    expect(card.value).toBeNull();
    expect(card.note?.after).toBe('not enough history: 7 of 90 days');
  });

  it('calls it dead stock once 90 days of history show no sale', () => {
    const longer = build([order('0', '01', 'z'), ...week].map(shiftFirst), { products });
    const plan = inventoryPlan(longer);
    expect(plan.historyDays).toBeGreaterThanOrEqual(90);
    expect(plan.dead.map((x) => x.sku)).toEqual(['WAX']);
  });
});

/** Moves the first order 100 days back (to 2026-08-18), so the history spans 101 days. */
function shiftFirst(o: OrderRow, i: number): OrderRow {
  return i === 0 ? { ...o, at: '2026-08-18T15:00:00Z' } : o;
}
