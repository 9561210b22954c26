/**
 * Payment fees per gateway (issue 19): which dated rate applies to each order, worked by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  feeGatewayOf,
  feeGateways,
  gatewayKey,
  matchLabelCosts,
  pnl,
  type CostsLike,
} from '../../../core/analytics/index.ts';
import { costSettingsSchema } from '../../../core/schema/costs.ts';
import { build } from './fixtures.ts';

// Six June 2024 orders, one line each, no shipping charged and no tax (total = the line):
// G1 06-02 Shopify Payments 100.00; G2 06-12 shopify_payments (as the Admin API names it) 50.00;
// G3 06-05 PayPal Express Checkout 20.00; G4 06-08 gift_card + Shopify Payments 40.00;
// G5 06-09 manual 10.00; G6 06-03 gateway unknown 30.00.
const ds = build([
  { id: 'G1', at: '2024-06-02T10:00:00Z', gateway: 'Shopify Payments', lines: [l(10000)] },
  { id: 'G2', at: '2024-06-12T10:00:00Z', gateway: 'shopify_payments', lines: [l(5000)] },
  { id: 'G3', at: '2024-06-05T10:00:00Z', gateway: 'PayPal Express Checkout', lines: [l(2000)] },
  {
    id: 'G4',
    at: '2024-06-08T10:00:00Z',
    gateway: 'gift_card + Shopify Payments',
    lines: [l(4000)],
  },
  { id: 'G5', at: '2024-06-09T10:00:00Z', gateway: 'manual', lines: [l(1000)] },
  { id: 'G6', at: '2024-06-03T10:00:00Z', lines: [l(3000)] },
]);
function l(price: number) {
  return { sku: 'S1', qty: 1, price };
}

// Rates: 0 Shopify Payments 2.9% + 0.30 from 06-01; 1 Shopify Payments 2.6% + 0.30 from 06-10 (a
// change of plan); 2 PayPal 3.49% + 0.49 from 06-06; 3 all other gateways 1% + 0.10 from 06-04.
const costs: CostsLike = costSettingsSchema.parse({
  paymentFees: [
    { gateway: 'Shopify Payments', from: '2024-06-01', percent: 0.029, fixed: 30 },
    { gateway: 'Shopify Payments', from: '2024-06-10', percent: 0.026, fixed: 30 },
    { gateway: 'PayPal Express Checkout', from: '2024-06-06', percent: 0.0349, fixed: 49 },
    { from: '2024-06-04', percent: 0.01, fixed: 10 },
  ],
});
const june = { range: { start: '2024-06-01', end: '2024-06-30' } };

describe('payment fees per gateway', () => {
  const p = pnl(ds, june, costs).current;

  it('charges each order by its gateway’s rate of its day, else the rate for all others', () => {
    // G1 rate 0: 100 × 2.9% + 0.30 = 3.20. G2 rate 1 (06-12 ≥ 06-10): 50 × 2.6% + 0.30 = 1.60.
    // G3 06-05 is before PayPal's rate (06-06): the rate for all, 20 × 1% + 0.10 = 0.30.
    // G4 by Shopify Payments (the gift card carries no fee), rate 0: 40 × 2.9% + 0.30 = 1.46.
    // G5 manual has no rate of its own: 10 × 1% + 0.10 = 0.20. G6 06-03 is before every rate
    // it could take (the rate for all starts 06-04): no fee. 3.20 + 1.60 + 0.30 + 1.46 + 0.20 = 6.76.
    expect(p.paymentFees).toBeCloseTo(676, 9);
    expect(p.coverage.ordersWithoutFeeRate).toBe(1);
    expect(p.coverage.feeRuleOrders).toEqual([2, 1, 0, 2]);
  });

  it('names the gateways that had no rate of their own, with their orders', () => {
    expect(p.coverage.gatewaysWithoutRule).toEqual([
      { gateway: '', orders: 1 },
      { gateway: 'manual', orders: 1 },
      { gateway: 'PayPal Express Checkout', orders: 1 },
    ]);
  });

  it('lists the stored orders’ gateways, API and CSV spellings as one', () => {
    expect(feeGateways(ds)).toEqual([
      { gateway: 'Shopify Payments', orders: 3 },
      { gateway: '', orders: 1 },
      { gateway: 'manual', orders: 1 },
      { gateway: 'PayPal Express Checkout', orders: 1 },
    ]);
    expect(gatewayKey('shopify_payments')).toBe(gatewayKey(' Shopify  Payments'));
    expect(feeGatewayOf('gift_card + PayPal Express Checkout')).toBe('PayPal Express Checkout');
    expect(feeGatewayOf('gift_card')).toBe('gift_card');
  });

  it('reads rates stored before gateways existed as rates for every gateway', () => {
    const old = costSettingsSchema.parse({
      paymentFees: [{ from: '2024-06-01', percent: 0.029, fixed: 30 }],
    });
    expect(old.paymentFees[0]!.gateway).toBe('');
    // All six orders at 2.9% + 0.30: 250.00 × 2.9% = 7.25 + 6 × 0.30 = 9.05.
    expect(pnl(ds, june, old).current.paymentFees).toBeCloseTo(905, 9);
  });
});

// Shipping cost by weight band. Products: M1 300 g, T1 200 g, X1 no weight. Orders (June 2024):
// W1 US 2 × M1 = 600 g; W2 DE 2 × M1 = 600 g; W3 US T1 + X1 (X1's weight unknown); W4 FR 3 × M1
// = 900 g; W5 US M1 + a 25.00 gift card (no parcel) = 300 g; W6 US M1 + T1 = 500 g.
const weighed = build(
  [
    { id: 'W1', at: '2024-06-02T10:00:00Z', lines: [{ sku: 'M1', qty: 2, price: 1500 }] },
    {
      id: 'W2',
      at: '2024-06-03T10:00:00Z',
      country: 'DE',
      lines: [{ sku: 'M1', qty: 2, price: 1500 }],
    },
    {
      id: 'W3',
      at: '2024-06-04T10:00:00Z',
      lines: [
        { sku: 'T1', qty: 1, price: 4000 },
        { sku: 'X1', qty: 1, price: 2000 },
      ],
    },
    {
      id: 'W4',
      at: '2024-06-05T10:00:00Z',
      country: 'FR',
      lines: [{ sku: 'M1', qty: 3, price: 1500 }],
    },
    {
      id: 'W5',
      at: '2024-06-06T10:00:00Z',
      lines: [
        { sku: 'M1', qty: 1, price: 1500 },
        { sku: 'GC', qty: 1, price: 2500, giftCard: true },
      ],
    },
    {
      id: 'W6',
      at: '2024-06-07T10:00:00Z',
      lines: [
        { sku: 'M1', qty: 1, price: 1500 },
        { sku: 'T1', qty: 1, price: 4000 },
      ],
    },
  ],
  {
    products: [
      { sku: 'M1', title: 'Mug', currency: 'USD', price: 1500, weight: 300 },
      { sku: 'T1', title: 'Tee', currency: 'USD', price: 4000, weight: 200 },
      { sku: 'X1', title: 'Poster', currency: 'USD', price: 2000 },
    ],
  },
);
// 5.00 per order; DE 9.00; bands US over 0 up to 500 g 4.00, US over 500 up to 1000 g 6.00, any
// country over 500 up to 2000 g 7.50.
const banded: CostsLike = costSettingsSchema.parse({
  shippingPerOrder: 500,
  shippingByCountry: [{ country: 'DE', cost: 900 }],
  shippingByWeight: [
    { country: 'US', fromGrams: 0, toGrams: 500, cost: 400 },
    { country: 'US', fromGrams: 500, toGrams: 1000, cost: 600 },
    { fromGrams: 500, toGrams: 2000, cost: 750 },
  ],
});

describe('shipping cost by weight band', () => {
  const p = pnl(weighed, june, banded).current;
  it('takes the country’s band, else the country’s cost, else a band for any, else the flat cost', () => {
    // W1 US 600 g: US band 500–1000 → 6.00. W2 DE 600 g: no DE band, DE's cost 9.00 (before the
    // band for any country). W3: X1 has no weight, no band can apply; US has no cost of its own
    // → 5.00. W4 FR 900 g: no FR band nor cost → the band for any, 7.50. W5 300 g (the gift card
    // weighs nothing) → 4.00. W6 500 g: up to and including 500 → 4.00.
    // 6 + 9 + 5 + 7.5 + 4 + 4 = 35.50.
    expect(p.shippingCosts).toBe(3550);
    expect(p.coverage.shippingBy).toEqual({ labels: 0, weightBand: 4, country: 1, flat: 1 });
    expect(p.coverage.ordersWithoutWeight).toBe(1);
  });

  it('without bands, costs as before: the country’s, else the flat cost, and weights unread', () => {
    const q = pnl(weighed, june, { ...banded, shippingByWeight: [] }).current;
    // DE 9.00 + five orders at 5.00 = 34.00.
    expect(q.shippingCosts).toBe(3400);
    expect(q.coverage.ordersWithoutWeight).toBe(0);
  });
});

describe('label costs replace the shipping rules for their orders', () => {
  // W1 has two labels (6.10 + 1.25, its number written "#W1" and "W1"), W4 one of 9.99 in EUR
  // (another currency: not counted), and a label for W8, which is no stored order.
  const labels = {
    length: 4,
    columns: {
      orderNumber: { dict: ['#W1', 'W1', 'W4', 'W8'], codes: Int32Array.from([0, 1, 2, 3]) },
      cost: Float64Array.from([610, 125, 999, 500]),
      currency: { dict: ['USD', 'EUR'], codes: Int32Array.from([0, 0, 1, 0]) },
    },
  };
  it('sums an order’s labels, says what matched, and costs the rest by the rules', () => {
    const m = matchLabelCosts(weighed, labels, undefined);
    expect(m).toMatchObject({ labels: 4, orders: 1, unmatched: 1, otherCurrency: 1 });
    const ds = { ...weighed, labelCosts: m.costs };
    const p = pnl(ds, june, banded).current;
    // W1 7.35 from its labels instead of its band's 6.00: 35.50 − 6.00 + 7.35 = 36.85.
    expect(p.shippingCosts).toBeCloseTo(3685, 9);
    expect(p.coverage.shippingBy).toEqual({ labels: 1, weightBand: 3, country: 1, flat: 1 });
  });
});
