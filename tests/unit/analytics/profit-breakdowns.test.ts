/**
 * The P&L by ad channel (Marketing's attribution), sales channel, product type, vendor, country and
 * discount code, the most and least profitable orders, and the Overview's net profit card against
 * its monthly target, on a hand-worked store: five June 2024 orders, every figure below worked out
 * by hand in the comments (never by running the code).
 */
import { describe, expect, it } from 'vitest';
import {
  adChannelProfit,
  dimensionProfit,
  marketing,
  orderProfitTable,
  paymentFee,
  pnl,
} from '../../../core/analytics/index.ts';
import { costSettingsSchema } from '../../../core/schema/costs.ts';
import { createProfitQueries } from '../../../core/worker/profit.ts';
import { build, spend, type OrderRow } from './fixtures.ts';

// Products: M1 mug cost 6.00 (type Mugs, vendor Acme); T1 tee no cost (Tees, Threads: default
// margin 50% for Tees); P1 poster no cost (Posters, Other), no default margin → uncovered.
// Costs: shipping 4.00 per order; fees 3% + 0.20 from 2024-05-01; no fixed costs (first part).
// Spend: "Facebook Ads" 20.00 on 06-05, "Google Ads" 10.00 on 06-06.
//
// A 06-03 c1 utm facebook US SUMMER: 2 × M1 15.00, line discount 3.00, shipping charged 5.00
//   → total 32.00; net 27.00; COGS 12.00; ship 4.00; fee 3% × 32 + 0.20 = 1.16 → 9.84
// B 06-04 c2 utm google DE: 1 × T1 40.00, shipping 6.00 → total 46.00; net 40; COGS 20 (50%);
//   ship 4; fee 1.38 + 0.20 = 1.58 → 14.42
// C 06-10 c1 again utm instagram (meta) US: P1 20.00 + M1 15.00 → total 35.00; net 35; COGS 6
//   (the poster's 20.00 uncovered); ship 4; fee 1.05 + 0.20 = 1.25 → 23.75
// D 06-12 c3 no utm FR SUMMER: 1 × T1 40.00, line discount 4.00 → total 36.00, refunded in full on
//   06-14 (unit back in stock): net 36 − 36 = 0; COGS 18 − 18 = 0; ship 4; fee 1.08 + 0.20 = 1.28
//   (a refund keeps the fee) → −5.28
// E 06-20 c4 utm facebook US: 1 × P1 20.00 → total 20.00; net 20; COGS 0 (uncovered 20); ship 4;
//   fee 0.60 + 0.20 = 0.80 → 15.20
// June: net sales 122.00, COGS 38.00, shipping 20.00, fees 6.07, contribution 57.93
//   (= 9.84 + 14.42 + 23.75 − 5.28 + 15.20), ad spend 30.00, after marketing 27.93.
const orders: OrderRow[] = [
  {
    id: 'A',
    at: '2024-06-03T10:00:00Z',
    customer: 'c1',
    utmSource: 'facebook',
    discountCode: 'SUMMER',
    shipping: 500,
    lines: [{ sku: 'M1', qty: 2, price: 1500, discount: 300 }],
  },
  {
    id: 'B',
    at: '2024-06-04T10:00:00Z',
    customer: 'c2',
    utmSource: 'google',
    country: 'DE',
    shipping: 600,
    lines: [{ sku: 'T1', qty: 1, price: 4000, type: 'Tees', vendor: 'Threads' }],
  },
  {
    id: 'C',
    at: '2024-06-10T10:00:00Z',
    customer: 'c1',
    utmSource: 'instagram',
    lines: [
      { sku: 'P1', qty: 1, price: 2000, type: 'Posters', vendor: 'Other' },
      { sku: 'M1', qty: 1, price: 1500 },
    ],
  },
  {
    id: 'D',
    at: '2024-06-12T10:00:00Z',
    customer: 'c3',
    country: 'FR',
    discountCode: 'SUMMER',
    refunded: 3600,
    refundedAt: '2024-06-14T10:00:00Z',
    lines: [
      {
        sku: 'T1',
        qty: 1,
        price: 4000,
        discount: 400,
        refundedQty: 1,
        type: 'Tees',
        vendor: 'Threads',
      },
    ],
  },
  {
    id: 'E',
    at: '2024-06-20T10:00:00Z',
    customer: 'c4',
    utmSource: 'facebook',
    lines: [{ sku: 'P1', qty: 1, price: 2000, type: 'Posters', vendor: 'Other' }],
  },
];
const options = {
  products: [{ sku: 'M1', title: 'Mug', currency: 'USD', price: 1500, cost: 600 }],
  spend: spend([
    { date: '2024-06-05', channel: 'Facebook Ads', spend: 2000 },
    { date: '2024-06-06', channel: 'Google Ads', spend: 1000 },
  ]),
};
const ds = build(orders, options);
const costs = costSettingsSchema.parse({
  defaultMargins: [{ by: 'productType', key: 'Tees', margin: 0.5 }],
  shippingPerOrder: 400,
  paymentFees: [{ from: '2024-05-01', percent: 0.03, fixed: 20 }],
});
const june = { range: { start: '2024-06-01', end: '2024-06-30' } };

