// Stock per location: the Shopify connection keeps each location's on-hand figure beside their sum
// (which planning uses, unchanged), bundles carry them, the product page gets them, and the
// inventory CSV import keeps its Location rows too. Figures from the fixtures, by hand:
//   tests/fakes/shopify-store.ts: the Trail Mug (MUG-1) 30 at Lager Berlin + 12 at Laden Hamburg
//     = 42 on hand; Wool Socks S 10 at Lager Berlin.
//   tests/fixtures/exports/shopify-inventory.csv: TEE-BLK-M 42 Brooklyn Warehouse + 5 Austin Store.
import { describe, expect, it } from 'vitest';
import { connectorFor } from '../../../core/connect/index.ts';
import { changeWords } from '../../../core/connect/changes.ts';
import { ConnectError, type SyncCursor } from '../../../core/connect/types.ts';
import { openStoreDb } from '../../../core/db/index.ts';
import { readAll } from '../../../core/db/store.ts';
import { encodeBundle, makeBundle } from '../../../core/sync/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { startShopifyFake } from '../../fakes/shopify.ts';
import { readFileSync } from 'node:fs';

let dbn = 0;
function device() {
  const name = `stock-loc-${++dbn}`;
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  const products = async () => {
    const db = await openStoreDb({ name });
    const all = await readAll(db);
    db.close();
    return new Map(all.products.map((p) => [p.sku, p]));
  };
  return { api, products };
}

const MUG_LOCATIONS = [
  { name: 'Lager Berlin', onHand: 30 },
  { name: 'Laden Hamburg', onHand: 12 },
];

describe('stock per location', () => {
  it('Shopify: kept per location beside the sum, carried by a bundle, shown on the product page', async () => {
    let clock = Date.parse('2026-12-01T12:00:00Z');
    const fake = await startShopifyFake({ now: () => clock });
    try {
      const c = connectorFor(
        {
          origin: fake.origin,
          credentials: {
            platform: 'shopify',
            kind: 'access-token',
            accessToken: 'shpat_fake_legacy_token',
          },
        },
        fetch,
        {
          salt: 's',
          now: () => clock,
          pollMs: 1000,
          sleep: async (ms, signal) => {
            clock += ms;
            if (signal.aborted) throw new ConnectError('cancelled', 'cancelled');
          },
        },
      );
      const noop = { signal: new AbortController().signal, onProgress: () => undefined };
      const one = await c.sync({ since: null, resume: null } as SyncCursor, noop);
      const byS = new Map(one.entities.products!.map((p) => [p.sku, p]));
      expect(byS.get('MUG-1')).toMatchObject({ onHand: 42, locations: MUG_LOCATIONS });
      expect(byS.get('SOCK-S')).toMatchObject({
        onHand: 10,
        locations: [{ name: 'Lager Berlin', onHand: 10 }],
      });

      const desk = device();
      await desk.api.saveSettings({ currency: 'EUR', timezone: 'Europe/Berlin' }, []);
      await desk.api.applyBundle(await encodeBundle(makeBundle('extension', one.entities)));
      expect((await desk.products()).get('MUG-1')).toMatchObject({
        onHand: 42,
        locations: MUG_LOCATIONS,
      });
      // The product page: 42 on hand (planning's figure) and where.
      const d = await desk.api.productDetail('MUG-1');
      expect(d.onHand).toBe(42);
      expect(d.locations).toEqual(MUG_LOCATIONS);
      expect((await desk.api.productDetail('wool-socks/M')).locations).toEqual([
        { name: 'Lager Berlin', onHand: 5 },
      ]);

      // Another device takes the desk's bundle: the same figures per location.
      const phone = device();
      await phone.api.applyBundle(await desk.api.exportBundle('everything'), 'desk.storelens');
      expect((await phone.products()).get('MUG-1')).toMatchObject({
        onHand: 42,
        locations: MUG_LOCATIONS,
      });
      expect((await phone.api.productDetail('MUG-1')).locations).toEqual(MUG_LOCATIONS);

      // Five mugs moved from Berlin to Hamburg: the sum stays 42, the next sync names the change.
      const mug = fake.store.products.find((p) => p.handle === 'trail-mug')!;
      const levels = (
        (mug.variants as Record<string, unknown>[])[0]!.inventoryItem as {
          inventoryLevels: { quantities: { name: string; quantity: number }[] }[];
        }
      ).inventoryLevels;
      const onHandOf = (i: number) => levels[i]!.quantities.find((q) => q.name === 'on_hand')!;
      onHandOf(0).quantity = 25;
      onHandOf(1).quantity = 17;
      clock += 60_000;
      mug.updatedAt = new Date(clock).toISOString();
      clock += 60_000;
      const two = await c.sync(one.cursor, noop);
      const res = await desk.api.applyBundle(
        await encodeBundle(makeBundle('extension', two.entities)),
      );
      expect(changeWords(res.stored)).toBe('1 stock level changed');
      expect((await desk.products()).get('MUG-1')).toMatchObject({
        onHand: 42,
        locations: [
          { name: 'Lager Berlin', onHand: 25 },
          { name: 'Laden Hamburg', onHand: 17 },
        ],
      });
    } finally {
      await fake.close();
    }
  });

  it('the inventory CSV import keeps its locations, and a later file replaces them', async () => {
    const dev = device();
    const file = (name: string, text?: string) =>
      new File([text ?? readFileSync(`tests/fixtures/exports/${name}`)], name);
    await dev.api.importFiles([file('shopify-products.csv'), file('shopify-inventory.csv')], {
      currency: 'USD',
    });
    expect((await dev.products()).get('TEE-BLK-M')).toMatchObject({
      onHand: 47,
      locations: [
        { name: 'Brooklyn Warehouse', onHand: 42 },
        { name: 'Austin Store', onHand: 5 },
      ],
    });
    // The older format (one column per location after COO): Brooklyn 40 + Austin 3 = 43.
    const older = [
      'Handle,Title,SKU,HS Code,COO,Brooklyn Warehouse,Austin Store',
      'classic-tee,Classic Tee,TEE-BLK-M,610910,PT,40,3',
    ].join('\n');
    await dev.api.importFiles([file('inventory-old.csv', older)]);
    expect((await dev.products()).get('TEE-BLK-M')).toMatchObject({
      onHand: 43,
      locations: [
        { name: 'Brooklyn Warehouse', onHand: 40 },
        { name: 'Austin Store', onHand: 3 },
      ],
    });
  });
});
