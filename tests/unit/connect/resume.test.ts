// A whole WooCommerce sync as resumable steps (core/connect/run.ts, as the extension's background
// runs it) against the fake shop of tests/e2e/servers/woocommerce.mjs over real HTTP: a store of
// 236 orders (230 plain filler orders + the fixture's 6, of which 1006 was never paid, so 235
// placed), read one page of 100 per step. The browser closes while a step is being kept, or the
// manager cancels: what was kept stays, the next sync resumes after it, and in the end every
// order was kept exactly once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error plain .mjs test server
import { startWooServer, WOO_KEYS } from '../../e2e/servers/woocommerce.mjs';
import { wooConnector } from '../../../core/connect/woo.ts';
import { runSteps } from '../../../core/connect/run.ts';
import type { SyncCursor, SyncResult } from '../../../core/connect/types.ts';
import { orderColumns, rowsOf } from '../../../core/schema/columns.ts';
import { tableFromJson } from '../../../core/sync/tables.ts';

interface FakeServer extends Server {
  woo: { state: { log: { path: string }[] }; reset(): void; failNext(s: number, n?: number): void };
}

let server: FakeServer;
let base: string;
beforeAll(async () => {
  server = (await startWooServer(0, { fillerOrders: 230 })) as FakeServer;
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => server.woo.reset());

const connector = () =>
  wooConnector(
    {
      origin: 'https://kaffeehaus.example',
      credentials: {
        platform: 'woocommerce',
        consumerKey: WOO_KEYS.read.key,
        consumerSecret: WOO_KEYS.read.secret,
      },
    },
    (input, init) => {
      const url = new URL(input);
      return fetch(base + url.pathname + url.search, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), 'x-forwarded-proto': 'https' },
      });
    },
    { pagesPerCall: 1, sleep: async () => undefined },
  );

/** What the extension keeps between browser sessions: plain JSON, as in its storage. */
interface Kept {
  cursor: SyncCursor;
  bundles: string[][];
}
const keep = (kept: Kept, r: SyncResult, replaces: boolean) => {
  const orders = r.entities.tables?.orders;
  const ids = orders
    ? rowsOf(orderColumns, tableFromJson('orders', orderColumns, orders)).map((o) => String(o.id))
    : [];
  kept.bundles = replaces ? [ids] : [...kept.bundles, ids];
  kept.cursor = JSON.parse(JSON.stringify(r.cursor)) as SyncCursor;
};
const orderPages = () =>
  server.woo.state.log
    .filter((l) => l.path.startsWith('/wp-json/wc/v3/orders?'))
    .map((l) => new URL(l.path, base).searchParams.get('page'));

describe('a sync in resumable steps', () => {
  it('after a browser closed while keeping step 2, the next start reads from page 2, and every order is kept once', async () => {
    const kept: Kept = { cursor: { since: null, resume: null }, bundles: [] };
    let commits = 0;
    const first = runSteps(connector(), kept.cursor, {
      signal: new AbortController().signal,
      onProgress() {},
      commit: async (r, replaces) => {
        // The browser closes while the second page's orders are being kept: none of it is.
        if (++commits === 2) throw new Error('browser closed');
        keep(kept, r, replaces);
      },
    });
    await expect(first).rejects.toThrow('browser closed');
    expect(kept.bundles.map((b) => b.length)).toEqual([99]);
    expect(orderPages()).toEqual(['1', '2']);

    server.woo.state.log.length = 0;
    const done = await runSteps(connector(), kept.cursor, {
      signal: new AbortController().signal,
      onProgress() {},
      commit: async (r, replaces) => keep(kept, r, replaces),
    });
    // Page 1 is not read again; page 2, never kept, is.
    expect(orderPages()).toEqual(['2', '3']);
    const all = kept.bundles.flat();
    expect(all).toHaveLength(235);
    expect(new Set(all).size).toBe(235);
    expect(done.cursor.resume).toBeNull();
    expect(done.cursor.since).not.toBeNull();
    expect(kept.cursor).toEqual(done.cursor);
  });

  it('cancelled after two steps, keeps them; a later sync goes on from page 3', async () => {
    const kept: Kept = { cursor: { since: null, resume: null }, bundles: [] };
    const ctl = new AbortController();
    const first = runSteps(connector(), kept.cursor, {
      signal: ctl.signal,
      onProgress() {},
      commit: async (r, replaces) => {
        keep(kept, r, replaces);
        if (kept.bundles.length === 2) ctl.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ kind: 'cancelled' });
    expect(kept.bundles.map((b) => b.length)).toEqual([99, 100]);
    expect(kept.cursor.resume).toMatchObject({ stage: 'orders', page: 3 });

    server.woo.state.log.length = 0;
    const done = await runSteps(connector(), kept.cursor, {
      signal: new AbortController().signal,
      onProgress() {},
      commit: async (r, replaces) => keep(kept, r, replaces),
    });
    expect(orderPages()).toEqual(['3']);
    const all = kept.bundles.flat();
    expect(new Set(all).size).toBe(235);
    expect(all).toHaveLength(235);
    // One summary for the whole resumed part: the 36 orders of page 3 (1006 is not one).
    expect(done.summary.orders).toBe(36);
  });

  it('an error mid-sync (the shop down) keeps the cursor of the last kept step', async () => {
    const kept: Kept = { cursor: { since: null, resume: null }, bundles: [] };
    let failed = false;
    const first = runSteps(connector(), kept.cursor, {
      signal: new AbortController().signal,
      onProgress() {},
      commit: async (r, replaces) => {
        keep(kept, r, replaces);
        // After the first page, the shop answers 503 more times than the connector retries.
        if (!failed) server.woo.failNext(503, 10);
        failed = true;
      },
    });
    await expect(first).rejects.toMatchObject({ kind: 'server', status: 503 });
    expect(kept.cursor.resume).toMatchObject({ stage: 'orders', page: 2 });
    server.woo.reset();
    const done = await runSteps(connector(), kept.cursor, {
      signal: new AbortController().signal,
      onProgress() {},
      commit: async (r, replaces) => keep(kept, r, replaces),
    });
    expect(done.cursor.resume).toBeNull();
    expect(new Set(kept.bundles.flat()).size).toBe(235);
    expect(kept.bundles.flat()).toHaveLength(235);
  });
});