describe('the hand-worked June', () => {
  it('has the P&L of the comments', () => {
    const p = pnl(ds, june, costs).current;
    expect(p.netSales).toBe(12200);
    expect(p.cogs).toBeCloseTo(3800, 9);
    expect(p.shippingCosts).toBe(2000);
    expect(p.paymentFees).toBeCloseTo(607, 9);
    expect(p.contribution).toBeCloseTo(5793, 9);
    expect(p.contributionAfterMarketing).toBeCloseTo(2793, 9);
  });

  it('charges the payment fee on the whole amount charged, gift cards sold included', () => {
    // A 50.00 gift card paid by card: 3% × 50 + 0.20 = 1.70.
    expect(paymentFee(5000, 0.03, 20)).toBeCloseTo(170, 9);
    const withCard = build(
      [
        {
          id: 'G',
          at: '2024-06-03T10:00:00Z',
          lines: [
            { sku: 'M1', qty: 1, price: 1500 },
            { sku: 'GIFT', qty: 1, price: 5000, giftCard: true },
          ],
        },
      ],
      options,
    );
    // Net sales 15.00 (the gift card is not a sale); fee on the total 65.00: 1.95 + 0.20 = 2.15.
    const p = pnl(withCard, june, costs).current;
    expect(p.netSales).toBe(1500);
    expect(p.paymentFees).toBeCloseTo(215, 9);
  });
});

