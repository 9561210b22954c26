import { test, expect, openDemo, screenshot, PWA } from './fixtures.ts';

test('first run loads the demo store and the Overview shows real numbers and a chart', async ({
  page,
}) => {
  await openDemo(page);
  const net = page.getByRole('button', { name: /^Net sales: / });
  await expect(net).toContainText(/\$[\d,.]+[KM]?/);
  await expect(page.getByRole('button', { name: /^Orders: / })).toContainText(/\d/);
  await expect(page.locator('.chart-plot canvas').first()).toBeVisible();
  await expect(page.getByText(/Data as of/)).toBeVisible();
  await screenshot(page, 'pwa-overview-desktop');
});

test('changing the date range changes the numbers and is kept in the URL', async ({ page }) => {
  await openDemo(page);
  const orders = page.getByRole('button', { name: /^Orders: / }).locator('.kpi-value');
  const before = await orders.textContent();
  await page.getByLabel('Quick period').selectOption('12m');
  await expect(orders).not.toHaveText(before ?? '');
  expect(page.url()).toMatch(/from=\d{4}-\d{2}-\d{2}/);
  const after = await orders.textContent();
  // The URL alone restores the view.
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(orders).toHaveText(after ?? '');
});

test('it still loads and computes after the server is gone (offline)', async ({
  page,
  context,
}) => {
  await openDemo(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: /^Net sales: \S+/ })).toBeVisible({
    timeout: 30_000,
  });
  // Chromium 150 keeps the network offline across the reload but reports navigator.onLine true
  // in the new document until the emulation changes again: set it again, as a dropped
  // connection would (the page hears 'offline').
  await context.setOffline(false);
  await context.setOffline(true);
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  // A different range is computed by the worker with no network.
  await page.getByLabel('Quick period').selectOption('90d');
  await expect(page.getByRole('button', { name: /^Orders: / }).locator('.kpi-value')).toHaveText(
    /\d/,
  );
});

test('Chromium reports the PWA installable', async ({ page, context }) => {
  await page.goto(`${PWA}/`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  const cdp = await context.newCDPSession(page);
  await expect
    .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, {
      timeout: 20_000,
    })
    .toEqual([]);
});

test('a phone viewport has no horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openDemo(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'pwa-overview-phone');
});
