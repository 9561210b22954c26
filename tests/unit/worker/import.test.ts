import { describe, expect, it } from 'vitest';
import { proxy } from 'comlink';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb, readTable, type StoreDb } from '../../../core/db/index.ts';
import { ordersFromTable, linesFromTable } from '../../../core/ingest/index.ts';
import { generateDemoStore, type DemoOptions } from '../../../core/demo/index.ts';
import { createAnalyticsApi, forTheWire } from '../../../core/worker/index.ts';
import type { ImportProgress } from '../../../core/worker/import/index.ts';
import { createAnalyticsClient } from '../../../core/bridge/index.ts';
import { encodeBundle, makeBundle } from '../../../core/sync/index.ts';
import { fakeWorkers } from './harness.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
/** A fixture as the File the browser's picker hands over. */
const file = (name: string, as = name) => new File([readFileSync(dir + name)], as);

let n = 0;
const dbName = () => `import-test-${++n}`;
const small = (o: DemoOptions) => generateDemoStore({ ...o, orders: 300 });

function setup(wrap?: (db: StoreDb) => StoreDb) {
  const name = dbName();
  const api = createAnalyticsApi({
    openDb: async () => {
      const db = await openStoreDb({ name });
      return wrap ? wrap(db) : db;
    },
    generateDemo: small,
  });
  return { api, name, open: () => openStoreDb({ name }) };
}

