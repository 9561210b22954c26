/**
 * Label costs, gateways, product weights and profit costs travel in a bundle: device A imports
 * tests/fixtures/profit's products and orders (#P1, #P2, #P3), saves the costs of the e2e
 * (tests/e2e/pwa/profit.spec.ts: PayPal 3% + 0.49, 2.9% + 0.30 for all other gateways; 4.00 per
 * order, any country over 0 up to 500 g 3.00, US over 500 up to 1000 g 6.50) and imports
 * tests/fixtures/real/labels/shipstation-shipments.csv. Hand-worked figures (the spec's comments,
 * expected.py beside the labels file):
 *   payment fees #P1 35.00 × 2.9% + 0.30 = 1.315, #P3 1.315, #P2 PayPal 47.00 × 3% + 0.49 = 1.90
 *     → 4.53 (the gateways must travel for PayPal's rate to apply)
 *   shipping by the rules 6.50 (#P1 700 g, US band) + 3.00 (#P2 200 g) + 4.00 (#P3 no weight)
 *     = 13.50 (the weights and bands must travel)
 *   with the labels #P1 7.15, #P2 18.40 + 4.10 = 22.50, #P3 keeps 4.00 → 33.65 (expected.py)
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb, readTable } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { decodeBundle, encodeBundle } from '../../../core/sync/index.ts';

const profitDir = fileURLToPath(new URL('../../fixtures/profit/', import.meta.url));
const labelsCsv = fileURLToPath(
  new URL('../../fixtures/real/labels/shipstation-shipments.csv', import.meta.url),
);
const file = (path: string) => new File([readFileSync(path)], path.split('/').pop()!);
const june = { range: { start: '2024-06-01', end: '2024-06-30' }, compare: 'none' as const };

let n = 0;
function device() {
  const name = `sync-labels-${++n}`;
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  const labels = async () => {
    const db = await openStoreDb({ name });
    const t = await readTable(db, 'labels');
    db.close();
    return t.length;
  };
  return { api, name, labels };
}

/** A device with the profit store, the e2e's costs and (unless told) the label costs. */
async function store(withLabels = true) {
  const d = device();
  await d.api.importFiles([file(profitDir + 'products.csv'), file(profitDir + 'orders.csv')], {
    timezone: 'UTC',
  });
  const db = await openStoreDb({ name: d.name });
  const settings = await getSettings(db);
  db.close();
  await d.api.saveSettings(
    {
      ...settings,
      costs: {
        shippingPerOrder: 400,
        shippingByWeight: [
          { country: '', fromGrams: 0, toGrams: 500, cost: 300 },
          { country: 'US', fromGrams: 500, toGrams: 1000, cost: 650 },
        ],
        paymentFees: [
          { gateway: 'PayPal Express Checkout', from: '2024-06-01', percent: 0.03, fixed: 49 },
          { gateway: '', from: '2024-06-01', percent: 0.029, fixed: 30 },
        ],
      },
    },
    [],
  );
  if (withLabels) await d.api.importFiles([file(labelsCsv)]);
  return d;
}

const shipping = async (d: ReturnType<typeof device>) =>
  (await d.api.profit(june)).current.shippingCosts;

