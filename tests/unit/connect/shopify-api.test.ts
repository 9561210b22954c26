// The Shopify connector against the fake Admin API (tests/fakes/shopify.ts) on 127.0.0.1. The
// fixture store's figures are worked out by hand in tests/fakes/shopify-store.ts; the ones asserted
// here are repeated in the comments. Time is a shared fake clock: the connector's sleeps advance
// it, so throttling and polling are exact and instant.
import { afterEach, describe, expect, it } from 'vitest';
import { connectorFor } from '../../../core/connect/index.ts';
import { ConnectError, type Connection, type SyncCursor } from '../../../core/connect/types.ts';
import { shopifyOrigin } from '../../../core/connect/shopify-api.ts';
import { customerKeyOf } from '../../../core/ingest/hash.ts';
import { channelOf } from '../../../core/ingest/channel.ts';
import {
  startShopifyFake,
  type ShopifyFake,
  type ShopifyFakeOptions,
} from '../../fakes/shopify.ts';
import type { JsonTable } from '../../../core/sync/bundle.ts';

const SALT = 'salt-of-the-app';
const SECRET = 'fake-client-secret';
let fake: ShopifyFake | null = null;
let clock = Date.parse('2026-12-01T12:00:00Z');
const sleeps: number[] = [];

afterEach(async () => {
  await fake?.close();
  fake = null;
  sleeps.length = 0;
});

async function start(o: ShopifyFakeOptions = {}) {
  fake = await startShopifyFake({ now: () => clock, ...o });
  return fake;
}

function connector(
  f: ShopifyFake,
  creds: Connection['credentials'] = {
    platform: 'shopify',
    kind: 'client-credentials',
    clientId: 'fake-client-id',
    clientSecret: SECRET,
  },
  hooks: { onSleep?: (n: number) => void } = {},
) {
  return connectorFor({ origin: f.origin, credentials: creds }, fetch, {
    salt: SALT,
    now: () => clock,
    pollMs: 1000,
    sleep: async (ms, signal) => {
      clock += ms;
      sleeps.push(ms);
      hooks.onSleep?.(sleeps.length);
      if (signal.aborted) throw new ConnectError('The sync was cancelled.', 'cancelled');
    },
  });
}

const unexpected = (): never => {
  throw new Error('expected it to fail');
};
const noop = { signal: new AbortController().signal, onProgress: () => undefined };
const first: SyncCursor = { since: null, resume: null };

/** A JSON table's column as plain values (strings from the dictionary). */
function col(t: JsonTable, name: string): unknown[] {
  const c = t.columns[name]!;
  return Array.isArray(c) ? c : c.codes.map((i) => c.dict[i]);
}
const rowsOf = (t: JsonTable) =>
  Array.from({ length: t.length }, (_, i) =>
    Object.fromEntries(Object.keys(t.columns).map((k) => [k, col(t, k)[i]])),
  );

