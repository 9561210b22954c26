/**
 * The Profit screen's query on the hand-worked store of tests/fixtures/profit (imported as the
 * user imports it), with costs saved in the store's settings. Every figure is worked by hand:
 *
 * Orders (June 2024, USD): P1 06-03 2 × Mug 15.00 (total 35.00); P2 06-10 1 × Tee 40.00
 * (total 47.00, DE); P3 06-20 Poster 20.00 + Mug 15.00 (total 35.00). Products: Mug cost 6.00;
 * Tee and Poster no cost. Google Ads: 10.00 on 06-05, 5.00 on 06-15.
 * Costs: shipping 4.00 per order, 2.9% + 0.30 per order from 06-03, fixed 30.00 a month,
 * vendor Threads (the Tee's) margin 60%.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/profit/', import.meta.url));
const file = (name: string) => new File([readFileSync(dir + name)], name);

describe('profit query', async () => {
  const name = 'profit-test';
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  await api.importFiles([file('products.csv'), file('orders.csv'), file('google-ads.csv')]);
  const june = { range: { start: '2024-06-01', end: '2024-06-30' } };

  it('without cost settings: only cost of goods and ad spend, and says which costs are missing', async () => {
    const r = await api.profit(june);
    expect(r.costsSet).toEqual({
      shipping: false,
      paymentFees: false,
      fixedCosts: false,
      defaultMargins: false,
      adSpend: true, // the Google Ads report was imported
    });
    // Net sales 30 + 40 + 35 = 105.00; COGS 3 mugs × 6.00 = 18.00; ad spend 15.00.
    expect(r.current.netSales).toBe(10500);
    expect(r.current.cogs).toBe(1800);
    expect(r.current.adSpend).toBe(1500);
    expect(r.current.netProfit).toBe(10500 - 1800 - 1500);
  });

  it('reads the costs saved with the settings', async () => {
    const db = await openStoreDb({ name });
    const settings = await getSettings(db);
    db.close();
    await api.saveSettings(
      {
        ...settings,
        costs: {
          shippingPerOrder: 400,
          paymentFees: [{ from: '2024-06-03', percent: 0.029, fixed: 30 }],
          fixedCosts: [{ name: 'Apps', monthly: 3000 }],
          defaultMargins: [{ by: 'vendor', key: 'Threads', margin: 0.6 }],
        },
      },
      [],
    );
    const r = await api.profit({ ...june, grain: 'month' });
    const p = r.current;
    expect(p.netSales).toBe(10500);
    // COGS: 18.00 for the mugs + Tee 40.00 × (1 − 0.6) = 16.00 → 34.00; the Poster is uncovered.
    expect(p.cogs).toBeCloseTo(3400, 9);
    expect(p.grossProfit).toBeCloseTo(7100, 9);
    // 3 orders × 4.00.
    expect(p.shippingCosts).toBe(1200);
    // 2.9% × (35 + 47 + 35 = 117.00) + 3 × 0.30 = 3.393 + 0.90 = 4.293.
    expect(p.paymentFees).toBeCloseTo(429.3, 9);
    expect(p.contribution).toBeCloseTo(5470.7, 9);
    expect(p.contributionAfterMarketing).toBeCloseTo(3970.7, 9);
    // All of June: 30.00.
    expect(p.fixedCosts).toBeCloseTo(3000, 9);
    expect(p.netProfit).toBeCloseTo(970.7, 9);
    expect(p.coverage).toEqual({
      costedNetSales: 4500,
      defaultMarginNetSales: 4000,
      uncoveredNetSales: 2000,
      ordersWithoutFeeRate: 0,
      // The one rate (for every gateway) charged all 3 orders; neither of the file's gateways
      // (Payment Method: #P1, #P3 Shopify Payments, #P2 PayPal Express Checkout) has its own.
      // Shipping: the 3 orders at the cost per order (no country costs, no bands).
      shippingBy: { labels: 0, weightBand: 0, country: 0, flat: 3 },
      ordersWithoutWeight: 0,
      feeRuleOrders: [3],
      gatewaysWithoutRule: [
        { gateway: 'Shopify Payments', orders: 2 },
        { gateway: 'PayPal Express Checkout', orders: 1 },
      ],
      orders: 3,
    });
    // Previous 30 days (May 2–31): only fixed costs, 30 of May's 31 days of 30.00.
    expect(r.previous!.netProfit).toBeCloseTo((-3000 * 30) / 31, 9);
    // One month bucket equal to the period.
    expect(r.series.starts).toEqual(['2024-06-01']);
    expect(r.series.netProfit[0]).toBeCloseTo(970.7, 9);
  });

  it('splits gross profit by product and the P&L by channel, and gives CAC by month', async () => {
    const r = await api.profitBreakdowns(june);
    const bySku = Object.fromEntries(r.byProduct.map((x) => [x.sku, x]));
    // Mug: 3 units, 45.00, cost 18.00 → 27.00 (60%); Tee 40 − 16 = 24; Poster 20 − 0 = 20.
    expect(bySku['MUG-1']).toMatchObject({
      units: 3,
      netSales: 4500,
      cogs: 1800,
      costSource: 'cost',
    });
    expect(bySku['TEE-1']!.grossProfit).toBeCloseTo(2400, 9);
    expect(bySku['TEE-1']!.costSource).toBe('default-margin');
    expect(bySku['PST-1']).toMatchObject({ grossProfit: 2000, costSource: 'none' });
    expect(r.byProduct.map((x) => x.sku)).toEqual(['MUG-1', 'TEE-1', 'PST-1']);
    // Orders come from the online store ('web'); the spend is Paid search's, with no orders.
    const paid = r.byChannel.find((c) => c.channel === 'Paid search')!;
    expect(paid).toMatchObject({ orders: 0, netSales: 0, adSpend: 1500 });
    expect(paid.contributionAfterMarketing).toBe(-1500);
    const rest = r.byChannel.filter((c) => c.channel !== 'Paid search');
    expect(rest.reduce((a, c) => a + c.contribution, 0)).toBeCloseTo(5470.7, 9);
    // CAC June: 15.00 ÷ 3 first-time customers = 5.00.
    expect(r.cac).toEqual([{ month: '2024-06', spend: 1500, newCustomers: 3, cac: 500 }]);
  });
});
