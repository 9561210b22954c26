// The WooCommerce connector against the fake shop of tests/e2e/servers/woocommerce.mjs (the
// fixture store described there). Expected figures are worked out by hand from the fixture, at
// 19 % VAT, prices without tax (amounts in cents):
//
//   order  status      gross (total + disc − ship − tax − gift)   refund (goods/ship/tax, day)
//   1001   completed   9508 + 0 − 490 − 1518        = 7500        —
//   1002   completed   10103 + 500 − 490 − 1613     = 8500        2380 = 2000 / 0 / 380, 11-21 23:30
//                                                                  583 = 0 / 490 / 93, 11-25
//   1003   refunded    4760 − 760                   = 4000        4760 = 4000 / 0 / 760, 11-26
//   1004   cancelled   2963 − 490 − 473             = 2000        cancelled: 2000 back on 11-23
//   1005   processing  7380 − 380 − 5000 (gift card) = 2000       —
//   1006   pending     never placed: not an order
//
// So, 20–26 Nov: 5 orders; gross 24000, discounts 500, returns (goods) 2000 + 4000 + 2000 = 8000,
// net sales 24000 − 500 − 8000 = 15500 (155.00 €); gift cards 5000; shipping refunded 490.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error plain .mjs test server
import { startWooServer, WOO_KEYS } from '../../e2e/servers/woocommerce.mjs';
import { wooConnector, WOO_PER_PAGE } from '../../../core/connect/woo.ts';
import { connectorFor, connectors } from '../../../core/connect/index.ts';
import { ConnectError, type SyncCursor, type SyncProgress } from '../../../core/connect/types.ts';
import { encodeBundle, makeBundle } from '../../../core/sync/index.ts';
import type { BundleEntities } from '../../../core/sync/bundle.ts';
import { openStoreDb, readTable } from '../../../core/db/index.ts';
import { linesFromTable, ordersFromTable } from '../../../core/ingest/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import { rowsOf, orderColumns, lineColumns } from '../../../core/schema/columns.ts';
import { tableFromJson } from '../../../core/sync/tables.ts';
import type { Line, Order } from '../../../core/schema/store.ts';

interface Fake {
  state: { log: { path: string; scheme: string }[]; maxInFlight: number; keys: typeof WOO_KEYS };
  reset(): void;
  failNext(status: number, times?: number, retryAfter?: string | null): void;
  dayTwo(): void;
}
type FakeServer = Server & { woo: Fake };

const SHOP = 'https://kaffeehaus.example';
let server: FakeServer;
let base: string;

beforeAll(async () => {
  server = (await startWooServer(0)) as FakeServer;
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => server.woo.reset());

/** The shop's https origin reached through a TLS-terminating proxy: the fake, told it is https. */
function proxyFetch(seen?: string[]) {
  return (input: string, init: RequestInit) => {
    seen?.push(input);
    const url = new URL(input);
    if (url.origin !== SHOP) throw new Error(`request to another origin: ${url.origin}`);
    return fetch(base + url.pathname + url.search, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'x-forwarded-proto': 'https' },
    });
  };
}

const waits: number[] = [];
const instant = async (ms: number, signal: AbortSignal) => {
  waits.push(ms);
  if (signal.aborted) throw new ConnectError('The sync was cancelled.', 'cancelled');
};
const keys = WOO_KEYS.read;
const connect = (opts: Parameters<typeof wooConnector>[2] = {}, fetchFn = proxyFetch()) =>
  wooConnector(
    {
      origin: SHOP,
      credentials: {
        platform: 'woocommerce',
        consumerKey: keys.key,
        consumerSecret: keys.secret,
      },
    },
    fetchFn,
    { salt: 'salt-1', sleep: instant, ...opts },
  );
const signal = () => new AbortController().signal;

/** Runs a whole sync (call after call while `resume` is set), keeping every call's result. */
async function syncAll(
  c: ReturnType<typeof connect>,
  cursor: SyncCursor = { since: null, resume: null },
) {
  const results = [];
  const progress: SyncProgress[] = [];
  for (;;) {
    const r = await c.sync(cursor, { signal: signal(), onProgress: (p) => progress.push(p) });
    results.push(r);
    cursor = r.cursor;
    if (cursor.resume === null) break;
  }
  return { results, cursor, progress };
}

