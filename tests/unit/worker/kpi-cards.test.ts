// The cards of Customers, Marketing & funnel and Products carry their change against the
// comparison period, computed once in the worker from the KPI registry. Figures worked out by hand
// for the small UTC store below: the period is 12–14 January, the comparison 10–11 January.
import { describe, expect, it } from 'vitest';
import { build, spend, traffic, type OrderRow } from '../analytics/fixtures.ts';
import { createScreenQueries } from '../../../core/worker/queries.ts';
import type { KpiFigure } from '../../../core/analytics/index.ts';

const rows: OrderRow[] = [
  // Before both periods: c2's first order.
  {
    id: 'o0',
    at: '2024-01-01T12:00:00Z',
    customer: 'c2',
    lines: [{ sku: 'A', qty: 1, price: 1000 }],
  },
  // Comparison period.
  {
    id: 'o1',
    at: '2024-01-10T12:00:00Z',
    customer: 'c1',
    lines: [{ sku: 'A', qty: 1, price: 1000 }],
  },
  {
    id: 'o2',
    at: '2024-01-10T13:00:00Z',
    customer: 'c2',
    lines: [{ sku: 'A', qty: 1, price: 1000 }],
  },
  { id: 'o3', at: '2024-01-11T12:00:00Z', lines: [{ sku: 'B', qty: 1, price: 500 }] },
  // The period.
  {
    id: 'o4',
    at: '2024-01-12T12:00:00Z',
    customer: 'c1',
    lines: [{ sku: 'A', qty: 2, price: 1000 }],
  },
  {
    id: 'o5',
    at: '2024-01-13T12:00:00Z',
    customer: 'c3',
    lines: [{ sku: 'B', qty: 1, price: 500 }],
  },
  {
    id: 'o6',
    at: '2024-01-14T12:00:00Z',
    customer: 'c2',
    lines: [{ sku: 'C', qty: 1, price: 1500 }],
  },
];
const funnelDay = (date: string, n: number[]) => ({
  date,
  channel: 'Organic',
  sessions: n[0]!,
  productViews: n[1]!,
  addToCarts: n[2]!,
  checkouts: n[3]!,
  purchases: n[4]!,
});
const ds = build(rows, {
  traffic: traffic([
    funnelDay('2024-01-10', [100, 50, 20, 10, 4]),
    funnelDay('2024-01-11', [100, 50, 20, 10, 4]),
    funnelDay('2024-01-12', [300, 150, 60, 30, 15]),
  ]),
  spend: spend([
    { date: '2024-01-10', channel: 'Google Ads', spend: 1000 },
    { date: '2024-01-11', channel: 'Meta Ads', spend: 1000 },
    { date: '2024-01-12', channel: 'Google Ads', spend: 3000 },
  ]),
});
const queries = createScreenQueries(async () => ds);
const range = { start: '2024-01-12', end: '2024-01-14' };
const compared = { range, compare: 'previous-period' as const };

function card(kpis: KpiFigure[], id: string) {
  const f = kpis.find((k) => k.id === id);
  if (!f) throw new Error(`no card ${id}`);
  return f;
}
function expectChange(f: KpiFigure, value: number, previous: number, change: number) {
  expect(f.compared).toBe(true);
  expect(f.value).toBeCloseTo(value, 12);
  expect(f.previous).toBeCloseTo(previous, 12);
  expect(f.change).toBeCloseTo(change as number, 12);
}

describe('screen cards: change vs the comparison period, computed in the worker', () => {
  it('Customers', async () => {
    const c = structuredClone(await queries.customers(compared));
    // Period: c1 (first order on the 10th), c3 (new), c2 (first order on the 1st) → 3 customers,
    // 2 returning. Comparison: c1 (new), c2 (returning) → 2 customers, 1 returning.
    expectChange(card(c.kpis, 'customers'), 3, 2, 0.5);
    expectChange(card(c.kpis, 'returningCustomers'), 2, 1, 1);
    expectChange(card(c.kpis, 'periodReturningCustomerRate'), 2 / 3, 1 / 2, 1 / 3);
    // Lifetime up to the 14th: c1, c2 of c1–c3 ordered twice; up to the 11th: c2 of c1, c2.
    expectChange(card(c.kpis, 'repeatPurchaseRate'), 2 / 3, 1 / 2, 1 / 3);
    expect(card(c.kpis, 'customers').note).toEqual({
      amount: { value: 1, unit: 'count' },
      after: 'new',
    });
    // All-time numbers have no comparison period.
    expect(card(c.kpis, 'clv12').compared).toBe(false);
    expect(card(c.kpis, 'daysBetweenOrders').change).toBeNull();
    const alone = await queries.customers({ range });
    expect(alone.kpis.every((k) => !k.compared && k.change === null)).toBe(true);
  });

  it('Marketing & funnel', async () => {
    const m = structuredClone((await queries.marketing(compared))!);
    // Spend 3000 vs 1000 + 1000.
    expectChange(card(m.kpis, 'adSpend'), 3000, 2000, 0.5);
    // New customers: c3 in the period, c1 before → CAC 3000 vs 2000.
    expectChange(card(m.kpis, 'cac'), 3000, 2000, 0.5);
    // Total sales 2000 + 500 + 1500 = 4000 vs 1000 + 1000 + 500 = 2500 → MER 4/3 vs 1.25.
    expectChange(card(m.kpis, 'mer'), 4 / 3, 1.25, (4 / 3 - 1.25) / 1.25);
    const f = structuredClone((await queries.funnel(compared))!);
    expectChange(card(f.kpis, 'sessions'), 300, 200, 0.5);
    // Purchases ÷ sessions 15/300 vs 8/200; cart abandonment 1 − 15/60 vs 1 − 8/40; checkout 1 − 15/30 vs 1 − 8/20.
    expectChange(card(f.kpis, 'funnelConversionRate'), 0.05, 0.04, 0.25);
    expectChange(card(f.kpis, 'cartAbandonmentRate'), 0.75, 0.8, -0.0625);
    expectChange(card(f.kpis, 'checkoutAbandonmentRate'), 0.5, 0.6, -1 / 6);
  });

  it('Products (ABC classes) and the stock cards (as of today: no comparison)', async () => {
    const p = structuredClone(await queries.products(compared));
    // Period: A 2000, C 1500, B 500 of 4000 → A and C before 80%, B after → 2 A, 1 B.
    // Comparison: A 2000, B 500 of 2500 → A, then B at 80% → 1 A, 1 B.
    expectChange(card(p.kpis, 'classA'), 2, 1, 1);
    expectChange(card(p.kpis, 'classB'), 1, 1, 0);
    expect(card(p.kpis, 'classA').note).toEqual({
      amount: { value: 3500 / 4000, unit: 'ratio' },
      after: 'of net sales',
    });
    const inv = await queries.inventory();
    expect(inv.kpis.map((k) => k.id)).toEqual(['stockoutsComing', 'overstock', 'deadStock']);
    expect(inv.kpis.every((k) => !k.compared)).toBe(true);
  });
});
