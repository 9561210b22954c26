// The extension shell: the shipped build asks for no host permission; a real toolbar click opens
// the browser's side panel, which reads the tab through activeTab, follows tab switches and says
// where it has no access; sites allowed in the options are read without a click.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import {
  ARTIFACTS,
  STORE,
  expect,
  launchWithExtension,
  openSidePanelFromToolbar,
  test,
  waitForText,
} from './fixtures.ts';

test('the shipped manifest asks for no host permission', async ({ builds }) => {
  const manifest = JSON.parse(await readFile(`${builds.shipped}/manifest.json`, 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.permissions).toEqual(
    expect.arrayContaining(['activeTab', 'scripting', 'storage']),
  );
  expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
  // The analysis UI is the side panel; the toolbar click (no popup) and its shortcut open it.
  expect(manifest.side_panel).toEqual({ default_path: 'sidepanel.html' });
  expect(manifest.permissions).toContain('sidePanel');
  expect(manifest.action.default_popup).toBeUndefined();
  expect(manifest.commands._execute_action.suggested_key.default).toBe('Alt+Shift+S');
  const firefox = JSON.parse(
    await readFile(`${builds.shipped.replace('chrome-mv3', 'firefox-mv2')}/manifest.json`, 'utf8'),
  );
  expect(firefox.sidebar_action.default_panel).toBe('sidepanel.html');
  expect(firefox.browser_action.default_popup).toBeUndefined();
  expect(firefox.commands._execute_browser_action.suggested_key.default).toBe('Alt+Shift+S');
});

test('the first-injected content script stays under its 30 KB gzipped budget', async ({
  builds,
}) => {
  // DESIGN.md budget: the always-loaded part is small; analysis and UI load on activation.
  const runner = gzipSync(await readFile(`${builds.shipped}/content-scripts/reader.js`)).length;
  expect(runner).toBeLessThan(30_000);
  const app = gzipSync(await readFile(`${builds.shipped}/reader-app.js`)).length;
  console.log(`content-scripts/reader.js ${runner} B gzipped; reader-app.js ${app} B gzipped`);
});

test('the side panel follows tab switches: an allowed site is read at once, another after the toolbar click', async ({
  ext,
}) => {
  // The e2e build holds the 127.0.0.1 permission, as for a site the user allowed; localhost is
  // another host, which only a toolbar click opens.
  const shop = ext.context.pages()[0] ?? (await ext.context.newPage());
  await shop.goto(`${STORE}/products/trail-runner`);
  const panel = await openSidePanelFromToolbar(ext, shop);
  try {
    expect(await panel.evaluate(waitForText('[data-testid="product-price"]', '$'))).toBe('$129.00');

    const woo = await ext.context.newPage();
    await woo.goto(`${STORE}/produkt/kaffeebecher/`);
    await woo.bringToFront();
    expect(await panel.evaluate(waitForText('[data-testid="product-name"]', 'Kaffeebecher'))).toBe(
      'Kaffeebecher Steingut 350 ml',
    );

    const other = await ext.context.newPage();
    await other.goto(`${STORE.replace('127.0.0.1', 'localhost')}/products/trail-runner`);
    await other.bringToFront();
    const notice = await panel.evaluate(
      waitForText('[data-testid="access-notice"]', 'Click the toolbar button'),
    );
    expect(notice).toContain('Click the toolbar button to analyse this page');
    expect(notice).toContain('A button inside this panel cannot give that access');
    // The toolbar click grants access to this tab; the open panel reads it then.
    await expect(async () => {
      await panel.click(other);
      expect(await panel.evaluate(waitForText('[data-testid="product-price"]', '$', 5000))).toBe(
        '$129.00',
      );
    }).toPass({ timeout: 45_000 });

    // Back to the first tab: its analysis again.
    await woo.bringToFront();
    expect(await panel.evaluate(waitForText('[data-testid="platform-chip"]', 'Woo'))).toBe(
      'WooCommerce',
    );
  } finally {
    await panel.close();
  }
});

test('the options page lists auto-open sites and the PWA address', async ({ ext }) => {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await expect(
    page.getByRole('heading', { name: 'Open automatically on these sites' }),
  ).toBeVisible();
  await expect(page.getByLabel('Address of your Storelens app')).toHaveValue(
    'http://127.0.0.1:4173',
  );
  await page.getByLabel('Site address').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is not a web address' })).toBeVisible();
  await expect(page.getByText(/^Version \d+\.\d+\.\d+$/)).toBeVisible();
});

test('a toolbar click on the shipped build opens the side panel, which reads the page', async ({
  builds,
}) => {
  const ext = await launchWithExtension(builds.shipped);
  try {
    const page = ext.context.pages()[0] ?? (await ext.context.newPage());
    await page.goto(`${STORE}/products/trail-runner`);
    // Chrome grants activeTab on the toolbar click; the grant was seen missing about 1 try in 8,
    // so the click is retried until the panel reads the page.
    let panel: Awaited<ReturnType<typeof openSidePanelFromToolbar>> | null = null;
    await expect(async () => {
      await panel?.close();
      panel = await openSidePanelFromToolbar(ext, page);
      expect(await panel.evaluate(waitForText('[data-testid="product-name"]', 'Trail', 5000))).toBe(
        'Trail Runner GTX',
      );
    }).toPass({ timeout: 45_000 });
    const p = panel!;
    expect(await p.evaluate(waitForText('[data-testid="product-price"]', '$'))).toBe('$129.00');
    expect(await p.evaluate(waitForText('[data-testid="platform-chip"]', 'Shop'))).toBe('Shopify');
    await p.screenshot(`${ARTIFACTS}/sidepanel-shipped.png`);
    // Nothing of Storelens is in the page.
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(
      'storelens',
    );

    // Another tab of the same shop: no grant there yet, so the panel says what to do.
    const second = await ext.context.newPage();
    await second.goto(`${STORE}/produkt/kaffeebecher/`);
    await second.bringToFront();
    expect(
      await p.evaluate(waitForText('[data-testid="access-notice"]', 'Click the toolbar button')),
    ).toContain('Click the toolbar button to analyse this page');
    await p.close();
  } finally {
    await ext.context.close();
  }
});

test('in the browser’s real side panel, focus starts on the panel and the keyboard moves through it', async ({
  ext,
}) => {
  const shop = ext.context.pages()[0] ?? (await ext.context.newPage());
  await shop.goto(`${STORE}/products/trail-runner`);
  const panel = await openSidePanelFromToolbar(ext, shop);
  // What has focus in the panel: [role or tag, its name (a tab panel's is its tab's text),
  // aria-selected, whether the panel's document has the keyboard].
  const focused = `(() => {
    const el = document.activeElement;
    const label = el?.getAttribute('aria-labelledby');
    const name = (label ? document.getElementById(label) : el)?.textContent?.trim();
    return JSON.stringify([el?.getAttribute('role') ?? el?.tagName.toLowerCase(), name,
      el?.getAttribute('aria-selected'), document.hasFocus()]);
  })()`;
  try {
    expect(await panel.evaluate(waitForText('[data-testid="product-price"]', '$'))).toBe('$129.00');
    // The panel frame itself holds focus, on its heading: the keyboard goes on from there.
    expect(JSON.parse(await panel.evaluate(focused))).toEqual(['h1', 'Storelens', null, true]);
    await panel.press('Tab');
    expect(JSON.parse(await panel.evaluate(focused))).toEqual(['tab', 'Product', 'true', true]);
    await panel.press('ArrowRight');
    expect(JSON.parse(await panel.evaluate(focused))).toEqual(['tab', 'SEO', 'true', true]);
    expect(await panel.evaluate(waitForText('[data-testid="seo-score"]', ''))).toMatch(/\d/);
    // Tab leaves the tablist for the SEO tab's first control; Shift+Tab comes back to its tab.
    await panel.press('Tab');
    expect(JSON.parse(await panel.evaluate(focused))).toEqual(['tabpanel', 'SEO', null, true]);
    await panel.press('Tab', { shift: true });
    expect(JSON.parse(await panel.evaluate(focused))).toEqual(['tab', 'SEO', 'true', true]);
    await panel.screenshot(`${ARTIFACTS}/sidepanel-keyboard-seo.png`);
  } finally {
    await panel.close();
  }
});
