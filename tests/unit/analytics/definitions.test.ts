// REFERENCE.md "Sales and customers" on a hand-worked store: returns are goods only (refunded
// shipping and taxes come off Shipping and Taxes), gift cards are not sales, a credit note is a
// return and never an order, a line without SKU is its own product, and Shopify's returning
// customer rate counts a second order in the same period. Every figure is worked out by hand.
import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import { kpis, overview, productSales } from '../../../core/analytics/index.ts';

const rows: OrderRow[] = [
  // Customer a: 2 tees and a 50.00 gift card. Total 8800 = 3000 + 5000 gift + 500 + 300.
  {
    id: 'g1',
    at: '2024-06-03T10:00:00Z',
    customer: 'a',
    shipping: 500,
    taxes: 300,
    lines: [
      { sku: 'T1', qty: 2, price: 1500, title: 'Tee' },
      { sku: '', qty: 1, price: 5000, title: 'Gift Card - $50', giftCard: true },
    ],
  },
  // Customer b: two mugs without SKU; total 5000. Refund of 2600 split by the export: 600
  // shipping, no tax, so 2000 goods (the blue mug, refunded quantity 1).
  {
    id: 's1',
    at: '2024-06-04T10:00:00Z',
    customer: 'b',
    shipping: 600,
    taxes: 400,
    refunded: 2600,
    refundedAt: '2024-06-06T09:00:00Z',
    refundedShipping: 600,
    refundedTaxes: 0,
    lines: [
      { sku: '', qty: 1, price: 2000, title: 'Mug - Blue', refundedQty: 1 },
      { sku: '', qty: 1, price: 2000, title: 'Mug - Red' },
    ],
  },
  // Customer a again: total 5000, partial refund of 1000 not split → share 0.2 of each part:
  // goods 800, shipping 200, taxes 0.
  {
    id: 'p1',
    at: '2024-06-05T10:00:00Z',
    customer: 'a',
    shipping: 1000,
    refunded: 1000,
    refundedAt: '2024-06-06T10:00:00Z',
    lines: [{ sku: 'T1', qty: 4, price: 1000, title: 'Tee' }],
  },
  // A credit note of customer b: one tee back, 1500; it is not an order.
  {
    id: 'c1',
    at: '2024-06-06T11:00:00Z',
    customer: 'b',
    kind: 'return',
    refunded: 1500,
    refundedAt: '2024-06-06T11:00:00Z',
    refundedShipping: 0,
    refundedTaxes: 0,
    lines: [{ sku: 'T1', qty: 0, price: 1500, title: 'Tee', refundedQty: 1 }],
  },
  // A guest: two hats without SKU, the same title, different variants (ids from the platform).
  {
    id: 'v1',
    at: '2024-06-07T10:00:00Z',
    lines: [
      { sku: '', qty: 1, price: 1000, title: 'Hat', variantId: 'gid://shopify/ProductVariant/1' },
      { sku: '', qty: 1, price: 1000, title: 'Hat', variantId: 'gid://shopify/ProductVariant/2' },
    ],
  },
];
const ds = build(rows);
const range = { start: '2024-06-01', end: '2024-06-10' };

describe('sales definitions on a hand-worked store', () => {
  it('returns the goods only; refunded shipping and taxes reduce Shipping and Taxes', () => {
    const k = kpis(ds, range);
    expect(k).toMatchObject({
      orders: 4, // g1, s1, p1, v1: the credit note c1 is not an order
      units: 10, // 2 + 2 + 4 + 2: the gift card is not a unit sold
      grossSales: 13000, // 3000 + 4000 + 4000 + 2000: gift card out
      discounts: 0,
      returns: 4300, // s1 2000 + p1 800 + c1 1500
      netSales: 8700,
      shipping: 1300, // 500 + 600 + 1000 − 600 − 200
      taxes: 700, // 300 + 400
      totalSales: 10700, // Σ totals 20800 − gift card 5000 − refunds 2600 + 1000 + 1500
      giftCards: 5000,
    });
    expect(k.refundRules).toEqual({ split: 1, full: 0, proRata: 1, cancelled: 0, creditNote: 1 });
  });

  it('keeps the same definition under a product-type filter and under order dating', () => {
    const typed = kpis(ds, range, { productType: ['Mugs'] }); // every line's default type
    expect(typed).toMatchObject({ grossSales: 13000, returns: 4300, netSales: 8700, orders: 4 });
    const byOrder = overview(ds, { range, refundDating: 'order', compare: 'none' });
    expect(byOrder.current.returns).toBe(4300);
    expect(byOrder.current.shipping).toBe(1300);
    // Net per day under order dating: 3rd 3000; 4th 4000 − 2000; 5th 4000 − 800; 6th the credit
    // note −1500; 7th 2000.
    expect(Array.from(byOrder.series.netSales).slice(2, 7)).toEqual([
      3000, 2000, 3200, -1500, 2000,
    ]);
    const byRefund = overview(ds, { range, compare: 'none' });
    // Under refund dating all three refunds fall on the 6th: −2000 − 800 − 1500.
    expect(Array.from(byRefund.series.netSales).slice(2, 7)).toEqual([
      3000, 4000, 4000, -4300, 2000,
    ]);
  });

  it("counts Shopify's returning customers: a second order in the same period counts", () => {
    const k = kpis(ds, range);
    // a: g1 first, p1 second → returning; b: s1 only (a credit note is no order); v1 a guest.
    expect(k).toMatchObject({ customers: 2, newCustomers: 2, returningCustomers: 1 });
    expect(k.returningCustomerRate).toBe(0.5);
  });

  it('keys lines without SKU by variant, product or title, never merged with others', () => {
    const rows = productSales(ds, { range }).sort((a, b) => a.title.localeCompare(b.title));
    expect(rows.map((r) => [r.title, r.units, r.netSales])).toEqual([
      ['Hat', 1, 1000],
      ['Hat', 1, 1000],
      ['Mug - Blue', 1, 0], // 2000 − its refunded unit
      ['Mug - Red', 1, 2000],
      ['Tee', 6, 4700], // 3000 + 4000 − 800 (p1's partial refund) − 1500 (credit note)
    ]);
    expect(new Set(rows.map((r) => r.sku)).size).toBe(5);
    // Only the tee has a SKU to show; the others are keyed by variant or title.
    expect(rows.map((r) => r.hasSku)).toEqual([false, false, false, false, true]);
    // Product net sales add up to the Overview's net sales.
    expect(rows.reduce((s, r) => s + r.netSales, 0)).toBe(8700);
  });

  it("never joins a SKU-less line to the product whose SKU equals the line's title", () => {
    const clash = build([
      { id: 'x1', at: '2024-06-02T12:00:00Z', lines: [{ sku: 'T1', qty: 1, price: 1500 }] },
      {
        id: 'x2',
        at: '2024-06-02T13:00:00Z',
        lines: [{ sku: '', qty: 2, price: 700, title: 'T1' }],
      },
    ]);
    const rows = productSales(clash, { range }).sort((a, b) => a.netSales - b.netSales);
    expect(rows.map((r) => [r.hasSku, r.units, r.netSales])).toEqual([
      [false, 2, 1400],
      [true, 1, 1500],
    ]);
  });
});
