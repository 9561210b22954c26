/**
 * Predicted customer value through the worker path a user takes: tests/fixtures/customer-value's
 * orders export (30 customers, 227 orders) and products export imported, shipping cost 2.00 an
 * order saved in Settings. Expected figures: expected.py beside the fixture, which fits BG/NBD and
 * Gamma-Gamma with scipy and shares no code with the project (expected.json). An order leaves
 * 10 − 4 − 2 = 4.00 a Mug, 3 − 1.5 − 2 = −0.50 a Sticker.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import {
  fitModels,
  fitTransferables,
  type FitInput,
  type ModelFit,
} from '../../../core/analytics/customerValue.ts';

const dir = fileURLToPath(new URL('../../fixtures/customer-value/', import.meta.url));
const expected = JSON.parse(readFileSync(dir + 'expected.json', 'utf8')) as {
  bgNbd: Record<'r' | 'alpha' | 'a' | 'b', number>;
  gammaGamma: Record<'p' | 'q' | 'gamma', number>;
  customers: Record<
    string,
    {
      lastOrder: string;
      orders: number;
      firstDay: string;
      country: string;
      contributionToDate: number;
      expectedOrders: number;
      predictedNetSales: number;
      margin: number;
      predictedContribution: number;
    }
  >;
  storeMargin: number;
  predictedNetSales: number;
  predictedContribution: number;
};
const file = (name: string) => new File([readFileSync(dir + name)], name);

describe('predicted value of an imported store', async () => {
  const name = 'customer-value-import';
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  await api.importFiles([file('products.csv'), file('orders.csv')], { timezone: 'UTC' });
  const db = await openStoreDb({ name });
  const settings = await getSettings(db);
  db.close();
  await api.saveSettings({ ...settings, costs: { shippingPerOrder: 200 } }, []);
  const v = await api.customerValue();
  const p = v.predicted!;

  it('fits the parameters scipy fits (±0.5%)', () => {
    expect(p.customers).toBe(30);
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(p.bgNbd[k] / expected.bgNbd[k] - 1)).toBeLessThan(0.005);
    for (const k of ['p', 'q'] as const)
      expect(Math.abs(p.gammaGamma[k] / expected.gammaGamma[k] - 1)).toBeLessThan(0.005);
    // γ is in money: expected.py's dollars, our cents.
    expect(Math.abs(p.gammaGamma.gamma / (expected.gammaGamma.gamma * 100) - 1)).toBeLessThan(
      0.005,
    );
  });

  it('names the top customers by their order numbers, with expected.py’s values to half a cent', () => {
    expect(p.top).toHaveLength(20);
    for (const r of p.top) {
      const e = expected.customers[r.firstOrder]!;
      expect(e, r.firstOrder).toBeDefined();
      expect(r).toMatchObject({
        lastOrderName: e.lastOrder,
        orders: e.orders,
        firstOrderDay: e.firstDay,
        country: e.country,
        contributionToDate: e.contributionToDate,
      });
      expect(r.margin).toBeCloseTo(e.margin, 9);
      expect(Math.abs(r.expectedOrders - e.expectedOrders)).toBeLessThan(0.001);
      expect(Math.abs(r.predictedValue - e.predictedNetSales)).toBeLessThan(0.5);
      expect(Math.abs(r.predictedContribution - e.predictedContribution)).toBeLessThan(0.5);
    }
    // Most predicted contribution first: #1029 (19 orders, still buying) 60.40.
    expect(p.top[0]!.firstOrder).toBe('#1029');
    expect(p.margin).toBeCloseTo(expected.storeMargin, 9);
    expect(Math.abs(p.total - expected.predictedNetSales)).toBeLessThan(1);
    expect(Math.abs(p.totalContribution - expected.predictedContribution)).toBeLessThan(1);
  });

  it('applies a shipping cost changed in Settings at once, with the same fitted models', async () => {
    await api.saveSettings({ ...settings, costs: { shippingPerOrder: 300 } }, []);
    const again = (await api.customerValue()).predicted!;
    expect(again.bgNbd).toEqual(p.bgNbd);
    expect(again.gammaGamma).toEqual(p.gammaGamma);
    // #1029: 22 Mugs in 19 orders: 220 − 22 × 4 − 19 × 3 = 75.00 → margin 75 ÷ 220.
    const before = p.top.find((r) => r.firstOrder === '#1029')!;
    const after = again.top.find((r) => r.firstOrder === '#1029')!;
    expect(after.contributionToDate).toBe(7500);
    expect(after.margin).toBeCloseTo(75 / 220, 12);
    expect(after.predictedValue).toBe(before.predictedValue);
    expect(after.predictedContribution).toBeCloseTo(before.predictedValue * (75 / 220), 9);
  });
});

describe('the fit on a thread of its own', async () => {
  const name = 'customer-value-thread';
  // The fit worker's round trip: input and answer transferred (structuredClone detaches them as
  // postMessage does), the fit held until the test lets it finish.
  const held: (() => void)[] = [];
  const fit = (input: FitInput) => {
    const sent = structuredClone(input, { transfer: fitTransferables(input) });
    return new Promise<ModelFit | null>((ok) =>
      held.push(() => {
        const out = fitModels(sent);
        ok(out && structuredClone(out, { transfer: fitTransferables(out) }));
      }),
    );
  };
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }), fit });
  await api.importFiles([file('products.csv'), file('orders.csv')], { timezone: 'UTC' });
  const db = await openStoreDb({ name });
  const settings = await getSettings(db);
  db.close();
  await api.saveSettings({ ...settings, costs: { shippingPerOrder: 200 } }, []);

  it('answers a range change while the fit runs, then the figures scipy fits', async () => {
    const status = await api.load();
    let fitted = false;
    const value = api.customerValue().then((v) => ((fitted = true), v));
    // The fit is asked once the customers are read (a few storage round trips, not one tick).
    await vi.waitFor(() => expect(held).toHaveLength(1));
    // The whole history: the export's 227 orders, answered with the fit still running.
    const all = await api.overview({ range: { start: status.firstDay!, end: status.lastDay! } });
    expect(all.current.orders).toBe(227);
    expect(fitted).toBe(false);
    held[0]!();
    const p = (await value).predicted!;
    expect(p.customers).toBe(30);
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(p.bgNbd[k] / expected.bgNbd[k] - 1)).toBeLessThan(0.005);
    expect(p.top[0]!.firstOrder).toBe('#1029');
    const e = expected.customers['#1029']!;
    expect(Math.abs(p.top[0]!.expectedOrders - e.expectedOrders)).toBeLessThan(0.001);
    expect(Math.abs(p.top[0]!.predictedContribution - e.predictedContribution)).toBeLessThan(0.5);
    expect(Math.abs(p.totalContribution - expected.predictedContribution)).toBeLessThan(1);
  });
});
