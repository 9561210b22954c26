import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import {
  compareRange,
  defaultRange,
  overview,
  salesBreakdown,
  salesSeries,
  kpis,
} from '../../../core/analytics/index.ts';

// A week of a small New York store (EST = UTC−5), figures worked out by hand below.
const rows: OrderRow[] = [
  {
    id: 'o4',
    at: '2023-12-20T12:00:00Z',
    customer: 'c3',
    lines: [{ sku: 'C', qty: 1, price: 4000 }],
  },
  {
    id: 'o1',
    at: '2024-01-10T15:00:00Z',
    customer: 'c1',
    channel: 'Online Store',
    shipping: 800,
    taxes: 440,
    lines: [
      { sku: 'A', qty: 2, price: 2500, discount: 500 },
      { sku: 'B', qty: 1, price: 1000, type: 'Tees' },
    ],
  },
  // 03:30 UTC on the 11th is 22:30 on the 10th in New York.
  {
    id: 'o2',
    at: '2024-01-11T03:30:00Z',
    customer: 'c2',
    channel: 'Instagram',
    country: 'CA',
    taxes: 200,
    refunded: 2700,
    refundedAt: '2024-01-15T12:00:00Z',
    lines: [{ sku: 'A', qty: 1, price: 2500, refundedQty: 1 }],
  },
  {
    id: 'o3',
    at: '2024-01-12T18:00:00Z',
    customer: 'c1',
    channel: 'Online Store',
    shipping: 500,
    cancelledAt: '2024-01-13T10:00:00Z',
    lines: [{ sku: 'B', qty: 3, price: 1000, type: 'Tees' }],
  },
  {
    id: 'o5',
    at: '2024-01-14T12:00:00Z',
    customer: 'c3',
    currency: 'EUR',
    lines: [{ sku: 'C', qty: 2, price: 4000 }],
  },
  {
    id: 'o6',
    at: '2024-01-14T13:00:00Z',
    currency: 'GBP',
    lines: [{ sku: 'C', qty: 1, price: 3000 }],
  },
];
const opts = {
  timezone: 'America/New_York',
  fxRates: [{ month: '2024-01', from: 'EUR', rate: 1.1 }],
};
const range = { start: '2024-01-10', end: '2024-01-14' };

/** The change the Overview's card for `id` shows. */
const card = (r: ReturnType<typeof overview>, id: string) =>
  r.kpis.find((k) => k.id === id)!.change;

