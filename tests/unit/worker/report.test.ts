// The monthly report's worker queries: products up and down against the same month last year,
// and the manager's commentary kept per month. Expected figures are worked out by hand below.
import { describe, expect, it } from 'vitest';
import { createScreenQueries } from '../../../core/worker/queries.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { openStoreDb } from '../../../core/db/index.ts';
import { generateDemoStore } from '../../../core/demo/index.ts';
import { build } from '../analytics/fixtures.ts';

// Prices in cents. October 2026 against October 2025:
//   A: 2025 2 × 10.00 = 20.00; 2026 3 × 10.00 = 30.00 → +10.00
//   B: 2025 1 × 50.00 = 50.00; 2026 1 × 50.00 − 10.00 discount = 40.00 → −10.00
//   C: 2026 only, 1 × 40.00 = 40.00 → +40.00
//   D: 2025 only, 1 × 25.00 = 25.00 → −25.00
//   November 2026's 10 × A and September 2025's 9 × D fall outside both months.
const ds = build([
  { id: '1', at: '2025-10-05T12:00:00Z', lines: [{ sku: 'A', qty: 2, price: 1000 }] },
  { id: '2', at: '2025-10-06T12:00:00Z', lines: [{ sku: 'B', qty: 1, price: 5000 }] },
  { id: '3', at: '2025-10-20T12:00:00Z', lines: [{ sku: 'D', qty: 1, price: 2500 }] },
  { id: '4', at: '2025-09-30T12:00:00Z', lines: [{ sku: 'D', qty: 9, price: 2500 }] },
  {
    id: '5',
    at: '2026-10-10T12:00:00Z',
    lines: [
      { sku: 'A', qty: 3, price: 1000 },
      { sku: 'C', qty: 1, price: 4000 },
    ],
  },
  {
    id: '6',
    at: '2026-10-31T12:00:00Z',
    lines: [{ sku: 'B', qty: 1, price: 5000, discount: 1000 }],
  },
  { id: '7', at: '2026-11-02T12:00:00Z', lines: [{ sku: 'A', qty: 10, price: 1000 }] },
]);
const queries = createScreenQueries(async () => ds);
const october = {
  range: { start: '2026-10-01', end: '2026-10-31' },
  compare: 'previous-year' as const,
};

describe('productChanges (monthly report)', () => {
  it('ranks the month by net sales and lists the products that fell against last year', async () => {
    const r = await queries.productChanges(october, 5);
    expect(r.top.map((x) => [x.sku, x.netSales, x.previousNetSales, x.change])).toEqual([
      ['B', 4000, 5000, -1000],
      ['C', 4000, 0, 4000],
      ['A', 3000, 2000, 1000],
    ]);
    expect(r.falling.map((x) => [x.sku, x.netSales, x.previousNetSales, x.change])).toEqual([
      ['D', 0, 2500, -2500],
      ['B', 4000, 5000, -1000],
    ]);
    expect(r.top[0]!.units).toBe(1);
    expect(r.falling[0]!.units).toBe(0);
  });

  it('keeps `limit` rows of each', async () => {
    const r = await queries.productChanges(october, 1);
    expect(r.top.map((x) => x.sku)).toEqual(['B']);
    expect(r.falling.map((x) => x.sku)).toEqual(['D']);
  });
});

describe('report commentary', () => {
  const small = () => generateDemoStore({ seed: 3, orders: 300 });
  it('is kept per month, survives a new worker, and a settings save keeps it', async () => {
    const name = 'report-notes-test';
    const first = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
    await first.loadDemo({});
    expect(await first.reportNote('2026-10')).toBe('');
    await first.saveReportNote('2026-10', 'October: the sale carried the month.');
    await first.saveReportNote('2026-09', 'September was quiet.');

    const again = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
    expect(await again.reportNote('2026-10')).toBe('October: the sale carried the month.');
    expect(await again.reportNote('2026-09')).toBe('September was quiet.');
    expect(await again.reportNote('2026-08')).toBe('');

    // The Settings screen saves the stored settings record back with its edits.
    const db = await openStoreDb({ name });
    const stored = (await db.get('settings', 'settings'))!;
    await again.saveSettings({ ...stored, currency: 'USD' }, []);
    expect(await again.reportNote('2026-10')).toBe('October: the sale carried the month.');

    // Clearing the text removes the month's note; the other month stays.
    await again.saveReportNote('2026-10', '   ');
    expect(await again.reportNote('2026-10')).toBe('');
    expect(await again.reportNote('2026-09')).toBe('September was quiet.');
  });

  it('refuses a bad month and an empty store, with a message', async () => {
    const api = createAnalyticsApi({ openDb: () => openStoreDb({ name: 'report-notes-empty' }) });
    await expect(api.saveReportNote('2026-10', 'x')).rejects.toThrow(/no store on this device/);
    await expect(api.saveReportNote('October', 'x')).rejects.toThrow(/Report month/);
  });
});