describe('by ad channel, with Marketing’s attribution keys', () => {
  const rows = adChannelProfit(ds, june, costs);
  it('credits each order to the ad channel Marketing credits it to', () => {
    // meta (Facebook Ads): A, C (instagram), E; google (Google Ads): B; no ad channel: D.
    expect(rows.map((r) => [r.channel, r.orders])).toEqual([
      ['Facebook Ads', 3],
      ['Google Ads', 1],
      ['', 1],
    ]);
  });

  it('gives contribution after its own spend, ROAS, break-even ROAS and CAC per channel', () => {
    const [meta, google, none] = rows;
    // meta: net 27 + 35 + 20 = 82; COGS 12 + 6 = 18; shipping and fees 5.16 + 5.25 + 4.80 =
    // 15.21; contribution 48.79; spend 20 → 28.79. Revenue 32 + 35 + 20 = 87 → ROAS 4.35,
    // break-even 87 ÷ 48.79 = 1.7832. New customers c1 (A) and c4 (E) → CAC 20 ÷ 2 = 10.00.
    expect(meta).toMatchObject({ netSales: 8200, cogs: 1800, adSpend: 2000, newCustomers: 2 });
    expect(meta!.shippingAndFees).toBeCloseTo(1521, 9);
    expect(meta!.contribution).toBeCloseTo(4879, 9);
    expect(meta!.contributionAfterMarketing).toBeCloseTo(2879, 9);
    expect(meta!.attributedRevenue).toBe(8700);
    expect(meta!.roas).toBeCloseTo(4.35, 9);
    expect(meta!.breakEvenRoas).toBeCloseTo(8700 / 4879, 9);
    expect(meta!.cac).toBe(1000);
    expect(meta!.uncoveredNetSales).toBe(4000);
    // google: B: 14.42 − 10 = 4.42; revenue 46 → ROAS 4.6, break-even 46 ÷ 14.42; c2 → CAC 10.00.
    expect(google!.contributionAfterMarketing).toBeCloseTo(442, 9);
    expect(google!.roas).toBeCloseTo(4.6, 9);
    expect(google!.breakEvenRoas).toBeCloseTo(4600 / 1442, 9);
    expect(google!.cac).toBe(1000);
    // D: no ad channel, no spend: −5.28.
    expect(none).toMatchObject({ adSpend: 0, roas: null, cac: null, breakEvenRoas: null });
    expect(none!.contribution).toBeCloseTo(-528, 9);
  });

  it('agrees with the Marketing screen on spend, revenue, new customers and CAC', () => {
    const m = marketing(ds, june)!;
    for (const r of m.byChannel) {
      const p = rows.find((x) => x.channel === r.channel)!;
      expect([p.adSpend, p.attributedRevenue, p.newCustomers, p.cac, p.roas]).toEqual([
        r.spend,
        r.attributedRevenue,
        r.newCustomers,
        r.cac,
        r.roas,
      ]);
    }
  });
});

describe('by the other dimensions', () => {
  const keyed = (dim: Parameters<typeof dimensionProfit>[3]) =>
    dimensionProfit(ds, june, costs, dim).map((r) => [
      r.key,
      r.orders,
      r.netSales,
      Math.round((r.contribution ?? r.grossProfit) * 1000) / 1000,
    ]);
  it('by country: contribution per order country', () => {
    // US: A + C + E = 9.84 + 23.75 + 15.20 = 48.79 on 82.00; DE: B 14.42; FR: D −5.28.
    expect(keyed('country')).toEqual([
      ['US', 3, 8200, 4879],
      ['DE', 1, 4000, 1442],
      ['FR', 1, 0, -528],
    ]);
  });

  it('by discount code: no code first here, SUMMER after', () => {
    // No code: B + C + E = 14.42 + 23.75 + 15.20 = 53.37 on 95.00; SUMMER: A + D = 4.56 on 27.00.
    expect(keyed('discountCode')).toEqual([
      ['', 3, 9500, 5337],
      ['SUMMER', 2, 2700, 456],
    ]);
  });

  it('by product type and vendor: gross profit of the lines (shipping and fees not split)', () => {
    // Posters: C 20 + E 20 = 40, no cost → 40; Mugs: A 27 − 12 + C 15 − 6 = 24;
    // Tees: B 40 − 20, D 36 − 36 and 18 − 18 → 20.
    expect(keyed('productType')).toEqual([
      ['Posters', 2, 4000, 4000],
      ['Mugs', 2, 4200, 2400],
      ['Tees', 2, 4000, 2000],
    ]);
    expect(keyed('vendor').map((r) => r[0])).toEqual(['Other', 'Acme', 'Threads']);
    const tees = dimensionProfit(ds, june, costs, 'productType')[2]!;
    expect(tees.shippingAndFees).toBeNull();
    expect(tees.marginRate).toBeCloseTo(0.5, 9);
    const posters = dimensionProfit(ds, june, costs, 'vendor')[0]!;
    expect(posters.uncoveredNetSales).toBe(4000);
  });
});

