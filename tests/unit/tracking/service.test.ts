// The background's tracking logic over a real (fake-indexeddb) extension database, with a fake
// network and clock: first snapshot, re-check rounds, failures recorded, stop after 4xx, matching.
import { afterEach, describe, expect, it } from 'vitest';
import { openExtDb, ownPriceHistory, readSnapshots, type ExtDb } from '../../../core/db/ext.ts';
import { rowsOf, snapshotColumns } from '../../../core/schema/columns.ts';
import type { TrackInput } from '../../../extension/features/tracking/messages.ts';
import {
  bestMatch,
  replaceCatalogAndRematch,
  runRound,
  setPaused,
  trackProduct,
  type TrackingDeps,
} from '../../../extension/features/tracking/service.ts';
import {
  checkStates,
  recentChanges,
  updateSettings,
} from '../../../extension/features/tracking/store.ts';
import type { ChangeEntry } from '../../../extension/features/tracking/types.ts';
import { FakeClock } from './fake-clock.ts';

const SHOP = 'https://shop.example';
let n = 0;
let db: ExtDb;
afterEach(() => db?.close());

function shopifyJs(price: number, available = true) {
  return JSON.stringify({
    id: 1,
    title: 'Trail Runner GTX',
    handle: 'trail-runner',
    vendor: 'Northwind',
    variants: [
      {
        id: 44001,
        title: '8',
        sku: 'TR-8',
        barcode: '0012345678905',
        price: 12900,
        available: true,
      },
      { id: 44002, title: '9', sku: 'TR-9', barcode: '0012345678912', price, available },
    ],
  });
}

const input: TrackInput = {
  url: `${SHOP}/products/trail-runner?variant=44002`,
  platform: 'shopify',
  name: 'Trail Runner GTX',
  brand: 'Northwind',
  sku: 'TR-9',
  gtin: '0012345678912',
  mpn: '',
  image: '',
  price: 129,
  wasPrice: null,
  currency: 'USD',
  availability: 'InStock',
  variants: [
    {
      id: '44002',
      name: '9',
      sku: 'TR-9',
      gtin: '0012345678912',
      price: 129,
      wasPrice: null,
      currency: 'USD',
      availability: 'InStock',
    },
  ],
};

function setup(respond: (url: string) => Response | Promise<Response>, permitted = true) {
  const clock = new FakeClock(Date.UTC(2026, 10, 1));
  const notified: ChangeEntry[] = [];
  const requests: string[] = [];
  const deps: TrackingDeps = {
    clock,
    extract: async () => [],
    hasPermission: async () => permitted,
    notify: async (c) => void notified.push(c),
    fetchImpl: (async (url: string) => {
      requests.push(url);
      return respond(url);
    }) as unknown as typeof fetch,
  };
  return { clock, deps, notified, requests };
}

async function freshDb() {
  db = await openExtDb({ name: `tracking-test-${++n}` });
  await updateSettings(db, { spacingMs: 1000 });
  return db;
}