const ordersOf = (e: BundleEntities): Order[] =>
  e.tables?.orders
    ? (rowsOf(
        orderColumns,
        tableFromJson('orders', orderColumns, e.tables.orders),
      ) as unknown as Order[])
    : [];
const linesOf = (e: BundleEntities): Line[] =>
  e.tables?.lines
    ? (rowsOf(
        lineColumns,
        tableFromJson('lines', lineColumns, e.tables.lines),
      ) as unknown as Line[])
    : [];

let dbn = 0;
async function store() {
  const name = `woo-sync-${++dbn}`;
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  await api.saveSettings({ currency: 'EUR', timezone: 'UTC' }, []);
  const stored = async () => {
    const db = await openStoreDb({ name });
    const orders = ordersFromTable(await readTable(db, 'orders'));
    const lines = linesFromTable(await readTable(db, 'lines'));
    db.close();
    return { orders, lines };
  };
  return { api, stored };
}
const bundleOf = (entities: BundleEntities) => encodeBundle(makeBundle('extension', entities));
const november = { range: { start: '2026-11-20', end: '2026-11-26' }, compare: 'none' as const };

describe('test call', () => {
  it('reports the shop’s name, currency and timezone', async () => {
    const c = connectorFor(
      {
        origin: connectors.woocommerce.origin('kaffeehaus.example/shop/'),
        credentials: {
          platform: 'woocommerce',
          consumerKey: keys.key,
          consumerSecret: keys.secret,
        },
      },
      proxyFetch() as typeof fetch,
      { salt: 's' },
    );
    expect(await c.test(signal())).toEqual({
      platform: 'woocommerce',
      name: 'Kaffeehaus Nord',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
    });
  });

  it('says what to do on a wrong secret, an unknown key or a write-only key, and never repeats them', async () => {
    const wrongSecret = wooConnector(
      {
        origin: SHOP,
        credentials: {
          platform: 'woocommerce',
          consumerKey: keys.key,
          consumerSecret: 'cs_nottheone123',
        },
      },
      proxyFetch(),
    );
    const e1 = await wrongSecret.test(signal()).then(
      () => {
        throw new Error('expected an error');
      },
      (e: unknown) => e as ConnectError,
    );
    expect(e1).toMatchObject({ name: 'ConnectError', kind: 'auth', status: 401 });
    expect(e1.message).toMatch(
      /refused the consumer secret.*make a new key in WooCommerce → Settings → Advanced → REST API/,
    );
    expect(e1.message).not.toContain('cs_nottheone123');

    const unknown = wooConnector(
      {
        origin: SHOP,
        credentials: {
          platform: 'woocommerce',
          consumerKey: 'ck_unknown999',
          consumerSecret: keys.secret,
        },
      },
      proxyFetch(),
    );
    const e2 = await unknown.test(signal()).then(
      () => {
        throw new Error('expected an error');
      },
      (e: unknown) => e as ConnectError,
    );
    expect(e2).toMatchObject({ kind: 'auth', status: 401 });
    expect(e2.message).toContain(
      'has Read permissions and belongs to a Shop manager or an Administrator',
    );
    for (const s of ['ck_unknown999', keys.secret]) expect(e2.message).not.toContain(s);

    const w = WOO_KEYS.writeOnly;
    const writeOnly = wooConnector(
      {
        origin: SHOP,
        credentials: { platform: 'woocommerce', consumerKey: w.key, consumerSecret: w.secret },
      },
      proxyFetch(),
    );
    const e3 = await writeOnly.test(signal()).then(
      () => {
        throw new Error('expected an error');
      },
      (e: unknown) => e as ConnectError,
    );
    expect(e3).toMatchObject({ kind: 'scope', status: 401 });
    expect(e3.message).toBe(
      'This key cannot read: in WooCommerce → Settings → Advanced → REST API, edit the key and set its permissions to Read.',
    );
    for (const s of [w.key, w.secret]) expect(e3.message).not.toContain(s);
  });

  it('refuses keys that are not WooCommerce keys before sending anything', () => {
    expect(() =>
      wooConnector(
        {
          origin: SHOP,
          credentials: {
            platform: 'woocommerce',
            consumerKey: 'hello world',
            consumerSecret: keys.secret,
          },
        },
        proxyFetch(),
      ),
    ).toThrow(/starts with “ck_”/);
  });

  it('on plain HTTP signs with OAuth 1.0a instead of sending the secret', async () => {
    const sent: string[] = [];
    const c = wooConnector(
      {
        origin: base,
        credentials: {
          platform: 'woocommerce',
          consumerKey: keys.key,
          consumerSecret: keys.secret,
        },
      },
      (input, init) => {
        sent.push(input);
        return fetch(input, init);
      },
    );
    expect((await c.test(signal())).currency).toBe('EUR');
    const api = server.woo.state.log.filter((l) => l.path.startsWith('/wp-json/wc/'));
    expect(api.map((l) => l.scheme)).toEqual(['oauth', 'oauth']);
    expect(sent.join('\n')).not.toContain(keys.secret);
    expect(sent.join('\n')).toContain('oauth_signature_method=HMAC-SHA256');

    // A wrong secret signs wrongly: the shop says the signature does not match.
    const wrong = 'cs_0000000000000000000000000000000000000000';
    const e = await wooConnector(
      {
        origin: base,
        credentials: { platform: 'woocommerce', consumerKey: keys.key, consumerSecret: wrong },
      },
      (input, init) => fetch(input, init),
    )
      .test(signal())
      .catch((x: unknown) => x as ConnectError);
    expect(e).toMatchObject({ kind: 'auth', status: 401 });
    expect((e as ConnectError).message).toMatch(/^WooCommerce refused the consumer secret/);
    expect((e as ConnectError).message).not.toContain(wrong);
  });
});