/** What is stored, as sorted plain records: the state a user's numbers come from. */
async function storedState(open: () => Promise<StoreDb>) {
  const db = await open();
  const orders = ordersFromTable(await readTable(db, 'orders')).sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  const lines = linesFromTable(await readTable(db, 'lines')).sort(
    (a, b) => a.orderId.localeCompare(b.orderId) || a.sku.localeCompare(b.sku),
  );
  const products = (await db.getAll('products')).sort((a, b) => a.sku.localeCompare(b.sku));
  db.close();
  return { orders, lines, products };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('importFiles', () => {
  it('stores a Shopify orders export, creates the store settings from it, and the worker serves it', async () => {
    const { api, open } = setup();
    const result = await api.importFiles([file('shopify-orders.csv', 'orders_export_1.csv')]);
    expect(result.files).toEqual([
      expect.objectContaining({
        fileName: 'orders_export_1.csv',
        format: 'shopify-orders',
        rows: 9,
        rejected: 0,
      }),
    ]);
    expect(result.tables.orders).toEqual({ incoming: 6, added: 6, updated: 0, total: 6 });
    expect(result.tables.lines).toMatchObject({ incoming: 9, total: 9 });
    expect(result.rejectedCsv).toBe('');

    const state = await storedState(open);
    expect(state.orders.map((o) => o.number).sort()).toEqual([
      '#1001',
      '#1002',
      '#1003',
      '#1004',
      '#1005',
      '#1006',
    ]);
    // Personal data stays out: the customer is a salted hash, no email is kept.
    expect(state.orders.every((o) => !('email' in o))).toBe(true);
    expect(state.orders.find((o) => o.number === '#1001')!.customerKey).not.toContain('ava');

    const db = await open();
    const settings = await getSettings(db);
    db.close();
    expect(settings).toMatchObject({
      timezone: 'America/New_York',
      currency: 'USD',
      keepEmails: false,
      demo: false,
    });
    expect(settings!.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(result.settingsCreated).toMatchObject({ timezone: 'America/New_York' });

    const status = await api.load();
    expect(status).toMatchObject({ loaded: true, empty: false, orders: 6, demo: false });
    const history = await api.importHistory();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      source: 'shopify-orders',
      files: [{ fileName: 'orders_export_1.csv', format: 'shopify-orders', rows: 9, rejected: 0 }],
      tables: { orders: 6, lines: 9 },
      undoable: true,
      undoneAt: null,
    });
  });

  it('re-importing the same export changes nothing (same totals, same customer keys)', async () => {
    const { api, open } = setup();
    await api.importFiles([file('shopify-orders.csv')]);
    const first = await storedState(open);
    const range = { start: '2024-01-01', end: '2024-12-31' };
    const before = await api.overview({ range });

    const again = await api.importFiles([file('shopify-orders.csv')]);
    expect(again.tables.orders).toEqual({ incoming: 6, added: 0, updated: 6, total: 6 });
    expect(again.settingsCreated).toBeNull();
    expect(await storedState(open)).toEqual(first);
    expect(await api.overview({ range })).toEqual(before);
  });

  it('a newer, overlapping export updates refunds and adds new orders without double counting', async () => {
    const { api, open } = setup();
    await api.importFiles([file('shopify-orders.csv')]);
    const result = await api.importFiles([file('shopify-orders-newer.csv')]);
    expect(result.tables.orders).toEqual({ incoming: 3, added: 1, updated: 2, total: 7 });

    const state = await storedState(open);
    expect(state.orders).toHaveLength(7);
    expect(state.lines).toHaveLength(10);
    const o1005 = state.orders.find((o) => o.number === '#1005')!;
    expect(o1005).toMatchObject({ financialStatus: 'refunded', refunded: 2613 });
    // #1006 came in both files: one order, one line.
    expect(state.orders.filter((o) => o.number === '#1006')).toHaveLength(1);
    expect(state.lines.filter((l) => l.orderId === '5612345678906')).toHaveLength(1);
    expect(sum(state.orders.map((o) => o.refunded))).toBe(8722 + 5594 + 2613);
    // The same customer hashes to the same key across the two imports.
    const ava = state.orders.filter((o) => o.number === '#1001' || o.number === '#1006');
    expect(new Set(ava.map((o) => o.customerKey)).size).toBe(1);
  });

  it('a file that cannot be read gets one clear message naming it, and nothing stored changes', async () => {
    const { api, open } = setup();
    await api.importFiles([file('shopify-orders.csv')]);
    const before = await storedState(open);

    await expect(
      api.importFiles([
        file('shopify-orders-newer.csv'),
        file('shopify-orders-duplicate-header.csv'),
      ]),
    ).rejects.toMatchObject({
      name: 'IngestError',
      code: 'duplicate-header',
      message: expect.stringMatching(/^shopify-orders-duplicate-header\.csv: .*twice/),
    });
    // A bundle merges through the sync module in its own transaction, never inside a CSV batch.
    await expect(
      api.importFiles([file('shopify-orders-newer.csv'), file('storelens-bundle.json')]),
    ).rejects.toMatchObject({
      name: 'BundleInBatchError',
      code: 'bundle-in-batch',
      message: expect.stringContaining('Import it on its own'),
    });
    const empty = new File([], 'orders_export.csv');
    await expect(api.importFiles([empty])).rejects.toMatchObject({
      name: 'IngestError',
      code: 'empty',
    });

    expect(await storedState(open)).toEqual(before);
    expect(await api.importHistory()).toHaveLength(1);
  });

  it('imports the good rows of a file with bad rows and lists the bad ones with file, row and column', async () => {
    const { api } = setup();
    const result = await api.importFiles([file('shopify-orders-bad-values.csv', 'orders.csv')]);
    // Rows 2-4 (#1001, one bad line: the whole order), 5 (#1002) and 7 (#1004).
    expect(result.rejected).toBe(5);
    expect(result.errors).toContainEqual({
      fileName: 'orders.csv',
      row: 5,
      column: 'Created at',
      message: expect.stringContaining("'Created at' is not a date (got '31/13/2024')"),
    });
    expect(result.rejectedCsv.split('\r\n')[0]).toBe('\uFEFFFile,Row,Column,Problem');
    expect(result.rejectedCsv).toContain('orders.csv,5,Created at,');
    expect(result.tables.orders!.total).toBe(1);
    expect((await api.importHistory())[0]).toMatchObject({ rejected: 5 });
  });

  it('when the browser is out of space, says how much is needed and changes nothing', async () => {
    let full = false;
    const quotaOnChunks = (db: StoreDb): StoreDb =>
      new Proxy(db, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target) as unknown;
          if (prop !== 'transaction' || typeof v !== 'function') {
            return typeof v === 'function' ? v.bind(target) : v;
          }
          return (...args: unknown[]) => {
            const tx = (v as (...a: unknown[]) => { objectStore(n: string): object }).apply(
              target,
              args,
            );
            return new Proxy(tx, {
              get(t, p) {
                const tv = Reflect.get(t, p, t) as unknown;
                if (p !== 'objectStore' || typeof tv !== 'function')
                  return typeof tv === 'function' ? tv.bind(t) : tv;
                return (storeName: string) => {
                  const store = (tv as (n: string) => object).call(t, storeName);
                  if (!full || storeName !== 'chunks') return store;
                  return new Proxy(store, {
                    get(s, q) {
                      if (q === 'put')
                        return () => {
                          throw new DOMException('Quota exceeded', 'QuotaExceededError');
                        };
                      const sv = Reflect.get(s, q, s) as unknown;
                      return typeof sv === 'function' ? sv.bind(s) : sv;
                    },
                  });
                };
              },
            });
          };
        },
      });
    const { api, open } = setup(quotaOnChunks);
    await api.importFiles([file('shopify-orders.csv')]);
    const before = await storedState(open);
    full = true;
    const err = await api.importFiles([file('shopify-orders-newer.csv')]).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'QuotaError',
      code: 'quota-exceeded',
      message: expect.stringMatching(/refused to store \d+\.\d MB/),
    });
    expect((err as { bytesNeeded: number }).bytesNeeded).toBeGreaterThan(1000);
    full = false;
    expect(await storedState(open)).toEqual(before);
    expect(await api.importHistory()).toHaveLength(1);
  });

  it('merges products by SKU and takes stock from an inventory export in the same import', async () => {
    const { api, open } = setup();
    const result = await api.importFiles(
      [file('shopify-inventory.csv'), file('shopify-products.csv')],
      { currency: 'USD' },
    );
    expect(result.tables.products).toMatchObject({ total: 4 });
    const { products } = await storedState(open);
    expect(products).toHaveLength(4);
    expect(products.some((p) => p.onHand !== null)).toBe(true);
    const again = await api.importFiles([file('shopify-products.csv')]);
    expect(again.tables.products).toMatchObject({ added: 0, updated: 4, total: 4 });
  });
});

