// Real exports imported as a manager would, then the numbers the screens show. Expected figures
// are read from tests/fixtures/real/orders/expected.json, written by expected.py beside it (python,
// no project code), and formatted here by hand in the app's en-US locale.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, openDemo, screenshot } from './fixtures.ts';

const real = fileURLToPath(new URL('../../fixtures/real/orders/', import.meta.url));
const expected = JSON.parse(readFileSync(real + 'expected.json', 'utf8'));
const kpi = (page: Page, label: string) =>
  page.getByRole('button', { name: new RegExp(`^${label}: `) }).locator('.kpi-value');

async function go(page: Page, screen: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: screen })
    .click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

test('a Shopify dev-store export: Overview, Customers and Products show what expected.py counts', async ({
  page,
}) => {
  const e = expected['shopify-devstore-full.csv'];
  await openDemo(page);
  await go(page, 'Import');
  await page.locator('#imp-files').setInputFiles(real + 'shopify-devstore-full.csv');
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();

  // The default range (the 30 days up to the last order) holds the whole file.
  await go(page, 'Overview');
  await expect(kpi(page, 'Net sales')).toHaveText('$1,494.81'); // e.netSales
  expect(e.netSales).toBe(1494.81);
  await expect(kpi(page, 'Orders')).toHaveText(String(e.orders));
  await expect(kpi(page, 'Total sales')).toHaveText('$1,502.81'); // e.totalSales
  expect(e.totalSales).toBe(1502.81);
  await expect(kpi(page, 'Returning customer rate')).toHaveText('66.7%'); // 2 of 3
  expect(e.returningCustomerRate).toBe(0.6667);

  // Explain: gift cards apart, and the rule the full refund was read by.
  await page.getByRole('button', { name: /^Net sales: / }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('row', { name: /Gift cards sold \(not sales\)/ })).toContainText(
    '$35.00', // e.giftCardsSold
  );
  await expect(
    dialog.getByRole('row', { name: /Full refunds the store’s data did not split/ }),
  ).toContainText('1');
  // Reconcile: a tool that counts gift cards as sales shows 1,494.81 + 35.00 = 1,529.81.
  await dialog.getByLabel("Your platform's figure for the same period").fill('$1,529.81');
  await dialog.getByRole('button', { name: 'Compare' }).click();
  const result = dialog.getByRole('status');
  await expect(result).toContainText('a gap of +$35.00');
  await expect(result.getByRole('row', { name: /Gift cards sold counted as sales/ })).toContainText(
    /\+\$35\.00\s*Yes/,
  );
  await expect(result).toContainText('Unexplained: $0.00');
  await screenshot(page, 'pwa-reconcile-desktop');
  await page.keyboard.press('Escape');

  await go(page, 'Customers');
  await expect(page.getByRole('main')).toContainText('66.7%');

  await go(page, 'Products');
  const top = page.getByRole('row', { name: new RegExp(e.topProduct.key) }).first();
  await expect(top).toContainText('$749.95'); // e.topProduct.netSales
  // SKU-less lines stay their own products: no "Gift Card" product holding everything.
  await expect(page.getByRole('row', { name: /Gift Card/ })).toHaveCount(0);
  // A line exported without a SKU shows no SKU (not its title a second time).
  const noSku = page.getByRole('row', { name: /The Complete Snowboard - Ice/ }).first();
  await expect(noSku.locator('th, td').nth(1)).toHaveText('');
  await expect(noSku).toContainText('$699.95');

  // Sales by country: every order is billed to the US, so its row holds all net sales.
  await go(page, 'Sales');
  await page
    .getByRole('group', { name: 'Breakdown' })
    .getByRole('button', { name: 'Country' })
    .click();
  await expect(
    page.getByRole('table', { name: 'Sales by country' }).getByRole('row', { name: /^US / }),
  ).toContainText('$1,494.81');
});

test('a 10-column Shopify report: its currency is asked, Sydney time is offered, the numbers follow', async ({
  page,
}) => {
  const e = expected['shopify-report-10-columns.csv'];
  await openDemo(page);
  await go(page, 'Import');
  await page.locator('#imp-files').setInputFiles(real + 'shopify-report-10-columns.csv');
  const card = page.locator('section.imp-file');
  await expect(card.getByRole('combobox', { name: /^Format/ })).toContainText(
    'Detected: Shopify orders export',
  );
  await expect(card).toContainText('Subtotal + Shipping = Total');
  // Nothing in the file says its currency: the field is empty and importing waits for it.
  const currency = page.getByLabel('Reporting currency');
  await expect(currency).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Import 1 file' })).toBeDisabled();
  const zone = page.getByLabel('Store timezone');
  await expect(zone.locator('optgroup[label="Fit the times in your files"] option')).toContainText([
    'Australia/Sydney',
  ]);
  await zone.selectOption('Australia/Sydney');
  await currency.fill('AUD');
  await expect(card.getByLabel("Currency of this file's amounts")).toHaveValue('AUD');
  await screenshot(page, 'pwa-import-10-columns-desktop');
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();

  await go(page, 'Overview');
  // The 30 days up to 28 November (Sydney): #2044 (30 Oct, 06:58 in Sydney), #2045, #2046.
  await expect(kpi(page, 'Orders')).toHaveText('3');
  // 28.64 + 227.27 + 15.46 by hand from the file (Total − Shipping − Taxes)
  await expect(kpi(page, 'Net sales')).toHaveText('A$271.37');
  expect(e.novemberNetSales).toBe(242.73); // #2045 + #2046; #2044 is October's
});

test('UCI Online Retail (line-level, credit notes, guests): Overview, Sales, Customers and Products show what expected.py counts', async ({
  page,
}) => {
  const uci = fileURLToPath(new URL('../../fixtures/real/uci/', import.meta.url));
  const e = JSON.parse(readFileSync(uci + 'expected.json', 'utf8'));
  await openDemo(page);
  await go(page, 'Import');
  await page.locator('#imp-files').setInputFiles(uci + 'online-retail-slice.csv');
  // No currency column: importing waits for it; the times carry no offset: the zone is asked.
  await expect(page.getByRole('button', { name: 'Import 1 file' })).toBeDisabled();
  await page.getByLabel('Store timezone').selectOption('Europe/London');
  await page.getByLabel('Reporting currency').fill('GBP');
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();

  // Every row is on 1 December 2010, inside the default 30 days up to the data's last day.
  await go(page, 'Overview');
  await expect(kpi(page, 'Orders')).toHaveText(String(e.orders)); // 131: 7 credit notes are no orders
  await expect(kpi(page, 'Net sales')).toHaveText('£57,004.33'); // e.netSalesMinor
  expect(e.netSalesMinor).toBe(5700433);

  await go(page, 'Sales');
  await page
    .getByRole('group', { name: 'Breakdown' })
    .getByRole('button', { name: 'Country' })
    .click();
  const countries = page.getByRole('table', { name: 'Sales by country' });
  await expect(countries.getByRole('row', { name: /^GB / })).toContainText('£52,983.92');
  await expect(countries.getByRole('row', { name: /^NO / })).toContainText('£1,919.14');
  expect(e.netSalesByCountryMinor['United Kingdom']).toBe(5298392);

  await go(page, 'Customers');
  await expect(kpi(page, 'Customers')).toHaveText(String(e.customers)); // 91, guests aside

  await go(page, 'Products');
  const top = page.getByRole('row', { name: new RegExp(e.topProduct.stockCode) }).first();
  await expect(top).toContainText('£1,670.55'); // 84029E, RED WOOLLY HOTTIE WHITE HEART.
  expect(e.topProduct.netSalesMinor).toBe(167055);
});
