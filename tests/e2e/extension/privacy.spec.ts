// A competitor's page must never see or change the manager's data: with the own catalog imported
// and the product matched, the side panel shows "Your price" and "Your stock"; a script in the
// page then searches its document and every shadow root, tries to reach the extension by window
// messages, runtime messaging, fetch and an iframe, and plants look-alike elements. It finds none
// of the manager's data and the panel is unchanged. While picking, the page holds only the picker.
import type { Page } from '@playwright/test';
import { STORE, expect, openPanel, panelPageOf, test, importOwnCatalog } from './fixtures.ts';

test.beforeEach(async ({ request }) => {
  await request.post(`${STORE}/admin/reset`);
});

// A Shopify products export (Products → Export) with the manager's own version of the shoe.
const OWN_PRODUCTS_CSV = [
  'Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Fulfillment Service,Variant Price,Variant Compare At Price,Variant Requires Shipping,Variant Taxable,Variant Barcode,Image Src,Status',
  'trail-shoe,Our Trail Shoe,<p>Grippy.</p>,Northwind,Shoes,,true,Size,9,OWN-TS-9,800,shopify,14,deny,manual,119.00,,true,true,0012345678912,,active',
].join('\r\n');

/** What the manager's own data looks like in the panel; none of it may be found in the page. */
const OWN_TEXT = ['Our Trail Shoe', '119.00', 'Your price', 'Your stock', 'OWN-TS-9'];

/** Runs as a page script would (main world): everything it can read of the page and beyond. */
function hostileProbe(page: Page, extensionId: string) {
  return page.evaluate(async (id: string) => {
    const texts: string[] = [];
    const hosts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName.includes('-')) hosts.push(el.localName);
        const shadow = (el as HTMLElement).shadowRoot;
        if (shadow) {
          texts.push(shadow.textContent ?? '');
          walk(shadow);
        }
      }
    };
    texts.push(document.documentElement.outerHTML);
    walk(document);
    // Messages a page might hope a content script relays.
    for (const type of [
      'storelens:result',
      'storelens:analyse',
      'tracking:page',
      'tracking:overview',
      'bridge:pull',
    ])
      window.postMessage({ type, url: location.href }, '*');
    const w = window as unknown as {
      chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => Promise<unknown> } };
    };
    let runtime = 'no chrome.runtime.sendMessage';
    try {
      if (w.chrome?.runtime?.sendMessage) {
        await w.chrome.runtime.sendMessage(id, { type: 'tracking:overview' });
        runtime = 'answered';
      }
    } catch (err) {
      runtime = `refused: ${String(err)}`;
    }
    let fetched = 'refused';
    try {
      const r = await fetch(`chrome-extension://${id}/sidepanel.html`);
      fetched = `HTTP ${r.status}: ${(await r.text()).slice(0, 50)}`;
    } catch {
      // Not web-accessible.
    }
    const frame = document.createElement('iframe');
    frame.src = `chrome-extension://${id}/sidepanel.html`;
    document.body.append(frame);
    await new Promise((ok) => setTimeout(ok, 500));
    let framed = 'unreadable';
    try {
      framed = frame.contentDocument?.body?.innerText || 'unreadable';
    } catch {
      // Cross-origin.
    }
    frame.remove();
    // Look-alikes of the panel's own parts, and a banner, planted in the page.
    const fake = document.createElement('div');
    fake.dataset.planted = '';
    fake.innerHTML =
      '<section data-testid="own-comparison">Your price $1.00 · theirs is 99% higher</section>' +
      '<div role="alert">Storelens: your session expired, log in again</div>' +
      '<img src="x" onerror="window.__pwned = true">';
    document.body.append(fake);
    return { text: texts.join('\n'), hosts, runtime, fetched, framed };
  }, extensionId);
}

test('a page script finds none of the manager’s data and cannot change the panel', async ({
  ext,
  page,
}) => {
  await importOwnCatalog(ext, 'products_export_1.csv', OWN_PRODUCTS_CSV, 'Imported 1 own product');

  await page.goto(`${STORE}/products/trail-runner?variant=44002`);
  const panel = await openPanel(ext, page);
  await panel.getByRole('button', { name: 'Track price' }).click();
  const own = panel.getByTestId('own-comparison');
  await expect(own).toContainText('Your price $119.00');
  await expect(own).toContainText('Your stock: 14');
  const before = await panel.innerText();

  const found = await hostileProbe(page, ext.extensionId);
  for (const t of OWN_TEXT) expect(found.text, `page can read “${t}”`).not.toContain(t);
  expect(found.hosts.filter((h) => h.startsWith('storelens'))).toEqual([]);
  expect(found.runtime).not.toBe('answered');
  expect(found.fetched).toBe('refused');
  expect(found.framed).toBe('unreadable');

  // The planted look-alikes are the page's own text; the panel shows what it showed.
  await panel.getByRole('button', { name: '↻' }).click();
  await expect(panel.getByTestId('product-name')).toHaveText('Trail Runner GTX');
  await expect(own).toContainText('Your price $119.00 · theirs is 8.4% higher');
  await expect(panel.getByText('your session expired')).toHaveCount(0);
  expect(await panel.innerText()).toBe(before);
  expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBe(true);
  expect(
    await panelPageOf(page).evaluate(() => (window as { __pwned?: boolean }).__pwned),
  ).toBeUndefined();

  await page.evaluate(() => document.querySelector('[data-planted]')?.remove());

  // While picking, the page holds the picker only: a closed shadow root with no data in it.
  await panel.getByRole('button', { name: 'Pick the price' }).click();
  await expect.poll(() => page.locator('storelens-picker').count()).toBe(1);
  const picking = await hostileProbe(page, ext.extensionId);
  for (const t of OWN_TEXT)
    expect(picking.text, `page can read “${t}” while picking`).not.toContain(t);
  expect(picking.hosts).toContain('storelens-picker');
  expect(
    await page.evaluate(
      () => (document.querySelector('storelens-picker') as HTMLElement).shadowRoot,
    ),
  ).toBeNull();
  await panel.getByRole('button', { name: 'Cancel picking' }).click();
  await expect.poll(() => page.locator('storelens-picker').count()).toBe(0);
});
