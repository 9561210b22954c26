// The side panel on local fixture storefronts: right product, price and platform; variant
// switches, SPA and full navigations re-analyse; hostile pages stay inert; keyboard use; the
// picker is all Storelens shows in the page. The panel page is opened pinned to the storefront's
// tab (sidepanel.html?tabId=N); the real side panel is driven in shell.spec.ts.
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { ARTIFACTS, STORE, expect, openPanel, panelPageOf, test } from './fixtures.ts';

test.beforeEach(async ({ request }) => {
  await request.post(`${STORE}/admin/reset`);
});

test('shows product, price and platform on a Shopify store and follows a variant switch', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/products/trail-runner`);
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  await expect(overlay.getByTestId('product-price')).toHaveText('$129.00');
  await expect(overlay.getByTestId('platform-chip')).toHaveText('Shopify');
  await expect(overlay.getByTestId('variants').getByRole('row')).toHaveCount(4);
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-shopify.png` });

  await page.locator('#Option-template--main-0').selectOption('10 Wide');
  await expect(page).toHaveURL(/variant=44003/);
  await expect(overlay.getByTestId('product-price')).toHaveText('$139.00');
  await expect(overlay.locator('tr[aria-current="true"]')).toContainText('10 Wide');

  await overlay.getByRole('tab', { name: 'Store' }).click();
  await expect(overlay.getByTestId('platform-name')).toHaveText('Shopify');
  await expect(overlay.getByTestId('theme')).toHaveText('Dawn');
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-shopify-store.png` });
});

test('shows the price the server gives now when the page is analysed again', async ({
  ext,
  page,
  request,
}) => {
  await request.post(`${STORE}/admin/price?product=kaffeebecher&price=19.5`);
  await page.goto(`${STORE}/produkt/kaffeebecher/`);
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Kaffeebecher Steingut 350 ml');
  const euro = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(19.5);
  await expect(overlay.getByTestId('product-price')).toHaveText(euro);
  await expect(overlay.getByTestId('platform-chip')).toHaveText('WooCommerce');
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-woocommerce.png` });
});

test('follows an SPA navigation to the second product', async ({ ext, page }) => {
  await page.goto(`${STORE}/spa/products/aurora-lamp`);
  const overlay = await openPanel(ext, page);
  const gbp = (n: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'GBP' }).format(n);
  await expect(overlay.getByTestId('product-name')).toHaveText('Aurora lamp');
  await expect(overlay.getByTestId('product-price')).toHaveText(gbp(89));

  await page.getByRole('link', { name: 'Boreal chair' }).click();
  await expect(page).toHaveURL(/boreal-chair/);
  await expect(overlay.getByTestId('product-name')).toHaveText('Boreal chair');
  await expect(overlay.getByTestId('product-price')).toHaveText(gbp(249.5));
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-spa.png` });
});

test('renders hostile page strings as inert text, whatever the page CSS', async ({ ext, page }) => {
  const response = await page.goto(`${STORE}/hostile`);
  // The page runs under a strict CSP (no inline styles or scripts): the overlay must still work.
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-name')).toHaveText(
    `<img src=x onerror="window.__pwned='jsonld'">Evil Widget`,
  );
  await overlay.getByRole('tab', { name: 'SEO' }).click();
  await expect(overlay.getByTestId('snippet')).toContainText(
    `<img src=x onerror="window.__pwned='title'">`,
  );
  await overlay.getByRole('tab', { name: 'Store' }).click();
  await overlay.getByRole('tab', { name: 'Product' }).click();
  // Hostile CSS hides every button and tablist on the page; the panel is not in the page.
  await expect(overlay.getByRole('tab', { name: 'Product' })).toBeVisible();
  expect(await page.locator('storelens-overlay, storelens-picker').count()).toBe(0);
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-hostile.png` });
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
});

