// The extension shell: the shipped build asks for no host permission, a real toolbar click opens
// the overlay through activeTab, and the popup shows its content.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import {
  ARTIFACTS,
  STORE,
  expect,
  inToolbarPopup,
  launchWithExtension,
  openOverlayFromToolbar,
  panel,
  popupWaitFor,
  test,
} from './fixtures.ts';

test('the shipped manifest asks for no host permission', async ({ builds }) => {
  const manifest = JSON.parse(await readFile(`${builds.shipped}/manifest.json`, 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.permissions).toEqual(
    expect.arrayContaining(['activeTab', 'scripting', 'storage']),
  );
  expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
  expect(manifest.commands['toggle-overlay'].suggested_key.default).toBe('Alt+Shift+S');
});

test('the first-injected content script stays under its 30 KB gzipped budget', async ({
  builds,
}) => {
  // DESIGN.md budget: the always-loaded part is small; analysis and UI load on activation.
  const runner = gzipSync(await readFile(`${builds.shipped}/content-scripts/overlay.js`)).length;
  expect(runner).toBeLessThan(30_000);
  const app = gzipSync(await readFile(`${builds.shipped}/overlay-app.js`)).length;
  console.log(`content-scripts/overlay.js ${runner} B gzipped; overlay-app.js ${app} B gzipped`);
});

test('the popup opens and offers to analyse the page', async ({ ext }) => {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(page.getByRole('heading', { name: 'Storelens' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Analyse this page' })).toBeVisible();
  await expect(page.getByText('Alt+Shift+S')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Options' })).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/popup.png` });
});

test('a site added in the options opens the overlay by itself, until it is removed', async ({
  ext,
}) => {
  const options = await ext.context.newPage();
  // The popup's "Open automatically" sends the user here with the site filled in.
  await options.goto(
    `chrome-extension://${ext.extensionId}/options.html#add=${encodeURIComponent(STORE)}`,
  );
  await expect(options.getByLabel('Site address')).toHaveValue(STORE);
  // The e2e build already holds the 127.0.0.1 permission, so the request resolves without a prompt.
  await options.getByRole('button', { name: 'Add site' }).click();
  await expect(options.getByRole('listitem').filter({ hasText: STORE })).toBeVisible();

  const page = await ext.context.newPage();
  await page.goto(`${STORE}/produkt/kaffeebecher/`);
  await expect(panel(page).getByTestId('product-name')).toHaveText('Kaffeebecher Steingut 350 ml');

  await options.bringToFront();
  await options
    .getByRole('listitem')
    .filter({ hasText: STORE })
    .getByRole('button', { name: 'Remove' })
    .click();
  await expect(options.getByText('No sites yet.')).toBeVisible();
  await expect
    .poll(() =>
      ext.worker.evaluate(
        async () =>
          (
            await (
              globalThis as unknown as {
                chrome: { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } };
              }
            ).chrome.scripting.getRegisteredContentScripts()
          ).length,
      ),
    )
    .toBe(0);
  await page.reload();
  await page.waitForTimeout(1500);
  await expect(panel(page)).toHaveCount(0);
});

test('the options page lists auto-open sites and the PWA address', async ({ ext }) => {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await expect(
    page.getByRole('heading', { name: 'Open automatically on these sites' }),
  ).toBeVisible();
  await expect(page.getByLabel('Address of your Storelens app')).toHaveValue(
    'http://127.0.0.1:4173',
  );
  await page.getByLabel('Site address').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is not a web address' })).toBeVisible();
  await expect(page.getByText(/^Version \d+\.\d+\.\d+$/)).toBeVisible();
});

test('a toolbar click on the shipped build opens the popup, whose button opens the overlay', async ({
  builds,
}) => {
  const ext = await launchWithExtension(builds.shipped);
  try {
    const page = ext.context.pages()[0] ?? (await ext.context.newPage());
    await page.goto(`${STORE}/products/trail-runner`);
    // Chrome grants activeTab on the toolbar click; the grant was seen missing about 1 try in 8,
    // so the whole click is retried until the overlay shows.
    await expect(async () => {
      await openOverlayFromToolbar(ext, page);
      await expect(panel(page).getByTestId('product-name')).toHaveText('Trail Runner GTX', {
        timeout: 5000,
      });
    }).toPass({ timeout: 45_000 });
    await expect(panel(page).getByTestId('product-price')).toHaveText('$129.00');

    // Clicking the toolbar again: the popup now sums up what the overlay found.
    const summary = await inToolbarPopup(
      ext,
      page,
      popupWaitFor('[data-testid="popup-summary"]', 'Shopify', 'text'),
    );
    expect(summary).toContain('Trail Runner GTX');
    expect(summary).toContain('$129.00');
  } finally {
    await ext.context.close();
  }
});
