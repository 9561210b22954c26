// The extension's background (extension/features/connect/background.ts, with WXT's fake browser
// and an in-memory IndexedDB) syncing a WooCommerce shop — the fake of
// tests/e2e/servers/woocommerce.mjs on plain http, 1205 placed orders in 13 pages — in steps of 5
// pages. The sync stops after its first step (cancelled while the shop asks to wait two
// minutes); at the next start, `registerConnect` resumes it from the saved cursor: page 6, never
// page 1 again, and the bundles waiting for the app hold every order exactly once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('#imports', async () => {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  (globalThis as { chrome?: unknown }).chrome = fakeBrowser;
  const { storage } = await import('wxt/utils/storage');
  return { browser: fakeBrowser, storage };
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error plain .mjs test server
import { startWooServer, WOO_KEYS } from '../../e2e/servers/woocommerce.mjs';
import {
  connectHandlers,
  registerConnect,
  runSync,
} from '../../../extension/features/connect/background.ts';
import { connectStateItem, connectionItem } from '../../../extension/features/connect/store.ts';
import { trackingDb } from '../../../extension/features/tracking/store.ts';
import { getExtSetting } from '../../../core/db/ext.ts';
import { decodeBundle } from '../../../core/sync/index.ts';
import { orderColumns, rowsOf } from '../../../core/schema/columns.ts';
import { tableFromJson } from '../../../core/sync/tables.ts';

interface FakeServer extends Server {
  woo: {
    state: { log: { path: string }[] };
    failNext(status: number, times: number, retryAfter: string, after: number): void;
  };
}

let server: FakeServer;
let origin: string;
beforeAll(async () => {
  server = (await startWooServer(0, { fillerOrders: 1200 })) as FakeServer;
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const orderPages = (from = 0) =>
  server.woo.state.log
    .slice(from)
    .filter((l) => l.path.startsWith('/wp-json/wc/v3/orders?'))
    .map((l) => new URL(l.path, origin).searchParams.get('page'));

async function pendingOrderIds(): Promise<string[][]> {
  const pending = await getExtSetting<Uint8Array[]>(await trackingDb(), 'connect.pending', []);
  const out: string[][] = [];
  for (const bytes of pending) {
    const b = await decodeBundle(bytes);
    const t = b.entities.tables?.orders;
    out.push(
      t
        ? rowsOf(orderColumns, tableFromJson('orders', orderColumns, t)).map((o) => String(o.id))
        : [],
    );
  }
  return out;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the background keeps a sync in steps and resumes it at the next start', () => {
  it('stopped after its first step, goes on from page 6 at startup; every order waits once', async () => {
    await connectionItem.setValue({
      origin,
      credentials: {
        platform: 'woocommerce',
        consumerKey: WOO_KEYS.read.key,
        consumerSecret: WOO_KEYS.read.secret,
      },
    });
    // The first step's 8 calls go through (currency, 5 pages, 1002's and 1003's refunds); then
    // the shop asks to wait two minutes.
    server.woo.failNext(429, 1, '120', 8);
    const first = runSync();
    await until(async () => orderPages().length === 6, 'the request for page 6');
    // The first step is kept before the cursor moves past it.
    await until(async () => (await pendingOrderIds()).length === 1, 'the first step kept');
    expect((await connectStateItem.getValue()).cursor.resume).toMatchObject({
      stage: 'orders',
      page: 6,
    });
    // The manager cancels (or the browser closes) while it waits.
    await connectHandlers['connect:cancel'].run({}, { kind: 'extension', origin: '', frameId: 0 });
    await first;
    const stopped = await connectStateItem.getValue();
    expect(stopped.running).toBeNull();
    expect(stopped.lastError?.kind).toBe('cancelled');
    expect(stopped.cursor.resume).toMatchObject({ stage: 'orders', page: 6 });
    expect((await pendingOrderIds()).map((b) => b.length)).toEqual([499]);

    // The next start.
    const before = server.woo.state.log.length;
    registerConnect();
    await until(
      async () => (await connectStateItem.getValue()).lastSyncAt !== null,
      'the resumed sync to end',
    );
    expect(orderPages(before)).toEqual(['6', '7', '8', '9', '10', '11', '12', '13']);
    const waiting = await pendingOrderIds();
    // Step 1 (kept before), then pages 6–10, then 11–13 with the products in the same step.
    expect(waiting.map((b) => b.length)).toEqual([499, 500, 206]);
    const all = waiting.flat();
    expect(all).toHaveLength(1205);
    expect(new Set(all).size).toBe(1205);
    const done = await connectStateItem.getValue();
    expect(done.cursor.resume).toBeNull();
    expect(done.cursor.since).not.toBeNull();
    expect(done.lastError).toBeNull();
    // The summary is the resumed part's: pages 6–13.
    expect(done.lastSummary?.orders).toBe(706);
  });
});