test('focus starts in the panel, the tablist works by keyboard and Escape leaves picking', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/products/trail-runner`);
  const overlay = await openPanel(ext, page);
  const panelPage = panelPageOf(page);
  await expect(overlay.getByTestId('product-name')).toBeVisible();
  // Focus is inside the panel from the start, on its heading; Tab goes on to the tabs.
  await expect(overlay.getByRole('heading', { name: 'Storelens' })).toBeFocused();
  await panelPage.keyboard.press('Tab');
  await expect(overlay.getByRole('tab', { name: 'Product' })).toBeFocused();

  const axe = await new AxeBuilder({ page: panelPage }).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  await panelPage.keyboard.press('ArrowRight');
  await expect(overlay.getByRole('tab', { name: 'SEO' })).toBeFocused();
  await expect(overlay.getByRole('tab', { name: 'SEO' })).toHaveAttribute('aria-selected', 'true');
  await expect(overlay.getByTestId('seo-score')).toBeVisible();
  await panelPage.screenshot({ path: `${ARTIFACTS}/panel-seo.png` });
  await panelPage.keyboard.press('End');
  await expect(overlay.getByRole('tab', { name: 'Store' })).toBeFocused();
  await panelPage.keyboard.press('Home');
  await panelPage.keyboard.press('Enter');
  await expect(overlay.getByRole('tab', { name: 'Product' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // "Pick the price" by keyboard; the page then shows only the picker, Escape in the panel ends it.
  await overlay.getByRole('button', { name: 'Pick the price' }).focus();
  await panelPage.keyboard.press('Enter');
  await expect(overlay.getByTestId('pick-banner')).toContainText('Click the price on the page');
  await expect.poll(() => page.locator('storelens-picker').count()).toBe(1);
  await panelPage.keyboard.press('Escape');
  await expect(overlay.getByTestId('pick-banner')).toHaveCount(0);
  await expect.poll(() => page.locator('storelens-picker').count()).toBe(0);
});

test('picks the price with the keyboard alone, from the list of prices the page shows', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/spa/products/aurora-lamp`);
  const overlay = await openPanel(ext, page);
  const panelPage = panelPageOf(page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Aurora lamp');
  const shown = (await page.locator('#app .price').innerText()).trim();
  await overlay.getByRole('button', { name: 'Pick the price' }).focus();
  await panelPage.keyboard.press('Enter');
  const list = overlay.getByRole('list', { name: 'Prices found on the page' });
  const choice = list.getByRole('button', { name: shown });
  await expect(choice).toBeVisible();
  // Tab to the page's price in the list: each focused choice is outlined on the page.
  for (let i = 0; i < 10 && !(await choice.evaluate((b) => b === document.activeElement)); i++)
    await panelPage.keyboard.press('Tab');
  await expect(choice).toBeFocused();
  await panelPage.keyboard.press('Enter');
  await expect(overlay.getByText(`Reads as`)).toBeVisible();
  await overlay.getByLabel('Currency (ISO code)').fill('GBP');
  await overlay.getByLabel('Currency (ISO code)').press('Enter');
  await expect(overlay.getByTestId('product-price').locator('..')).toContainText('your pick');
  expect(await page.locator('storelens-picker').count()).toBe(0);
});

test('remembers the price the user picked on a site', async ({ ext, page }) => {
  await page.goto(`${STORE}/spa/products/aurora-lamp`);
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Aurora lamp');
  await overlay.getByRole('button', { name: 'Pick the price' }).click();
  // While picking, the page holds only the picker: a closed shadow root, no analysis, no data.
  const picker = await page.evaluate(() => {
    const host = document.querySelector('storelens-picker') as HTMLElement | null;
    return host && { shadow: host.shadowRoot, text: host.innerText };
  });
  expect(picker).toEqual({ shadow: null, text: '' });
  await page.locator('#app .price').click();
  await overlay.getByLabel('Currency (ISO code)').fill('GBP');
  await overlay.getByRole('button', { name: 'Use for this site' }).click();
  await expect(overlay.getByTestId('product-price').locator('..')).toContainText('your pick');
  expect(await page.locator('storelens-picker').count()).toBe(0);

  // The panel follows the tab's reload and reads the picked element again.
  await page.reload();
  await expect(overlay.getByTestId('product-price').locator('..')).toContainText('your pick');
  await expect(overlay.getByTestId('product-price')).toHaveText(
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'GBP' }).format(89),
  );
});

