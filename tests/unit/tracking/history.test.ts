import { describe, expect, it } from 'vitest';
import { snapshotColumns, tableFromRows } from '../../../core/schema/columns.ts';
import {
  ComparisonError,
  demoSnapshotHistory,
  historyCsv,
  indexHistory,
  landedComparison,
  productSeries,
  summarizeHistory,
  trackedProductsCsv,
} from '../../../core/tracking/index.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 27, 6);
const snap = (
  productId: string,
  daysAgo: number,
  price: number | null,
  extra: Record<string, unknown> = {},
) => ({
  productId,
  at: now - daysAgo * DAY,
  price,
  wasPrice: null,
  currency: price === null ? '' : 'USD',
  availability: 'InStock',
  error: '',
  ...extra,
});

// Appended out of order on purpose: a merged bundle can interleave older snapshots.
const table = tableFromRows(snapshotColumns, [
  snap('a', 40, 10000),
  snap('b', 3, 2490, { currency: 'EUR' }),
  snap('a', 10, 11000),
  snap('a', 0.5, null, { error: 'HTTP 404 Not Found: the page is gone' }),
  snap('a', 2, 9900, { wasPrice: 12900, availability: 'OutOfStock' }),
  snap('a', 20, 10500),
]);

const product = (id: string, name: string) => ({
  id,
  url: `https://shop.example/products/${id}`,
  domain: 'shop.example',
  name,
  brand: '',
  sku: '',
  gtin: '',
  mpn: '',
  variantId: '',
  paused: false,
  createdAt: now - 40 * DAY,
});

describe('history', () => {
  it('groups snapshots per product in time order, with failed checks as gaps', () => {
    const idx = indexHistory(table);
    const s = productSeries(idx, 'a');
    expect(Array.from(s.price)).toEqual([10000, 10500, 11000, 9900, NaN]);
    expect(Array.from(s.inStock)).toEqual([1, 1, 1, 0, NaN]);
    expect(s.errors).toEqual([{ i: 4, reason: 'HTTP 404 Not Found: the page is gone' }]);
    expect(s.x[0]).toBe((now - 40 * DAY) / 1000);
    expect(productSeries(idx, 'missing').x.length).toBe(0);
  });

  it('summarises last price, 7/30-day change, stock and the failing last check', () => {
    const s = summarizeHistory(indexHistory(table), 'a', now);
    expect(s).toMatchObject({
      lastPrice: 9900,
      wasPrice: 12900,
      currency: 'USD',
      availability: 'OutOfStock',
      lastError: 'HTTP 404 Not Found: the page is gone',
      checks: 5,
      failedChecks: 1,
    });
    expect(s.change7).toBeCloseTo(-10, 5); // vs 110.00 ten days ago
    expect(s.change30).toBeCloseTo(-1, 5); // vs 100.00, the last price 30 or more days ago
    expect(summarizeHistory(indexHistory(table), 'b', now).change7).toBeNull();
  });

  it('exports tracked products and full history as CSV with reasons of failed checks', () => {
    const products = [
      product('a', '=HYPERLINK("x") Trail Runner, GTX'),
      product('b', 'Kaffeebecher'),
    ];
    const list = trackedProductsCsv(products, table, now).split('\r\n');
    expect(list[0]).toContain('last_price,was_price,currency,availability,change_7d_pct');
    expect(list[1]).toContain(`"'=HYPERLINK(""x"") Trail Runner, GTX"`);
    expect(list[1]).toContain(',99,129,USD,OutOfStock,-10,');
    const hist = historyCsv(products, table).trim().split('\r\n');
    expect(hist).toHaveLength(1 + 6);
    expect(hist[1]).toContain(',100,,USD,InStock,');
    expect(hist[5]).toMatch(/,,,,InStock,HTTP 404 Not Found: the page is gone$/);
    expect(hist[6]).toContain('24.9,,EUR');
  });
});

describe('landed comparison', () => {
  it('compares in one currency and says when a price was converted', () => {
    const c = landedComparison(
      { price: 2490, currency: 'EUR', title: 'Mug 350 ml' },
      { price: 2500, currency: 'USD', title: 'Mug 350 ml' },
      { base: 'USD', rates: { EUR: 1.08 } },
    );
    expect(c.theirs).toBe(2689);
    expect(c.converted).toEqual({ from: 'EUR', rate: 1.08 });
    expect(c.differencePercent).toBeCloseTo(7.56, 2);
  });

  it('refuses to compare across currencies without a rate', () => {
    expect(() =>
      landedComparison(
        { price: 1, currency: 'EUR', title: '' },
        { price: 1, currency: 'USD', title: '' },
      ),
    ).toThrow(ComparisonError);
  });

  it('compares unit prices when pack sizes differ and keeps sale and regular prices apart', () => {
    const c = landedComparison(
      { price: 900, wasPrice: 1200, currency: 'USD', title: 'Cold brew 6 x 250 ml' },
      { price: 500, currency: 'USD', title: 'Cold brew 1 l' },
    );
    expect(c.unit).toEqual({ unit: 'ml', per: 1000, theirs: 600, own: 500 });
    expect(c.differencePercent).toBeCloseTo(20, 5); // 6.00 vs 5.00 per litre, on sale
    expect(c.regularDifferencePercent).toBeCloseTo(60, 5); // 8.00 vs 5.00 per litre, regular
    expect(c.theirsWas).toBe(1200);
  });
});

describe('demo history for the bench', () => {
  it('builds 50 products × 3 years that index and summarise in one pass', () => {
    const end = Date.UTC(2026, 10, 27);
    const { table, productIds } = demoSnapshotHistory({ products: 50, days: 1095, end });
    expect(table.length).toBe(50 * 1095);
    const t0 = performance.now();
    const idx = indexHistory(table);
    const series = productIds.map((id) => productSeries(idx, id));
    const summaries = productIds.map((id) => summarizeHistory(idx, id, end));
    const ms = performance.now() - t0;
    expect(series.every((s) => s.x.length === 1095)).toBe(true);
    expect(summaries.every((s) => s.lastCheckAt !== null && s.currency === 'USD')).toBe(true);
    // Generous bound for a shared CI core; the bench measures the real number in a browser.
    expect(ms).toBeLessThan(1000);
  });
});
