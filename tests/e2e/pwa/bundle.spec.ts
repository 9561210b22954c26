// A phone that reviews it all offline: export a bundle on one device, import it on a fresh one
// with no network, see the same numbers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

test('a file shared to the installed app (Android share sheet) opens on the Import screen', async ({
  page,
}) => {
  await openDemo(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  const csv = readFileSync(join(exportsDir, 'shopify-orders.csv'), 'utf8');
  // What the share sheet does: a multipart POST of the files to the manifest's share_target.
  await page.evaluate((text) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = '/share-target';
    form.enctype = 'multipart/form-data';
    const input = document.createElement('input');
    input.type = 'file';
    input.name = 'files';
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'shared-orders.csv', { type: 'text/csv' }));
    input.files = dt.files;
    form.append(input);
    document.body.append(form);
    form.submit();
  }, csv);
  await expect(page).toHaveURL(/#\/import/);
  const card = page.locator('section.imp-file', { hasText: 'shared-orders.csv' });
  await expect(card.getByRole('combobox', { name: /^Format/ })).toContainText(
    'Detected: Shopify orders export',
  );
  await expect(page).not.toHaveURL(/shared=/);
});
