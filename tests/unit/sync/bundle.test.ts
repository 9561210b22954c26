import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import {
  BUNDLE_VERSION,
  decodeBundle,
  encodeBundle,
  makeBundle,
  tableFromJson,
  tableToJson,
  type Bundle,
} from '../../../core/sync/index.ts';
import { lineColumns, orderColumns, tableFromRows, rowsOf } from '../../../core/schema/index.ts';

const NOW = Date.UTC(2026, 10, 20);

const tracked = {
  id: 'tp-1',
  url: 'https://rival.example/products/mug',
  domain: 'rival.example',
  platform: 'shopify',
  name: 'Stoneware mug',
  brand: 'Rival',
  sku: 'MUG-1',
  gtin: '4006381333931',
  mpn: '',
  image: '',
  variantId: '',
  paused: false,
  createdAt: NOW - 86_400_000,
  updatedAt: NOW - 3_600_000,
  deleted: false,
};

function bundleWith(entities: Bundle['entities']): Bundle {
  return makeBundle('extension', entities, NOW);
}

async function rejects(bytes: Uint8Array, code: string, message: RegExp) {
  await expect(decodeBundle(bytes, { now: NOW })).rejects.toMatchObject({
    name: 'BundleError',
    code,
    message: expect.stringMatching(message),
  });
}

const gz = (text: string) => new Uint8Array(gzipSync(Buffer.from(text)));

describe('bundle encode/decode', () => {
  it('round-trips through gzip with every record intact', async () => {
    const b = bundleWith({
      trackedProducts: [tracked],
      snapshots: [
        {
          productId: 'tp-1',
          at: NOW - 1000,
          price: 1299,
          wasPrice: 1599,
          currency: 'EUR',
          availability: 'InStock',
          sources: { price: 'json-ld' },
          error: null,
        },
      ],
    });
    const bytes = await encodeBundle(b);
    expect(bytes[0]).toBe(0x1f);
    expect(bytes[1]).toBe(0x8b);
    const back = await decodeBundle(bytes, { now: NOW });
    expect(back).toEqual(b);
  });

  it('reads plain (uncompressed) JSON too', async () => {
    const b = bundleWith({ trackedProducts: [tracked] });
    expect(await decodeBundle(new TextEncoder().encode(JSON.stringify(b)), { now: NOW })).toEqual(
      b,
    );
  });

  it('rejects a truncated gzip file with a clear message', async () => {
    const bytes = await encodeBundle(bundleWith({ trackedProducts: [tracked] }));
    await rejects(
      bytes.subarray(0, Math.floor(bytes.length / 2)),
      'truncated',
      /damaged or incomplete/,
    );
  });

  it('rejects broken JSON, foreign files and binary junk', async () => {
    await rejects(gz('{"format":"storelens-bundle", "version": 2,'), 'not-json', /JSON is broken/);
    await rejects(gz(JSON.stringify({ hello: 'world' })), 'foreign', /not a Storelens bundle/);
    await rejects(
      new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x00]),
      'not-json',
      /not a Storelens bundle/,
    );
  });

  it('rejects a bundle from a newer Storelens and says to update', async () => {
    const b = { ...bundleWith({}), version: BUNDLE_VERSION + 1 };
    await rejects(gz(JSON.stringify(b)), 'newer-version', /newer Storelens.*Update/);
  });

  it('rejects schema violations naming the field', async () => {
    const bad = bundleWith({ trackedProducts: [{ ...tracked, url: 'not a url' }] });
    await rejects(gz(JSON.stringify(bad)), 'invalid', /trackedProducts table, row 1, field "url"/);
  });

  it('rejects __proto__ keys anywhere without polluting prototypes', async () => {
    const text = JSON.stringify(bundleWith({ trackedProducts: [tracked] })).replace(
      '"brand":"Rival"',
      '"brand":"Rival","__proto__":{"polluted":true}',
    );
    await rejects(gz(text), 'unsafe-key', /forbidden key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects dates in the future', async () => {
    const b = bundleWith({ trackedProducts: [{ ...tracked, updatedAt: NOW + 30 * 86_400_000 }] });
    await rejects(
      gz(JSON.stringify(b)),
      'future-date',
      /date in the future.*trackedProducts\[0\]\.updatedAt/,
    );
  });

  it('stops a bundle that expands past the size limit while decompressing (zip bomb)', async () => {
    // 64 MB of spaces compress to ~64 KB; with an 8 MB cap decompression stops early.
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }));
    expect(bomb.length).toBeLessThan(200_000);
    await expect(
      decodeBundle(bomb, { now: NOW, maxJsonBytes: 8 * 1024 * 1024 }),
    ).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/expands to more than 8 MB/),
    });
  });
});