describe('the fake refuses what WooCommerce refuses', () => {
  const basic = `Basic ${btoa(`${keys.key}:${keys.secret}`)}`;
  const https = { 'x-forwarded-proto': 'https', authorization: basic };
  const call = async (path: string, headers: Record<string, string>) => {
    const r = await fetch(base + path, { headers });
    return { status: r.status, body: (await r.json()) as { code?: string; message?: string } };
  };

  it('pages as #pagination says, and refuses a page larger than 100 or an unknown date', async () => {
    const r = await fetch(`${base}/wp-json/wc/v3/orders?per_page=2&page=2`, { headers: https });
    expect(r.headers.get('x-wp-total')).toBe('6');
    expect(r.headers.get('x-wp-totalpages')).toBe('3');
    expect(r.headers.get('link')).toMatch(/page=1>; rel="prev", <.*page=3>; rel="next"/);
    expect(await call('/wp-json/wc/v3/orders?per_page=101', https)).toMatchObject({
      status: 400,
      body: { code: 'rest_invalid_param' },
    });
    expect(await call('/wp-json/wc/v3/orders?modified_after=yesterday', https)).toMatchObject({
      status: 400,
      body: { code: 'rest_invalid_param' },
    });
  });

  it('takes Basic auth and the key in the query string on HTTPS only; on HTTP neither', async () => {
    const q = `consumer_key=${keys.key}&consumer_secret=${keys.secret}`;
    expect((await call('/wp-json/wc/v3/orders', https)).status).toBe(200);
    expect(
      (await call(`/wp-json/wc/v3/orders?${q}`, { 'x-forwarded-proto': 'https' })).status,
    ).toBe(200);
    // Plain HTTP: the request is anonymous, so the route refuses it.
    for (const [path, headers] of [
      [`/wp-json/wc/v3/orders?${q}`, {}],
      ['/wp-json/wc/v3/orders', { authorization: basic }],
    ] as const)
      expect(await call(path, headers)).toMatchObject({
        status: 401,
        body: { code: 'woocommerce_rest_cannot_view' },
      });
  });

  it('on HTTP refuses a replayed OAuth nonce and a timestamp off by more than 15 minutes', async () => {
    const sent: string[] = [];
    const creds = {
      platform: 'woocommerce' as const,
      consumerKey: keys.key,
      consumerSecret: keys.secret,
    };
    const c = wooConnector({ origin: base, credentials: creds }, (input, init) => {
      sent.push(input);
      return fetch(input, init);
    });
    await c.test(signal());
    const signed = sent.find((u) => u.includes('oauth_nonce='))!;
    expect(await call(signed.slice(base.length), {})).toMatchObject({
      status: 401,
      body: { message: 'Invalid nonce - nonce has already been used.' },
    });
    const late = wooConnector(
      { origin: base, credentials: creds },
      (input, init) => fetch(input, init),
      { now: () => Date.now() - 20 * 60_000 },
    );
    const e = await late.test(signal()).catch((x: unknown) => x as ConnectError);
    expect(e).toMatchObject({ kind: 'auth', status: 401 });
    expect((e as ConnectError).message).toMatch(
      /clock and the shop’s differ by more than 15 minutes/,
    );
  });
});

