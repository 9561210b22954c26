import { test, expect, openDemo, screenshot } from './fixtures.ts';

test('Competitors lists tracked products with price, change, stock and the matched own product', async ({
  page,
}) => {
  await openDemo(page);
  await page.getByRole('link', { name: 'Competitors' }).click();
  const table = page.getByRole('table', { name: 'Tracked competitor products' });
  await expect(table.getByRole('row')).toHaveCount(6); // header + 5 demo products
  // Demo products are matched to own SKUs by GTIN: own price and the difference are shown.
  await expect(table.getByRole('row').nth(1)).toContainText(/auto-matched/);
  await expect(table.getByRole('row').nth(1)).toContainText(/[+-−]\d+\.\d%|0\.0%/);
  await table.getByRole('row').nth(1).click();
  await expect(page).toHaveURL(/#\/competitors\/tp-/);
  await expect(page.getByRole('img', { name: /Price history of/ })).toBeVisible();
  await screenshot(page, 'pwa-competitors-desktop');
});

test('SEO explains how audits get here when there are none', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('link', { name: 'SEO' }).click();
  await expect(
    page.getByRole('heading', { name: 'No SEO audits on this device yet' }),
  ).toBeVisible();
});
