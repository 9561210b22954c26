/**
 * The Profit screen's views on a hand-worked store: the P&L per week, by channel, by product and
 * CAC by month. Four June 2024 orders, every figure computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  cacByMonth,
  dimensionProfit,
  pnl,
  pnlSeries,
  productProfit,
} from '../../../core/analytics/index.ts';
import { costSettingsSchema } from '../../../core/schema/costs.ts';
import { build, spend } from './fixtures.ts';

// A 06-03 Paid social, customer c1: 2 × M1 at 15.00 (cost 6.00), shipping charged 5.00 → total 35.00
// B 06-10 Paid search, c2, DE: 1 × T1 at 40.00, type Tees (default margin 60%) → total 47.00
// C 06-20 Direct, c1 again: 1 × X1 at 20.00, no cost and no default → uncovered
// D 06-25 Direct, c3: 1 × M1 at 15.00, refunded (goods 15.00) on 06-27, unit back in stock
const ds = build(
  [
    {
      id: 'A',
      at: '2024-06-03T10:00:00Z',
      channel: 'Paid social',
      customer: 'c1',
      shipping: 500,
      lines: [{ sku: 'M1', qty: 2, price: 1500 }],
    },
    {
      id: 'B',
      at: '2024-06-10T10:00:00Z',
      channel: 'Paid search',
      customer: 'c2',
      country: 'DE',
      shipping: 700,
      lines: [{ sku: 'T1', qty: 1, price: 4000, type: 'Tees' }],
    },
    {
      id: 'C',
      at: '2024-06-20T10:00:00Z',
      customer: 'c1',
      lines: [{ sku: 'X1', qty: 1, price: 2000, type: 'Posters', vendor: 'Other' }],
    },
    {
      id: 'D',
      at: '2024-06-25T10:00:00Z',
      customer: 'c3',
      refunded: 1500,
      refundedAt: '2024-06-27T10:00:00Z',
      lines: [{ sku: 'M1', qty: 1, price: 1500, refundedQty: 1 }],
    },
  ],
  {
    products: [{ sku: 'M1', title: 'Mug', currency: 'USD', price: 1500, cost: 600 }],
    spend: spend([
      { date: '2024-06-05', channel: 'Paid social', spend: 1000 },
      { date: '2024-06-15', channel: 'Paid search', spend: 500 },
    ]),
  },
);
// Shipping 4.00 (DE 9.00); fees 2.9% + 0.30, from 06-15 2.5% + 0.25; fixed 30.00 a month (1.00 a June day).
const costs = costSettingsSchema.parse({
  defaultMargins: [{ by: 'productType', key: 'Tees', margin: 0.6 }],
  shippingPerOrder: 400,
  shippingByCountry: [{ country: 'DE', cost: 900 }],
  paymentFees: [
    { from: '2024-06-01', percent: 0.029, fixed: 30 },
    { from: '2024-06-15', percent: 0.025, fixed: 25 },
  ],
  fixedCosts: [{ name: 'Rent', monthly: 3000 }],
});
const june = { range: { start: '2024-06-01', end: '2024-06-30' } };

describe('P&L per week', () => {
  const w = pnlSeries(ds, { ...june, grain: 'week' }, costs);
  it('cuts ISO weeks at the range ends', () => {
    expect(w.starts).toEqual([
      '2024-06-01',
      '2024-06-03',
      '2024-06-10',
      '2024-06-17',
      '2024-06-24',
    ]);
    expect(w.ends).toEqual(['2024-06-02', '2024-06-09', '2024-06-16', '2024-06-23', '2024-06-30']);
  });
  it('has each week as computed by hand', () => {
    // W1: nothing sold, fixed 2 days → −2.00.
    // W2: A net 30, COGS 12, ship 4, fee 2.9% × 35 + 0.30 = 1.315 → 12.685; ads 10; fixed 7 → −4.315.
    // W3: B net 40, COGS 16, ship 9, fee 1.663 → 13.337; ads 5; fixed 7 → 1.337.
    // W4: C net 20, COGS 0, ship 4, fee 2.5% × 20 + 0.25 = 0.75 → 15.25; fixed 7 → 8.25.
    // W5: D sold and refunded: net 0, COGS 6 − 6 = 0, ship 4, fee 0.625 → −4.625; fixed 7 → −11.625.
    const near = (a: Float64Array, b: number[]) =>
      b.forEach((v, k) => expect(a[k]).toBeCloseTo(v, 9));
    near(w.netSales, [0, 3000, 4000, 2000, 0]);
    near(w.cogs, [0, 1200, 1600, 0, 0]);
    near(w.shippingAndFees, [0, 531.5, 1066.3, 475, 462.5]);
    near(w.contribution, [0, 1268.5, 1333.7, 1525, -462.5]);
    near(w.adSpend, [0, 1000, 500, 0, 0]);
    near(w.fixedCosts, [200, 700, 700, 700, 700]);
    near(w.netProfit, [-200, -431.5, 133.7, 825, -1162.5]);
  });
  it('sums to the period P&L, per day as per week', () => {
    const p = pnl(ds, june, costs).current;
    const d = pnlSeries(ds, { ...june, grain: 'day' }, costs);
    expect(d.starts).toHaveLength(30);
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    for (const s of [w, d]) {
      expect(sum(s.netSales)).toBeCloseTo(p.netSales, 9);
      expect(sum(s.netProfit)).toBeCloseTo(p.netProfit, 9);
    }
    // −2 − 4.315 + 1.337 + 8.25 − 11.625 = −8.353.
    expect(p.netProfit).toBeCloseTo(-835.3, 9);
  });
});

describe('by channel, by product, CAC', () => {
  it('gives each sales channel its contribution (ad spend goes by ad channel, not by name)', () => {
    const rows = dimensionProfit(ds, june, costs, 'salesChannel');
    // Paid search: B 40 − 16 − 9 − 1.663 = 13.337. Paid social: A 30 − 12 − 4 − 1.315 = 12.685.
    // Direct: C + D: net 20, COGS 0, ship 8, fees 0.75 + 0.625 → 10.625.
    expect(rows.map((r) => r.key)).toEqual(['Paid search', 'Paid social', 'Direct']);
    const [search, social, direct] = rows;
    expect(direct!.contribution).toBeCloseTo(1062.5, 9);
    expect(direct!.uncoveredNetSales).toBe(2000);
    expect(direct!.orders).toBe(2);
    expect(search!.contribution).toBeCloseTo(1333.7, 9);
    expect(social).toMatchObject({ orders: 1, netSales: 3000, cogs: 1200 });
    expect(social!.contribution).toBeCloseTo(1268.5, 9);
    expect(social!.marginRate).toBeCloseTo(1268.5 / 3000, 9);
  });

  it('gives each product its gross profit and where its cost came from', () => {
    // T1 40 − 16 = 24; X1 20 − 0; M1 3 sold − 1 returned: 30 − (18 − 6) = 18.
    expect(productProfit(ds, june, costs)).toEqual([
      {
        sku: 'T1',
        title: expect.any(String),
        units: 1,
        netSales: 4000,
        cogs: 1600,
        grossProfit: 2400,
        grossMargin: 0.6,
        costSource: 'default-margin',
      },
      {
        sku: 'X1',
        title: expect.any(String),
        units: 1,
        netSales: 2000,
        cogs: 0,
        grossProfit: 2000,
        grossMargin: 1,
        costSource: 'none',
      },
      {
        sku: 'M1',
        title: 'Mug',
        units: 2,
        netSales: 3000,
        cogs: 1200,
        grossProfit: 1800,
        grossMargin: 0.6,
        costSource: 'cost',
      },
    ]);
  });

  it('gives CAC per month: all spend ÷ customers with their first order in it', () => {
    // May: no spend, no new customer. June: 15.00 ÷ c1, c2, c3 = 5.00 (c1's second order is not new).
    expect(cacByMonth(ds, { range: { start: '2024-05-15', end: '2024-06-30' } })).toEqual([
      { month: '2024-05', spend: 0, newCustomers: 0, cac: null },
      { month: '2024-06', spend: 1500, newCustomers: 3, cac: 500 },
    ]);
  });
});
