// Connect the store: the built extension connects to the fake Shopify Admin API
// (tests/fakes/shopify.ts, started here on 127.0.0.1), syncs, and the app shows the fixture
// store's totals, worked out by hand in tests/fakes/shopify-store.ts:
//   November 2026, net sales 90.00 − 5.40 − 40.50 = €44.10 over 4 orders;
//   after the change (a new order of 2 socks, one mug of #1001 refunded): €50.10 over 5 orders.
import type { Page } from '@playwright/test';
import { startShopifyFake, type ShopifyFake } from '../../fakes/shopify.ts';
import { ARTIFACTS, expect, test } from './fixtures.ts';

const APP = 'http://127.0.0.1:4173';
const SHOP_PORT = 4191;
const onHand = (page: Page) =>
  page
    .locator('.kpi')
    .filter({ has: page.locator('.kpi-label', { hasText: /^On hand$/ }) })
    .locator('.kpi-value');
const kpi = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name}: `) }).locator('.kpi-value');

let fake: ShopifyFake;
test.beforeAll(async () => {
  fake = await startShopifyFake({ port: SHOP_PORT, pollsToComplete: 2 });
});
test.afterAll(async () => {
  await fake.close();
});

test('connect Shopify: the first sync brings the fixture store, the next one exactly its changes', async ({
  ext,
}) => {
  test.setTimeout(180_000);
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Turn the bridge on' }).click();
  await expect(options.getByText(/Bridge: on for http:\/\/127\.0\.0\.1:4173/)).toBeVisible();

  // The app is open (its demo store) while the manager connects the shop.
  const app = await ext.context.newPage();
  app.on('dialog', (d) => void d.accept());
  await app.goto(`${APP}/#/settings`);
  await expect(app.getByText('Extension connected')).toBeVisible({ timeout: 60_000 });
  const conn = app.getByRole('region', { name: 'Store connection' });
  await expect(conn).toContainText('No store is connected yet', { timeout: 20_000 });

  // "Connect your store…" in the app opens the extension's form in a tab of its own, the cursor
  // in its first field: the credentials are typed there, never in the app.
  const opened = ext.context.waitForEvent('page');
  await conn.getByRole('button', { name: 'Connect your store…' }).click();
  const form = await opened;
  await expect(form).toHaveURL(`chrome-extension://${ext.extensionId}/options.html#connect`);
  const section = form.getByRole('region', { name: 'Connect your store' });
  await expect(section.getByLabel('Shop address')).toBeFocused();
  await section.getByLabel('Shop address').fill(fake.origin);
  await section.getByLabel('Client ID', { exact: true }).fill('fake-client-id');
  // A wrong secret first: refused in words that do not repeat it.
  await section.getByLabel('Client secret', { exact: true }).fill('not-the-secret');
  await section.getByRole('button', { name: 'Test connection' }).click();
  const alert = section.getByRole('alert');
  await expect(alert).toContainText('Shopify refused the client ID and secret');
  await expect(alert).not.toContainText('not-the-secret');
  await section.getByLabel('Client secret', { exact: true }).fill('fake-client-secret');
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(
    section.getByText(/Connected to Fixture Outfitters: currency EUR, timezone Europe\/Berlin/),
  ).toBeVisible();
  await section.getByRole('button', { name: 'Save and run the first sync' }).click();
  await expect(section.getByText('Last sync')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Sync now' })).toBeVisible({ timeout: 60_000 });
  await expect(
    section.getByText('4 orders (2 with refunds), 4 product variants fetched'),
  ).toBeVisible();
  await form.screenshot({ path: `${ARTIFACTS}/connect-options.png`, fullPage: true });

  // The app takes the sync in (replacing its demo store) and offers the shop's settings.
  await expect(conn).toContainText('Fixture Outfitters', { timeout: 60_000 });
  // What changed in the app's data (it held the demo store, which the sync replaces): all new.
  await expect(conn).toContainText('4 new orders, 4 new products (taken in', { timeout: 60_000 });
  // The options page tells what the app said.
  await expect(section.getByText(/^4 new orders, 4 new products \(in the app, /)).toBeVisible();
  await conn
    .getByRole('button', {
      name: /Use the shop’s currency \(EUR\) and timezone \(Europe\/Berlin\)/,
    })
    .click();
  await expect(conn).toContainText('Now reporting in EUR, days cut in Europe/Berlin.');

  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-01&to=2026-11-30'));
  await expect(kpi(app, 'Net sales')).toHaveText('€44.10', { timeout: 30_000 });
  await expect(kpi(app, 'Orders')).toHaveText('4');
  await app.screenshot({ path: `${ARTIFACTS}/connect-app-overview.png`, fullPage: true });
  // The shop's data began on 1 Nov: no full month yet, so the report picker offers November so
  // far (it used to default to October, which it does not list, and showed blank).
  await expect(app.getByLabel('Report month')).toHaveValue('2026-11');
  await expect(app.getByRole('link', { name: 'Monthly report' })).toHaveAttribute(
    'href',
    /month=2026-11/,
  );
  // #1002's two refunds, each on its own day (by hand in tests/fakes/shopify-store.ts): 20 Nov
  // only holds the sock (net sales −8.10, total −9.64), 24 Nov only the shipping (net sales 0,
  // total −4.76). One refund date per order would put both on the 24th.
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-20&to=2026-11-20'));
  await expect(kpi(app, 'Net sales')).toHaveText(/^[-−]€8\.10$/, { timeout: 30_000 });
  await expect(kpi(app, 'Total sales')).toHaveText(/^[-−]€9\.64$/);
  await expect(kpi(app, 'Orders')).toHaveText('0');
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-24&to=2026-11-24'));
  await expect(kpi(app, 'Total sales')).toHaveText(/^[-−]€4\.76$/, { timeout: 30_000 });
  await expect(kpi(app, 'Net sales')).toHaveText('€0.00');
  // The mug's stock: on hand at its two locations, 30 + 12 (tests/fakes/shopify-store.ts).
  await app.evaluate(() => (location.hash = '#/products/MUG-1'));
  await expect(app.getByRole('heading', { name: 'Trail Mug', level: 2 })).toBeVisible();
  await expect(onHand(app)).toHaveText('42');
  // And where they are, location by location, as Shopify's admin names them.
  await expect(app.getByText('42 on hand: Lager Berlin 30, Laden Hamburg 12')).toBeVisible();

  // The shop changes; "Sync now" in the app brings exactly that (tests/fakes/shopify-store.ts,
  // changeStore): #1005 new, #1001 refunded one mug, the mug's cost 4.00 → 4.50.
  await app.evaluate(() => (location.hash = '#/settings'));
  await expect(conn.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  // One full sync only: the demo store's replacement kept the app's salt, so nothing re-syncs.
  expect(fake.bulkOps()).toHaveLength(2);
  fake.change();
  await conn.getByRole('button', { name: 'Sync now' }).click();
  await expect(conn).toContainText(
    '1 new order, 1 order changed, 1 product cost changed (taken in',
    { timeout: 60_000 },
  );
  await expect(
    section.getByText('2 orders (1 with refunds), 1 product variant fetched'),
  ).toBeVisible();
  await expect(
    section.getByText(/^1 new order, 1 order changed, 1 product cost changed \(in the app, /),
  ).toBeVisible();
  await app.evaluate(() => (location.hash = '#/overview?from=2026-11-01&to=2026-11-30'));
  await expect(kpi(app, 'Net sales')).toHaveText('€50.10', { timeout: 30_000 });
  await expect(kpi(app, 'Orders')).toHaveText('5');
  expect(fake.bulkOps()).toHaveLength(4);

  // Nothing a real Admin API would refuse was sent, and the token never went to the result file.
  expect(fake.violations).toEqual([]);
  expect(
    fake.requests.filter((r) => r.path.startsWith('/bulk/')).every((r) => r.token === null),
  ).toBe(true);

  // Removing the connection forgets the credentials (the options show the form again).
  form.on('dialog', (d) => void d.accept());
  await section.getByRole('button', { name: 'Remove the connection' }).click();
  await expect(section.getByRole('button', { name: 'Test connection' })).toBeVisible();
  const stored = await ext.worker.evaluate(async () => {
    const api = globalThis as unknown as {
      chrome: { storage: { local: { get(keys: null): Promise<object> } } };
    };
    const all = await api.chrome.storage.local.get(null);
    return JSON.stringify(all);
  });
  expect(stored).not.toContain('fake-client-secret');
});
