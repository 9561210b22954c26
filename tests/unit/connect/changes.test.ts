// "What changed" after a store sync: only records whose stored content differs count, what came
// again as it is stored is named apart. The fixture stores' changes, counted by hand:
//   Shopify (tests/fakes/shopify-store.ts, changeStore): #1005 new; #1001 one mug refunded;
//     the mug's unit cost 4.00 → 4.50 → 1 new order, 1 order changed, 1 product cost changed.
//   WooCommerce (tests/e2e/servers/woocommerce.mjs, dayTwo): 1007 new; 1001 refunded, 1005
//     cancelled; the sync reads 6 variants (the changed filter and every variant the changed
//     orders hold): the filter's price 25.00 → 27.00, the mug's stock 40 → 38 (1007's two mugs);
//     the hoodie's S, M, L and the gift card as stored → 1 new order, 2 orders changed,
//     1 product price changed, 1 stock level changed; 4 products fetched unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error plain .mjs test server
import { startWooServer, WOO_KEYS } from '../../e2e/servers/woocommerce.mjs';
import { connectorFor } from '../../../core/connect/index.ts';
import {
  addChanges,
  changeWords,
  noChanges,
  productChangeKinds,
  type StoreChanges,
} from '../../../core/connect/changes.ts';
import { ConnectError, type Connector, type SyncCursor } from '../../../core/connect/types.ts';
import { orderChanges } from '../../../core/ingest/merge.ts';
import { lineColumns, orderColumns, tableFromRows } from '../../../core/schema/columns.ts';
import { productSchema } from '../../../core/schema/store.ts';
import { encodeBundle, makeBundle, tableToJson } from '../../../core/sync/index.ts';
import { openStoreDb } from '../../../core/db/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { startShopifyFake } from '../../fakes/shopify.ts';

const noop = { signal: new AbortController().signal, onProgress: () => undefined };
const instant = async (_ms: number, signal: AbortSignal) => {
  if (signal.aborted) throw new ConnectError('The sync was cancelled.', 'cancelled');
};

let dbn = 0;
async function store() {
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name: `changes-${++dbn}` }) });
  await api.saveSettings({ currency: 'EUR', timezone: 'Europe/Berlin' }, []);
  return api;
}

/** One whole sync from `cursor`, each step applied as the app applies it; the summed changes. */
async function syncInto(
  api: Awaited<ReturnType<typeof store>>,
  c: Connector,
  cursor: SyncCursor,
): Promise<{ cursor: SyncCursor; took: StoreChanges }> {
  let took = noChanges();
  for (;;) {
    const r = await c.sync(cursor, noop);
    const res = await api.applyBundle(await encodeBundle(makeBundle('extension', r.entities)));
    took = addChanges(took, res.stored);
    cursor = r.cursor;
    if (cursor.resume === null) return { cursor, took };
  }
}

describe('what a second sync changed', () => {
  it('Shopify: the new order, the refunded one and the mug’s cost, nothing else', async () => {
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
          salt: 'salt-1',
          now: () => clock,
          pollMs: 1000,
          sleep: async (ms, signal) => {
            clock += ms;
            await instant(ms, signal);
          },
        },
      );
      const api = await store();
      const one = await syncInto(api, c, { since: null, resume: null });
      // Into an empty store: 4 orders and 4 variants, all new.
      expect(one.took.orders).toEqual({ added: 4, changed: 0, unchanged: 0 });
      expect(one.took.products).toMatchObject({ added: 4, changed: 0, unchanged: 0 });
      expect(changeWords(one.took)).toBe('4 new orders, 4 new products');
      clock += 60_000;
      fake.change();
      clock += 60_000;
      const two = await syncInto(api, c, one.cursor);
      expect(two.took.orders).toEqual({ added: 1, changed: 1, unchanged: 0 });
      expect(two.took.products).toEqual({
        added: 0,
        changed: 1,
        unchanged: 0,
        kinds: { price: 0, cost: 1, stock: 0, details: 0 },
      });
      expect(changeWords(two.took)).toBe('1 new order, 1 order changed, 1 product cost changed');
    } finally {
      await fake.close();
    }
  });

  describe('WooCommerce', () => {
    let server: Server & { woo: { dayTwo(): void; reset(): void } };
    let base: string;
    beforeAll(async () => {
      server = await startWooServer(0);
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('the new order, the two changed ones, the filter’s price and the mug’s stock; the rest fetched unchanged', async () => {
      const c = connectorFor(
        {
          origin: base,
          credentials: {
            platform: 'woocommerce',
            consumerKey: WOO_KEYS.read.key,
            consumerSecret: WOO_KEYS.read.secret,
          },
        },
        (i, init) => fetch(i, init),
        { salt: 'salt-1', sleep: instant },
      );
      const api = await store();
      const one = await syncInto(api, c, { since: null, resume: null });
      // 1001–1005 (1006 never paid) and 6 variants (the grouped set is no variant).
      expect(changeWords(one.took)).toBe('5 new orders, 6 new products');
      server.woo.dayTwo();
      const two = await syncInto(api, c, one.cursor);
      expect(two.took.orders).toEqual({ added: 1, changed: 2, unchanged: 0 });
      expect(two.took.products).toEqual({
        added: 0,
        changed: 2,
        unchanged: 4,
        kinds: { price: 1, cost: 0, stock: 1, details: 0 },
      });
      expect(changeWords(two.took)).toBe(
        '1 new order, 2 orders changed, 1 product price changed, 1 stock level changed; 4 products fetched unchanged',
      );
      // A third sync with nothing new in the shop reads the last five minutes again (the connector's
      // margin for clocks apart): all of it as stored.
      const three = await syncInto(api, c, two.cursor);
      expect(changeWords(three.took)).toBe(
        'nothing changed (3 orders and 6 products fetched unchanged)',
      );
    });
  });

  it('the same bundle applied twice: the second time everything is fetched unchanged', async () => {
    const api = await store();
    const order = {
      id: 'A1',
      number: '#1',
      createdAt: Date.parse('2026-11-02T10:00:00Z'),
      customerKey: 'k',
      currency: 'EUR',
      subtotal: 1000,
      discounts: 0,
      shipping: 0,
      taxes: 0,
      total: 1000,
      refunded: 0,
      kind: 'order',
    };
    const line = {
      orderId: 'A1',
      createdAt: order.createdAt,
      sku: 'X',
      title: 'X',
      productId: '',
      variantId: '',
      productType: '',
      vendor: '',
      quantity: 1,
      unitPrice: 1000,
      discount: 0,
      refundedQuantity: 0,
      giftCard: 0,
      currency: 'EUR',
    };
    const product = productSchema.parse({ sku: 'X', title: 'X', currency: 'EUR', price: 1000 });
    const bundle = (updatedAt: number, p = product) =>
      encodeBundle(
        makeBundle('extension', {
          tables: {
            orders: tableToJson(orderColumns, tableFromRows(orderColumns, [order])),
            lines: tableToJson(lineColumns, tableFromRows(lineColumns, [line])),
          },
          products: [{ ...p, updatedAt }],
        }),
      );
    expect(changeWords((await api.applyBundle(await bundle(1))).stored)).toBe(
      '1 new order, 1 new product',
    );
    // A later sync stamps the product anew: the same values are no change.
    expect(changeWords((await api.applyBundle(await bundle(2))).stored)).toBe(
      'nothing changed (1 order and 1 product fetched unchanged)',
    );
    expect(
      changeWords((await api.applyBundle(await bundle(3, { ...product, onHand: 7 }))).stored),
    ).toBe('1 stock level changed; 1 order fetched unchanged');
  });
});

