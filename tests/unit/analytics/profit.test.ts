/**
 * The P&L on a hand-worked store: four June 2024 orders, every line computed by hand below.
 */
import { describe, expect, it } from 'vitest';
import { NO_COSTS, pnl, type CostsLike } from '../../../core/analytics/index.ts';
import { costSettingsSchema } from '../../../core/schema/costs.ts';
import { build, spend } from './fixtures.ts';

// A 06-03 US: 2 × M1 at 15.00 (cost 6.00), shipping charged 5.00 → total 35.00
// B 06-10 DE: 1 × T1 at 40.00, type Tees, no cost (default margin 60%), shipping 7.00 → total 47.00
// C 06-20 US: 1 × X1 at 20.00, type Posters, no cost and no default → uncovered
// D 06-25 US: 1 × M1 at 15.00, refunded (goods 15.00) on 06-27, unit back in stock
const ds = build(
  [
    {
      id: 'A',
      at: '2024-06-03T10:00:00Z',
      shipping: 500,
      lines: [{ sku: 'M1', qty: 2, price: 1500 }],
    },
    {
      id: 'B',
      at: '2024-06-10T10:00:00Z',
      country: 'DE',
      shipping: 700,
      lines: [{ sku: 'T1', qty: 1, price: 4000, type: 'Tees' }],
    },
    {
      id: 'C',
      at: '2024-06-20T10:00:00Z',
      lines: [{ sku: 'X1', qty: 1, price: 2000, type: 'Posters', vendor: 'Other' }],
    },
    {
      id: 'D',
      at: '2024-06-25T10:00:00Z',
      refunded: 1500,
      refundedAt: '2024-06-27T10:00:00Z',
      lines: [{ sku: 'M1', qty: 1, price: 1500, refundedQty: 1 }],
    },
  ],
  {
    products: [{ sku: 'M1', title: 'Mug', currency: 'USD', price: 1500, cost: 600 }],
    spend: spend([
      { date: '2024-06-05', channel: 'Meta Ads', spend: 1000 },
      { date: '2024-06-15', channel: 'Google Ads', spend: 500 },
    ]),
  },
);
const costs: CostsLike = costSettingsSchema.parse({
  defaultMargins: [{ by: 'productType', key: 'Tees', margin: 0.6 }],
  shippingPerOrder: 400,
  shippingByCountry: [{ country: 'DE', cost: 900 }],
  paymentFees: [
    { from: '2024-06-01', percent: 0.029, fixed: 30 },
    { from: '2024-06-15', percent: 0.025, fixed: 25 },
  ],
  fixedCosts: [
    { name: 'Apps', monthly: 900 },
    { name: 'Rent', monthly: 2100 },
  ],
});
const june = { range: { start: '2024-06-01', end: '2024-06-30' } };

describe('P&L of a hand-worked month', () => {
  const { current: p, previous } = pnl(ds, june, costs);
  it('has every line as computed by hand', () => {
    // Net sales: gross 30 + 40 + 20 + 15 = 105.00, returns 15.00 (D, refunded in June) → 90.00.
    expect(p.netSales).toBe(9000);
    // COGS: A 2 × 6 = 12; B 40 × (1 − 0.6) = 16; C 0 (uncovered); D 6 − 6 back in stock = 0 → 28.00.
    expect(p.cogs).toBeCloseTo(2800, 9);
    expect(p.grossProfit).toBeCloseTo(6200, 9);
    // Shipping costs: 4.00 per order, 9.00 to DE: A 4 + B 9 + C 4 + D 4 = 21.00.
    expect(p.shippingCosts).toBe(2100);
    // Fees on the order total by the rate of the order's day: A 2.9% × 35 + 0.30 = 1.315;
    // B 2.9% × 47 + 0.30 = 1.663; from 06-15 2.5% + 0.25: C 0.75; D 0.625 → 4.353.
    expect(p.paymentFees).toBeCloseTo(435.3, 9);
    // Contribution 62.00 − 21.00 − 4.353 = 36.647; ad spend 10 + 5; fixed 9 + 21 for all of June.
    expect(p.contribution).toBeCloseTo(3664.7, 9);
    expect(p.adSpend).toBe(1500);
    expect(p.contributionAfterMarketing).toBeCloseTo(2164.7, 9);
    expect(p.fixedCosts).toBeCloseTo(3000, 9);
    expect(p.netProfit).toBeCloseTo(-835.3, 9);
    // Break-even ROAS = 1 ÷ (36.647 ÷ 90) = 2.4559…
    expect(p.breakEvenRoas).toBeCloseTo(9000 / 3664.7, 9);
  });

  it('shows how much of net sales is costed, by default margin, or uncovered', () => {
    // Costed: A 30 + D 15 − 15 returned = 30; default margin: B 40; uncovered: C 20.
    expect(p.coverage).toEqual({
      costedNetSales: 3000,
      defaultMarginNetSales: 4000,
      uncoveredNetSales: 2000,
      ordersWithoutFeeRate: 0,
      // A and B by the rate from 06-01, C and D by the one from 06-15; no gateway has its own.
      // Shipping: B by DE's cost, A, C and D at the cost per order; no bands, weights unread.
      shippingBy: { labels: 0, weightBand: 0, country: 1, flat: 3 },
      ordersWithoutWeight: 0,
      feeRuleOrders: [2, 2],
      gatewaysWithoutRule: [{ gateway: '', orders: 4 }],
      orders: 4,
    });
  });

  it('compares with the previous 30 days: no sales, fixed costs of May 2–31 (30 ÷ 31 of 30.00)', () => {
    expect(previous!.netSales).toBe(0);
    expect(previous!.fixedCosts).toBeCloseTo((3000 * 30) / 31, 9);
    expect(previous!.netProfit).toBeCloseTo((-3000 * 30) / 31, 9);
  });

  it('keeps the cost of returned units when they do not go back to stock', () => {
    const p2 = pnl(ds, june, { ...costs, returnsToStock: false }).current;
    // D's unit (6.00) stays a cost: COGS 34.00, net profit −8.353 − 6 = −14.353.
    expect(p2.cogs).toBeCloseTo(3400, 9);
    expect(p2.netProfit).toBeCloseTo(-1435.3, 9);
  });

  it('counts orders before the first dated fee rate as having none', () => {
    const late = { ...costs, paymentFees: [{ from: '2024-06-05', percent: 0.029, fixed: 30 }] };
    const p3 = pnl(ds, june, late).current;
    // A (06-03) has no rate; B 1.663, C 2.9% × 20 + 0.30 = 0.88, D 0.735.
    expect(p3.coverage.ordersWithoutFeeRate).toBe(1);
    expect(p3.paymentFees).toBeCloseTo(166.3 + 88 + 73.5, 9);
  });

  it('with no cost settings every cost but COGS and ad spend is zero and all sales uncosted but M1', () => {
    const p4 = pnl(ds, june, NO_COSTS).current;
    expect(p4.cogs).toBeCloseTo(1200, 9);
    expect(p4.shippingCosts + p4.paymentFees + p4.fixedCosts).toBe(0);
    expect(p4.coverage.uncoveredNetSales).toBe(6000);
  });
});
