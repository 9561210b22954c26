// Sync between the extension and the app on one desktop (the bridge): track a competitor product
// in the extension, import the own catalog in the app, press Sync in the app, see the competitor
// on the app's Competitors screen and "your price" in the side panel beside the storefront.
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, STORE, expect, openPanel, panelPageOf, test } from './fixtures.ts';

const APP = 'http://127.0.0.1:4173';
const catalog = fileURLToPath(
  new URL('../../fixtures/exports/own-catalog-shopify-products.csv', import.meta.url),
);

test('bridge: competitor data reaches the app, the own catalog reaches the side panel', async ({
  ext,
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await request.post(`${STORE}/admin/reset`);

  // The bridge is off until the user turns it on in the options.
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await expect(options.getByText('Bridge: off.')).toBeVisible();
  await options.getByRole('button', { name: 'Turn the bridge on' }).click();
  await expect(options.getByText(/Bridge: on for http:\/\/127\.0\.0\.1:4173/)).toBeVisible();

  // Track a competitor's product from the side panel.
  await page.goto(`${STORE}/products/trail-runner?variant=44002`);
  const panel = await openPanel(ext, page);
  await panel.getByRole('button', { name: 'Track price' }).click();
  await expect(panel.getByTestId('tracking-history')).toContainText('1 check');

  // The app: import the own catalog (a Shopify products export), then sync.
  const app = await ext.context.newPage();
  await app.goto(`${APP}/#/import`);
  await expect(app.getByText('Extension connected')).toBeVisible({ timeout: 60_000 });
  await app.locator('#imp-files').setInputFiles(catalog);
  await app.getByRole('button', { name: /^Import 1 file/ }).click();
  await expect(app.getByRole('heading', { name: 'Imported' })).toBeVisible({ timeout: 60_000 });

  await app.getByRole('button', { name: 'Sync now' }).click();
  const dialog = app.getByRole('dialog', { name: 'Sync from the extension' });
  await expect(dialog).toContainText('tracked products: 1 new');
  await dialog.getByRole('button', { name: 'Merge into my data' }).click();
  await expect(
    app.getByText(
      /Synced .*tracked products: 1 new; SEO audits: 1 new; price checks: 1 new\. Sent 2 of your products to the extension\./,
    ),
  ).toBeVisible();

  await app
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Competitors' })
    .click();
  const table = app.getByRole('table', { name: 'Tracked competitor products' });
  const row = table.getByRole('row', { name: /Trail Runner GTX/ });
  await expect(row).toContainText('$129.00');
  await expect(row).toContainText('Ridge Runner Waterproof');
  await expect(row).toContainText('+8.4%');
  await app.screenshot({ path: `${ARTIFACTS}/sync-app-competitors.png`, fullPage: true });

  // The SEO audit of that page (read by the panel) came along too.
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'SEO' }).click();
  const audits = app.getByRole('table', { name: 'SEO audits' });
  await expect(audits.getByRole('row', { name: /products\/trail-runner/ })).toBeVisible();
  await audits.getByRole('row', { name: /products\/trail-runner/ }).click();
  await expect(app.getByRole('table', { name: 'Findings' })).toContainText(
    'Document has a <title> element',
  );

  // The extension matched its competitor to the catalog it just received: the next sync brings
  // that match and nothing else; after it, syncing again changes nothing (idempotent).
  await app.getByRole('button', { name: 'Sync now' }).click();
  await expect(dialog).toContainText('tracked products: nothing new');
  await expect(dialog).toContainText('matches to your products: 1 new');
  await dialog.getByRole('button', { name: 'Merge into my data' }).click();
  await expect(app.getByText(/Synced .*: matches to your products: 1 new\./)).toBeVisible();
  await app.getByRole('button', { name: 'Sync now' }).click();
  await expect(dialog).toContainText('Nothing new');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Back on the storefront, the side panel shows the own price next to theirs.
  await page.reload();
  await panelPageOf(page).bringToFront();
  await panel.getByRole('button', { name: '↻' }).click();
  const own = panel.getByTestId('own-comparison');
  await expect(own).toContainText('Your price $119.00');
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/sync-panel-your-price.png` });
});

test('the app never sees the bridge on another origin or with the bridge off', async ({
  ext,
  page,
}) => {
  // Bridge off (default): the app shows no connection.
  await page.goto(`${APP}/`);
  await expect(page.getByRole('button', { name: /^Net sales: (?!loading)\S*\d/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText('Extension connected')).toHaveCount(0);
  // A storefront page on the same host but another port gets no port even when it asks.
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Turn the bridge on' }).click();
  await expect(options.getByText(/Bridge: on for/)).toBeVisible();
  await page.goto(`${STORE}/products/trail-runner`);
  const welcomed = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        addEventListener('message', (e) => {
          if ((e.data as { kind?: string })?.kind === 'welcome') resolve(true);
        });
        postMessage({ channel: 'storelens-bridge', kind: 'hello', version: 1 }, location.origin);
        setTimeout(() => resolve(false), 3000);
      }),
  );
  expect(welcomed).toBe(false);
});
