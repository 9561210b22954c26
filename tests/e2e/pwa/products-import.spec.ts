import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, openDemo } from './fixtures.ts';

const realDir = fileURLToPath(new URL('../../fixtures/real/products/', import.meta.url));

// Figures: tests/fixtures/real/products/expected.py (25 rows: 22 stored, rows 2, 3 and 24 not).
test("WooCommerce's sample products: the 3 rows not stored are listed with why, 22 products stored", async ({
  page,
}) => {
  await openDemo(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Import' })
    .click();
  await page.locator('#imp-files').setInputFiles(join(realDir, 'woocommerce-sample_products.csv'));
  const card = page.locator('section.imp-file').first();
  await expect(card.getByRole('combobox', { name: /^Format/ })).toContainText(
    'Detected: WooCommerce product export',
  );
  await expect(card).toContainText('3 rows of woocommerce-sample_products.csv will not be stored');
  await expect(
    card.getByRole('row', { name: /^woocommerce-sample_products\.csv 2 Type/ }),
  ).toContainText("'V-Neck T-Shirt' is the parent of 3 variations");
  await expect(
    card.getByRole('row', { name: /^woocommerce-sample_products\.csv 24 Type/ }),
  ).toContainText("'grouped'");
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  const result = page.locator('section', { has: page.getByRole('heading', { name: 'Imported' }) });
  await expect(result.getByRole('row', { name: /^Products 22 22 0 22$/ })).toBeVisible();
  await expect(result).toContainText('22 rows from 1 file');
  await expect(result).toContainText('3 rows were not stored');
  await expect(
    result.getByRole('row', { name: /^woocommerce-sample_products\.csv 3 Type/ }),
  ).toContainText("'Hoodie' is the parent of 4 variations");
});

// Figures: tests/fixtures/real/products/expected.py (7 variants; MUG-SAND 18.00 with 14 in stock,
// TOTE-OLV-L oversold to −2, the PDF map not tracked).
test("Shopify's 2024+ product CSV: variants keep their product's name, price and stock", async ({
  page,
}) => {
  await openDemo(page);
  const importFile = async (path: string, format: string) => {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Import' })
      .click();
    await page.locator('#imp-files').setInputFiles(path);
    await expect(
      page
        .locator('section.imp-file')
        .first()
        .getByRole('combobox', { name: /^Format/ }),
    ).toContainText(`Detected: ${format}`);
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
  };
  // A first real import replaces the demo store: products alone, and the screens say what is missing.
  await importFile(join(realDir, 'shopify-products-2024.csv'), 'Shopify products export');
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Products' })
    .click();
  await expect(page.getByRole('heading', { name: 'No orders yet' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Your 7 products are stored.');

  await importFile(
    fileURLToPath(new URL('../../fixtures/real/orders/shopify-devstore-full.csv', import.meta.url)),
    'Shopify orders export',
  );
  const onHand = page
    .locator('.kpi')
    .filter({ has: page.locator('.kpi-label', { hasText: /^On hand$/ }) })
    .locator('.kpi-value');
  for (const [sku, title, price, stock] of [
    ['MUG-SAND', 'Enamel Camp Mug', '$18.00', '14'],
    ['TOTE-OLV-L', 'Waxed Canvas Tote', '$72.00', '-2'],
    ['MAP-PDF', 'Trail Map Print (PDF)', '$9.00', 'not tracked'],
  ] as const) {
    // As a link to the product would open it.
    await page.evaluate((s) => (location.hash = `#/products/${s}`), sku);
    await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
    await expect(page.locator('.card').first()).toContainText(`price ${price}`);
    await expect(onHand).toHaveText(stock);
  }
});