describe('label costs and profit costs in bundles', async () => {
  const desk = await store();
  const bytes = await desk.api.exportBundle('everything');

  it('the desk shows the hand-worked figures before anything is synced', async () => {
    const p = (await desk.api.profit(june)).current;
    expect(p.shippingCosts).toBe(3365);
    expect(p.paymentFees).toBeCloseTo(453, 6);
    expect(await desk.labels()).toBe(4);
  });

  it('a fresh device applying the bundle shows the same profit: labels, gateways, weights and costs came along', async () => {
    const phone = device();
    const preview = await phone.api.previewBundle(bytes);
    expect(preview.tables).toMatchObject({ orders: 3, labels: 4 });
    expect(preview.changes).toContain(
      'profit costs (payment fees, shipping, fixed costs, margins)',
    );
    await phone.api.applyBundle(bytes, 'desk.storelens');
    const p = (await phone.api.profit(june)).current;
    expect(p.shippingCosts).toBe(3365);
    expect(p.paymentFees).toBeCloseTo(453, 6);
    expect((await phone.api.profit(june)).labels).toEqual((await desk.api.profit(june)).labels);
    expect(await phone.api.profit(june)).toEqual(await desk.api.profit(june));

    // Twice is once: the labels are keyed as the import keys them, not added again.
    await phone.api.applyBundle(bytes, 'desk.storelens');
    expect(await phone.labels()).toBe(4);
    expect(await shipping(phone)).toBe(3365);
  });

  it('undoing the bundle puts back the labels (none) and the rule costs', async () => {
    const laptop = await store(false);
    expect(await shipping(laptop)).toBe(1350);
    await laptop.api.applyBundle(bytes, 'desk.storelens');
    expect(await laptop.labels()).toBe(4);
    expect(await shipping(laptop)).toBe(3365);
    const [latest] = await laptop.api.importHistory();
    expect(latest).toMatchObject({ source: 'bundle', undoable: true });
    await laptop.api.undoImport(latest!.id);
    expect(await laptop.labels()).toBe(0);
    expect(await shipping(laptop)).toBe(1350);
  });

  it('undoing it on a device that had no profit costs takes the bundle’s costs away again', async () => {
    const bare = device();
    await bare.api.importFiles([file(profitDir + 'products.csv'), file(profitDir + 'orders.csv')], {
      timezone: 'UTC',
    });
    expect((await bare.api.profit(june)).current.shippingCosts).toBe(0);
    await bare.api.applyBundle(bytes, 'desk.storelens');
    expect((await bare.api.profit(june)).current.paymentFees).toBeCloseTo(453, 6);
    const [latest] = await bare.api.importHistory();
    await bare.api.undoImport(latest!.id);
    const p = (await bare.api.profit(june)).current;
    expect(p.shippingCosts).toBe(0);
    expect(p.paymentFees).toBe(0);
    const db = await openStoreDb({ name: bare.name });
    expect((await getSettings(db))?.costs).toBeUndefined();
    db.close();
  });

  it('a bundle of format 2 (no labels, no profit costs) applies and loses nothing stored', async () => {
    const old = await decodeBundle(bytes);
    delete old.entities.tables!.labels;
    delete old.entities.settings!.costs;
    // Newer settings that differ (refunds by order date), so they win: the device's own profit
    // costs must still stay, as nothing in a format 2 bundle speaks of them.
    old.entities.settings!.refundDating = 'order';
    old.entities.settings!.updatedAt = Date.now() + 1000;
    const v2 = new TextEncoder().encode(JSON.stringify({ ...old, version: 2 }));
    const other = await store();
    await other.api.applyBundle(v2, 'old.storelens');
    expect(await other.labels()).toBe(4);
    const p = (await other.api.profit(june)).current;
    expect(p.shippingCosts).toBe(3365);
    expect(p.paymentFees).toBeCloseTo(453, 6);
    // On an empty device it brings the orders (shipping by no rule: none set there).
    const empty = device();
    await empty.api.applyBundle(v2, 'old.storelens');
    expect((await empty.api.profit(june)).current.netSales).toBe(
      (await desk.api.profit(june)).current.netSales,
    );
    expect(await empty.labels()).toBe(0);
  });

  it('a hostile labels table is refused naming the table, row and field; nothing changes', async () => {
    const target = await store(false);
    const cases: [(t: Record<string, unknown>) => void, RegExp][] = [
      [
        (c) => ((c.cost as number[])[1] = 12.5),
        /The bundle's labels table, row 2, field "cost": 12\.5 is not valid/,
      ],
      [
        (c) => ((c.shippedOn as { dict: string[] }).dict[0] = '2024-13-45'),
        /The bundle's labels table, row \d+, field "shippedOn": "2024-13-45" is not valid/,
      ],
      [
        (c) => delete c.currency,
        /The bundle's labels table.* field "currency": the column is missing/,
      ],
      [
        (c) => (c.orderNumber = [1, 2, 3, 4]),
        /The bundle's labels table.* field "orderNumber": expected text/,
      ],
    ];
    for (const [spoil, message] of cases) {
      const b = await decodeBundle(bytes);
      spoil(b.entities.tables!.labels!.columns as Record<string, unknown>);
      await expect(target.api.applyBundle(await encodeBundle(b))).rejects.toThrow(message);
      await expect(target.api.previewBundle(await encodeBundle(b))).rejects.toThrow(message);
    }
    expect(await target.labels()).toBe(0);
    expect(await shipping(target)).toBe(1350);
    expect((await target.api.importHistory()).some((h) => h.source === 'bundle')).toBe(false);
  });
});

// A store connection's products know the platform's fields only. A manager who imported costs,
// lead times and the minimum order for the profit store's products keeps them after a sync that
// brings the same SKU with a new price (WooCommerce has no cost; no platform has lead times).
describe('a store sync keeps what the manager set on a product', () => {
  it('takes the synced price and stock, keeps cost, lead time, MOQ, on order and weight', async () => {
    const d = device();
    await d.api.importFiles([file(profitDir + 'products.csv'), file(profitDir + 'orders.csv')], {
      timezone: 'UTC',
    });
    const db = await openStoreDb({ name: d.name });
    const before = (await db.getAll('products'))[0]!;
    db.close();
    const mine = { ...before, leadTimeDays: 21, leadTimeSdDays: 4, moq: 12, onOrder: 30 };
    const sku = mine.sku;
    // What the manager set, as a bundle from another device carries it (whole records).
    const { makeBundle } = await import('../../../core/sync/index.ts');
    await d.api.applyBundle(
      await encodeBundle(
        makeBundle('pwa', { products: [{ ...mine, updatedAt: Date.now() }] }, Date.now()),
      ),
      'desk',
    );
    // The sync's record of the same SKU: a new price and stock, nothing of the manager's.
    const synced = {
      ...mine,
      price: mine.price + 100,
      onHand: 7,
      cost: null,
      leadTimeDays: null,
      leadTimeSdDays: null,
      moq: null,
      onOrder: 0,
      weight: null,
      updatedAt: Date.now() + 1000,
    };
    const sync = await encodeBundle(
      makeBundle('extension', { products: [synced] }, Date.now() + 1000, 'Fixture sync'),
    );
    await d.api.applyBundle(sync, 'Fixture sync', { storeSync: true });
    const db2 = await openStoreDb({ name: d.name });
    const after = (await db2.getAll('products')).find((p) => p.sku === sku)!;
    db2.close();
    expect(after).toMatchObject({
      price: mine.price + 100,
      onHand: 7,
      cost: mine.cost,
      leadTimeDays: 21,
      leadTimeSdDays: 4,
      moq: 12,
      onOrder: 30,
    });
    expect(after.weight ?? null).toBe(mine.weight ?? null);
    expect(mine.cost).not.toBeNull();
  });
});