describe('undoImport', () => {
  it('restores exactly the state before the latest import, once', async () => {
    const { api, open } = setup();
    await api.importFiles([file('shopify-orders.csv')]);
    const before = await storedState(open);
    const newer = await api.importFiles([file('shopify-orders-newer.csv')]);

    const history = await api.importHistory();
    expect(history.map((h) => h.undoable)).toEqual([true, false]);
    const undone = await api.undoImport(newer.id);
    expect(undone.undoneAt).toEqual(expect.any(Number));
    expect(await storedState(open)).toEqual(before);
    expect((await api.load()).orders).toBe(6);

    const after = await api.importHistory();
    expect(after[0]).toMatchObject({ id: newer.id, undoable: false });
    expect(after[0]!.undoneAt).not.toBeNull();
    await expect(api.undoImport(newer.id)).rejects.toMatchObject({ code: 'not-undoable' });
    // An older import's snapshot was dropped when the newer one was committed.
    await expect(api.undoImport(history[1]!.id)).rejects.toMatchObject({ code: 'not-undoable' });
  });

  it('an import replaces the demo store entirely, and undoing it brings the demo back', async () => {
    const { api, open } = setup();
    const demo = await api.loadDemo({ seed: 3 });
    expect(demo.demo).toBe(true);
    const result = await api.importFiles([file('shopify-orders.csv')]);
    expect(result.replacedDemo).toBe(true);
    expect(result.tables.orders).toEqual({ incoming: 6, added: 6, updated: 0, total: 6 });
    expect(await api.load()).toMatchObject({ orders: 6, demo: false });
    const db = await open();
    expect(await db.count('experiments')).toBe(0);
    expect((await readTable(db, 'traffic')).length).toBe(0);
    db.close();

    await api.undoImport(result.id);
    expect(await api.status()).toMatchObject({ demo: true, orders: 300 });
  });
});

