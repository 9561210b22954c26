// Competitor tracking end to end on the fixture storefront: track from the side panel, change the
// price on the server, re-check from the Competitors page, see the new point, the change and the
// notification; a 404 and a request that never answers are recorded as failed checks while the
// history stays.
import type { Page } from '@playwright/test';
import { isReply, type ResultOf, type SendArgs } from '../../../extension/features/messages.ts';
import type { RuntimeApi } from '../../../extension/features/send.ts';
import {
  ARTIFACTS,
  STORE,
  expect,
  openPanel,
  panelPageOf,
  test,
  importOwnCatalog,
} from './fixtures.ts';

test.beforeEach(async ({ request }) => {
  await request.post(`${STORE}/admin/reset`);
});

/** Sends a message from an extension page as send() does, and returns the handler's result. */
async function send<K extends keyof RuntimeApi & string>(
  page: Page,
  type: K,
  ...[input]: SendArgs<RuntimeApi, K>
): Promise<ResultOf<RuntimeApi, K>> {
  const reply = await page.evaluate(
    (m) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: object): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage(m),
    { ...input, type },
  );
  if (!isReply<ResultOf<RuntimeApi, K>>(reply) || 'error' in reply)
    throw new Error(`The extension refused ${type}: ${JSON.stringify(reply)}`);
  return reply.result;
}

