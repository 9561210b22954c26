// Reconcile with the platform on the hand-worked New York week of sales.test.ts: each platform
// figure below is what a tool making one other choice shows, worked out by hand from the rows.
import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import { reconcile } from '../../../core/analytics/index.ts';
import { parseUserAmount } from '../../../core/ui/format.ts';

const rows: OrderRow[] = [
  {
    id: 'o1',
    at: '2024-01-10T15:00:00Z',
    customer: 'c1',
    shipping: 800,
    taxes: 440,
    lines: [
      { sku: 'A', qty: 2, price: 2500, discount: 500 },
      { sku: 'B', qty: 1, price: 1000 },
    ],
  },
  // Refunded in full (2500 goods + 200 taxes) on the 15th: after the range, under refund dating.
  {
    id: 'o2',
    at: '2024-01-11T03:30:00Z', // 22:30 on the 10th in New York, the 11th in UTC
    customer: 'c2',
    taxes: 200,
    refunded: 2700,
    refundedAt: '2024-01-15T12:00:00Z',
    lines: [{ sku: 'A', qty: 1, price: 2500 }],
  },
  // Cancelled on the 13th: a sale of 3000 + 500 shipping on the 12th and its return on the 13th.
  {
    id: 'o3',
    at: '2024-01-12T18:00:00Z',
    customer: 'c1',
    shipping: 500,
    cancelledAt: '2024-01-13T10:00:00Z',
    lines: [{ sku: 'B', qty: 3, price: 1000 }],
  },
  // A 50.00 gift card beside a 10.00 mug, on the 14th.
  {
    id: 'o4',
    at: '2024-01-14T16:00:00Z',
    customer: 'c3',
    lines: [
      { sku: 'M', qty: 1, price: 1000 },
      { sku: '', qty: 1, price: 5000, title: 'Gift Card', giftCard: true },
    ],
  },
];
const ds = build(rows, { timezone: 'America/New_York' });
// Ours: gross 6000 + 2500 + 3000 + 1000 = 12500, discounts 500, returns 3000 (o3) → net 9000;
// shipping 800 + 500 − 500 = 800, taxes 440 + 200 = 640 → total sales 10440.
const q = { range: { start: '2024-01-10', end: '2024-01-14' } };

describe('reconcile with the platform', () => {
  it('names refund dating when the platform dates returns by order day', () => {
    // By order day o2's 2500 goods come off too: 9000 − 2500 = 6500.
    const r = reconcile(ds, q, 'netSales', 6500);
    expect(r.ours).toBe(9000);
    expect(r.gap).toBe(-2500);
    expect(r.explainedBy).toEqual(['refundDating']);
    expect(r.unexplained).toBe(0);
  });

  it('names shipping and taxes, and gift cards, when both are counted in', () => {
    // 9000 + 800 + 640 + 5000 gift card = 15440
    const r = reconcile(ds, q, 'netSales', 15440);
    expect([...r.explainedBy].sort()).toEqual(['giftCards', 'shippingTaxes']);
    expect(r.choices.find((c) => c.id === 'giftCards')!.delta).toBe(5000);
    expect(r.choices.find((c) => c.id === 'shippingTaxes')!.delta).toBe(1440);
    expect(r.unexplained).toBe(0);
  });

  it('names cancelled orders when the platform leaves them out of the order count', () => {
    const r = reconcile(ds, q, 'orders', 3);
    expect(r.ours).toBe(4);
    expect(r.explainedBy).toEqual(['cancelled']);
    // Left out altogether, o3 moves total sales by nothing: its sale and return cancel out.
    expect(reconcile(ds, q, 'totalSales', 10440).choices.map((c) => c.id)).not.toContain(
      'cancelled',
    );
  });

  it('names the UTC day cut, and shows what no choice explains', () => {
    // Cut in UTC, the range 10–14 Jan loses nothing and gains nothing but o4 stays; o2 moves from
    // the 10th to the 11th, still inside: orders stay 4. A window of the 10th alone shows it:
    const day = { range: { start: '2024-01-10', end: '2024-01-10' } };
    // Ours on the 10th (New York): o1 and o2 → 2 orders; in UTC only o1.
    const r = reconcile(ds, day, 'orders', 1);
    expect(r.ours).toBe(2);
    expect(r.explainedBy).toEqual(['utc']);
    const odd = reconcile(ds, q, 'netSales', 9123);
    expect(odd.explainedBy).toEqual([]);
    expect(odd.unexplained).toBe(123);
  });
});

describe("the device's timezone and orders in other currencies", () => {
  it("names the device's day cut when it differs from the store's", () => {
    // In Paris, o1 (15:00Z) is on the 10th and o2 (03:30Z → 04:30) on the 11th: 1 order on the 10th.
    const day = { range: { start: '2024-01-10', end: '2024-01-10' } };
    const r = reconcile(ds, day, 'orders', 1, { deviceZone: 'Europe/Paris' });
    const device = r.choices.find((c) => c.id === 'deviceZone')!;
    expect(device.delta).toBe(-1);
    expect(device.label).toContain('Europe/Paris');
    expect(r.unexplained).toBe(0);
    // A device in the store's own zone is no choice at all.
    const same = reconcile(ds, day, 'orders', 1, { deviceZone: 'America/New_York' });
    expect(same.choices.map((c) => c.id)).not.toContain('deviceZone');
  });

  it('names orders converted from another currency', () => {
    // A €20.00 order on the 12th at 1.10 $/€ → $22.00: net sales 9000 + 2200 = 11200 cents.
    const withEuro = build(
      [
        ...rows,
        {
          id: 'o5',
          at: '2024-01-12T15:00:00Z',
          customer: 'c4',
          currency: 'EUR',
          lines: [{ sku: 'M', qty: 2, price: 1000 }],
        },
      ],
      {
        timezone: 'America/New_York',
        fxRates: [{ month: '2024-01', from: 'EUR', rate: 1.1 }],
      },
    );
    // A platform reporting in dollars only shows the 9000 of the dollar orders.
    const r = reconcile(withEuro, q, 'netSales', 9000);
    expect(r.ours).toBe(11200);
    expect(r.explainedBy).toEqual(['currency']);
    const c = r.choices.find((x) => x.id === 'currency')!;
    expect(c.delta).toBe(-2200);
    expect(c.label).toContain('EUR');
    // Without a foreign order there is no such choice.
    expect(reconcile(ds, q, 'netSales', 9000).choices.map((x) => x.id)).not.toContain('currency');
  });
});

describe("the platform's figure as the manager types it", () => {
  it('reads grouping and decimal separators by locale, symbols and spaces aside', () => {
    expect(parseUserAmount('$12,345.67', 'en-US')).toBe(12345.67);
    expect(parseUserAmount('A$271.37', 'en-AU')).toBe(271.37);
    expect(parseUserAmount('12.345,67 €', 'de-DE')).toBe(12345.67);
    expect(parseUserAmount('1.234', 'de-DE')).toBe(1234); // "." groups in German
    expect(parseUserAmount('1 234,5', 'fr-FR')).toBe(1234.5);
    expect(parseUserAmount('12,50', 'de-DE')).toBe(12.5);
    expect(parseUserAmount('−80', 'en-US')).toBe(-80);
    expect(parseUserAmount('twelve', 'en-US')).toBeNaN();
  });
});