describe('previewFile and mappings', () => {
  it('previews a Shopify export: format, header, first rows, encoding, timezone', async () => {
    const { api } = setup();
    const p = await api.previewFile(file('shopify-orders.csv'));
    expect(p).toMatchObject({
      fileName: 'shopify-orders.csv',
      format: 'shopify-orders',
      confidence: 1,
      problem: null,
      encoding: 'utf-8',
      delimiter: ',',
      timezone: 'America/New_York',
      currency: 'USD',
      store: null,
      suggestedMapping: null,
    });
    expect(p.header.slice(0, 3)).toEqual(['Name', 'Email', 'Financial Status']);
    expect(p.rows[0]!.slice(0, 2)).toEqual(['#1001', 'ava.smith@example.com']);
    // A gzipped bundle is recognised from its content and previewed by the sync module.
    const bytes = (await encodeBundle(
      makeBundle('extension', {
        targets: [
          { id: 't-2024-12', metric: 'netSales', month: '2024-12', value: 500000, updatedAt: 1 },
        ],
      }),
    )) as Uint8Array<ArrayBuffer>;
    const bundle = await api.previewFile(new File([bytes], 'desk.storelens'));
    expect(bundle).toMatchObject({ format: 'storelens-bundle', problem: null });
    expect(bundle.bundle!.counts.targets).toMatchObject({ added: 1 });
    await expect(
      api.previewFile(new File([bytes.subarray(0, 40)], 'cut.storelens')),
    ).rejects.toMatchObject({ code: 'gzip', message: expect.stringContaining('cut off') });
    await expect(
      api.previewFile(file('shopify-products.csv'), { format: 'shopify-orders' }),
    ).rejects.toMatchObject({ name: 'IngestError', code: 'wrong-format' });
  });

  it('suggests a mapping for a generic CSV, and offers the confirmed one again for the same header', async () => {
    const { api, open } = setup();
    const first = await api.previewFile(file('generic-orders-semicolon.csv'));
    expect(first.format).toBe('generic');
    expect(first.savedMapping).toBeNull();
    const mapping = first.suggestedMapping!;
    expect(mapping['order.id']).toBeDefined();

    const name = 'generic-orders-semicolon.csv';
    const result = await api.importFiles([file(name)], {
      mappings: { [name]: mapping },
      dateFormats: { [name]: 'DD/MM/YYYY' },
      currency: 'EUR',
    });
    expect(result.tables.orders!.added).toBeGreaterThan(0);
    expect((await storedState(open)).orders.length).toBe(result.tables.orders!.total);

    const again = await api.previewFile(file(name, 'next-month.csv'));
    expect(again.savedMapping).toEqual({ mapping, dateFormat: 'DD/MM/YYYY' });
    expect(again.store).toMatchObject({ currency: 'EUR' });
  });

  it('refuses a generic CSV without a mapping, saying what to do', async () => {
    const { api } = setup();
    await expect(api.importFiles([file('generic-orders-semicolon.csv')])).rejects.toMatchObject({
      name: 'IngestError',
      message: expect.stringContaining('Map them'),
    });
  });
});

describe('through the bridge (comlink, structured clone)', () => {
  it('reports progress through a proxied callback and returns the result', async () => {
    const name = dbName();
    const workers = fakeWorkers(() =>
      forTheWire(createAnalyticsApi({ openDb: () => openStoreDb({ name }), generateDemo: small })),
    );
    const client = createAnalyticsClient(workers.make);
    const seen: ImportProgress[] = [];
    const result = await client.call('importFiles', [
      [file('shopify-orders.csv')],
      {},
      proxy((p: ImportProgress) => void seen.push(p)),
    ]);
    expect(result.tables.orders).toMatchObject({ added: 6 });
    // Let the last progress messages arrive.
    await new Promise((r) => setTimeout(r, 20));
    const phases = seen.map((p) => p.phase);
    expect(phases).toContain('reading');
    expect(phases).toContain('saving');
    const last = seen.filter((p) => p.phase === 'reading').at(-1)!;
    expect(last).toMatchObject({ rows: 9, files: 1 });
    expect(last.bytes).toBe(last.totalBytes);
    expect((await client.call('load', [])).orders).toBe(6);
    client.terminate();
  });
});
