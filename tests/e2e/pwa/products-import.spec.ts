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