describe('first sync of the fixture store', () => {
  it('brings the orders, refunds on their own days with their split, and the catalog', async () => {
    const { results, progress } = await syncAll(connect());
    expect(results).toHaveLength(1);
    const e = results[0]!.entities;
    const orders = new Map(ordersOf(e).map((o) => [o.id, o]));
    // 1006 is pending (never placed): not brought.
    expect([...orders.keys()]).toEqual(['1001', '1002', '1003', '1004', '1005']);
    expect(orders.get('1001')).toMatchObject({
      total: 9508,
      shipping: 490,
      taxes: 1518,
      discounts: 0,
      refunded: 0,
    });
    expect(orders.get('1002')).toMatchObject({
      total: 10103,
      discounts: 500,
      refunded: 2963,
      refundedShipping: 490,
      refundedTaxes: 473,
      refundedAt: Date.UTC(2026, 10, 25, 10, 0, 0),
      discountCode: 'fuenf',
      country: 'AT',
      // Attribution "organic" from google: Analytics shows "Organic: google".
      channel: 'Organic search',
      utmSource: 'google',
    });
    expect(orders.get('1001')!.channel).toBe('Direct');
    expect(orders.get('1003')).toMatchObject({
      refunded: 4760,
      refundedShipping: 0,
      refundedTaxes: 760,
      refundedAt: Date.UTC(2026, 10, 26, 16, 45, 0),
    });
    expect(orders.get('1004')).toMatchObject({ cancelledAt: Date.UTC(2026, 10, 23, 12, 0, 0) });
    const lines = linesOf(e);
    expect(
      lines
        .filter((l) => l.orderId === '1002')
        .map((l) => [l.sku, l.quantity, l.unitPrice, l.discount, l.refundedQuantity]),
    ).toEqual([
      ['woo-102', 1, 2500, 500, 0],
      ['MUG-01', 3, 2000, 0, 1],
    ]);
    expect(lines.filter((l) => Number(l.giftCard) === 1).map((l) => [l.orderId, l.sku])).toEqual([
      ['1005', 'GIFT-50'],
    ]);

    const products = new Map(e.products!.map((p) => [p.sku, p]));
    // The grouped set and the variable Hoodie itself are not sold; its three variations are.
    expect([...products.keys()].sort()).toEqual([
      'GIFT-50',
      'HOOD-M',
      'HOOD-S',
      'MUG-01',
      'woo-102',
      'woo-1033',
    ]);
    expect(products.get('HOOD-M')).toMatchObject({
      title: 'Hoodie',
      variantTitle: 'M',
      price: 3500,
      compareAtPrice: 4000,
      onHand: 0,
      productId: '103',
      variantId: '1032',
      productType: 'Kleidung',
    });
    // "L" keeps its stock on the Hoodie (manage_stock "parent"): 5.
    expect(products.get('woo-1033')).toMatchObject({ onHand: 5, variantTitle: 'L' });
    expect(products.get('MUG-01')).toMatchObject({ onHand: 40, price: 2000, productType: 'Küche' });
    expect(products.get('GIFT-50')!.onHand).toBeNull();
    expect(results[0]!.summary).toMatchObject({ orders: 5, refunds: 2, products: 6 });
    expect(progress.at(-1)).toMatchObject({ phase: 'done' });
    expect(progress.find((p) => p.phase === 'orders')).toMatchObject({ fetched: 6, total: 6 });
  });

  it('asks one thing at a time, 100 per page, and only the documented parameters', async () => {
    await syncAll(connect());
    expect(server.woo.state.maxInFlight).toBe(1);
    const lists = server.woo.state.log.filter(
      (l) => /\/(orders|products)(\?|$)/.test(l.path) && l.path.includes('page='),
    );
    for (const l of lists) expect(l.path).toContain(`per_page=${WOO_PER_PAGE}`);
    // Refunds are read only for the two orders that have some.
    expect(
      server.woo.state.log
        .filter((l) => l.path.includes('/refunds'))
        .map((l) => l.path.split('?')[0]),
    ).toEqual(['/wp-json/wc/v3/orders/1002/refunds', '/wp-json/wc/v3/orders/1003/refunds']);
  });

  it('applies through applyBundle, and a CSV import of the same orders does not duplicate them', async () => {
    const { results } = await syncAll(connect());
    const { api, stored } = await store();
    // WooCommerce Analytics → Orders → Download of the same five orders (and its refund rows).
    const csv = [
      'Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net sales,Origin',
      '2026-11-26T17:45:00,1003,Refunded,Carla K,new,1× Hoodie - S,1,,-40,Direct',
      '2026-11-22T00:30:00,1002,Refunded,Ben K,new,1× Kaffeebecher,1,,-20,Direct',
      '2026-11-24T20:05:00,1005,Processing,Anna K,returning,"1× Geschenkkarte 50 €, 1× Kaffeebecher",2,,70,Direct',
      '2026-11-23T13:00:00,1004,Cancelled,Dora K,new,1× Kaffeebecher,1,,20,Direct',
      '2026-11-22T09:30:00,1003,Refunded,Carla K,new,1× Hoodie - S,1,,40,Direct',
      '2026-11-21T15:00:00,1002,Completed,Ben K,new,"1× Handfilter, 3× Kaffeebecher",4,fuenf,80,Direct',
      '2026-11-20T10:15:00,1001,Completed,Anna K,new,"2× Kaffeebecher, 1× Hoodie - M",3,,75,Direct',
    ].join('\n');
    const imported = await api.importFiles([new File([csv], 'wc-orders-report-export.csv')], {
      timezone: 'Europe/Berlin',
    });
    expect(imported.rejected).toBe(0);
    expect((await stored()).orders).toHaveLength(5);

    await api.applyBundle(await bundleOf(results[0]!.entities), 'from the extension');
    const after = await stored();
    expect(after.orders.map((o) => o.id).sort()).toEqual(['1001', '1002', '1003', '1004', '1005']);
    expect(after.lines).toHaveLength(8);
    const o = await api.overview(november);
    expect(o.current.orders).toBe(5);
    expect(o.current.netSales).toBe(15500);
    expect(o.current.returns).toBe(8000);
    expect(o.current.giftCards).toBe(5000);
    // The sync's split replaced the CSV's bare refund: 1002's shipping back is 4.90.
    expect(after.orders.find((x) => x.id === '1002')!.refundedShipping).toBe(490);
    // Stored and read back, 1002's two refunds keep their own days (this store cuts days in
    // UTC): the mug (20.00, tax 3.80) on 21 Nov, the shipping (4.90, tax 0.93) on 25 Nov.
    const on = async (d: string) =>
      (await api.overview({ range: { start: d, end: d }, compare: 'none' })).current;
    // 21 Nov also holds 1002's sale: shipping 4.90, taxes 16.13, less the mug's 3.80.
    expect(await on('2026-11-21')).toMatchObject({ returns: 2000, shipping: 490, taxes: 1233 });
    expect(await on('2026-11-25')).toMatchObject({ returns: 0, shipping: -490, taxes: -93 });

    // And the same bundle again changes nothing.
    await api.applyBundle(await bundleOf(results[0]!.entities));
    expect((await stored()).orders).toHaveLength(5);
    expect((await api.overview(november)).current.netSales).toBe(15500);
  });
});

