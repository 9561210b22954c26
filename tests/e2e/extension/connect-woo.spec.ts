// Connect the store, WooCommerce: the built extension connects to the fake WooCommerce REST API
// (tests/e2e/servers/woocommerce.mjs, started here on plain http://127.0.0.1, so requests are
// signed with OAuth 1.0a in the query string as the docs ask on HTTP), syncs, and the app shows
// the fixture store's figures, computed apart from Storelens' code by
// tests/e2e/servers/woocommerce-expected.py (it reads the fake's API and applies REFERENCE.md):
//   first day:  November: 5 orders, net sales €155.00; 22 Nov only: net sales €20.00, total
//               sales €23.80; 25 Nov only: net sales €0.00, total sales −€5.83 (1002's refunds)
//   second day (order 1007 today, a refund of 1001's hoodie today, 1005 cancelled):
//               November: 5 orders, €135.00; 1 November to today: 6 orders, €140.00
import type { Page } from '@playwright/test';
import type { Server } from 'node:http';
// @ts-expect-error plain .mjs test server
import { startWooServer, WOO_KEYS } from '../servers/woocommerce.mjs';
import { ARTIFACTS, expect, test, type LoadedExtension } from './fixtures.ts';

interface FakeWoo {
  state: {
    log: { path: string; scheme: string; authorization: boolean }[];
    maxInFlight: number;
  };
  dayTwo(): void;
  failNext(status: number, times?: number, retryAfter?: string | null, after?: number): void;
}

const APP = 'http://127.0.0.1:4173';
const SHOP_PORT = 4192;
const SHOP = `http://127.0.0.1:${SHOP_PORT}`;
const onHand = (page: Page) =>
  page
    .locator('.kpi')
    .filter({ has: page.locator('.kpi-label', { hasText: /^On hand$/ }) })
    .locator('.kpi-value');
const kpi = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name}: `) }).locator('.kpi-value');
/** Today in the shop's zone, as the app's date range takes it. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format();

let server: Server & { woo: FakeWoo };
/** A bigger shop: the fixture's orders and 1200 plain ones, 13 pages of orders. */
let big: Server & { woo: FakeWoo };
const BIG = `http://127.0.0.1:${SHOP_PORT + 1}`;
test.beforeAll(async () => {
  server = (await startWooServer(SHOP_PORT)) as Server & { woo: FakeWoo };
  big = (await startWooServer(SHOP_PORT + 1, { fillerOrders: 1200 })) as Server & { woo: FakeWoo };
});
test.afterAll(async () => {
  for (const s of [server, big]) await new Promise<void>((done) => s.close(() => done()));
});

/** Options and app open, bridge on, the key typed and tested for `shop`. */
async function connectOptions(ext: LoadedExtension, shop: string) {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Turn the bridge on' }).click();
  await expect(options.getByText(/Bridge: on for http:\/\/127\.0\.0\.1:4173/)).toBeVisible();
  const app = await ext.context.newPage();
  app.on('dialog', (d) => void d.accept());
  await app.goto(`${APP}/#/settings`);
  await expect(app.getByText('Extension connected')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByText(/No store is connected yet/)).toBeVisible({ timeout: 20_000 });
  const section = options.getByRole('region', { name: 'Connect your store' });
  await section.getByLabel('WooCommerce').check();
  await section.getByLabel(/^Shop address/).fill(shop);
  await section.getByLabel(/^Consumer key/).fill(WOO_KEYS.read.key);
  return { options, app, section };
}