describe('orderChanges', () => {
  const row = (id: string, refunded = 0) => ({
    id,
    number: id,
    createdAt: 1,
    customerKey: '',
    currency: 'EUR',
    total: 100,
    refunded,
  });
  const ln = (orderId: string, sku: string, refundedQuantity = 0) => ({
    orderId,
    sku,
    title: sku,
    quantity: 1,
    unitPrice: 100,
    refundedQuantity,
    currency: 'EUR',
  });
  const orders = (r: object[]) => tableFromRows(orderColumns, r);
  const lines = (r: object[]) => tableFromRows(lineColumns, r);
  const stored = {
    orders: orders([row('1'), row('2'), row('3')]),
    lines: lines([ln('1', 'A'), ln('1', 'B'), ln('2', 'A'), ln('3', 'C')]),
  };

  it('tells new, changed (a field or a line) and unchanged (lines in another order) apart', () => {
    const incoming = {
      orders: orders([row('1'), row('2'), row('3', 100), row('4')]),
      // Order 1's lines in another order: the same set. Order 2's line refunded.
      lines: lines([ln('1', 'B'), ln('1', 'A'), ln('2', 'A', 1), ln('3', 'C'), ln('4', 'D')]),
    };
    expect(orderChanges(stored.orders, stored.lines, incoming)).toEqual({
      added: 1,
      changed: 2,
      unchanged: 1,
    });
  });

  it('an order brought without lines keeps its stored ones: only its fields compare', () => {
    const incoming = { orders: orders([row('1'), row('2', 50)]), lines: lines([]) };
    expect(orderChanges(stored.orders, stored.lines, incoming)).toEqual({
      added: 0,
      changed: 1,
      unchanged: 1,
    });
  });
});

describe('productChangeKinds', () => {
  const p = productSchema.parse({
    sku: 'MUG',
    title: 'Mug',
    currency: 'EUR',
    price: 1200,
    cost: 400,
    onHand: 42,
    updatedAt: 1,
  });
  it('names price, cost, stock and other details apart, and ignores the time stamp', () => {
    expect(productChangeKinds(p, { ...p, updatedAt: 2 })).toEqual([]);
    expect(productChangeKinds(p, { ...p, compareAtPrice: 1500 })).toEqual(['price']);
    expect(productChangeKinds(p, { ...p, cost: 450 })).toEqual(['cost']);
    expect(productChangeKinds(p, { ...p, onHand: 40 })).toEqual(['stock']);
    expect(productChangeKinds(p, { ...p, title: 'Trail mug', price: 1300 }).sort()).toEqual([
      'details',
      'price',
    ]);
  });
  it('words: one and many', () => {
    const c = noChanges();
    c.orders = { added: 2, changed: 1, unchanged: 0 };
    c.products = {
      added: 0,
      changed: 3,
      unchanged: 1,
      kinds: { price: 2, cost: 1, stock: 0, details: 1 },
    };
    expect(changeWords(c)).toBe(
      '2 new orders, 1 order changed, 2 product prices changed, 1 product cost changed, 1 product’s details changed; 1 product fetched unchanged',
    );
  });
});
