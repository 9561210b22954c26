/**
 * Real exports through the whole worker path a user takes: import the file, then read the
 * numbers the Overview, Customers and Products screens show. Expected figures come from the
 * python scripts beside each fixture (tests/fixtures/real/orders/expected.py and
 * tests/fixtures/real/uci/expected.py), which share no code with the project.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStoreDb } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';

const real = fileURLToPath(new URL('../../fixtures/real/', import.meta.url));
const file = (path: string) => new File([readFileSync(real + path)], path.split('/').pop()!);
const json = (path: string) => JSON.parse(readFileSync(real + path, 'utf8'));
const minor = (v: number) => Math.round(v * 100);

let n = 0;
const fresh = () => {
  const name = `real-exports-${++n}`;
  return createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
};

describe('a Shopify development store export (79 columns, SKU-less lines, gift cards)', () => {
  const expected = json('orders/expected.json')['shopify-devstore-full.csv'];
  const range = { start: '2026-01-01', end: '2026-12-31' };

  it('shows the sales, customers and top product expected.py counts', async () => {
    const api = fresh();
    await api.importFiles([file('orders/shopify-devstore-full.csv')], {
      timezone: 'America/New_York',
    });
    const o = await api.overview({ range, compare: 'none' });
    expect(o.currency).toBe(expected.currency);
    expect(o.current).toMatchObject({
      orders: expected.orders,
      grossSales: minor(expected.grossSales),
      discounts: minor(expected.discounts),
      returns: minor(expected.returns),
      netSales: minor(expected.netSales),
      shipping: minor(expected.shipping),
      taxes: minor(expected.taxes),
      totalSales: minor(expected.totalSales),
      customers: expected.customers,
      giftCards: minor(expected.giftCardsSold),
    });
    expect(o.current.returningCustomerRate).toBeCloseTo(expected.returningCustomerRate, 4);

    const c = await api.customers({ range, compare: 'none' });
    expect(c.summary.returningCustomerRate).toBeCloseTo(expected.returningCustomerRate, 4);

    const p = await api.productChanges({ range, compare: 'none' });
    expect(p.top[0]).toMatchObject({
      sku: expected.topProduct.key,
      netSales: minor(expected.topProduct.netSales),
    });
    // 38 of 40 lines have no SKU: they are their own products, not one merged "Gift Card".
    expect(new Set(p.top.map((r) => r.title)).size).toBe(p.top.length);
  });
});

describe('a Shopify report with 10 of its columns (tax-inclusive, +10/+11 offsets, no currency)', () => {
  const name = 'orders/shopify-report-10-columns.csv';
  const expected = json('orders/expected.json')['shopify-report-10-columns.csv'];

  it('is recognised as Shopify, asks for its currency, offers Sydney time, and reads as expected.py', async () => {
    const api = fresh();
    const f = file(name);
    const preview = await api.previewFile(f);
    expect(preview.format).toBe('shopify-orders');
    expect(preview.confidence).toBeLessThan(1); // a subset of the export's columns
    expect(preview.needsCurrency).toBe(true);
    expect(preview.timezoneCandidates).toEqual(
      expect.arrayContaining(['Australia/Sydney', 'Australia/Melbourne', 'Australia/Hobart']),
    );
    expect(preview.timezoneCandidates).not.toContain('UTC');
    expect(preview.warnings.join(' ')).toContain('Subtotal + Shipping = Total');
    // Without the currency confirmed, refused with the column named; nothing stored.
    await expect(api.importFiles([f], { timezone: 'Australia/Sydney' })).rejects.toMatchObject({
      message: expect.stringContaining("no 'Currency' column"),
    });
    await api.importFiles([f], {
      timezone: 'Australia/Sydney',
      currency: 'AUD',
      fileCurrencies: { [f.name]: 'AUD' },
    });
    const all = await api.overview({ range: { start: '2026-01-01', end: '2026-12-31' } });
    expect(all.currency).toBe('AUD');
    expect(all.current).toMatchObject({
      orders: expected.orders,
      netSales: minor(expected.netSales),
      shipping: minor(expected.shipping),
      taxes: minor(expected.taxes),
      totalSales: minor(expected.totalSales),
      discounts: 0,
    });
    const nov = await api.overview({ range: { start: '2026-11-01', end: '2026-11-30' } });
    expect(nov.current.orders).toBe(expected.novemberOrders);
    expect(nov.current.netSales).toBe(minor(expected.novemberNetSales));
  });
});

describe('UCI Online Retail (line-level, credit notes, guests)', () => {
  const expected = json('uci/expected.json');
  const range = { start: '2010-12-01', end: '2010-12-31' };

  it('shows the orders, returns, net sales and customers expected.py counts', async () => {
    const api = fresh();
    const f = file('uci/online-retail-slice.csv');
    // As the Import screen does: preview, then confirm the suggested mapping.
    const preview = await api.previewFile(f);
    expect(preview.suggestedMapping).not.toBeNull();
    const r = await api.importFiles([f], {
      mappings: { [f.name]: preview.suggestedMapping! },
      timezone: 'Europe/London',
      currency: 'GBP',
    });
    expect(r.files[0]!.rejected).toBe(expected.rejected);
    const o = await api.overview({ range, compare: 'none' });
    expect(o.current).toMatchObject({
      orders: expected.orders, // credit notes are returns, not orders
      grossSales: expected.grossMinor,
      returns: expected.returnsMinor,
      netSales: expected.netSalesMinor,
      customers: expected.customers,
    });
    expect(o.current.refundRules.creditNote).toBe(expected.creditNotes);
    // What the app says while a big store loads: every invoice (credit notes too) and every line.
    expect(await fresh().storedRows()).toEqual({ orders: 0, lines: 0 });
    expect(await api.storedRows()).toEqual({ orders: expected.invoices, lines: expected.rows });
  });
});
