// The overlay on local fixture storefronts: right product, price and platform; variant switches
// and SPA navigation re-analyse; hostile pages stay inert; the panel keeps off the buy button.
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { ARTIFACTS, STORE, activateViaBackground, expect, panel, test } from './fixtures.ts';

test.beforeEach(async ({ request }) => {
  await request.post(`${STORE}/admin/reset`);
});

test('shows product, price and platform on a Shopify store and follows a variant switch', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/products/trail-runner`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  await expect(overlay.getByTestId('product-price')).toHaveText('$129.00');
  await expect(overlay.getByTestId('platform-chip')).toHaveText('Shopify');
  await expect(overlay.getByTestId('variants').getByRole('row')).toHaveCount(4);
  await page.screenshot({ path: `${ARTIFACTS}/overlay-shopify.png` });

  await page.locator('#Option-template--main-0').selectOption('10 Wide');
  await expect(page).toHaveURL(/variant=44003/);
  await expect(overlay.getByTestId('product-price')).toHaveText('$139.00');
  await expect(overlay.locator('tr[aria-current="true"]')).toContainText('10 Wide');

  await overlay.getByRole('tab', { name: 'Store' }).click();
  await expect(overlay.getByTestId('platform-name')).toHaveText('Shopify');
  await expect(overlay.getByTestId('theme')).toHaveText('Dawn');
  await page.screenshot({ path: `${ARTIFACTS}/overlay-shopify-store.png` });
});

test('shows the price the server gives now when the page is analysed again', async ({
  ext,
  page,
  request,
}) => {
  await request.post(`${STORE}/admin/price?product=kaffeebecher&price=19.5`);
  await page.goto(`${STORE}/produkt/kaffeebecher/`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Kaffeebecher Steingut 350 ml');
  const euro = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(19.5);
  await expect(overlay.getByTestId('product-price')).toHaveText(euro);
  await expect(overlay.getByTestId('platform-chip')).toHaveText('WooCommerce');
  await page.screenshot({ path: `${ARTIFACTS}/overlay-woocommerce.png` });
});

test('follows an SPA navigation to the second product', async ({ ext, page }) => {
  await page.goto(`${STORE}/spa/products/aurora-lamp`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  const gbp = (n: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'GBP' }).format(n);
  await expect(overlay.getByTestId('product-name')).toHaveText('Aurora lamp');
  await expect(overlay.getByTestId('product-price')).toHaveText(gbp(89));

  await page.getByRole('link', { name: 'Boreal chair' }).click();
  await expect(page).toHaveURL(/boreal-chair/);
  await expect(overlay.getByTestId('product-name')).toHaveText('Boreal chair');
  await expect(overlay.getByTestId('product-price')).toHaveText(gbp(249.5));
  await page.screenshot({ path: `${ARTIFACTS}/overlay-spa.png` });
});

test('renders hostile page strings as inert text, whatever the page CSS', async ({ ext, page }) => {
  const response = await page.goto(`${STORE}/hostile`);
  // The page runs under a strict CSP (no inline styles or scripts): the overlay must still work.
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toHaveText(
    `<img src=x onerror="window.__pwned='jsonld'">Evil Widget`,
  );
  await overlay.getByRole('tab', { name: 'SEO' }).click();
  await expect(overlay.getByTestId('snippet')).toContainText(
    `<img src=x onerror="window.__pwned='title'">`,
  );
  await overlay.getByRole('tab', { name: 'Store' }).click();
  await overlay.getByRole('tab', { name: 'Product' }).click();
  // Hostile CSS hides every button and tablist on the page; the overlay's own stay usable.
  await expect(overlay.getByRole('tab', { name: 'Product' })).toBeVisible();
  const box = await overlay.boundingBox();
  expect(box?.width).toBe(380);
  await page.screenshot({ path: `${ARTIFACTS}/overlay-hostile.png` });
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
});

test('docks away from the add-to-cart button, collapses on Escape and has a keyboard tablist', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/products/trail-runner`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toBeVisible();
  const button = (await page.getByRole('button', { name: 'Add to cart' }).boundingBox())!;
  await expect(async () => {
    const box = (await overlay.boundingBox())!;
    const overlapX = box.x < button.x + button.width && button.x < box.x + box.width;
    const overlapY = box.y < button.y + button.height && button.y < box.y + box.height;
    expect(overlapX && overlapY, 'panel covers the add-to-cart button').toBe(false);
  }).toPass();

  const axe = await new AxeBuilder({ page }).include('storelens-overlay').analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  const productTab = overlay.getByRole('tab', { name: 'Product' });
  await productTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(overlay.getByRole('tab', { name: 'SEO' })).toBeFocused();
  await expect(overlay.getByRole('tab', { name: 'SEO' })).toHaveAttribute('aria-selected', 'true');
  await expect(overlay.getByTestId('seo-score')).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/overlay-seo.png` });
  await page.keyboard.press('End');
  await expect(overlay.getByRole('tab', { name: 'Store' })).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(overlay.getByRole('tablist')).toHaveCount(0);
  await overlay.getByRole('button', { name: 'Expand Storelens' }).click();
  await expect(overlay.getByRole('tablist')).toBeVisible();

  const before = (await overlay.boundingBox())!;
  await overlay.getByRole('button', { name: /Move the Storelens panel/ }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const after = (await overlay.boundingBox())!;
  expect(after.y).toBeGreaterThan(before.y + 20);

  // Dragging the header moves the panel with the pointer.
  const brand = (await overlay.getByText('Storelens', { exact: true }).boundingBox())!;
  await page.mouse.move(brand.x + 5, brand.y + 5);
  await page.mouse.down();
  await page.mouse.move(brand.x + 305, brand.y + 105, { steps: 5 });
  await page.mouse.up();
  const dragged = (await overlay.boundingBox())!;
  expect(Math.round(dragged.x - after.x)).toBe(300);
  expect(Math.round(dragged.y - after.y)).toBe(100);
});

test('remembers the price the user picked on a site', async ({ ext, page }) => {
  await page.goto(`${STORE}/spa/products/aurora-lamp`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Aurora lamp');
  await overlay.getByRole('button', { name: 'Pick the price' }).click();
  await page.locator('#app .price').click();
  await overlay.getByLabel('Currency (ISO code)').fill('GBP');
  await overlay.getByRole('button', { name: 'Use for this site' }).click();
  await expect(overlay.getByTestId('product-price').locator('..')).toContainText('your pick');

  await page.reload();
  await activateViaBackground(ext, page);
  await expect(panel(page).getByTestId('product-price').locator('..')).toContainText('your pick');
  await expect(panel(page).getByTestId('product-price')).toHaveText(
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'GBP' }).format(89),
  );
});

test('downloads the analysis as CSV with a row per variant', async ({ ext, page }) => {
  await page.goto(`${STORE}/products/trail-runner`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    overlay.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^storelens-127\.0\.0\.1-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toContain('price_source');
  expect(csv).toContain('TR-GTX-10W');
  expect(csv).toContain('139');
});

test('loads the store’s own product data on request and flags a page that shows a stale price', async ({
  ext,
  page,
  request,
}) => {
  await page.goto(`${STORE}/produkt/kaffeebecher/`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  const eur = (n: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(n);
  await expect(overlay.getByTestId('product-price')).toHaveText(eur(24.9));

  // The shop changes the price after the page was loaded: the Store API knows, the page does not.
  await request.post(`${STORE}/admin/price?product=kaffeebecher&price=19.5`);
  await overlay.getByRole('button', { name: 'Load the store’s product data' }).click();
  await expect(overlay.getByTestId('platform-price')).toHaveText(eur(19.5));
  await expect(overlay.getByTestId('platform-mismatch')).toContainText('the page may be cached');
  await page.screenshot({ path: `${ARTIFACTS}/overlay-platform-data.png` });
});

test('checks the page as served on request: markup that only a script adds is flagged', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/spa/products/aurora-lamp`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Aurora lamp');
  await overlay.getByRole('tab', { name: 'SEO' }).click();
  await overlay.getByRole('button', { name: 'Check the page as served' }).click();
  await expect(
    overlay.getByText('Checked the page as served (HTTP 200) and robots.txt.'),
  ).toBeVisible();
  await expect(overlay.locator('[data-finding="merchant-in-html"]')).toContainText(
    'only added by script',
  );

  const axe = await new AxeBuilder({ page }).include('storelens-overlay').analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});

