// The extension shell: the shipped build asks for no host permission, a real toolbar click opens
// the overlay through activeTab, and the popup shows its content.
import { readFile } from 'node:fs/promises';
import {
  ARTIFACTS,
  SHIPPED_DIR,
  STORE,
  expect,
  launchWithExtension,
  panel,
  test,
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
  expect(manifest.commands['toggle-overlay'].suggested_key.default).toBe('Alt+Shift+S');
});

test('the popup opens and offers to analyse the page', async ({ ext }) => {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(page.getByRole('heading', { name: 'Storelens' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Analyse this page' })).toBeVisible();
  await expect(page.getByText('Alt+Shift+S')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Options' })).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/popup.png` });
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
  await expect(page.getByRole('status')).toContainText('is not a web address');
  await expect(page.getByText(/^Version \d+\.\d+\.\d+$/)).toBeVisible();
});

test('a toolbar click on the shipped build opens the overlay through activeTab', async ({
  builds,
}) => {
  const ext = await launchWithExtension(builds.shipped ?? SHIPPED_DIR);
  try {
    const page = ext.context.pages()[0] ?? (await ext.context.newPage());
    await page.goto(`${STORE}/products/trail-runner`);
    const cdp = await ext.context.browser()!.newBrowserCDPSession();
    // Chrome grants activeTab on a real toolbar click; the first click sometimes lands before the
    // grant (seen about 1 in 8 here), so click again until the overlay shows.
    await expect(async () => {
      const { targetInfos } = (await cdp.send('Target.getTargets', {
        filter: [{ type: 'tab' }],
      } as never)) as {
        targetInfos: { targetId: string; url: string }[];
      };
      const tab = targetInfos.find((t) => t.url.startsWith(`${STORE}/products/trail-runner`));
      expect(tab, 'tab target for the store page').toBeTruthy();
      await cdp.send(
        'Extensions.triggerAction' as never,
        { id: ext.extensionId, targetId: tab!.targetId } as never,
      );
      await expect(panel(page).getByTestId('product-name')).toHaveText('Trail Runner GTX', {
        timeout: 4000,
      });
    }).toPass({ timeout: 30_000 });
  } finally {
    await ext.context.close();
  }
});