test('downloads the analysis as CSV with a row per variant', async ({ ext, page }) => {
  await page.goto(`${STORE}/products/trail-runner`);
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  const [download] = await Promise.all([
    panelPageOf(page).waitForEvent('download'),
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
  const overlay = await openPanel(ext, page);
  const eur = (n: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(n);
  await expect(overlay.getByTestId('product-price')).toHaveText(eur(24.9));

  // The shop changes the price after the page was loaded: the Store API knows, the page does not.
  await request.post(`${STORE}/admin/price?product=kaffeebecher&price=19.5`);
  await overlay.getByRole('button', { name: 'Load the store’s product data' }).click();
  await expect(overlay.getByTestId('platform-price')).toHaveText(eur(19.5));
  await expect(overlay.getByTestId('platform-mismatch')).toContainText('the page may be cached');
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-platform-data.png` });
});

test('checks the page as served on request: markup that only a script adds is flagged', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/spa/products/aurora-lamp`);
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-name')).toHaveText('Aurora lamp');
  await overlay.getByRole('tab', { name: 'SEO' }).click();
  await overlay.getByRole('button', { name: 'Check the page as served' }).click();
  await expect(
    overlay.getByText('Checked the page as served (HTTP 200) and robots.txt.'),
  ).toBeVisible();
  await expect(overlay.locator('[data-finding="merchant-in-html"]')).toContainText(
    'only added by script',
  );
  // Lighthouse verdicts and advice stand apart: length bands and other advice are never "Failing".
  const advice = ['title-length', 'description-length', 'open-graph', 'twitter-card', 'word-count'];
  for (const id of advice)
    await expect(overlay.locator(`[data-group="fail"] [data-finding="${id}"]`)).toHaveCount(0);
  const groups = await overlay.locator('details[data-group]').evaluateAll((els) =>
    els.map((e) => ({
      group: e.getAttribute('data-group'),
      ids: [...e.querySelectorAll('[data-finding]')].map((f) => f.getAttribute('data-finding')),
    })),
  );
  // This page has no Open Graph or Twitter card tags and few words: advice, shown apart.
  expect(groups.find((g) => g.group === 'advice')?.ids).toEqual(
    expect.arrayContaining(['open-graph', 'twitter-card', 'word-count']),
  );
  await expect(overlay.locator('[data-group="advice"] summary').first()).toHaveText(
    /Could improve \(not in the score\) \(3\)/,
  );

  const axe = await new AxeBuilder({ page: panelPageOf(page) }).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});

test('lists every product of a collection page and shows the one the user chooses', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/collections/trail-shoes`);
  const overlay = await openPanel(ext, page);
  const chooser = overlay.getByLabel(/Product 1 of 3/);
  await expect(chooser).toBeVisible();
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  await expect(overlay.getByTestId('platform-chip')).toHaveText('Shopify');
  await chooser.selectOption({ label: 'Summit Winter Boot' });
  await expect(overlay.getByTestId('product-name')).toHaveText('Summit Winter Boot');
  await expect(overlay.getByTestId('product-price')).toHaveText('$219.00');
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-collection.png` });
});

test('follows the tab to another page and says where it cannot read', async ({ ext, page }) => {
  await page.goto(`${STORE}/products/trail-runner`);
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-price')).toHaveText('$129.00');
  // A full navigation in the tab: the panel reads the new page.
  await page.goto(`${STORE}/produkt/kaffeebecher/`);
  await expect(overlay.getByTestId('product-name')).toHaveText('Kaffeebecher Steingut 350 ml');
  await expect(overlay.getByTestId('platform-chip')).toHaveText('WooCommerce');
  // A page the e2e build has no access to (another host): the panel says how to allow it.
  await page.goto(STORE.replace('127.0.0.1', 'localhost') + '/products/trail-runner');
  await expect(overlay.getByTestId('access-notice')).toContainText(
    'Click the toolbar button to analyse this page',
  );
  await expect(overlay.getByTestId('access-notice')).toContainText(
    'A button inside this panel cannot give that access',
  );
  await expect(overlay.getByTestId('product-name')).toHaveCount(0);
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-no-access.png` });
});

test('copies the analysis as JSON', async ({ ext, page }) => {
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${STORE}/products/trail-runner`);
  const overlay = await openPanel(ext, page);
  await panelPageOf(page).bringToFront();
  await expect(overlay.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  await overlay.getByRole('button', { name: 'Copy JSON' }).click();
  await expect(
    overlay.getByRole('status').filter({ hasText: 'Analysis copied as JSON.' }),
  ).toBeVisible();
  const copied = JSON.parse(await panelPageOf(page).evaluate(() => navigator.clipboard.readText()));
  expect(copied).toMatchObject({ tool: 'Storelens', platform: { platform: 'shopify' } });
  expect(copied.products[0].name.value).toBe('Trail Runner GTX');
});

test('follows a variant picked with radio pills that leave the URL alone', async ({
  ext,
  page,
}) => {
  await page.goto(`${STORE}/products/trail-runner?picker=pills`);
  const overlay = await openPanel(ext, page);
  await expect(overlay.getByTestId('product-price')).toHaveText('$129.00');
  await page.locator('label[for="Size-2"]').click();
  await expect(page.locator('[data-price]')).toHaveText('$139.00 USD');
  expect(page.url()).not.toContain('variant=');
  await expect(overlay.getByTestId('product-price')).toHaveText('$139.00');
  await expect(overlay.locator('tr[aria-current="true"]')).toContainText('10 Wide');
});
