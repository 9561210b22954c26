/**
 * What a customer is worth against what they cost: CAC payback per acquisition cohort, LTV:CAC,
 * the 12-month value by first product, first channel and first discount code, on a hand-worked
 * store (every figure worked out by hand in the comments), and the predicted value per customer
 * (BG/NBD × Gamma-Gamma; the models themselves are checked against the CDNOW reference in
 * clv.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  bgNbdConditional,
  createDataset,
  customerValue,
  gammaGammaSpend,
  orderContributions,
  predictedValue,
  repeatSummary,
} from '../../../core/analytics/index.ts';
import { costSettingsSchema } from '../../../core/schema/costs.ts';
import { build, spend } from './fixtures.ts';
import { syntheticStore } from './synthetic.ts';

// No shipping or fee costs. Mug M1 10.00, cost 4.00 → 6.00 a unit; Poster P2 20.00, cost 15.00 →
// 5.00. Ad spend: Google Ads 30.00 in January 2024, 20.00 in February.
// c1 2024-01-05 1 × M1, utm google, code WELCOME (6.00); 2024-02-10 2 × M1 (12.00); 2024-04-01 1 × M1 (6.00)
// c2 2024-01-20 1 × P2 (5.00); 2025-02-01 1 × M1 (6.00)
// c3 2024-02-15 1 × M1 (6.00); c4 2024-02-20 3 × M1 (18.00). The data ends 2025-02-01.
const ds = build(
  [
    {
      id: '1',
      at: '2024-01-05T10:00:00Z',
      customer: 'c1',
      utmSource: 'google',
      discountCode: 'WELCOME',
      lines: [{ sku: 'M1', qty: 1, price: 1000 }],
    },
    {
      id: '2',
      at: '2024-01-20T10:00:00Z',
      customer: 'c2',
      lines: [{ sku: 'P2', qty: 1, price: 2000 }],
    },
    {
      id: '3',
      at: '2024-02-10T10:00:00Z',
      customer: 'c1',
      lines: [{ sku: 'M1', qty: 2, price: 1000 }],
    },
    {
      id: '4',
      at: '2024-02-15T10:00:00Z',
      customer: 'c3',
      lines: [{ sku: 'M1', qty: 1, price: 1000 }],
    },
    {
      id: '5',
      at: '2024-02-20T10:00:00Z',
      customer: 'c4',
      lines: [{ sku: 'M1', qty: 3, price: 1000 }],
    },
    {
      id: '6',
      at: '2024-04-01T10:00:00Z',
      customer: 'c1',
      lines: [{ sku: 'M1', qty: 1, price: 1000 }],
    },
    {
      id: '7',
      at: '2025-02-01T10:00:00Z',
      customer: 'c2',
      lines: [{ sku: 'M1', qty: 1, price: 1000 }],
    },
  ],
  {
    products: [
      { sku: 'M1', title: 'Mug', currency: 'USD', price: 1000, cost: 400 },
      { sku: 'P2', title: 'Poster', currency: 'USD', price: 2000, cost: 1500 },
    ],
    spend: spend([
      { date: '2024-01-10', channel: 'Google Ads', spend: 3000 },
      { date: '2024-02-10', channel: 'Google Ads', spend: 2000 },
    ]),
  },
);
const costs = costSettingsSchema.parse({});
const v = customerValue(ds, costs);

describe('acquisition cohorts', () => {
  it('gives each order its contribution', () => {
    expect(Array.from(orderContributions(ds, costs))).toEqual([
      600, 500, 1200, 600, 1800, 600, 600,
    ]);
  });

  it('pays January back in month 13, February in its first month', () => {
    // January (c1, c2): CAC 30 ÷ 2 = 15.00. Per customer: Jan (6 + 5) ÷ 2 = 5.50, Feb + 12 → 11.50,
    // Mar 11.50, Apr + 6 → 14.50, then flat until Feb 2025 (month 13): + 6 → 17.50 ≥ 15.
    // 12-month contribution (months 0–11) 14.50 → LTV:CAC 14.5 ÷ 15 = 0.967.
    // February (c3, c4): CAC 20 ÷ 2 = 10.00; Feb (6 + 18) ÷ 2 = 12.00 ≥ 10 → month 0; 13 months of
    // data (Feb 2024 – Feb 2025) → 12-month contribution 12.00, LTV:CAC 1.2.
    expect(v.cohorts.map((c) => c.month)).toEqual(['2024-01', '2024-02']);
    const [jan, feb] = v.cohorts;
    expect(jan).toMatchObject({ customers: 2, spend: 3000, cac: 1500, paybackMonth: 13 });
    expect(jan!.cumulative.slice(0, 4)).toEqual([550, 1150, 1150, 1450]);
    expect(jan!.cumulative).toHaveLength(14);
    expect(jan!.cumulative[13]).toBe(1750);
    expect(jan!.contribution12).toBe(1450);
    expect(jan!.ltvToCac).toBeCloseTo(14.5 / 15, 12);
    expect(feb).toMatchObject({ customers: 2, cac: 1000, paybackMonth: 0, contribution12: 1200 });
    expect(feb!.cumulative).toHaveLength(13);
    expect(feb!.ltvToCac).toBeCloseTo(1.2, 12);
  });
});

describe('12-month value by first order', () => {
  // Customers with a full year of data: c1 (from 2024-01-05) and c2 (from 2024-01-20, window to
  // 2025-01-18, so its 2025-02-01 order is outside). c3 and c4 started less than a year before
  // the data's end. c1: net 10 + 20 + 10 = 40.00, contribution 24.00; c2: 20.00 and 5.00.
  it('by first product, first channel and first discount code', () => {
    const rows = (r: typeof v.byFirstProduct) =>
      r.map((x) => [x.key, x.customers, x.netSales12, x.contribution12]);
    expect(rows(v.byFirstProduct)).toEqual([
      ['Mug', 1, 4000, 2400],
      ['Poster', 1, 2000, 500],
    ]);
    // c1's first order came from Google Ads (utm google); c2's from no ad: its sales channel.
    expect(rows(v.byFirstChannel)).toEqual([
      ['Direct', 1, 2000, 500],
      ['Google Ads', 1, 4000, 2400],
    ]);
    expect(rows(v.byFirstDiscountCode)).toEqual([
      ['', 1, 2000, 500],
      ['WELCOME', 1, 4000, 2400],
    ]);
  });
});

describe('predicted value per customer', () => {
  it('summarises each customer as BG/NBD reads them (weeks)', () => {
    // c1: order days 01-05, 02-10, 04-01 → x = 2; t_x = 87 days = 12.43 weeks; T = 393 days
    // (2024-01-05 to 2025-02-01) = 56.14 weeks; mean repeat net (20 + 10) ÷ 2 = 15.00.
    const s = repeatSummary(ds);
    expect(s.frequency).toHaveLength(4);
    const c1 = ds.orders.columns.customerKey.dict.indexOf('c1');
    const k = Array.from(s.customers).indexOf(c1);
    expect(s.frequency[k]).toBe(2);
    expect(s.recency[k]).toBeCloseTo(87 / 7, 12);
    expect(s.T[k]).toBeCloseTo(393 / 7, 12);
    expect(s.meanSpend[k]).toBe(1500);
  });

  it('says nothing with too few customers to fit the models', () => {
    expect(v.predicted).toBeNull();
  });

  it('is expected orders × expected order value for each customer of a real-sized store', () => {
    const big = createDataset(syntheticStore({ orders: 4000, days: 540 }));
    const p = predictedValue(big, 5)!.value;
    expect(p).not.toBeNull();
    expect(p.customers).toBeGreaterThan(100);
    const s = repeatSummary(big);
    const keys = big.orders.columns.customerKey.dict;
    for (const r of p.top) {
      const k = Array.from(s.customers).findIndex((c) => keys[c] === r.customerKey);
      const x = s.frequency[k]!;
      expect(r.expectedOrders).toBeCloseTo(
        bgNbdConditional(p.bgNbd, 52, x, s.recency[k]!, s.T[k]!),
        9,
      );
      expect(r.expectedOrderValue).toBeCloseTo(
        gammaGammaSpend(p.gammaGamma, x, s.meanSpend[k]!),
        9,
      );
      expect(r.predictedValue).toBeCloseTo(r.expectedOrders * r.expectedOrderValue, 9);
    }
    // Most valuable first, and the total is every customer's sum.
    expect(p.top[0]!.predictedValue).toBeGreaterThanOrEqual(p.top.at(-1)!.predictedValue);
    expect(p.perCustomer).toBeCloseTo(p.total / p.customers, 9);
  });
});

/*
 * Predicted contribution on a hand-worked store (shipping cost 2.00 an order, no payment fees):
 *   Mug 10.00, cost 4.00: an order leaves 10 − 4 − 2 = 4.00, a margin of 40%.
 *   Sticker 3.00, cost 1.50: an order leaves 3 − 1.5 − 2 = −0.50, a margin of −0.5 ÷ 3 = −16.67%.
 *   M01–M12 buy one Mug an order, 1 + (i mod 4) orders (30 orders); S1–S6 one Sticker, 1 + (i mod 3)
 *   orders (12); R1, R2 one Mug each, returned in full (back to stock: net 0, cost of goods 0,
 *   shipping 2.00 → −2.00, no net sales left → the store's margin).
 *   Store: net 30 × 10 + 12 × 3 = 336.00; contribution 30 × 4 − 12 × 0.5 − 2 × 2 = 110.00 →
 *   margin 110 ÷ 336 = 32.74%. Google Ads 60.00 in January 2024, when M01–M12 and S1–S6 start.
 */