describe('overview', () => {
  const ds = build(rows, opts);

  it('computes Shopify sales KPIs in the store timezone with refunds on the refund day', () => {
    const r = overview(ds, { range });
    expect(r.current).toMatchObject({
      grossSales: 20300, // 6000 + 2500 + 3000 + 8000 EUR × 1.1
      discounts: 500,
      // o3 cancelled on the 13th returns its goods (3000); its shipping (500) comes off Shipping.
      // o2's refund falls on the 15th.
      returns: 3000,
      netSales: 16800,
      shipping: 800, // 800 + 500 − 500 refunded with the cancellation

      taxes: 640,
      totalSales: 18240,
      orders: 4,
      units: 9,
      aov: 4950,
      customers: 3,
      newCustomers: 2, // c1 (o1) and c2
      // Shopify: c1's second order (o3) and c3's (o5, first in December) fall in the period.
      returningCustomers: 2,
      sessions: null,
      conversionRate: null,
      adSpend: null,
      roas: null,
    });
    expect(r.current.returningCustomerRate).toBeCloseTo(2 / 3, 12);
    expect(Array.from(r.series.netSales)).toEqual([8000, 0, 3000, -3000, 8800]);
    expect(Array.from(r.series.orders)).toEqual([2, 0, 1, 0, 1]);
    expect(r.series.days).toEqual([
      '2024-01-10',
      '2024-01-11',
      '2024-01-12',
      '2024-01-13',
      '2024-01-14',
    ]);
  });

  it('reports a currency without an FX rate apart instead of summing it', () => {
    expect(overview(ds, { range }).unconverted).toEqual([
      { currency: 'GBP', orders: 1, totalSales: 3000 },
    ]);
  });

  it('says "new" when the previous period had nothing', () => {
    const r = overview(ds, { range, compare: 'previous-period' });
    expect(r.compareRange).toEqual({ start: '2024-01-05', end: '2024-01-09' });
    expect(r.previous?.netSales).toBe(0);
    expect(card(r, 'netSales')).toBe('new');
    expect(card(r, 'aov')).toBeNull(); // no previous orders → no AOV to compare
  });

  it('computes % change against a non-empty previous period', () => {
    const r = overview(ds, {
      range: { start: '2024-01-12', end: '2024-01-14' },
      compare: 'previous-period',
    });
    // current: o3 + o5 gross 3000 + 8800, returns 3000 (o3's goods) → net 8800;
    // previous (10–11th) net 8000
    expect(r.current.netSales).toBe(8800);
    expect(r.previous?.netSales).toBe(8000);
    expect(card(r, 'netSales')).toBeCloseTo(800 / 8000, 12);
  });

  it('moves returns to the order day under order dating; both datings agree over all time', () => {
    const byOrder = kpis(ds, range, undefined, 'order');
    // o3's goods 3000 + o2's goods 2500 (a full refund of 2700: 2500 goods + 200 taxes)
    expect(byOrder.returns).toBe(5500);
    expect(byOrder.taxes).toBe(440); // 440 + 200 − 200 refunded
    const all = { start: '2023-12-01', end: '2024-01-31' };
    const a = kpis(ds, all, undefined, 'refund');
    const b = kpis(ds, all, undefined, 'order');
    expect(a.returns).toBe(5500);
    expect(a.totalSales).toBe(b.totalSales);
    expect(a.netSales).toBe(b.netSales);
  });

  it('filters by channel and by product type (line level, no shipping or tax)', () => {
    const ch = overview(ds, { range, filters: { channel: ['Online Store'] } }).current;
    expect(ch).toMatchObject({ orders: 2, grossSales: 9000, returns: 3000, netSales: 5500 });
    const pt = overview(ds, { range, filters: { productType: ['Tees'] } }).current;
    expect(pt).toMatchObject({
      orders: 2,
      units: 4,
      grossSales: 4000,
      returns: 3000,
      netSales: 1000,
      shipping: 0,
      taxes: 0,
    });
  });

  it('cuts days in UTC when the store is in UTC', () => {
    const utc = build(rows, { ...opts, timezone: 'UTC' });
    const r = overview(utc, { range: { start: '2024-01-11', end: '2024-01-11' } });
    expect(r.current.orders).toBe(1);
  });

  it('returns zeros for an empty range and a 30-day default range ending on the last data day', () => {
    const r = overview(ds, { range: { start: '2022-01-01', end: '2022-01-31' } });
    expect(r.current).toMatchObject({
      orders: 0,
      netSales: 0,
      aov: null,
      returningCustomerRate: null,
    });
    expect(defaultRange(ds)).toEqual({ start: '2023-12-16', end: '2024-01-14' });
    expect(r.lastDay).toBe('2024-01-14');
  });

  it('handles a single fully refunded order', () => {
    const one = build([
      {
        id: 'x',
        at: '2024-05-05T10:00:00Z',
        customer: 'c',
        shipping: 500,
        taxes: 100,
        refunded: 2600,
        refundedAt: '2024-05-05T12:00:00Z',
        lines: [{ sku: 'A', qty: 1, price: 2000 }],
      },
    ]);
    const r = overview(one, { range: { start: '2024-05-05', end: '2024-05-05' } }).current;
    // A full refund of 2600 = 2000 goods + 500 shipping + 100 taxes.
    expect(r).toMatchObject({
      grossSales: 2000,
      returns: 2000,
      netSales: 0,
      shipping: 0,
      taxes: 0,
      totalSales: 0,
      orders: 1,
      newCustomers: 1,
    });
  });
});

describe('comparison ranges', () => {
  it('takes the same number of days before, or the same dates a year earlier', () => {
    expect(compareRange({ start: '2024-03-01', end: '2024-03-31' }, 'previous-period')).toEqual({
      start: '2024-01-30',
      end: '2024-02-29',
    });
    expect(compareRange({ start: '2024-02-29', end: '2024-03-01' }, 'previous-year')).toEqual({
      start: '2023-02-28',
      end: '2023-03-01',
    });
    expect(compareRange({ start: '2024-02-29', end: '2024-03-01' }, 'none')).toBeNull();
    expect(() => compareRange({ start: '2024-03-02', end: '2024-03-01' }, 'none')).toThrow(
      /before it starts/,
    );
  });
});