describe('bundle migration', () => {
  it('migrates a format-1 bundle: decimal prices to minor units, deletions to tombstones', async () => {
    const v1 = {
      format: 'storelens-bundle',
      version: 1,
      exportedAt: NOW - 5000,
      app: 'extension',
      data: {
        tracked: [{ ...tracked, deleted: undefined }],
        snapshots: [
          {
            productId: 'tp-1',
            at: NOW - 9000,
            price: 12.5,
            currency: 'USD',
            availability: 'InStock',
          },
        ],
        catalog: [{ sku: 'OWN-1', title: 'Own mug', currency: 'JPY', price: 1500 }],
      },
      deleted: [
        { entity: 'tracked', id: 'tp-1', at: NOW - 1000 },
        { entity: 'catalog', id: 'OLD-9', at: NOW - 2000 },
      ],
    };
    const b = await decodeBundle(gz(JSON.stringify(v1)), { now: NOW });
    expect(b.version).toBe(BUNDLE_VERSION);
    expect(b.createdAt).toBe(NOW - 5000);
    expect(b.entities.snapshots?.[0]?.price).toBe(1250);
    expect(b.entities.trackedProducts?.[0]).toMatchObject({
      id: 'tp-1',
      deleted: true,
      updatedAt: NOW - 1000,
    });
    expect(b.entities.catalog).toEqual([
      expect.objectContaining({ sku: 'OWN-1', price: 1500 }),
      { sku: 'OLD-9', deleted: true, updatedAt: NOW - 2000 },
    ]);
  });
});

describe('fact tables in bundles', () => {
  it('round-trips columns, including missing numbers', () => {
    const t = tableFromRows(lineColumns, [
      {
        orderId: 'o1',
        createdAt: NOW,
        sku: 'A',
        title: 'Mug',
        quantity: 2,
        unitPrice: 1200,
        discount: 0,
        refundedQuantity: 0,
        currency: 'USD',
      },
      {
        orderId: 'o2',
        createdAt: null,
        sku: 'B',
        title: 'Bowl',
        quantity: 1,
        unitPrice: 900,
        discount: 100,
        refundedQuantity: 1,
        currency: 'USD',
      },
    ]);
    const back = tableFromJson(
      'lines',
      lineColumns,
      JSON.parse(JSON.stringify(tableToJson(lineColumns, t))),
    );
    expect(rowsOf(lineColumns, back)).toEqual(rowsOf(lineColumns, t));
  });

  it('rejects a column whose codes point outside its dictionary', () => {
    const j = tableToJson(
      lineColumns,
      tableFromRows(lineColumns, [{ orderId: 'o1', sku: 'A', title: 'x', currency: 'USD' }]),
    );
    (j.columns.sku as { codes: number[] }).codes[0] = 7;
    expect(() => tableFromJson('lines', lineColumns, j)).toThrow(
      /lines table has a bad "sku" column/,
    );
  });

  it('rejects a dictionary with a value twice (two codes would mean one order id)', () => {
    const j = tableToJson(orderColumns, tableFromRows(orderColumns, [{ id: 'o1' }, { id: 'o2' }]));
    (j.columns.id as { dict: string[] }).dict = ['o1', 'o1'];
    expect(() => tableFromJson('orders', orderColumns, j)).toThrow(
      /orders table has a bad "id" column \(a value twice in its dictionary\)/,
    );
  });
});