test('connect WooCommerce: the first sync brings the fixture store, the next one exactly its changes', async ({
  ext,
}) => {
  test.setTimeout(180_000);
  const { options, app, section } = await connectOptions(ext, SHOP);
  // A wrong secret first: refused in words that do not repeat it.
  const wrong = 'cs_0000000000000000000000000000000000000000';
  await section.getByLabel(/^Consumer secret/).fill(wrong);
  await section.getByRole('button', { name: 'Test connection' }).click();
  const alert = section.getByRole('alert');
  await expect(alert).toContainText('WooCommerce refused the consumer secret');
  await expect(alert).not.toContainText(wrong);
  await section.getByLabel(/^Consumer secret/).fill(WOO_KEYS.read.secret);
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(
    section.getByText(/Connected to Kaffeehaus Nord: currency EUR, timezone Europe\/Berlin/),
  ).toBeVisible();
  await section.getByRole('button', { name: 'Save and run the first sync' }).click();
  await expect(section.getByText('Last sync')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Sync now' })).toBeVisible({ timeout: 60_000 });
  // 1001–1005 (1006 was never paid); 1002 and 1003 have refunds; two mugs, the filter, the gift
  // card and the hoodie's three sizes.
  await expect(
    section.getByText('5 orders (2 with refunds), 6 product variants fetched'),
  ).toBeVisible();
  await options.screenshot({ path: `${ARTIFACTS}/connect-woo-options.png`, fullPage: true });

  const conn = app.getByRole('region', { name: 'Store connection' });
  await expect(conn).toContainText('Kaffeehaus Nord', { timeout: 60_000 });
  await expect(conn).toContainText('5 new orders, 6 new products (taken in', { timeout: 60_000 });
  await conn
    .getByRole('button', {
      name: /Use the shop’s currency \(EUR\) and timezone \(Europe\/Berlin\)/,
    })
    .click();
  await expect(conn).toContainText('Now reporting in EUR, days cut in Europe/Berlin.');

  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-01&to=2026-11-30'));
  await expect(kpi(app, 'Net sales')).toHaveText('€155.00', { timeout: 30_000 });
  await expect(kpi(app, 'Orders')).toHaveText('5');
  // Order 1002's two refunds, each on its own day in Berlin (woocommerce-expected.py): 22 Nov
  // holds 1003's sale and 1002's mug back (net sales €20.00, total €23.80); 25 Nov only the
  // shipping back (net sales €0.00, total −€5.83). One refund date per order would put both on
  // the 25th (22 Nov: €40.00).
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-22&to=2026-11-22'));
  await expect(kpi(app, 'Net sales')).toHaveText('€20.00', { timeout: 30_000 });
  await expect(kpi(app, 'Total sales')).toHaveText('€23.80');
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-25&to=2026-11-25'));
  await expect(kpi(app, 'Total sales')).toHaveText(/^[-−]€5\.83$/, { timeout: 30_000 });
  await expect(kpi(app, 'Net sales')).toHaveText('€0.00');
  // WooCommerce has one stock quantity per product: the mug's 40.
  await app.evaluate(() => (location.hash = '#/products/MUG-01'));
  await expect(app.getByRole('heading', { name: 'Kaffeebecher', level: 2 })).toBeVisible();
  await expect(onHand(app)).toHaveText('40');
  // One figure, no locations to list.
  await expect(app.getByText(/\d on hand:/)).toHaveCount(0);

  // The shop's second day; "Sync now" in the app brings exactly the changed orders.
  await app.evaluate(() => (location.hash = '#/settings'));
  await expect(conn.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  const firstLog = server.woo.state.log.length;
  server.woo.dayTwo();
  await conn.getByRole('button', { name: 'Sync now' }).click();
  // Fetched: 1001 (refunded), 1005 (cancelled), 1007 (new); the filter (its date changed) and every
  // variant the changed orders hold, whose stock they may have moved (a sale, a restock on refund).
  // Changed in the app's data, by hand: 1007 new; 1001 and 1005 changed; the filter's price
  // 25.00 → 27.00; the mug's stock 40 → 38; the hoodie's S, M, L and the gift card as stored.
  await expect(conn).toContainText(
    '1 new order, 2 orders changed, 1 product price changed, 1 stock level changed; 4 products fetched unchanged (taken in',
    { timeout: 60_000 },
  );
  await expect(
    section.getByText('3 orders (1 with refunds), 6 product variants fetched'),
  ).toBeVisible();
  await expect(
    section.getByText(
      /^1 new order, 2 orders changed, 1 product price changed, 1 stock level changed; 4 products fetched unchanged \(in the app, /,
    ),
  ).toBeVisible();
  // Only what changed was asked for: every order list since the first sync has modified_after.
  const second = server.woo.state.log.slice(firstLog);
  const orderLists = second.filter((l) => l.path.startsWith('/wp-json/wc/v3/orders?'));
  expect(orderLists.length).toBeGreaterThan(0);
  for (const l of orderLists) expect(l.path).toMatch(/[?&]modified_after=[^&]+&dates_are_gmt=true/);

  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-01&to=2026-11-30'));
  await expect(kpi(app, 'Net sales')).toHaveText('€135.00', { timeout: 30_000 });
  await expect(kpi(app, 'Orders')).toHaveText('5');
  await app.evaluate((to) => (location.hash = `#/overview?from=2026-11-01&to=${to}`), today());
  await expect(kpi(app, 'Net sales')).toHaveText('€140.00', { timeout: 30_000 });
  await expect(kpi(app, 'Orders')).toHaveText('6');
  // Order 1007's two mugs left the stock.
  await app.evaluate(() => (location.hash = '#/products/MUG-01'));
  await expect(onHand(app)).toHaveText('38');
  await app.screenshot({ path: `${ARTIFACTS}/connect-woo-app-overview.png`, fullPage: true });

  // Plain http: never Basic auth (the secret in a header), every API call signed with OAuth 1.0a;
  // one request at a time.
  const api = server.woo.state.log.filter((l) => l.path.startsWith('/wp-json/wc/'));
  expect(api.every((l) => !l.authorization)).toBe(true);
  // The one refused call is the wrong secret's (its signature did not match).
  expect(api.filter((l) => l.scheme !== 'oauth')).toHaveLength(1);
  expect(api.some((l) => l.path.includes(WOO_KEYS.read.secret))).toBe(false);
  expect(server.woo.state.maxInFlight).toBe(1);

  // Removing the connection forgets the key.
  options.on('dialog', (d) => void d.accept());
  await section.getByRole('button', { name: 'Remove the connection' }).click();
  await expect(section.getByRole('button', { name: 'Test connection' })).toBeVisible();
  const stored = await ext.worker.evaluate(async () => {
    const api = globalThis as unknown as {
      chrome: { storage: { local: { get(keys: null): Promise<object> } } };
    };
    return JSON.stringify(await api.chrome.storage.local.get(null));
  });
  expect(stored).not.toContain(WOO_KEYS.read.secret);
});

// The bigger shop, worked out by hand: 1200 plain orders of one mug (20.00, no discount, refund or
// shipping) on 10–11 November, and the fixture's 5 placed orders (€155.00): 1205 orders, net
// sales 24000.00 + 155.00 = €24,155.00. Orders come by id, 100 a page, 5 pages a step: the first
// step holds 1001–1006 and plain orders 5000–5493, i.e. 499 placed orders, €10,035.00
// (155.00 + 494 × 20.00).
test('WooCommerce: a cancelled sync keeps the pages it kept, and the next one goes on from there', async ({
  ext,
}) => {
  test.setTimeout(180_000);
  const { app, section } = await connectOptions(ext, BIG);
  await section.getByLabel(/^Consumer secret/).fill(WOO_KEYS.read.secret);
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(section.getByText(/Connected to Kaffeehaus Nord/)).toBeVisible();
  // The first step's 8 calls (currency, 5 pages of orders, 1002's and 1003's refunds) go through;
  // then the shop asks to slow down for two minutes, and the manager cancels meanwhile.
  big.woo.state.log.length = 0;
  big.woo.failNext(429, 1, '120', 8);
  await section.getByRole('button', { name: 'Save and run the first sync' }).click();
  await expect(section.getByRole('status')).toContainText(
    'Exporting orders: 500 of 1,206 records fetched',
    { timeout: 30_000 },
  );
  await expect.poll(() => big.woo.state.log.length, { timeout: 30_000 }).toBe(9);
  await section.getByRole('button', { name: 'Cancel the sync' }).click();
  await expect(section.getByRole('button', { name: 'Sync now' })).toBeVisible();
  await expect(section.getByRole('status')).toContainText(
    /Sync cancelled \(.+\): The sync was cancelled; what it had already brought is kept, and the next sync goes on from there\./,
  );

  // What the first step brought reaches the app.
  const conn = app.getByRole('region', { name: 'Store connection' });
  await expect(conn).toContainText('499 new orders (taken in', { timeout: 60_000 });
  await expect(conn).toContainText(/The last sync was cancelled \(.+\): The sync was cancelled;/);
  await conn.getByRole('button', { name: /Use the shop’s currency \(EUR\)/ }).click();
  await expect(conn).toContainText('Now reporting in EUR, days cut in Europe/Berlin.');
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-01&to=2026-11-30'));
  await expect(kpi(app, 'Orders')).toHaveText('499', { timeout: 30_000 });
  await expect(kpi(app, 'Net sales')).toHaveText(/^€10,035\.00$/);

  // Sync now goes on from page 6 (the one refused), never reads pages 1–5 again.
  await app.evaluate(() => (location.hash = '#/settings'));
  const before = big.woo.state.log.length;
  await conn.getByRole('button', { name: 'Sync now' }).click();
  await expect(conn).toContainText('706 new orders, 6 new products (taken in', {
    timeout: 60_000,
  });
  await expect(conn).not.toContainText('cancelled');
  const pages = big.woo.state.log
    .slice(before)
    .filter((l) => l.path.startsWith('/wp-json/wc/v3/orders?'))
    .map((l) => new URL(l.path, BIG).searchParams.get('page'));
  expect(pages).toEqual(['6', '7', '8', '9', '10', '11', '12', '13']);
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-01&to=2026-11-30'));
  await expect(kpi(app, 'Orders')).toHaveText('1,205', { timeout: 30_000 });
  await expect(kpi(app, 'Net sales')).toHaveText(/^€24,155\.00$/);
});

// The same first step (499 placed orders kept, then the shop asks to wait two minutes), cancelled
// from the app this time: its Cancel goes through the bridge to the extension, by keyboard, and
// the app says what was kept.
test('WooCommerce: the app cancels a sync under way, and says what was kept', async ({ ext }) => {
  test.setTimeout(180_000);
  const { app, section } = await connectOptions(ext, BIG);
  await section.getByLabel(/^Consumer secret/).fill(WOO_KEYS.read.secret);
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(section.getByText(/Connected to Kaffeehaus Nord/)).toBeVisible();
  big.woo.state.log.length = 0;
  big.woo.failNext(429, 1, '120', 8);
  await section.getByRole('button', { name: 'Save and run the first sync' }).click();
  await expect.poll(() => big.woo.state.log.length, { timeout: 30_000 }).toBe(9);

  await app.bringToFront();
  const conn = app.getByRole('region', { name: 'Store connection' });
  const cancel = conn.getByRole('button', { name: 'Cancel the sync' });
  await expect(cancel).toBeVisible({ timeout: 30_000 });
  await cancel.focus();
  await app.keyboard.press('Enter');
  const stopped = conn.getByRole('status').filter({ hasText: 'The last sync was cancelled' });
  await expect(stopped).toContainText(
    'what it had already brought is kept, and the next sync goes on from there. Kept: 499 new orders.',
    { timeout: 60_000 },
  );
  // Focus moved from the (gone) Cancel button to what the app says.
  await expect(stopped).toBeFocused();
  await expect(conn.getByRole('button', { name: 'Cancel the sync' })).toHaveCount(0);
  // The extension stopped: its options say so, and no call went out after the refused one.
  await expect(section.getByRole('status')).toContainText(
    /Sync cancelled \(.+\): The sync was cancelled; what it had already brought is kept/,
  );
  expect(big.woo.state.log).toHaveLength(9);
  await conn.getByRole('button', { name: /Use the shop’s currency \(EUR\)/ }).click();
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-01&to=2026-11-30'));
  await expect(kpi(app, 'Orders')).toHaveText('499', { timeout: 30_000 });
  await expect(kpi(app, 'Net sales')).toHaveText(/^€10,035\.00$/);
});