test('lists every product of a collection page and shows the one the user chooses', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/collections/trail-shoes`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  const chooser = overlay.getByLabel(/Product 1 of 3/);
  await expect(chooser).toBeVisible();
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  await expect(overlay.getByTestId('platform-chip')).toHaveText('Shopify');
  await chooser.selectOption({ label: 'Summit Winter Boot' });
  await expect(overlay.getByTestId('product-name')).toHaveText('Summit Winter Boot');
  await expect(overlay.getByTestId('product-price')).toHaveText('$219.00');
  await page.screenshot({ path: `${ARTIFACTS}/overlay-collection.png` });
});

test('the shortcut’s action hides the overlay and shows it again, analysed afresh', async ({
  ext,
  page,
  request,
}) => {
  await page.goto(`${STORE}/products/trail-runner`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-price')).toHaveText('$129.00');
  await activateViaBackground(ext, page);
  await expect(overlay).toHaveCount(0);
  // The page changes while the overlay is hidden (a variant picked): shown again, it is current.
  await page.locator('#Option-template--main-0').selectOption('10 Wide');
  await activateViaBackground(ext, page);
  await expect(overlay.getByTestId('product-price')).toHaveText('$139.00');
  await request.post(`${STORE}/admin/reset`);
});

test('copies the analysis as JSON', async ({ ext, page }) => {
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: STORE });
  await page.goto(`${STORE}/products/trail-runner`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  await overlay.getByRole('button', { name: 'Copy JSON' }).click();
  await expect(
    overlay.getByRole('status').filter({ hasText: 'Analysis copied as JSON.' }),
  ).toBeVisible();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied).toMatchObject({ tool: 'Storelens', platform: { platform: 'shopify' } });
  expect(copied.products[0].name.value).toBe('Trail Runner GTX');
});

test('follows a variant picked with radio pills that leave the URL alone', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/products/trail-runner?picker=pills`);
  await activateViaBackground(ext, page);
  const overlay = panel(page);
  await expect(overlay.getByTestId('product-price')).toHaveText('$129.00');
  await page.locator('label[for="Size-2"]').click();
  await expect(page.locator('[data-price]')).toHaveText('$139.00 USD');
  expect(page.url()).not.toContain('variant=');
  await expect(overlay.getByTestId('product-price')).toHaveText('$139.00');
  await expect(overlay.locator('tr[aria-current="true"]')).toContainText('10 Wide');
});