describe('salesSeries and salesBreakdown', () => {
  const ds = build(rows, opts);
  it('buckets by ISO week and month, marking partial buckets', () => {
    const w = salesSeries(ds, { range: { start: '2023-12-20', end: '2024-01-14' }, grain: 'week' });
    // 2023-12-20 is a Wednesday in ISO week 51; 2024-01-14 is the Sunday ending week 2.
    expect(w.labels).toEqual(['2023-W51', '2023-W52', '2024-W01', '2024-W02']);
    expect(w.partial).toEqual([true, false, false, false]);
    expect(Array.from(w.netSales)).toEqual([4000, 0, 0, 16800]);
    const m = salesSeries(ds, {
      range: { start: '2023-12-20', end: '2024-01-14' },
      grain: 'month',
    });
    expect(m.labels).toEqual(['2023-12', '2024-01']);
    expect(m.partial).toEqual([true, true]);
    expect(Array.from(m.orders)).toEqual([1, 4]);
    expect(Array.from(m.totalSales)).toEqual([4000, 18240]);
  });

  it('splits sales by channel and by product', () => {
    const byChannel = salesBreakdown(ds, { range }, 'channel');
    expect(byChannel.map((r) => [r.key, r.netSales, r.orders])).toEqual([
      ['Direct', 8800, 1],
      ['Online Store', 5500, 2], // 9000 − 500 discount − 3000 goods of cancelled o3
      ['Instagram', 2500, 1],
    ]);
    const byProduct = salesBreakdown(ds, { range }, 'product');
    expect(byProduct.map((r) => [r.key, r.netSales, r.units, r.shipping])).toEqual([
      ['C', 8800, 2, 0],
      ['A', 7000, 3, 0], // 3 × 2500 − 500 discount
      ['B', 1000, 4, 0], // 4000 − 3000 cancelled
    ]);
    expect(byProduct[0]!.label).toBe('Product C');
  });
});

describe('salesBreakdown by order dimensions', () => {
  it('splits by country and discount code, with shipping and taxes at order level', () => {
    const ds = build(
      [
        {
          id: 'a',
          at: '2024-02-01T10:00:00Z',
          country: 'DE',
          discountCode: 'WELCOME10',
          shipping: 500,
          taxes: 190,
          lines: [{ sku: 'A', qty: 1, price: 1000, discount: 100 }],
        },
        {
          id: 'b',
          at: '2024-02-01T11:00:00Z',
          country: 'FR',
          shipping: 500,
          lines: [{ sku: 'A', qty: 2, price: 1000 }],
        },
        {
          id: 'c',
          at: '2024-02-02T11:00:00Z',
          country: 'DE',
          lines: [{ sku: 'B', qty: 1, price: 300, vendor: 'Kiln & Co' }],
        },
      ],
      {},
    );
    const q = { range: { start: '2024-02-01', end: '2024-02-02' } };
    expect(
      salesBreakdown(ds, q, 'country').map((r) => [
        r.key,
        r.netSales,
        r.shipping,
        r.taxes,
        r.totalSales,
      ]),
    ).toEqual([
      ['FR', 2000, 500, 0, 2500],
      ['DE', 1200, 500, 190, 1890],
    ]);
    expect(
      salesBreakdown(ds, q, 'discountCode').map((r) => [r.key, r.orders, r.discounts]),
    ).toEqual([
      ['', 2, 0],
      ['WELCOME10', 1, 100],
    ]);
    expect(salesBreakdown(ds, q, 'vendor').map((r) => [r.key, r.netSales])).toEqual([
      ['Acme', 2900],
      ['Kiln & Co', 300],
    ]);
  });
});

describe('new customers of a range', () => {
  // p first ordered before the range; q's first order (11 Mar) is in pounds, then one in dollars
  // on the 12th; r's only order is on the 12th. Range 10–12 March.
  const line = (price: number) => [{ sku: 'S', qty: 1, price }];
  const store: OrderRow[] = [
    { id: 'n1', at: '2024-03-02T12:00:00Z', customer: 'p', lines: line(1000) },
    { id: 'n2', at: '2024-03-10T12:00:00Z', customer: 'p', lines: line(500) },
    { id: 'n3', at: '2024-03-11T12:00:00Z', customer: 'q', currency: 'GBP', lines: line(700) },
    { id: 'n4', at: '2024-03-12T12:00:00Z', customer: 'q', lines: line(300) },
    { id: 'n5', at: '2024-03-12T12:00:00Z', customer: 'r', lines: line(200) },
  ];
  const withRate = build(store, { fxRates: [{ month: '2024-03', from: 'GBP', rate: 1.25 }] });
  const withoutRate = build(store);
  const who = (ds: ReturnType<typeof build>, start: string, end: string) => {
    const k = kpis(ds, { start, end });
    return [k.customers, k.newCustomers, k.returningCustomers];
  };

  it('counts customers whose first order is in the range, whatever the currency', () => {
    // p (n2, returning), q (new on the 11th, returning with n4 on the 12th), r (new).
    expect(who(withRate, '2024-03-10', '2024-03-12')).toEqual([3, 2, 2]);
    // q's first order without a rate is left out, but n4 still makes q a customer of the range
    // whose first order is in it: new, and returning.
    expect(who(withoutRate, '2024-03-10', '2024-03-12')).toEqual([3, 2, 2]);
  });

  it('leaves out a customer whose only order of the range has no rate', () => {
    expect(who(withRate, '2024-03-11', '2024-03-11')).toEqual([1, 1, 0]);
    expect(who(withoutRate, '2024-03-11', '2024-03-11')).toEqual([0, 0, 0]);
  });
});