describe('Shopify connector against the fake Admin API', () => {
  it('reads the shop with client credentials and names a missing scope', async () => {
    const f = await start();
    expect(await connector(f).test(noop.signal)).toEqual({
      platform: 'shopify',
      name: 'Fixture Outfitters',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
    });
    f.setScopes(['read_orders', 'read_products', 'read_customers']);
    const err = await connector(f)
      .test(noop.signal)
      .then(unexpected, (e: unknown) => e as ConnectError);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).kind).toBe('scope');
    expect((err as Error).message).toMatch(
      /^The token lacks read_inventory; add it in your app’s settings/,
    );
    expect(f.violations).toEqual([]);
  });

  it('refuses bad credentials in words that never repeat them', async () => {
    const f = await start();
    const bad = await connector(f, {
      platform: 'shopify',
      kind: 'client-credentials',
      clientId: 'fake-client-id',
      clientSecret: 'wrong-secret-123',
    })
      .test(noop.signal)
      .then(unexpected, (e: unknown) => e as ConnectError);
    expect(bad.kind).toBe('auth');
    expect(bad.message).toContain('client ID and secret');
    expect(bad.message).not.toContain('wrong-secret-123');
    const legacy = await connector(f, {
      platform: 'shopify',
      kind: 'access-token',
      accessToken: 'shpat_not_this_one',
    })
      .test(noop.signal)
      .then(unexpected, (e: unknown) => e as ConnectError);
    expect(legacy.kind).toBe('auth');
    expect(legacy.status).toBe(401);
    expect(legacy.message).not.toContain('shpat_not_this_one');
    // The right legacy token works, sent only as the header the API documents.
    const ok = await connector(f, {
      platform: 'shopify',
      kind: 'access-token',
      accessToken: 'shpat_fake_legacy_token',
    }).test(noop.signal);
    expect(ok.name).toBe('Fixture Outfitters');
  });

  it('first sync: the fixture store’s orders, lines, refunds and products, keyed as the CSV import keys them', async () => {
    const f = await start();
    const progress: number[] = [];
    const cursors: SyncCursor[] = [];
    const res = await connector(f).sync(first, {
      ...noop,
      onProgress: (p) => progress.push(p.fetched),
      onCursor: (c) => void cursors.push(structuredClone(c)),
    });
    const orders = rowsOf(res.entities.tables!.orders!);
    const lines = rowsOf(res.entities.tables!.lines!);
    // Four orders, keyed by the export's Id column (the legacy id), with six lines.
    expect(orders.map((o) => [o.id, o.number])).toEqual([
      ['5001', '#1001'],
      ['5002', '#1002'],
      ['5003', '#1003'],
      ['5004', '#1004'],
    ]);
    expect(lines).toHaveLength(6);
    // Gross sales 2×12 + 9 + 9 + 12 + 3×12 = 90.00 (the 25.00 gift card apart).
    const goods = lines.filter((l) => l.giftCard === 0);
    expect(goods.reduce((s, l) => s + Number(l.unitPrice) * Number(l.quantity), 0)).toBe(9000);
    expect(lines.filter((l) => l.giftCard === 1).map((l) => l.sku)).toEqual(['GIFT-25']);
    // Discounts 0.90 + 0.90 + 3.60 = 5.40; refunded goods: one sock (#1002), three mugs (#1004).
    expect(lines.reduce((s, l) => s + Number(l.discount), 0)).toBe(540);
    expect(lines.map((l) => l.refundedQuantity)).toEqual([0, 1, 0, 0, 0, 3]);
    // #1002: refund of 9.64 on 2026-11-20 (8.10 goods + 1.54 tax, no shipping) and of 4.76 on
    // 2026-11-24 (the shipping 4.00 + 0.76 tax): 14.40, the latest date, 4.00 shipping, 2.30 tax;
    // #1004: 44.51 on 2026-11-19, shipping 5.00 and tax 6.16 + 0.95 = 7.11.
    const o2 = orders[1]!;
    expect([o2.refunded, o2.refundedAt, o2.refundedShipping, o2.refundedTaxes]).toEqual([
      1440,
      Date.parse('2026-11-24T09:00:00Z'),
      400,
      230,
    ]);
    const o4 = orders[3]!;
    expect([o4.refunded, o4.refundedShipping, o4.refundedTaxes, o4.cancelledAt]).toEqual([
      4451,
      500,
      711,
      Date.parse('2026-11-19T08:00:00Z'),
    ]);
    expect(orders.map((o) => o.total)).toEqual([3451, 2404, 3928, 4451]);
    // The same customer key a CSV import makes from the same email with the same salt.
    expect(orders[0]!.customerKey).toBe(customerKeyOf('a@example.com', SALT));
    expect(orders[2]!.customerKey).toBe(orders[0]!.customerKey);
    // The channel as the CSV import names the export's Source "web".
    expect(new Set(orders.map((o) => o.channel))).toEqual(new Set([channelOf({ source: 'web' })]));
    // Products: four variants; the one without SKU is keyed handle/option as in a CSV import.
    const products = res.entities.products!;
    expect(products.map((p) => [p.sku, p.price, p.cost, p.onHand])).toEqual([
      // On hand over both locations, 30 + 12 (not the 40 available), as the inventory CSV sums it.
      ['MUG-1', 1200, 400, 42],
      ['SOCK-S', 900, 300, 10],
      ['wool-socks/M', 900, 300, 5],
      ['GIFT-25', 2500, null, 0],
    ]);
    expect(res.summary).toMatchObject({ orders: 4, refunds: 2, products: 4 });
    // Two bulk operations, their ids saved as they started (resumable), none left after.
    expect(cursors.map((c) => Object.keys((c.resume as { ops: object }).ops))).toEqual([
      ['orders'],
      ['orders', 'products'],
    ]);
    expect(res.cursor.resume).toBeNull();
    expect(res.cursor.since).toBe(f.bulkOps()[0]!.createdAt);
    // Progress counted the 4 orders and 3 products.
    expect(progress.at(-1)).toBe(7);
    // One token asked, none sent to the result file, nothing the real API would refuse.
    expect(f.requests.filter((r) => r.path === '/admin/oauth/access_token')).toHaveLength(1);
    expect(
      f.requests.filter((r) => r.path.startsWith('/bulk/')).every((r) => r.token === null),
    ).toBe(true);
    expect(f.violations).toEqual([]);
  });

  it('a second sync after changes brings exactly the changes', async () => {
    const f = await start();
    const c = connector(f);
    const one = await c.sync(first, noop);
    clock += 60_000;
    f.change();
    clock += 60_000;
    const two = await c.sync(one.cursor, noop);
    // #1005 is new and #1001 got a refund of one mug; nothing else changed.
    const orders = rowsOf(two.entities.tables!.orders!);
    expect(orders.map((o) => o.id)).toEqual(['5001', '5005']);
    expect(orders.map((o) => o.refunded)).toEqual([1428, 0]);
    const lines = rowsOf(two.entities.tables!.lines!);
    expect(lines.map((l) => [l.orderId, l.sku, l.quantity, l.refundedQuantity])).toEqual([
      ['5001', 'MUG-1', 2, 1],
      ['5005', 'SOCK-S', 2, 0],
    ]);
    // Only the mug's product changed (its cost 4.00 → 4.50).
    expect(two.entities.products!.map((p) => [p.sku, p.cost])).toEqual([['MUG-1', 450]]);
    expect(two.summary).toMatchObject({ orders: 2, products: 1 });
    // And a third sync with nothing new brings nothing.
    clock += 60_000;
    const three = await c.sync(two.cursor, noop);
    expect(three.entities).toEqual({});
    expect(f.violations).toEqual([]);
  });

  it('waits for the cost bucket to refill instead of failing when throttled', async () => {
    // A bucket of 50 points restored at 10 per second, emptied before the sync.
    const f = await start({ maximumAvailable: 50, restoreRate: 10 });
    f.drain();
    const res = await connector(f).sync(first, noop);
    expect(res.summary.orders).toBe(4);
    // The first call was throttled (THROTTLED with extensions.cost), then waited and went through.
    expect(f.requests.filter((r) => r.throttled).length).toBeGreaterThan(0);
    const throttledWaits = sleeps.filter((ms) => ms !== 1000);
    expect(throttledWaits.length).toBeGreaterThan(0);
    // Every wait is what the bucket needed: (cost − available) ÷ 10 points/s, at most 5 s here.
    expect(Math.max(...throttledWaits)).toBeLessThanOrEqual(5000);
    expect(f.violations).toEqual([]);
  });

  it('retries 429 and 5xx, and renews an expired 24-hour token by itself', async () => {
    const f = await start();
    const c = connector(f);
    f.failNext(503, 2);
    expect((await c.test(noop.signal)).currency).toBe('EUR');
    f.failNext(429, 1);
    expect((await c.test(noop.signal)).currency).toBe('EUR');
    expect(sleeps).toContain(1000); // Retry-After: 1
    f.expireTokens();
    expect((await c.test(noop.signal)).name).toBe('Fixture Outfitters');
    expect(f.requests.filter((r) => r.path === '/admin/oauth/access_token')).toHaveLength(2);
    // A server that keeps failing ends in words, not in a loop.
    f.failNext(500, 50);
    const err = await c.test(noop.signal).then(unexpected, (e: unknown) => e as ConnectError);
    expect(err.kind).toBe('server');
    expect(err.message).toMatch(/server error \(500\)/);
  });

  it('cancel stops the sync and Shopify’s export, and leaves no cursor to resume', async () => {
    const f = await start({ pollsToComplete: 100 });
    const ac = new AbortController();
    const cursors: SyncCursor[] = [];
    const c = connector(f, undefined, { onSleep: (n) => n === 3 && ac.abort() });
    const err = await c
      .sync(first, {
        signal: ac.signal,
        onProgress: () => undefined,
        onCursor: (x) => void cursors.push(structuredClone(x)),
      })
      .then(unexpected, (e: unknown) => e as ConnectError);
    expect(err.kind).toBe('cancelled');
    expect(f.bulkOps()[0]!.status).toMatch(/^CANCEL/);
    expect(cursors.at(-1)).toEqual({ since: null, resume: null });
  });

  it('resumes after a closed browser: follows the saved bulk operation instead of starting again', async () => {
    const f = await start({ pollsToComplete: 4 });
    let saved: SyncCursor = first;
    // The browser "closes" at the second poll: the sync dies with the cursor saved so far.
    const dying = connector(f, undefined, {
      onSleep: (n) => {
        if (n === 2) throw new Error('browser closed');
      },
    });
    await expect(
      dying.sync(first, { ...noop, onCursor: (c) => void (saved = structuredClone(c)) }),
    ).rejects.toThrow('browser closed');
    const opId = (saved.resume as { ops: { orders: string } }).ops.orders;
    expect(opId).toBe(f.bulkOps()[0]!.id);
    const res = await connector(f).sync(saved, noop);
    expect(res.summary.orders).toBe(4);
    // Two bulk operations in all: the resumed orders one, then products.
    expect(f.bulkOps().map((o) => o.query.trim().slice(0, 10))).toEqual([
      '{ orders {',
      '{ products',
    ]);
    expect(f.violations).toEqual([]);
  });

  it('the fake refuses what the real API refuses', async () => {
    const f = await start();
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${f.origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const auth = { 'X-Shopify-Access-Token': 'shpat_fake_legacy_token' };
    const q = (query: string) => post('/admin/api/2025-10/graphql.json', { query }, auth);
    expect(
      (await post('/admin/api/2025-10/graphql.json', { query: '{ shop { name } }' })).status,
    ).toBe(401);
    expect(
      (await post('/admin/api/2024-13/graphql.json', { query: '{ shop { name } }' }, auth)).status,
    ).toBe(404);
    const unknown = (await (await q('{ shop { name plan } }')).json()) as {
      errors: { message: string }[];
    };
    expect(unknown.errors[0]!.message).toBe("Field 'plan' doesn't exist on type 'Shop'");
    const unpaged = (await (await q('{ orders { edges { node { id } } } }')).json()) as {
      errors: { message: string }[];
    };
    expect(unpaged.errors[0]!.message).toMatch(/you must provide one of first or last/);
    const noNames = (await (
      await q(
        '{ products(first: 1) { edges { node { variants(first: 1) { edges { node { inventoryItem { inventoryLevels(first: 1) { edges { node { quantities { quantity } } } } } } } } } } } }',
      )
    ).json()) as { errors: { message: string }[] };
    expect(noNames.errors[0]!.message).toBe(
      "Field 'quantities' is missing required arguments: names",
    );
    const grant = await fetch(`${f.origin}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&client_id=fake-client-id&client_secret=fake-client-secret',
    });
    expect(grant.status).toBe(400);
    f.violations.length = 0;
  });

  it('takes a shop address as the manager types it', () => {
    expect(shopifyOrigin('acme')).toBe('https://acme.myshopify.com');
    expect(shopifyOrigin(' acme.myshopify.com/admin ')).toBe('https://acme.myshopify.com');
    expect(shopifyOrigin('https://acme.myshopify.com/admin/orders')).toBe(
      'https://acme.myshopify.com',
    );
    expect(() => shopifyOrigin('not a shop')).toThrow(/not a shop address/);
  });
});