test('tracks a product, sees a price drop, and records a 404 and a timeout without losing history', async ({
  ext,
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await page.goto(`${STORE}/products/trail-runner?variant=44002`);
  const overlay = await openPanel(ext, page);
  await overlay.getByRole('button', { name: 'Track price' }).click();
  await expect(overlay.getByTestId('tracking-history')).toContainText('1 check');
  await expect(overlay.getByText('Storelens re-checks this price on your schedule')).toBeVisible();

  const competitors = await ext.context.newPage();
  await competitors.goto(`chrome-extension://${ext.extensionId}/competitors.html`);
  // Short spacing and timeout so the test does not wait minutes for politeness.
  await send(competitors, 'tracking:set-settings', {
    settings: { spacingMs: 300, timeoutMs: 2000 },
  });
  await competitors.reload();
  const row = competitors.getByTestId('tracked-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Trail Runner GTX – 9');
  await expect(row.getByTestId('last-price')).toHaveText('$129.00');

  await request.post(`${STORE}/admin/price?product=trail-runner&variant=44002&price=99`);
  await competitors.getByRole('button', { name: 'Check now' }).click();
  await expect(competitors.getByTestId('competitors-message')).toHaveText(
    'Checked 1 product, 0 failed, 1 change.',
  );
  await expect(row.getByTestId('last-price')).toHaveText('$99.00');
  // Tracked for minutes: the 7- and 30-day columns give the change since the first check,
  // (99 − 129) / 129 = −23.26 %.
  await expect(row.getByTestId('change-7')).toHaveText('−23.3% since first check');
  await expect(row.getByTestId('change-30')).toHaveText('−23.3% since first check');
  await expect(competitors.getByTestId('history-points')).toHaveText('2 checks');
  await expect(competitors.getByTestId('changes')).toContainText(
    'Price down 23.3% · Trail Runner GTX – 9',
  );
  await expect(competitors.getByTestId('changes')).toContainText('$129.00 → $99.00');
  const notes = await send(competitors, 'tracking:notifications');
  expect(notes[0]).toMatchObject({
    title: 'Price down 23.3% · Trail Runner GTX – 9',
    message: '$129.00 → $99.00',
  });
  await competitors.screenshot({ path: `${ARTIFACTS}/competitors.png`, fullPage: true });

  // Gone: the platform JSON and the page both answer 404.
  await request.post(`${STORE}/admin/status?path=/products/trail-runner.js&status=404`);
  await request.post(`${STORE}/admin/status?path=/products/trail-runner&status=404`);
  await competitors.getByRole('button', { name: 'Check now' }).click();
  await expect(competitors.getByTestId('competitors-message')).toHaveText(
    'Checked 0 products, 1 failed, 0 changes.',
  );
  await expect(row.getByTestId('row-error')).toContainText('HTTP 404');
  await expect(competitors.getByTestId('history-points')).toHaveText(
    '3 checks, 1 failed (gaps in the line)',
  );
  await expect(row.getByTestId('last-price')).toHaveText('$99.00');

  // Hanging: the request never gets an answer and times out.
  await request.post(`${STORE}/admin/status?path=/products/trail-runner.js&status=hang`);
  await competitors.getByRole('button', { name: 'Check now' }).click();
  await expect(competitors.getByTestId('competitors-message')).toHaveText(
    'Checked 0 products, 1 failed, 0 changes.',
    { timeout: 20_000 },
  );
  await expect(row.getByTestId('row-error')).toContainText('No answer from 127.0.0.1 within 2 s');
  await expect(competitors.getByTestId('history-points')).toHaveText(
    '4 checks, 2 failed (gaps in the line)',
  );
  await expect(row.getByTestId('last-price')).toHaveText('$99.00');
  const failedChecks = competitors.getByTestId('failed-checks').getByRole('listitem');
  await expect(failedChecks).toHaveCount(2);
  await expect(failedChecks.first()).toContainText('No answer from 127.0.0.1 within 2 s');
  await expect(failedChecks.last()).toContainText('HTTP 404: 127.0.0.1 says the page is gone');
  await competitors.screenshot({
    path: `${ARTIFACTS}/competitors-failed-checks.png`,
    fullPage: true,
  });

  // The panel shows the history of the tracked product, drawn as steps in its currency, and
  // says that checks only run while the browser does and when the next is due.
  await request.post(`${STORE}/admin/reset`);
  await page.reload();
  await panelPageOf(page).bringToFront();
  await overlay.getByRole('button', { name: '↻' }).click();
  await expect(overlay.getByTestId('tracking-history')).toContainText('4 checks');
  await expect(overlay.getByTestId('chart-currency')).toHaveText('Prices in US Dollar (USD)');
  await expect(overlay.getByTestId('next-check')).toContainText(
    'Checks run only while the browser is open: next check due',
  );
  await overlay.getByTestId('tracking-history').scrollIntoViewIfNeeded();
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-tracking-history.png` });
});

test('re-checks a WooCommerce product through the Store API and a page read from its HTML', async ({
  ext,
  page,
  request,
}) => {
  await page.goto(`${STORE}/produkt/kaffeebecher/`);
  const overlay = await openPanel(ext, page);
  await overlay.getByRole('button', { name: 'Track price' }).click();
  await expect(overlay.getByTestId('tracking-history')).toContainText('1 check');

  const competitors = await ext.context.newPage();
  await competitors.goto(`chrome-extension://${ext.extensionId}/competitors.html`);
  await send(competitors, 'tracking:set-settings', {
    settings: { spacingMs: 300, timeoutMs: 2000 },
  });
  // Platform unknown: the re-check fetches the HTML and reads it in the offscreen document.
  await send(competitors, 'tracking:track', {
    input: {
      url: `${STORE}/products/trail-runner`,
      platform: 'unknown',
      name: 'Trail Runner GTX',
      brand: 'Northwind',
      sku: 'TR-GTX-08',
      gtin: '',
      mpn: '',
      image: '',
      price: 129,
      wasPrice: null,
      currency: 'USD',
      availability: 'InStock',
      variants: [],
    },
  });
  await request.post(`${STORE}/admin/price?product=kaffeebecher&price=19.9`);
  await request.post(`${STORE}/admin/price?product=trail-runner&price=119`);
  await competitors.reload();
  await competitors.getByRole('button', { name: 'Check now' }).click();
  await expect(competitors.getByTestId('competitors-message')).toHaveText(
    'Checked 2 products, 0 failed, 2 changes.',
  );
  const rows = competitors.getByTestId('tracked-row');
  const euro = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(19.9);
  await expect(rows.filter({ hasText: 'Kaffeebecher' }).getByTestId('last-price')).toHaveText(euro);
  await expect(rows.filter({ hasText: 'Trail Runner' }).getByTestId('last-price')).toHaveText(
    '$119.00',
  );
  await expect(competitors.getByTestId('changes')).toContainText(
    'Price down 20.1% · Kaffeebecher Steingut 350 ml',
  );
  await expect(competitors.getByTestId('changes')).toContainText(
    'Price down 7.8% · Trail Runner GTX',
  );
});

test('shows a shop without host permission as such and records its checks as failed', async ({
  ext,
}) => {
  const competitors = await ext.context.newPage();
  await competitors.goto(`chrome-extension://${ext.extensionId}/competitors.html`);
  // The e2e build may read 127.0.0.1 only; localhost is another host without a grant.
  const opened = ext.context.waitForEvent('page');
  const reply = await send(competitors, 'tracking:track', {
    input: {
      url: 'http://localhost:4180/products/trail-runner',
      platform: 'shopify',
      name: 'Trail Runner GTX',
      brand: 'Northwind',
      sku: '',
      gtin: '',
      mpn: '',
      image: '',
      price: 129,
      wasPrice: null,
      currency: 'USD',
      availability: 'InStock',
      variants: [],
    },
  });
  expect(reply).toMatchObject({ ok: true, permitted: false });
  // Tracking where Storelens has no access opens the page that asks for it.
  const grantTab = await opened;
  await expect(grantTab).toHaveURL(/competitors\.html#grant=/);
  await expect(grantTab.getByTestId('grant-banner')).toContainText('Allow re-checks on localhost');

  await competitors.reload();
  await expect(competitors.getByTestId('no-permission')).toContainText('localhost: no permission');
  await expect(
    competitors.getByTestId('no-permission').getByRole('button', { name: 'Grant' }),
  ).toBeVisible();
  await competitors.getByRole('button', { name: 'Check now' }).click();
  await expect(competitors.getByTestId('competitors-message')).toHaveText(
    'Checked 0 products, 1 failed, 0 changes.',
  );
  await expect(competitors.getByTestId('row-error')).toContainText(
    'No permission to read localhost',
  );
  await expect(competitors.getByTestId('tracked-row').getByTestId('last-price')).toHaveText(
    '$129.00',
  );
  // Never "OK" while it cannot be re-checked.
  await expect(competitors.getByTestId('row-no-access')).toHaveText(
    'No access to localhost: not re-checked',
  );
  // The side panel lists the watchlist and says which shops are not re-checked.
  const sidepanel = await ext.context.newPage();
  await sidepanel.goto(`chrome-extension://${ext.extensionId}/sidepanel.html`);
  const watchlist = sidepanel.getByTestId('watchlist');
  await expect(watchlist).toContainText('Trail Runner GTX · last check failed');
  await expect(watchlist).toContainText('1 shop without access: not re-checked.');
  await expect(watchlist.getByRole('link', { name: 'Open Competitors (1)' })).toBeVisible();
});

// A Shopify products export (Products → Export) with the manager's own version of the shoe.
const OWN_PRODUCTS_CSV = [
  'Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Fulfillment Service,Variant Price,Variant Compare At Price,Variant Requires Shipping,Variant Taxable,Variant Barcode,Image Src,Status',
  'trail-shoe,Our Trail Shoe,<p>Grippy.</p>,Northwind,Shoes,,true,Size,9,OWN-TS-9,800,shopify,14,deny,manual,119.00,,true,true,0012345678912,,active',
  'trail-shoe,,,,,,,,10,OWN-TS-10,820,shopify,3,deny,manual,119.00,,true,true,0012345678929,,',
  'camp-mug,Camp Mug 350 ml,<p>Enamel.</p>,Northwind,Mugs,,true,Title,Default Title,OWN-MUG,300,shopify,40,deny,manual,14.00,,true,true,,,active',
].join('\r\n');

test('matches a tracked product with the imported own catalog and shows the price position', async ({
  ext,
  page,
}) => {
  await importOwnCatalog(
    ext,
    'products_export_1.csv',
    OWN_PRODUCTS_CSV,
    'Imported 3 own products from products_export_1.csv',
  );

  await page.goto(`${STORE}/products/trail-runner?variant=44002`);
  const overlay = await openPanel(ext, page);
  await overlay.getByRole('button', { name: 'Track price' }).click();
  const own = overlay.getByTestId('own-comparison');
  await expect(own).toContainText('Your product: Our Trail Shoe – 9 (proposed, gtin)');
  await expect(own).toContainText('Your price $119.00 · theirs is 8.4% higher');
  await expect(own).toContainText('Your stock: 14');
  await own.scrollIntoViewIfNeeded();
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-tracking-match.png` });

  const competitors = await ext.context.newPage();
  await competitors.goto(`chrome-extension://${ext.extensionId}/competitors.html`);
  const match = competitors.getByTestId('match');
  await expect(match).toContainText('Our Trail Shoe – 9 $119.00 (theirs +8.4%) (gtin, proposed)');
  await match.getByRole('button', { name: 'Confirm' }).click();
  await expect(match).toContainText('(gtin, confirmed)');
  await expect(match.getByTestId('position')).toContainText('$119.00 (theirs +8.4%)');
  await expect(match.getByRole('button', { name: 'Confirm' })).toHaveCount(0);
  const history = competitors.getByTestId('history');
  await expect(history.getByTestId('own-price-history')).toHaveText(
    'Your price: $119.00 (1 price recorded)',
  );
  await expect(history.getByTestId('price-position')).toHaveText(
    'Today you are cheaper than them.',
  );
  await competitors.screenshot({ path: `${ARTIFACTS}/competitors-match.png`, fullPage: true });

  // The manager raises their price above the competitor's: a new export, imported again, is a
  // second point of "Your price"; the unchanged sizes and the mug add none.
  await importOwnCatalog(
    ext,
    'products_export_2.csv',
    OWN_PRODUCTS_CSV.replace(
      ',OWN-TS-9,800,shopify,14,deny,manual,119.00,',
      ',OWN-TS-9,800,shopify,14,deny,manual,139.00,',
    ),
    'Imported 3 own products from products_export_2.csv',
  );
  await send(competitors, 'tracking:set-settings', { settings: { spacingMs: 300 } });
  await competitors.bringToFront();
  await competitors.reload();
  await competitors.getByRole('button', { name: 'Check now' }).click();
  await expect(competitors.getByTestId('competitors-message')).toHaveText(
    'Checked 1 product, 0 failed, 0 changes.',
  );
  await expect(match.getByTestId('position')).toContainText('$139.00 (theirs -7.2%)');
  await expect(history.getByTestId('history-points')).toHaveText('2 checks');
  await expect(history.getByTestId('own-price-history')).toHaveText(
    'Your price: $119.00 → $139.00 (2 prices recorded)',
  );
  await expect(history.getByTestId('price-position')).toHaveText(
    'Today you are more expensive than them.',
  );
  await expect(history.locator('canvas')).toHaveCount(1);
  await expect(history.locator('.chart-legend')).toContainText('Your price');
  await competitors.screenshot({
    path: `${ARTIFACTS}/competitors-own-price-history.png`,
    fullPage: true,
  });

  // The panel shows the same history next to the page.
  await page.reload();
  await panelPageOf(page).bringToFront();
  const overlayAgain = overlay;
  await overlayAgain.getByRole('button', { name: '↻' }).click();
  await expect(overlayAgain.getByTestId('own-comparison')).toContainText(
    'Your price $139.00 · theirs is 7.2% lower',
  );
  await expect(overlayAgain.getByTestId('own-price-history')).toHaveText(
    'Your price: $119.00 → $139.00 (2 prices recorded)',
  );
  await expect(overlayAgain.getByTestId('price-position')).toHaveText(
    'Today you are more expensive than them.',
  );
  await overlayAgain.getByTestId('price-position').scrollIntoViewIfNeeded();
  await panelPageOf(page).screenshot({ path: `${ARTIFACTS}/panel-own-price-history.png` });
});
