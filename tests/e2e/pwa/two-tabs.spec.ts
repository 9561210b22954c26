/**
 * Issue 14 point 2: two tabs importing at once, in a real browser. Each tab has its own worker;
 * the store-writer Web Lock makes the second wait for the first instead of overwriting it. A
 * third tab holds the lock first, so both imports are started while it is taken (no timing):
 * both must say they wait, then both finish, and every order of both files is stored.
 * Expected figures by hand: shopify-orders.csv has #1001–#1006, shopify-orders-newer.csv
 * #1005–#1007 (2 overlap), so 7 orders afterwards.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, PWA, stored } from './fixtures.ts';

const exportsDir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));

async function chooseFile(page: Page, name: string): Promise<void> {
  await page.goto(`${PWA}/#/import`);
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
  await page.locator('#imp-files').setInputFiles(join(exportsDir, name));
  await expect(page.locator('section.imp-file', { hasText: name })).toContainText(
    'Shopify orders export',
  );
}

test('two tabs import overlapping exports at once: the second waits, both sets of orders are stored, both are in the history', async ({
  context,
  page,
}) => {
  const tabA = page;
  const tabB = await context.newPage();
  const holder = await context.newPage();
  await chooseFile(tabA, 'shopify-orders.csv');
  await chooseFile(tabB, 'shopify-orders-newer.csv');

  // Another tab is writing the store: it holds the lock until told to let go.
  await holder.goto(`${PWA}/#/import`);
  await holder.evaluate(
    () =>
      new Promise<void>((held) => {
        void navigator.locks.request(
          'storelens-store-writer',
          () =>
            new Promise<void>((release) => {
              (window as unknown as { release: () => void }).release = release;
              held();
            }),
        );
      }),
  );

  await tabA.getByRole('button', { name: 'Import 1 file' }).click();
  await tabB.getByRole('button', { name: 'Import 1 file' }).click();
  for (const tab of [tabA, tabB]) {
    await expect(tab.locator('.imp-rate')).toHaveText(
      "Waiting for the other tab's import to finish (this one starts right after it)",
    );
  }

  await holder.evaluate(() => (window as unknown as { release: () => void }).release());
  for (const tab of [tabA, tabB]) {
    await expect(tab.getByRole('heading', { name: 'Imported' })).toBeVisible();
  }
  // Whichever ran second merged with the first: its result says 7 orders in total.
  const totals = await Promise.all(
    [tabA, tabB].map((tab) =>
      tab.locator('section', { has: tab.getByRole('heading', { name: 'Imported' }) }).innerText(),
    ),
  );
  expect(totals.some((t) => /Orders\s+\d+\s+\d+\s+\d+\s+7\b/.test(t))).toBe(true);

  expect(await stored(tabA)).toEqual({
    orders: 7,
    imports: ['shopify-orders-newer.csv', 'shopify-orders.csv'],
  });
  await tabA.reload();
  const history = tabA.locator('section', {
    has: tabA.getByRole('heading', { name: 'Import history' }),
  });
  await expect(history.getByRole('row', { name: /shopify-orders\.csv/ })).toBeVisible();
  await expect(history.getByRole('row', { name: /shopify-orders-newer\.csv/ })).toBeVisible();
});
