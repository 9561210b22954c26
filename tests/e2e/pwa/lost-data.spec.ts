import { fileURLToPath } from 'node:url';
import { expect, openDemo, PWA, test } from './fixtures.ts';

const exportsDir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));

test('when the browser drops the stored data, the app says what was lost instead of starting empty', async ({
  page,
  context,
}) => {
  await openDemo(page);
  await page.evaluate(() => (location.hash = '#/import'));
  await page.locator('#imp-files').setInputFiles(`${exportsDir}shopify-orders.csv`);
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();

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

  // Importing again brings the data back and the notice goes.
  await alert.getByRole('link', { name: 'Import a backup or exports' }).click();
  await page.locator('#imp-files').setInputFiles(`${exportsDir}shopify-orders.csv`);
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  await page.evaluate(() => (location.hash = '#/overview'));
  await expect(page.getByText('Your stored data is gone')).toHaveCount(0);
});
