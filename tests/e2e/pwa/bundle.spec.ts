// A phone that reviews it all offline: export a bundle on one device, import it on a fresh one
// with no network, see the same numbers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { test, expect, openDemo, screenshot, PWA } from './fixtures.ts';
// @ts-expect-error plain .mjs helper shared with the scripts
import { findChromium, chromiumArgs } from '../../tools/chromium.mjs';

const exportsDir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const kpi = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name}: `) }).locator('.kpi-value');

test('export a bundle, import it on a fresh device offline, see the same numbers', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'storelens-phone-'));
  // Desk: real data (a Shopify export replaces the demo), then "Export all data".
  await openDemo(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Import' })
    .click();
  await page.locator('#imp-files').setInputFiles(join(exportsDir, 'shopify-orders.csv'));
  await page.getByRole('button', { name: /^Import 1 file/ }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Overview' })
    .click();
  await expect(kpi(page, 'Orders')).toHaveText(/\d/);
  const desk = {
    net: await kpi(page, 'Net sales').textContent(),
    orders: await kpi(page, 'Orders').textContent(),
  };
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Settings' })
    .click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data (bundle)' }).click();
  const file = join(dir, (await download).suggestedFilename());
  expect(file).toMatch(/storelens-data-\d{4}-\d{2}-\d{2}\.storelens$/);
  await (await download).saveAs(file);

  // Phone: a fresh profile, first visit online (the app installs itself), then no network.
  const phone = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: findChromium(),
    headless: true,
    args: chromiumArgs,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    const p = phone.pages()[0] ?? (await phone.newPage());
    await openDemo(p);
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 30_000,
    });
    await phone.setOffline(true);
    await p.goto(`${PWA}/#/import`);
    await expect(p.getByText('Offline', { exact: true })).toBeVisible();
    await p.locator('#imp-files').setInputFiles(file);
    const card = p.locator('section.imp-file', { hasText: 'storelens-data' });
    await expect(card).toContainText('A Storelens bundle from the Storelens app');
    await p.getByRole('button', { name: /^Import 1 file/ }).click();
    await expect(p.getByRole('status').filter({ hasText: 'was merged' })).toBeVisible();
    await p.goto(`${PWA}/#/overview`);
    await expect(kpi(p, 'Net sales')).toHaveText(desk.net ?? '');
    await expect(kpi(p, 'Orders')).toHaveText(desk.orders ?? '');
    await screenshot(p, 'pwa-phone-offline-after-bundle');
  } finally {
    await phone.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** What the share sheet does: a multipart POST of the file to the manifest's share_target. */
async function postShare(page: Page, target: string, text: string, noReferrer = false) {
  await page.evaluate(
    ([action, body, hide]) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = action;
      form.enctype = 'multipart/form-data';
      if (hide) {
        // A page can send no referrer at all: <meta name="referrer" content="no-referrer">.
        const meta = document.createElement('meta');
        meta.name = 'referrer';
        meta.content = 'no-referrer';
        document.head.append(meta);
        form.setAttribute('rel', 'noreferrer');
      }
      const input = document.createElement('input');
      input.type = 'file';
      input.name = 'files';
      const dt = new DataTransfer();
      dt.items.add(new File([body], 'shared-orders.csv', { type: 'text/csv' }));
      input.files = dt.files;
      form.append(input);
      document.body.append(form);
      form.submit();
    },
    [target, text, noReferrer] as const,
  );
}