describe('predicted contribution', () => {
  const rows: Parameters<typeof build>[0] = [];
  const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString();
  const pad = (i: number) => String(i).padStart(2, '0');
  for (let i = 1; i <= 12; i++)
    for (let k = 0; k < 1 + (i % 4); k++)
      rows.push({
        id: `#M${pad(i)}-${k + 1}`,
        at: day(i + k * (20 + 7 * i)),
        customer: `m${i}`,
        lines: [{ sku: 'MUG', qty: 1, price: 1000 }],
      });
  for (let i = 1; i <= 6; i++)
    for (let k = 0; k < 1 + (i % 3); k++)
      rows.push({
        id: `#S${pad(i)}-${k + 1}`,
        at: day(i + 12 + k * (25 + 9 * i)),
        customer: `s${i}`,
        country: 'CA',
        lines: [{ sku: 'STICKER', qty: 1, price: 300 }],
      });
  for (let i = 1; i <= 2; i++)
    rows.push({
      id: `#R${pad(i)}-1`,
      at: day(30 * i + 10),
      customer: `r${i}`,
      refunded: 1000,
      refundedAt: day(30 * i + 17),
      lines: [{ sku: 'MUG', qty: 1, price: 1000, refundedQty: 1 }],
    });
  const store = build(rows, {
    products: [
      { sku: 'MUG', title: 'Mug', currency: 'USD', price: 1000, cost: 400 },
      { sku: 'STICKER', title: 'Sticker', currency: 'USD', price: 300, cost: 150 },
    ],
    spend: spend([{ date: '2024-01-15', channel: 'Google Ads', spend: 6000 }]),
  });
  const shipping = costSettingsSchema.parse({ shippingPerOrder: 200 });
  const value = customerValue(store, shipping);
  const p = value.predicted!;
  const row = (first: string) => p.top.find((r) => r.firstOrder === first)!;

  it('fits on all 20 customers and applies each one’s own margin', () => {
    expect(p).not.toBeNull();
    expect(p.customers).toBe(20);
    expect(p.top).toHaveLength(20);
    expect(p.margin).toBeCloseTo(110 / 336, 12);
    // M03: 1 + 3 = 4 Mug orders: net 40.00, contribution 16.00, margin 40%.
    const m3 = row('#M03-1');
    expect(m3).toMatchObject({
      lastOrderName: '#M03-4',
      orders: 4,
      netSalesToDate: 4000,
      contributionToDate: 1600,
      firstOrderDay: '2024-01-04',
      country: 'US',
      storeMargin: false,
    });
    expect(m3.margin).toBeCloseTo(0.4, 12);
    expect(m3.predictedContribution).toBeCloseTo(m3.predictedValue * 0.4, 9);
    expect(m3.predictedValue).toBeCloseTo(m3.expectedOrders * m3.expectedOrderValue, 9);
  });

  it('predicts a loss for a customer whose orders lose money, and the store margin after a full return', () => {
    // S2: 1 + 2 = 3 Sticker orders: net 9.00, contribution −1.50.
    const s2 = row('#S02-1');
    expect(s2).toMatchObject({ orders: 3, netSalesToDate: 900, contributionToDate: -150 });
    expect(s2.country).toBe('CA');
    expect(s2.margin).toBeCloseTo(-1 / 6, 12);
    expect(s2.predictedContribution).toBeLessThan(0);
    expect(s2.predictedContribution).toBeCloseTo(s2.predictedValue * (-1 / 6), 9);
    const r1 = row('#R01-1');
    expect(r1).toMatchObject({ netSalesToDate: 0, contributionToDate: -200, storeMargin: true });
    expect(r1.predictedContribution).toBeCloseTo(r1.predictedValue * (110 / 336), 9);
    // The six Sticker customers cost more than they bring; they come last.
    expect(p.lossMaking).toBe(6);
    expect(p.top.slice(-6).every((r) => r.firstOrder.startsWith('#S'))).toBe(true);
    const sum = p.top.reduce((a, r) => a + r.predictedContribution, 0);
    expect(p.totalContribution).toBeCloseTo(sum, 6);
    expect(p.perCustomerContribution).toBeCloseTo(sum / 20, 6);
  });

  it('gives each acquisition cohort its predicted contribution and predicted LTV:CAC', () => {
    // January: M01–M12 and S1–S6 (18 customers), CAC 60 ÷ 18 = 3.33.
    const jan = value.cohorts[0]!;
    expect(jan).toMatchObject({ month: '2024-01', customers: 18 });
    expect(jan.cac).toBeCloseTo(6000 / 18, 9);
    const janRows = p.top.filter((r) => r.firstOrderDay < '2024-02-01');
    expect(janRows).toHaveLength(18);
    const future = janRows.reduce((a, r) => a + r.predictedContribution, 0) / 18;
    expect(jan.predictedContribution).toBeCloseTo(future, 6);
    // To date: R1 and R2 started in February and March, so January's 18 hold all 30 Mug orders
    // and 12 Sticker orders: 30 × 4 − 12 × 0.5 = 114.00 ÷ 18 = 6.33 per customer.
    expect(jan.cumulative.at(-1)).toBeCloseTo(11400 / 18, 6);
    expect(jan.predictedLtvToCac).toBeCloseTo((11400 / 18 + future) / (6000 / 18), 6);
  });
});