describe('incremental sync', () => {
  it('brings exactly what changed since the last sync', async () => {
    const c = connect();
    const first = await syncAll(c);
    expect(first.cursor.since).not.toBeNull();
    const nothing = await syncAll(c, first.cursor);
    expect(ordersOf(nothing.results[0]!.entities)).toHaveLength(0);
    expect(nothing.results[0]!.entities.products ?? []).toHaveLength(0);

    server.woo.dayTwo();
    server.woo.state.log.length = 0;
    const second = await syncAll(c, first.cursor);
    const e = second.results[0]!.entities;
    const orders = new Map(ordersOf(e).map((o) => [o.id, o]));
    expect([...orders.keys()]).toEqual(['1001', '1005', '1007']);
    // 1001's hoodie (35.00 + 6.65 tax) came back; 1007 is two mugs with shipping: 4000 + 490 + 853.
    expect(orders.get('1001')).toMatchObject({
      refunded: 4165,
      refundedShipping: 0,
      refundedTaxes: 665,
    });
    expect(orders.get('1007')).toMatchObject({ total: 5343 });
    // 1005 was cancelled (its status only): back on its own day, the API having no cancel date.
    expect(orders.get('1005')).toMatchObject({
      financialStatus: 'cancelled',
      cancelledAt: Date.parse('2026-11-24T19:05:00Z'),
    });
    const orderCalls = server.woo.state.log.filter((l) =>
      l.path.startsWith('/wp-json/wc/v3/orders?'),
    );
    for (const l of orderCalls)
      expect(l.path).toMatch(
        /modified_after=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d&dates_are_gmt=true/,
      );
    const products = new Map((e.products ?? []).map((p) => [p.sku, p]));
    // The filter's new price (its date changed) and the mug's stock, moved by order 1007 only.
    expect(products.get('woo-102')!.price).toBe(2700);
    expect(products.get('MUG-01')!.onHand).toBe(38);
    // The changed orders hold every other product (1005 the gift card, 1001 the hoodie, whose
    // variants come again); the catalog itself is asked only for what changed since.
    expect([...products.keys()].sort()).toEqual([
      'GIFT-50',
      'HOOD-M',
      'HOOD-S',
      'MUG-01',
      'woo-102',
      'woo-1033',
    ]);
    const catalog = server.woo.state.log.filter(
      (l) => l.path.startsWith('/wp-json/wc/v3/products?') && !l.path.includes('include='),
    );
    expect(catalog.length).toBeGreaterThan(0);
    for (const l of catalog) expect(l.path).toMatch(/modified_after=/);

    const { api, stored } = await store();
    await api.applyBundle(await bundleOf(first.results[0]!.entities));
    await api.applyBundle(await bundleOf(e));
    expect((await stored()).orders).toHaveLength(6);
    // The hoodie comes back on its own day (today); 1005's 20.00 of goods on its day: 135.00.
    expect((await api.overview(november)).current.netSales).toBe(13500);
  });
});