describe('tracking service', () => {
  it('tracks a variant with a first snapshot, then records a price drop and alerts', async () => {
    await freshDb();
    const env = setup(() => new Response(shopifyJs(9900), { status: 200 }));
    const [p] = await trackProduct(db, input, env.clock.now());
    expect(p).toMatchObject({
      name: 'Trail Runner GTX – 9',
      variantId: '44002',
      domain: 'shop.example',
    });
    const again = await trackProduct(db, input, env.clock.now());
    expect(again[0]!.id).toBe(p!.id); // tracking twice is one record

    env.clock.t += 25 * 3_600_000;
    const report = await env.clock.run(runRound(db, env.deps));
    expect(env.requests).toEqual([`${SHOP}/products/trail-runner.js`]);
    expect(report).toMatchObject({ checked: 1, failed: 0 });
    const rows = rowsOf(snapshotColumns, await readSnapshots(db)).filter(
      (r) => r.productId === p!.id,
    );
    expect(rows.map((r) => r.price)).toEqual([12900, 12900, 9900]);
    expect(env.notified).toMatchObject([
      { kind: 'price-down', from: 12900, to: 9900, notified: true },
    ]);
    expect((await recentChanges(db))[0]).toMatchObject({ kind: 'price-down', productId: p!.id });
  });

  it('does not re-check before the schedule says so', async () => {
    await freshDb();
    const env = setup(() => new Response(shopifyJs(12900)));
    await trackProduct(db, input, env.clock.now());
    env.clock.t += 3_600_000;
    const report = await env.clock.run(runRound(db, env.deps));
    expect(report.checked + report.failed).toBe(0);
    expect(env.requests).toEqual([]);
  });

  it('records a shop without permission as a failed check with what to do, and fetches nothing', async () => {
    await freshDb();
    const env = setup(() => new Response(shopifyJs(9900)), false);
    const [p] = await trackProduct(db, input, env.clock.now());
    const report = await env.clock.run(runRound(db, env.deps, { ids: [p!.id] }));
    expect(report.failed).toBe(1);
    expect(env.requests).toEqual([]);
    const last = rowsOf(snapshotColumns, await readSnapshots(db)).at(-1)!;
    expect(last.error).toMatch(
      /No permission to read shop\.example: open Storelens Competitors and click “Grant”/,
    );
    expect(last.price).toBeNull();
  });

  it('falls back to the page on a 404, keeps history, and stops after three 4xx in a row until resumed', async () => {
    await freshDb();
    const env = setup(() => new Response('<h1>Not found</h1>', { status: 404 }));
    const [p] = await trackProduct(db, input, env.clock.now());
    for (let i = 0; i < 3; i++) {
      await env.clock.run(runRound(db, env.deps, { ids: [p!.id] }));
      env.clock.t += 3_600_000;
    }
    // Each check asked for the JSON, then (a polite second later) for the page itself.
    expect(env.requests.slice(0, 2)).toEqual([
      `${SHOP}/products/trail-runner.js`,
      `${SHOP}/products/trail-runner?variant=44002`,
    ]);
    const state = (await checkStates(db)).get(p!.id)!;
    expect(state).toMatchObject({ stopped: true, consecutive4xx: 3 });
    expect(state.lastError).toMatch(/^HTTP 404: shop\.example says the page is gone/);
    const rows = rowsOf(snapshotColumns, await readSnapshots(db));
    expect(rows).toHaveLength(4);
    expect(rows[0]!.price).toBe(12900);

    env.clock.t += 7 * 86_400_000;
    const idle = await env.clock.run(runRound(db, env.deps));
    expect(idle.checked + idle.failed).toBe(0);
    await setPaused(db, [p!.id], false, env.clock.now());
    expect((await checkStates(db)).get(p!.id)!.stopped).toBe(false);
  });

  it('matches tracked products with an imported catalog by GTIN and keeps a rejection', async () => {
    await freshDb();
    const env = setup(() => new Response(shopifyJs(12900)));
    const [p] = await trackProduct(db, input, env.clock.now());
    const catalog = [
      {
        sku: 'OWN-TR-9',
        title: 'Our trail runner 9',
        gtin: '012345678912',
        mpn: '',
        brand: 'Northwind',
        currency: 'USD',
        price: 11900,
        onHand: 14,
        daysOfCover: 21,
        updatedAt: 0,
      },
      {
        sku: 'OWN-OTHER',
        title: 'Trail Runner GTX 9',
        gtin: '',
        mpn: '',
        brand: 'Northwind',
        currency: 'USD',
        price: 9900,
        onHand: null,
        daysOfCover: null,
        updatedAt: 0,
      },
    ];
    await replaceCatalogAndRematch(db, catalog, env.clock.now());
    const matches = await db.getAllFromIndex('matches', 'byTracked', p!.id);
    expect(bestMatch(matches)).toMatchObject({ sku: 'OWN-TR-9', method: 'gtin', status: 'auto' });
    await db.put('matches', { ...bestMatch(matches)!, status: 'rejected' });
    await replaceCatalogAndRematch(db, catalog, env.clock.now());
    const after = await db.getAllFromIndex('matches', 'byTracked', p!.id);
    expect(after.find((m) => m.sku === 'OWN-TR-9')!.status).toBe('rejected');

    // The own price history: the second, unchanged import added nothing; a price cut next day does.
    const t0 = env.clock.now();
    env.clock.t += 86_400_000;
    await replaceCatalogAndRematch(
      db,
      catalog.map((c) => (c.sku === 'OWN-TR-9' ? { ...c, price: 10900 } : c)),
      env.clock.now(),
    );
    expect(await ownPriceHistory(db, 'OWN-TR-9')).toEqual([
      { sku: 'OWN-TR-9', at: t0, price: 11900, currency: 'USD' },
      { sku: 'OWN-TR-9', at: t0 + 86_400_000, price: 10900, currency: 'USD' },
    ]);
    expect(await ownPriceHistory(db, 'OWN-OTHER')).toHaveLength(1);
  });

  it('re-checks 200 products on four shops in one round, every result written', async () => {
    await freshDb();
    await updateSettings(db, { spacingMs: 0 });
    const env = setup((url) => new Response(shopifyJs(url.includes('/p7') ? 9900 : 12900)));
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const [p] = await trackProduct(
        db,
        { ...input, url: `https://shop${i % 4}.example/products/p${i}?variant=44002` },
        env.clock.now(),
      );
      ids.push(p!.id);
    }
    const report = await env.clock.run(runRound(db, env.deps, { ids }));
    expect(report).toMatchObject({ checked: 200, failed: 0, skipped: 0 });
    expect(env.requests).toHaveLength(200);
    expect((await readSnapshots(db)).length).toBe(400);
    const states = await checkStates(db);
    expect(ids.every((id) => states.get(id)!.lastAttemptAt === env.clock.now())).toBe(true);
    // p7 and p70–p79 dropped in price: one alert each.
    expect(env.notified).toHaveLength(11);
  });
});