test('a file shared to the installed app opens on the Import screen after the user confirms it', async ({
  page,
}) => {
  await openDemo(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  const csv = readFileSync(join(exportsDir, 'shopify-orders.csv'), 'utf8');
  await postShare(page, '/share-target', csv);
  await expect(page).toHaveURL(/#\/import/);
  const ask = page.locator('section.imp-shared');
  await expect(ask).toContainText('A file was shared to Storelens');
  await expect(ask).toContainText('shared-orders.csv');
  await expect(ask).toContainText(`From: this app (${PWA})`);
  // Nothing is read before the user says they shared it.
  await expect(page.locator('section.imp-file')).toHaveCount(0);
  await ask.getByRole('button', { name: /^I shared it/ }).click();
  const card = page.locator('section.imp-file', { hasText: 'shared-orders.csv' });
  await expect(card).toContainText('Shared to Storelens');
  await expect(card.getByRole('combobox', { name: /^Format/ })).toContainText(
    'Detected: Shopify orders export',
  );
  await expect(page).not.toHaveURL(/shared=/);
});

test('a page on another origin cannot push a file into the Import screen', async ({ page }) => {
  await openDemo(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  // A page on another origin (the test storefront on port 4180) posts to the share target.
  await page.goto('http://127.0.0.1:4180/health');
  await postShare(page, `${PWA}/share-target`, 'Name,Total\n#1,1.00\n');
  await expect(page).toHaveURL(/#\/import/);
  await expect(page.locator('#imp-share-refused')).toContainText(
    'A page on http://127.0.0.1:4180 tried to send a file to Storelens. It was refused',
  );
  await expect(page.locator('section.imp-shared')).toHaveCount(0);
  await expect(page.locator('section.imp-file')).toHaveCount(0);

  // The same page hiding its address: kept, but only behind a confirmation that says so.
  await page.goto('http://127.0.0.1:4180/health');
  await postShare(page, `${PWA}/share-target`, 'Name,Total\n#1,1.00\n', true);
  const ask = page.locator('section.imp-shared');
  await expect(ask).toContainText("another app's share menu (Storelens cannot tell which");
  await expect(page.locator('section.imp-file')).toHaveCount(0);
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.locator('section.imp-file')).toHaveCount(0);
});

test('a bundle preview says in words which store settings change, and never turns the demo back on', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelens-settings-'));
  try {
    await openDemo(page);
    await page.goto(`${PWA}/#/import`);
    // Real data: shopify-orders.csv has times at -0500, so the store timezone is America/New_York.
    await page.locator('#imp-files').setInputFiles(join(exportsDir, 'shopify-orders.csv'));
    await page.getByRole('button', { name: /^Import 1 file/ }).click();
    await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
    // A bundle whose settings claim demo, kept emails and another salt, stamped an hour ahead.
    const file = join(dir, 'hostile.storelens');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'storelens-bundle',
        version: 2,
        createdAt: Date.now(),
        source: { app: 'pwa', label: '' },
        entities: {
          settings: {
            timezone: 'UTC',
            currency: 'USD',
            fxRates: [],
            refundDating: 'refund',
            keepEmails: true,
            salt: 'attacker',
            demo: true,
            updatedAt: Date.now() + 3_600_000,
          },
        },
      }),
    );
    await page.locator('#imp-files').setInputFiles(file);
    const card = page.locator('section.imp-file', { hasText: 'hostile.storelens' });
    await expect(card.locator('.imp-bundle-settings')).toContainText(
      'store timezone America/New_York → UTC',
    );
    await expect(card).not.toContainText('settings: 1 updated');
    await page.getByRole('button', { name: /^Import 1 file/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'was merged' })).toContainText(
      'Store settings changed: store timezone America/New_York → UTC.',
    );
    // The opt-in stayed off: the privacy note still says emails are not stored.
    await expect(page.locator('#imp-privacy')).toContainText(
      "Your customers' personal data stays out.",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/*
 * Label costs travel in the bundle: the desk imports tests/fixtures/profit's products and orders
 * (#P1, #P2, #P3), sets 4.00 shipping per order in Settings and imports the ShipStation labels
 * (tests/fixtures/real/labels, expected.py beside it): #P1 7.15, #P2 18.40 + 4.10 = 22.50, #P3
 * keeps the 4.00 per order → shipping 33.65. The other device, after the bundle, shows the same.
 */
test('label costs and the Profit costs travel in a bundle: the other device shows the same shipping costs', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const profitDir = fileURLToPath(new URL('../../fixtures/profit/', import.meta.url));
  const labels = fileURLToPath(
    new URL('../../fixtures/real/labels/shipstation-shipments.csv', import.meta.url),
  );
  const dir = mkdtempSync(join(tmpdir(), 'storelens-labels-'));
  const nav = (p: Page, name: string) =>
    p.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true });
  const shipping = (p: Page) =>
    p
      .getByRole('region', { name: 'Profit and loss table' })
      .getByRole('row')
      .filter({ has: p.getByRole('rowheader', { name: /Shipping costs$/ }) })
      .getByRole('cell')
      .first();
  await openDemo(page);
  await nav(page, 'Import').click();
  await page
    .locator('#imp-files')
    .setInputFiles([join(profitDir, 'products.csv'), join(profitDir, 'orders.csv')]);
  await page.getByRole('button', { name: 'Import 2 files' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  await nav(page, 'Settings').click();
  await page
    .locator('section', { has: page.getByRole('heading', { name: 'Costs (Profit screen)' }) })
    .getByLabel('Shipping cost per order')
    .fill('4');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await nav(page, 'Import').click();
  await page.locator('#imp-files').setInputFiles([labels]);
  await page.getByRole('button', { name: /^Import 1 file/ }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  await page.goto(`${PWA}/#/profit?from=2024-06-01&to=2024-06-30`);
  await expect(shipping(page)).toHaveText('$33.65');
  await nav(page, 'Settings').click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data (bundle)' }).click();
  const file = join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);

  const other = await browser.newContext();
  try {
    const p = await other.newPage();
    await openDemo(p);
    await p.goto(`${PWA}/#/import`);
    await p.locator('#imp-files').setInputFiles(file);
    const card = p.locator('section.imp-file', { hasText: 'storelens-data' });
    await expect(card).toContainText('4 shipping label costs rows');
    await p.getByRole('button', { name: /^Import 1 file/ }).click();
    await expect(p.getByRole('status').filter({ hasText: 'was merged' })).toBeVisible();
    await p.goto(`${PWA}/#/profit?from=2024-06-01&to=2024-06-30`);
    await expect(shipping(p)).toHaveText('$33.65');
    await expect(p.getByRole('note', { name: 'Shipping cost coverage' })).toContainText(
      'Shipping: label costs for 2 of 3 orders',
    );
  } finally {
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
