// A returning manager's first screen: the Overview paints from the startup entry, read by the
// page itself, while the analytics worker is still starting; and nothing it holds is shown once
// the data changed.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, openDemo, PWA } from './fixtures.ts';

// The page routes the worker's script: the service worker must not serve it behind the route.
test.use({ serviceWorkers: 'block' });

const kpiValue = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name}: (?!loading)`) }).locator('.kpi-value');

test('the Overview numbers come back before the worker has started, and are the data’s', async ({
  page,
}) => {
  await openDemo(page);
  const netSales = kpiValue(page, 'Net sales');
  const orders = kpiValue(page, 'Orders');
  const profit = page.getByRole('button', { name: /^Net profit this month: (?!loading)\S*\d/ });
  await profit.waitFor({ timeout: 60_000 });
  const before = {
    net: await netSales.textContent(),
    orders: await orders.textContent(),
    profit: await profit.locator('.kpi-value').textContent(),
  };
  expect(before.net).toMatch(/\d/);

  // Hold the worker's script: the page alone must paint the same numbers.
  let release: () => void = () => {};
  const held = new Promise<void>((ok) => (release = ok));
  await page.route(/analytics\.worker-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  await expect(netSales).toHaveText(before.net!);
  await expect(orders).toHaveText(before.orders!);
  await expect(page.locator('.chart-plot canvas').first()).toBeVisible();
  // The month's net profit too: kept beside the entry for the same data and day.
  await expect(profit.locator('.kpi-value')).toHaveText(before.profit!);
  // Released: the worker reads the store and finds the same answers; the numbers stay.
  release();
  // The chart's forecast needs the data read: once it is drawn, the load has checked the rest.
  await expect(page.getByText(/^Forecast for the next \d+ days/)).toBeVisible({ timeout: 60_000 });
  await expect(netSales).toHaveText(before.net!);
  await expect(profit.locator('.kpi-value')).toHaveText(before.profit!);
});

test('after an import the Overview shows the imported data, not the figures kept for the start', async ({
  page,
}) => {
  await openDemo(page);
  const orders = kpiValue(page, 'Orders');
  const demoOrders = await orders.textContent();
  // Start again on the import screen: the kept Overview is read at start but not shown.
  await page.goto(`${PWA}/#/import`);
  await page.reload();
  await page
    .locator('#imp-files')
    .setInputFiles(
      fileURLToPath(new URL('../../fixtures/exports/shopify-orders.csv', import.meta.url)),
    );
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Overview' })
    .click();
  await expect(orders).not.toHaveText(demoOrders!);
  // The default view is the 30 days to the last order (2024-12-01): #1005 (Nov 29) and #1006.
  await expect(orders).toHaveText('2');
});
