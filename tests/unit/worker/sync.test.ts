import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { openStoreDb } from '../../../core/db/index.ts';
import { generateDemoStore, type DemoOptions } from '../../../core/demo/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { decodeBundle, encodeBundle, makeBundle } from '../../../core/sync/index.ts';
import { snapshotDb, snapshotStore } from '../../../core/db/store.ts';
import { exportBundle } from '../../../core/worker/sync.ts';

const small = (o: DemoOptions) => generateDemoStore({ ...o, orders: 600 });
let n = 0;
const fresh = () => {
  const name = `sync-test-${++n}`;
  return createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
};
const range = { start: '2026-10-27', end: '2026-11-25' };

describe('bundles between devices (PWA worker)', () => {
  it('a fresh device importing an exported bundle shows the same numbers and competitors', async () => {
    const desk = fresh();
    await desk.loadDemo({ seed: 9 });
    const bytes = await desk.exportBundle('everything');
    const phone = fresh();
    expect((await phone.load()).empty).toBe(true);

    const preview = await phone.previewBundle(bytes);
    expect(preview.source.app).toBe('pwa');
    expect(preview.tables.orders).toBe(600);
    expect(preview.counts.trackedProducts).toMatchObject({ added: 5 });

    await phone.applyBundle(bytes, 'desk.storelens');
    expect(await phone.overview({ range, compare: 'previous-period' })).toEqual(
      await desk.overview({ range, compare: 'previous-period' }),
    );
    const a = await desk.competitors();
    const b = await phone.competitors();
    expect(b.rows.map((r) => [r.id, r.lastPrice, r.own?.sku])).toEqual(
      a.rows.map((r) => [r.id, r.lastPrice, r.own?.sku]),
    );
  });

  it('the backup made from a snapshot in memory (after a full disk) carries everything stored', async () => {
    const name = `sync-test-${++n}`;
    const desk = createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small });
    await desk.loadDemo({ seed: 4 });
    const snap = await snapshotStore(await openStoreDb({ name }));
    const fromMemory = await decodeBundle(await exportBundle(snapshotDb(snap), 'everything'));
    const fromDisk = await decodeBundle(await desk.exportBundle('everything'));
    expect(fromMemory.entities.tables?.orders?.length).toBe(600);
    expect(fromMemory.entities).toEqual(fromDisk.entities);

    const phone = fresh();
    await phone.applyBundle(await encodeBundle(fromMemory), 'backup.storelens');
    expect(await phone.overview({ range, compare: 'none' })).toEqual(
      await desk.overview({ range, compare: 'none' }),
    );
  });

  it('importing the same bundle twice changes nothing the second time', async () => {
    const desk = fresh();
    await desk.loadDemo({ seed: 3 });
    const bytes = await desk.exportBundle('everything');
    const phone = fresh();
    await phone.applyBundle(bytes);
    const once = await phone.overview({ range, compare: 'none' });
    expect((await phone.previewBundle(bytes)).noop).toBe(false); // tables are always re-merged
    await phone.applyBundle(bytes);
    expect(await phone.overview({ range, compare: 'none' })).toEqual(once);
    const counts = (await phone.previewBundle(bytes)).counts;
    expect(counts.trackedProducts).toMatchObject({ added: 0, updated: 0, deleted: 0 });
    expect(counts.snapshots).toMatchObject({ added: 0, updated: 0 });
  });

  it('a broken bundle is rejected with a clear message and nothing changes', async () => {
    const phone = fresh();
    await phone.loadDemo({ seed: 2 });
    const before = await phone.overview({ range, compare: 'none' });
    const good = await encodeBundle(makeBundle('extension', { trackedProducts: [] }, Date.now()));
    await expect(phone.applyBundle(good.subarray(0, 10))).rejects.toMatchObject({
      name: 'BundleError',
      code: 'truncated',
    });
    await expect(
      phone.applyBundle(new Uint8Array(gzipSync('{"format":"nope"}'))),
    ).rejects.toMatchObject({ code: 'foreign' });
    expect(await phone.overview({ range, compare: 'none' })).toEqual(before);
  });

  it('the catalog export carries the own products for the extension', async () => {
    const desk = fresh();
    await desk.loadDemo({ seed: 5 });
    const b = await decodeBundle(await desk.exportBundle('catalog'));
    expect(b.entities.catalog?.length).toBeGreaterThan(50);
    expect(b.entities.catalog?.[0]).toMatchObject({
      sku: expect.any(String),
      price: expect.any(Number),
      currency: 'USD',
    });
    expect(b.entities.tables).toBeUndefined();
  });

  it('a merged bundle can be undone from the import history', async () => {
    const ext = makeBundle(
      'extension',
      {
        trackedProducts: [
          {
            id: 'tp-new',
            url: 'https://rival.example/products/tent',
            domain: 'rival.example',
            platform: 'shopify',
            name: 'Rival tent',
            brand: '',
            sku: '',
            gtin: '',
            mpn: '',
            image: '',
            variantId: '',
            paused: false,
            createdAt: Date.UTC(2026, 10, 1),
            updatedAt: Date.UTC(2026, 10, 1),
            deleted: false,
          },
        ],
        snapshots: [
          {
            productId: 'tp-new',
            at: Date.UTC(2026, 10, 1),
            price: 19900,
            wasPrice: null,
            currency: 'USD',
            availability: 'InStock',
            sources: {},
            error: null,
          },
        ],
      },
      Date.UTC(2026, 10, 2),
    );
    const phone = fresh();
    await phone.loadDemo({ seed: 6 });
    const before = await phone.competitors();
    await phone.applyBundle(await encodeBundle(ext), 'rival.storelens');
    expect((await phone.competitors()).rows).toHaveLength(before.rows.length + 1);
    const [latest] = await phone.importHistory();
    expect(latest).toMatchObject({ source: 'bundle', undoable: true });
    await phone.undoImport(latest!.id);
    const after = await phone.competitors();
    expect(after.rows.map((r) => [r.id, r.lastPrice])).toEqual(
      before.rows.map((r) => [r.id, r.lastPrice]),
    );
    expect((await phone.importHistory())[0]).toMatchObject({ undoable: false });
  });

  it('a bundle with store data replaces the demo store instead of mixing with it; undo brings the demo back', async () => {
    const desk = fresh();
    await desk.loadDemo({ seed: 9 });
    const bytes = await desk.exportBundle('everything');
    const phone = fresh();
    await phone.loadDemo({ seed: 1 });
    const demoNumbers = await phone.overview({ range, compare: 'none' });
    await phone.applyBundle(bytes);
    expect(await phone.overview({ range, compare: 'none' })).toEqual(
      await desk.overview({ range, compare: 'none' }),
    );
    const [latest] = await phone.importHistory();
    await phone.undoImport(latest!.id);
    expect((await phone.overview({ range, compare: 'none' })).current).toEqual(demoNumbers.current);
  });
});
