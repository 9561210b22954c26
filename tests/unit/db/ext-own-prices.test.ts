// The extension database's v2 step (own price history) and the rule that a catalog import adds an
// own-price point only where the price or currency changed.
import { describe, expect, it } from 'vitest';
import {
  EXT_DB_VERSION,
  allOwnPrices,
  getExtSetting,
  openExtDb,
  ownPriceHistory,
  readSnapshots,
  replaceCatalog,
  setExtSetting,
  appendSnapshots,
  trackedOnDomain,
} from '../../../core/db/ext.ts';
import type { CatalogItem, TrackedProduct } from '../../../core/schema/competitive.ts';
import { snapshotColumns, tableFromRows } from '../../../core/schema/columns.ts';

let n = 0;
const fresh = () => `ext-own-${++n}`;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 9);

function item(sku: string, price: number, currency = 'USD', updatedAt = 0): CatalogItem {
  return {
    sku,
    title: `Our ${sku}`,
    gtin: '',
    mpn: '',
    brand: 'Northwind',
    currency,
    price,
    onHand: 14,
    daysOfCover: 21,
    updatedAt,
  };
}

const tracked: TrackedProduct = {
  id: 'tp-1',
  url: 'https://shop.example/products/trail-runner?variant=44002',
  domain: 'shop.example',
  platform: 'shopify',
  name: 'Trail Runner GTX – 9',
  brand: 'Northwind',
  sku: 'TR-9',
  gtin: '0012345678912',
  mpn: '',
  image: '',
  variantId: '44002',
  paused: false,
  createdAt: T0,
  updatedAt: T0,
  deleted: false,
};

describe('core/db ext: v1 → v2 upgrade', () => {
  it('opens a v1 database holding data as v2 without loss, seeding the own price history', async () => {
    const name = fresh();
    const v1 = await openExtDb({ name, version: 1 });
    expect(v1.version).toBe(1);
    expect([...v1.objectStoreNames]).not.toContain('ownPrices');
    await v1.put('trackedProducts', tracked);
    await appendSnapshots(
      v1,
      tableFromRows(snapshotColumns, [
        {
          productId: 'tp-1',
          at: T0,
          price: 12900,
          wasPrice: null,
          currency: 'USD',
          availability: 'InStock',
          error: '',
        },
      ]),
    );
    // v1 stored the catalog without history.
    const tx = v1.transaction('catalog', 'readwrite');
    await Promise.all([
      tx.store.put(item('OWN-TS-9', 11900, 'USD', T0 - DAY)),
      tx.store.put(item('OWN-MUG', 1400, 'EUR')),
      tx.done,
    ]);
    await setExtSetting(v1, 'tracking.settings', { intervalHours: 12 });
    v1.close();

    const before = Date.now();
    const v2 = await openExtDb({ name });
    expect(v2.version).toBe(EXT_DB_VERSION);
    expect(EXT_DB_VERSION).toBe(2);
    expect(await trackedOnDomain(v2, 'shop.example')).toEqual([tracked]);
    const snaps = await readSnapshots(v2);
    expect(snaps.length).toBe(1);
    expect(snaps.columns.price[0]).toBe(12900);
    expect(await v2.getAll('catalog')).toHaveLength(2);
    expect(await getExtSetting(v2, 'tracking.settings', {})).toEqual({ intervalHours: 12 });
    // The catalog already there is each SKU's first own price: dated when it arrived, or at the
    // upgrade when it carried no date.
    expect(await ownPriceHistory(v2, 'OWN-TS-9')).toEqual([
      { sku: 'OWN-TS-9', at: T0 - DAY, price: 11900, currency: 'USD' },
    ]);
    const [mug] = await ownPriceHistory(v2, 'OWN-MUG');
    expect(mug).toMatchObject({ sku: 'OWN-MUG', price: 1400, currency: 'EUR' });
    expect(mug!.at).toBeGreaterThanOrEqual(before);
    v2.close();
  });

  it('refuses to open at a version it has no schema for', async () => {
    await expect(openExtDb({ name: fresh(), version: 3 })).rejects.toThrow(
      /No schema for storelens-ext version 3/,
    );
  });
});

describe('core/db ext: own price history on catalog import', () => {
  it('records one point per SKU for the first catalog, then only the prices that changed', async () => {
    const db = await openExtDb({ name: fresh() });
    expect(await replaceCatalog(db, [item('OWN-TS-9', 11900), item('OWN-TS-10', 11900)], T0)).toBe(
      2,
    );
    // Same prices a day later: nothing new to say.
    expect(
      await replaceCatalog(db, [item('OWN-TS-9', 11900), item('OWN-TS-10', 11900)], T0 + DAY),
    ).toBe(0);
    // The 9 goes on sale, the 10 changes currency, a new mug appears.
    expect(
      await replaceCatalog(
        db,
        [item('OWN-TS-9', 9900), item('OWN-TS-10', 11900, 'EUR'), item('OWN-MUG', 1400)],
        T0 + 2 * DAY,
      ),
    ).toBe(3);
    // The 9 leaves the catalog and comes back at its last price: still no change.
    await replaceCatalog(db, [item('OWN-MUG', 1400)], T0 + 3 * DAY);
    expect(await replaceCatalog(db, [item('OWN-TS-9', 9900)], T0 + 4 * DAY)).toBe(0);
    expect((await db.getAll('catalog')).map((c) => c.sku)).toEqual(['OWN-TS-9']);

    expect(await ownPriceHistory(db, 'OWN-TS-9')).toEqual([
      { sku: 'OWN-TS-9', at: T0, price: 11900, currency: 'USD' },
      { sku: 'OWN-TS-9', at: T0 + 2 * DAY, price: 9900, currency: 'USD' },
    ]);
    expect((await ownPriceHistory(db, 'OWN-TS-10')).map((p) => p.currency)).toEqual(['USD', 'EUR']);
    const all = await allOwnPrices(db);
    expect([...all.keys()].sort()).toEqual(['OWN-MUG', 'OWN-TS-10', 'OWN-TS-9']);
    expect(all.get('OWN-MUG')).toEqual([
      { sku: 'OWN-MUG', at: T0 + 2 * DAY, price: 1400, currency: 'USD' },
    ]);
    db.close();
  });

  it('keeps two changes in one millisecond (or after the clock went back) in order', async () => {
    const db = await openExtDb({ name: fresh() });
    await replaceCatalog(db, [item('OWN-TS-9', 11900)], T0);
    await replaceCatalog(db, [item('OWN-TS-9', 10900)], T0);
    await replaceCatalog(db, [item('OWN-TS-9', 9900)], T0 - DAY);
    expect((await ownPriceHistory(db, 'OWN-TS-9')).map((p) => [p.at - T0, p.price])).toEqual([
      [0, 11900],
      [1, 10900],
      [2, 9900],
    ]);
    db.close();
  });
});