describe('pagination, back-off, cancel and resume', () => {
  it.each([
    ['with', false],
    ['without (a proxy dropped them)', true],
  ])(
    'reads every page of a store with more orders than a page, %s X-WP-Total headers',
    async (_, noTotals) => {
      const big = (await startWooServer(0, { fillerOrders: 230, noTotals })) as FakeServer;
      const bigBase = `http://127.0.0.1:${(big.address() as AddressInfo).port}`;
      try {
        const f = (input: string, init: RequestInit) => {
          const url = new URL(input);
          return fetch(bigBase + url.pathname + url.search, {
            ...init,
            headers: { ...(init.headers as Record<string, string>), 'x-forwarded-proto': 'https' },
          });
        };
        const { results, progress } = await syncAll(connect({}, f));
        const orders = ordersOf(results[0]!.entities);
        // 230 filler orders + the fixture's 5 placed ones (1006 is pending): 236 listed, 3 pages.
        expect(orders).toHaveLength(235);
        expect(new Set(orders.map((o) => o.id)).size).toBe(235);
        const pages = big.woo.state.log.filter(
          (l) => l.path.startsWith('/wp-json/wc/v3/orders?') && l.path.includes('page='),
        );
        expect(pages.map((l) => new URL(l.path, bigBase).searchParams.get('page'))).toEqual([
          '1',
          '2',
          '3',
        ]);
        const ordersProgress = progress.filter((p) => p.phase === 'orders');
        const total = noTotals ? null : 236;
        expect(ordersProgress.map((p) => [p.fetched, p.total])).toEqual([
          [100, total],
          [200, total],
          [236, total],
        ]);
        // An estimate once the total is known and some were read; none without a total.
        expect(ordersProgress[0]!.etaMs === null).toBe(noTotals);
      } finally {
        await new Promise<void>((done) => big.close(() => done()));
      }
    },
  );

  it('waits as long as Retry-After says on 429, backs off on 503, and gives up in words', async () => {
    waits.length = 0;
    server.woo.failNext(429, 1, '7');
    server.woo.failNext(503, 1, null);
    const { results } = await syncAll(connect());
    expect(ordersOf(results[0]!.entities)).toHaveLength(5);
    expect(waits).toEqual([7000, 4000]);

    server.woo.failNext(503, 10, null);
    const e = await connect({ maxRetries: 2 })
      .sync({ since: null, resume: null }, { signal: signal(), onProgress() {} })
      .then(
        () => {
          throw new Error('expected an error');
        },
        (x: unknown) => x as ConnectError,
      );
    expect(e).toMatchObject({ kind: 'server', status: 503 });
    expect(e.message).toBe(
      "The shop's server had an error (503) while sending the store currency; the next sync will try again.",
    );
  });

  it('passes over an order and a product deleted while it reads the shop', async () => {
    const inner = proxyFetch();
    const gone = (code: string) =>
      new Response(JSON.stringify({ code, message: 'Invalid ID.', data: { status: 404 } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    const f = async (input: string, init: RequestInit) => {
      const path = new URL(input).pathname;
      if (path.endsWith('/orders/1002/refunds')) return gone('woocommerce_rest_invalid_order_id');
      if (path.endsWith('/products/103/variations'))
        return gone('woocommerce_rest_product_invalid_id');
      return inner(input, init);
    };
    const { results } = await syncAll(connect({}, f));
    const e = results[0]!.entities;
    expect(ordersOf(e).map((o) => o.id)).toEqual(['1001', '1003', '1004', '1005']);
    expect(e.products!.map((p) => p.sku).sort()).toEqual(['GIFT-50', 'MUG-01', 'woo-102']);
  });

  it('stops when cancelled', async () => {
    const ctl = new AbortController();
    const c = connect();
    const p = c.sync(
      { since: null, resume: null },
      {
        signal: ctl.signal,
        onProgress: (x) => {
          if (x.phase === 'orders') ctl.abort();
        },
      },
    );
    await expect(p).rejects.toMatchObject({ name: 'ConnectError', kind: 'cancelled' });
    const before = server.woo.state.log.length;
    await new Promise((ok) => setTimeout(ok, 20));
    expect(server.woo.state.log.length).toBe(before);
  });

  it('resumes from a saved cursor after a closed browser, reading only what is left', async () => {
    const saved: SyncCursor[] = [];
    const c = connect({ pagesPerCall: 1 });
    // One page per call: orders, then products, then the Hoodie's variations.
    const r1 = await c.sync(
      { since: null, resume: null },
      { signal: signal(), onProgress() {}, onCursor: (x) => void saved.push(x) },
    );
    expect(ordersOf(r1.entities)).toHaveLength(5);
    // The returned cursor is past this call's data: the caller keeps it once it kept the data.
    expect(saved).toEqual([]);
    saved.push(r1.cursor);
    expect(r1.cursor.resume).toMatchObject({ stage: 'sold' });
    // "The browser closes": a new connector, from the JSON the extension stored.
    const restored = JSON.parse(JSON.stringify(saved[0])) as SyncCursor;
    server.woo.state.log.length = 0;
    const rest = await syncAll(connect({ pagesPerCall: 1 }), restored);
    expect(server.woo.state.log.some((l) => l.path.startsWith('/wp-json/wc/v3/orders'))).toBe(
      false,
    );
    const skus = rest.results.flatMap((r) => (r.entities.products ?? []).map((p) => p.sku)).sort();
    expect(skus).toEqual(['GIFT-50', 'HOOD-M', 'HOOD-S', 'MUG-01', 'woo-102', 'woo-1033']);
    expect(rest.cursor).toMatchObject({ resume: null });
    expect(rest.cursor.since).toBe((r1.cursor.resume as { nextSince: string }).nextSince);
  });
});
