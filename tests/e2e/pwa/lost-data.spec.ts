import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, openDemo, PWA, test } from './fixtures.ts';

const exportsDir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const kpi = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name}: `) }).locator('.kpi-value');
const nav = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: label }).click();

test('when the browser drops the stored data, the app says what was lost, and a backup bundle brings it all back', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'storelens-lost-'));
  try {
    await openDemo(page);
    await nav(page, 'Import');
    await page.locator('#imp-files').setInputFiles(`${exportsDir}shopify-orders.csv`);
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
    await nav(page, 'Overview');
    await expect(kpi(page, 'Orders')).toHaveText(/\d/);
    const before = {
      net: await kpi(page, 'Net sales').textContent(),
      orders: await kpi(page, 'Orders').textContent(),
    };
    await nav(page, 'Settings');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export all data (bundle)' }).click();
    const backup = join(dir, (await download).suggestedFilename());
    await (await download).saveAs(backup);

    // What Chromium does after a write failed on a full disk: the site's IndexedDB is deleted
    // while the page is closed (localStorage is a separate store and stays).
    await page.goto('about:blank');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: PWA, storageTypes: 'indexeddb' });
    await page.goto(`${PWA}/#/overview`);

    const alert = page.getByRole('alert').filter({ hasText: 'Your stored data is gone' });
    await expect(alert).toBeVisible();
    // The fixture's orders run from 15 to 17 January 2024 (#1001–#1006).
    await expect(alert).toContainText(/Jan(uary)? 1[5-7], 2024|1[5-7] Jan(uary)? 2024/);
    await expect(alert).toContainText('disk was full');
    // It is not covered by a fresh demo store.
    await expect(page.getByText('demo store')).toHaveCount(0);

    // The backup bundle brings back the same numbers, and the notice goes.
    await alert.getByRole('link', { name: 'Import a backup or exports' }).click();
    await page.locator('#imp-files').setInputFiles(backup);
    await page.getByRole('button', { name: /^Import 1 file/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'was merged' })).toBeVisible();
    await nav(page, 'Overview');
    await expect(kpi(page, 'Net sales')).toHaveText(before.net ?? '');
    await expect(kpi(page, 'Orders')).toHaveText(before.orders ?? '');
    await expect(page.getByText('Your stored data is gone')).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
