// Saved real product pages (tests/fixtures/real/pages, origins in tests/fixtures/real/SOURCES.md)
// read through the real extension UI: the side panel's price, range, source and platform. The
// expected values were read off the original pages by hand (tests/fixtures/real/pages/NOTES.md).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, STORE, expect, openPanel, panelPageOf, test } from './fixtures.ts';

const dir = fileURLToPath(new URL('../../fixtures/real/pages/', import.meta.url));

const PAGES = [
  {
    file: 'fye-sfcc-product.html',
    name: 'Better Off Dead [Exclusive Blu-ray Steelbook]',
    price: '$17.99',
    source: 'microdata',
    platform: 'Salesforce Commerce Cloud',
  },
  {
    file: 'monsterpet-aggregateoffer.html',
    name: 'Johnsons 4 Fleas Cats & Kittens Tablets',
    price: '£5.29',
    high: ' – £9.56',
    source: 'microdata',
    platform: 'Unknown platform',
  },
  {
    file: 'amazon-uk-used-book.html',
    name: 'Vegetable Perfection: 100 delicious recipes for roots, bulbs, shoots and stems',
    price: '£4.45',
    source: 'visible text',
    platform: 'Unknown platform',
  },
  {
    file: 'amazon-com-kindle.html',
    name: 'The Whole Truth (A. Shaw Book 1)',
    price: '$10.99',
    source: 'visible text',
    platform: 'Unknown platform',
  },
];

for (const p of PAGES) {
  test(`reads ${p.file}: ${p.price}${p.high ?? ''} from ${p.source}`, async ({ ext, page }) => {
    const html = await readFile(`${dir}${p.file}`, 'utf8');
    // Served as if from the shop at 127.0.0.1 (which the e2e build may read); nothing else loads.
    await page.route('**/*', (route) =>
      route.request().url() === `${STORE}/real/${p.file}`
        ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
        : route.abort(),
    );
    await page.goto(`${STORE}/real/${p.file}`);
    const panel = await openPanel(ext, page);
    await expect(panel.getByTestId('product-name')).toContainText(p.name);
    await expect(panel.getByTestId('product-price')).toHaveText(p.price);
    if (p.high) await expect(panel.getByTestId('product-price-high')).toHaveText(p.high);
    else await expect(panel.getByTestId('product-price-high')).toHaveCount(0);
    await expect(panel.getByTestId('product-price').locator('..')).toContainText(p.source);
    await expect(panel.getByTestId('platform-chip')).toHaveText(p.platform);
    // No was-price on any of these pages, and no false disagreement.
    await expect(panel.locator('.sl-was')).toHaveCount(0);
    await expect(panel.getByTestId('disagreements')).toHaveCount(0);
    await panelPageOf(page).screenshot({
      path: `${ARTIFACTS}/panel-real-${p.file.replace('.html', '')}.png`,
      fullPage: true,
    });
  });
}

// Lighthouse's own SEO failure page (tests/fixtures/real/pages, Apache-2.0): Lighthouse flags 3
// uncrawlable links there (seo-failing.js expects crawlable-anchors to fail; the page marks them
// FAIL: window.open in onclick, javascript:void(0), and a mousedown listener a script adds). The DOM
// shows 2; the third needs the listeners, which the panel reads over the DevTools protocol.
test('judges links as Lighthouse does once it reads their script listeners', async ({
  ext,
  page,
}) => {
  const file = 'lighthouse-seo-failure-cases.html';
  const html = await readFile(`${dir}${file}`, 'utf8');
  await page.route('**/*', (route) =>
    route.request().url() === `${STORE}/real/${file}`
      ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
      : route.abort(),
  );
  await page.goto(`${STORE}/real/${file}`);
  const panel = await openPanel(ext, page);
  await panel.getByRole('tab', { name: 'SEO' }).click();
  const anchors = panel.locator('[data-finding="crawlable-anchors"]');
  await expect(anchors.locator('.sl-elements > li')).toHaveCount(2);
  await expect(anchors).toContainText('2 links without href could not be judged');
  await panel.getByRole('button', { name: 'Read the links’ listeners' }).click();
  await expect(panel.getByText('Links judged with their script listeners')).toBeVisible();
  // Three, as Lighthouse: the link inside a listened-to parent stays crawlable (Lighthouse #16731).
  await expect(anchors.locator('.sl-elements > li')).toHaveCount(3);
  await expect(anchors).not.toContainText('could not be judged');
});