describe('most and least profitable orders', () => {
  it('lists orders by contribution, with their costs', () => {
    // C 23.75, E 15.20, B 14.42, A 9.84, D −5.28.
    const t = orderProfitTable(ds, june, costs, 2);
    expect(t.orders).toBe(5);
    expect(t.most.map((r) => r.name)).toEqual(['C', 'E']);
    expect(t.least.map((r) => r.name)).toEqual(['D', 'A']);
    // C: net 35.00; costs 6 + 4 + 1.25 = 11.25; contribution 23.75.
    expect(t.most[0]).toMatchObject({ day: '2024-06-10', netSales: 3500 });
    expect(t.most[0]!.costs).toBeCloseTo(1125, 9);
    expect(t.most[0]!.contribution).toBeCloseTo(2375, 9);
    // D: sold and refunded: net 0, costs 4 + 1.28 (its COGS went back to stock).
    expect(t.least[0]!.netSales).toBe(0);
    expect(t.least[0]!.costs).toBeCloseTo(528, 9);
  });
});

describe('the Overview’s net profit card', () => {
  // "Today" 06-15 12:00: June 1–15 holds A–D (D's refund on 06-14). Fixed costs 30.00 a month.
  // Net sales 27 + 40 + 35 + 0 = 102; COGS 38; shipping 16; fees 1.16 + 1.58 + 1.25 + 1.28 = 5.27;
  // contribution 42.73; ad spend 30; fixed 15 × 1.00 = 15 → net profit −2.27.
  // May 1–15: nothing sold, fixed 15 × 30/31 = 14.516 → −14.516.
  // Target 50.00: 13 days of history (06-03 to 06-15) is too short for a forecast, so the pace is
  // the run rate: −2.27 ÷ 15 × 30 = −4.54; gap 50 + 4.54 = 54.54 short; progress −2.27 ÷ 50.
  const card = build(orders, {
    ...options,
    now: Date.parse('2024-06-15T12:00:00Z'),
    targets: [
      { id: 't1', metric: 'profit', month: '2024-06', value: 5000 },
      { id: 't2', metric: 'netSales', month: '2024-06', value: 100000 },
    ],
  });
  const withFixed = { ...costs, fixedCosts: [{ name: 'Apps', monthly: 3000 }] };
  const q = createProfitQueries(
    async () => card,
    async () => withFixed,
  );

  it('is the month to date’s net profit, against the same days of the month before', async () => {
    const c = await q.profitCard();
    expect([c.month, c.start, c.end, c.daysElapsed, c.daysInMonth]).toEqual([
      '2024-06',
      '2024-06-01',
      '2024-06-15',
      15,
      30,
    ]);
    expect(c.pnl.netProfit).toBeCloseTo(-227, 9);
    expect(c.pnl.fixedCosts).toBeCloseTo(1500, 9);
    expect(c.previous.netProfit).toBeCloseTo((-15 * 3000) / 31, 9);
    // Coverage: costed 27 + 15 = 42 (mugs), default margin 40 + 36 − 36 = 40, none 20 (poster).
    expect(c.pnl.coverage).toMatchObject({
      costedNetSales: 4200,
      defaultMarginNetSales: 4000,
      uncoveredNetSales: 2000,
    });
  });

  it('paces the net profit target at the run rate', async () => {
    const t = (await q.profitCard()).target!;
    expect(t.metric).toBe('profit');
    expect(t.target).toBe(5000);
    expect(t.actual).toBeCloseTo(-227, 9);
    expect(t.forecastProjection).toBeNull();
    expect(t.runRateProjection).toBeCloseTo(-454, 9);
    expect(t.gap).toBeCloseTo(5454, 9);
    expect(t.progress).toBeCloseTo(-0.0454, 9);
    expect(t.onTrack).toBe(false);
  });

  it('has no target row when no profit target is set', async () => {
    const none = createProfitQueries(
      async () => build(orders, { ...options, now: Date.parse('2024-06-15T12:00:00Z') }),
      async () => withFixed,
    );
    expect((await none.profitCard()).target).toBeNull();
  });
});
