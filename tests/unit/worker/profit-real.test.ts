/**
 * Profit of a real export through the worker path a user takes: the Shopify development store
 * export (tests/fixtures/real/orders: 5 orders, gift cards, a full refund), imported, then costs
 * saved in Settings. Expected figures come from tests/fixtures/real/orders/profit.py, which
 * shares no code with the project: net sales 1,494.81 (expected.py); cost of goods 0.6 × (line
 * net 2,385.75 − the refunded snowboard's 885.95, back in stock) = 899.88; shipping 4 × 4.00
 * (#1005 is gift cards only: nothing shipped); fees 2.9% × the totals 2,423.76 (gift cards sold
 * included, #1005 too) + 5 × 0.30 = 71.789; contribution 507.141.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';

const real = fileURLToPath(new URL('../../fixtures/real/orders/', import.meta.url));

describe('profit of the Shopify development store export', async () => {
  const name = 'profit-real';
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  const csv = 'shopify-devstore-full.csv';
  await api.importFiles([new File([readFileSync(real + csv)], csv)], {
    timezone: 'America/New_York',
  });
  const db = await openStoreDb({ name });
  const settings = await getSettings(db);
  db.close();
  await api.saveSettings(
    {
      ...settings,
      costs: {
        shippingPerOrder: 400,
        paymentFees: [{ from: '2026-01-01', percent: 0.029, fixed: 30 }],
        defaultMargins: [{ by: 'vendor', key: 'Snowboard Vendor', margin: 0.4 }],
      },
    },
    [],
  );
  const year = { range: { start: '2026-01-01', end: '2026-12-31' }, compare: 'none' as const };

  it('has the P&L profit.py counts', async () => {
    const p = (await api.profit(year)).current;
    expect(p.netSales).toBe(149481);
    expect(p.cogs).toBeCloseTo(89988, 6);
    expect(p.shippingCosts).toBe(1600);
    expect(p.paymentFees).toBeCloseTo(7178.904, 6);
    expect(p.contribution).toBeCloseTo(50714.096, 6);
    expect(p.coverage.orders).toBe(5);
    expect(p.coverage.uncoveredNetSales).toBe(0);
  });

  it('has every order in the orders table, and their contributions add up to the P&L', async () => {
    const b = await api.profitBreakdowns(year);
    expect(b.orders.orders).toBe(5);
    // The refunded #1003: its snowboard's cost went back to stock; it keeps shipping 4.00 and its
    // fee 2.9% × 885.95 + 0.30 = 25.99255 → contribution −29.99255, the least profitable.
    expect(b.orders.least[0]!.name).toBe('#1003');
    expect(b.orders.least[0]!.contribution).toBeCloseTo(-2999.255, 6);
    // #1002: 2 × wax 24.95 less its order-level discount 4.99 = 44.91; cost 0.6 × 49.90 = 29.94
    // (the default margin is on the line's price), shipping 4.00, fee 2.9% × 52.91 + 0.30 =
    // 1.83439 → 9.13561. #1005, gift cards only: its fee 2.9% × 25 + 0.30 = 1.025, nothing else.
    const row = (n: string) => [...b.orders.most, ...b.orders.least].find((r) => r.name === n)!;
    expect(row('#1002').netSales).toBeCloseTo(4491, 6);
    expect(row('#1002').contribution).toBeCloseTo(913.561, 6);
    expect(row('#1005')).toMatchObject({ netSales: 0, cogs: 0 });
    expect(row('#1005').contribution).toBeCloseTo(-102.5, 6);
    const sum = b.orders.most.reduce((a, r) => a + r.contribution, 0);
    expect(sum).toBeCloseTo(50714.096, 6);
  });
});
