import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, openDemo, screenshot } from './fixtures.ts';
import { shopifyOrdersCsv } from '../../fixtures/exports/generate-shopify-orders.ts';
import { encodeBundle, makeBundle } from '../../../core/sync/index.ts';
import { readExport } from '../../../core/ingest/index.ts';

const exportsDir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const ordersKpi = (page: Page) =>
  page.getByRole('button', { name: /^Orders: / }).locator('.kpi-value');

async function openImport(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Import' })
    .click();
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
}

test('import Shopify exports: preview, detected format, counts, rejected rows, Overview changes, undo', async ({
  page,
}) => {
  await openDemo(page);
  const demoOrders = await ordersKpi(page).textContent();
  await openImport(page);
  await expect(page.getByText(/Names, emails and addresses are\s+not stored/)).toBeVisible();

  await page
    .locator('#imp-files')
    .setInputFiles([
      join(exportsDir, 'shopify-orders.csv'),
      join(exportsDir, 'shopify-orders-bad-values.csv'),
    ]);
  const card = page.locator('section.imp-file', { hasText: 'shopify-orders.csv' }).first();
  await expect(card.getByRole('combobox', { name: /^Format/ })).toContainText(
    'Detected: Shopify orders export',
  );
  await expect(card.getByRole('cell', { name: '#1001' }).first()).toBeVisible();
  await expect(card.getByRole('columnheader', { name: 'Lineitem sku' })).toBeVisible();
  // Importing over the demo store is a first import: the store's timezone comes from the offsets.
  await expect(page.getByLabel('Store timezone')).toHaveValue('America/New_York');
  await expect(page.getByLabel('Reporting currency')).toHaveValue('USD');
  await screenshot(page, 'pwa-import-preview-desktop');

  await page.getByRole('button', { name: 'Import 2 files' }).click();
  const result = page.locator('section', { has: page.getByRole('heading', { name: 'Imported' }) });
  await expect(result).toBeVisible();
  await expect(result.getByRole('row', { name: /^Orders 6 6 0 6$/ })).toBeVisible();
  // #1001 of the bad file goes whole (rows 2-4: a bad line), with #1002 (row 5) and #1004 (row 7).
  await expect(result).toContainText('5 rows were rejected');
  await expect(result).toContainText('The demo store was replaced by your data.');
  const badDate = result.getByRole('row', {
    name: /Created at .*is not a date \(got '31\/13\/2024'\)/,
  });
  await expect(badDate).toContainText('shopify-orders-bad-values.csv');
  await expect(badDate.getByRole('cell', { name: '5', exact: true })).toBeVisible();

  const download = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Download rejected rows (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('rejected-rows.csv');
  const csv = readFileSync((await file.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFFile,Row,Column,Problem');
  expect(csv).toContain('shopify-orders-bad-values.csv,5,Created at,');

  const history = page.locator('section', {
    has: page.getByRole('heading', { name: 'Import history' }),
  });
  await expect(history.getByRole('row', { name: /shopify-orders\.csv/ })).toContainText(
    'Shopify orders export',
  );
  await screenshot(page, 'pwa-import-result-desktop');

  // The Overview now shows the imported orders, not the demo's.
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Overview' })
    .click();
  await expect(ordersKpi(page)).not.toHaveText(demoOrders ?? '');
  await expect(page.getByText('demo store', { exact: false })).toHaveCount(0);

  // Undo brings back what was there before: the demo store.
  await openImport(page);
  await history.getByRole('button', { name: /^Undo the import of shopify-orders\.csv/ }).click();
  await expect(history.getByRole('status')).toContainText('Undone');
  await expect(history.getByText(/^Undone /).first()).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Overview' })
    .click();
  await expect(ordersKpi(page)).toHaveText(demoOrders ?? '', { timeout: 60_000 });
});

test('a Storelens bundle is previewed and merged on its own; a file that is not an export gets one clear message', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelens-bundle-'));
  const bundlePath = join(dir, 'desk.storelens');
  const target = {
    id: 't-2026-12',
    metric: 'netSales' as const,
    month: '2026-12',
    value: 5e6,
    updatedAt: Date.now() - 1000,
  };
  writeFileSync(
    bundlePath,
    await encodeBundle(makeBundle('extension', { targets: [target] }, Date.now(), 'Desk')),
  );
  await openDemo(page);
  await openImport(page);
  await page
    .locator('#imp-files')
    .setInputFiles([bundlePath, join(exportsDir, 'shopify-orders.csv')]);
  const card = page.locator('section.imp-file', { hasText: 'desk.storelens' });
  await expect(card).toContainText('A Storelens bundle from the Storelens extension (Desk)');
  await expect(card).toContainText('targets: 1 new');
  await expect(page.getByText('A Storelens bundle is imported on its own')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import 2 files' })).toBeDisabled();
  await page
    .locator('section.imp-file', { hasText: 'shopify-orders.csv' })
    .getByRole('button', { name: 'Remove' })
    .click();
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was merged' })).toContainText(
    'desk.storelens was merged with the data on this device: targets: 1 new',
  );
  const history = page.locator('section', {
    has: page.getByRole('heading', { name: 'Import history' }),
  });
  await expect(history.getByRole('row', { name: /desk\.storelens/ })).toContainText(
    'Storelens bundle',
  );
  rmSync(dir, { recursive: true, force: true });

  await page.locator('#imp-files').setInputFiles({
    name: 'photo.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
  });
  const photo = page.locator('section.imp-file', { hasText: 'photo.csv' });
  await expect(photo.getByRole('alert')).toContainText('This file is not text');
  await expect(page.getByRole('button', { name: 'Import 1 file' })).toBeDisabled();
});

test('a big import shows rows/s and can be cancelled, leaving the data unchanged', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelens-import-'));
  try {
    const big = join(dir, 'orders_export_big.csv');
    writeFileSync(big, shopifyOrdersCsv(40e6, 7));
    await openDemo(page);
    const demoOrders = await ordersKpi(page).textContent();
    await openImport(page);
    await page.locator('#imp-files').setInputFiles(big);
    await expect(page.getByRole('combobox', { name: /^Format/ })).toContainText(
      'Detected: Shopify orders export',
    );
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await expect(page.getByText(/\d[\d,]* rows · [\d,]+ rows\/s/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toHaveText('Import cancelled. Nothing was changed.');
    const history = page.locator('section', {
      has: page.getByRole('heading', { name: 'Import history' }),
    });
    await expect(history).not.toContainText('orders_export_big.csv');
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Overview' })
      .click();
    await expect(ordersKpi(page)).toHaveText(demoOrders ?? '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a big export is read on several threads and stored exactly as one reader reads it', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelens-import-'));
  try {
    // 40 MB: two 16 MB+ ranges, so the worker reads the second on a thread of its own. A bad
    // amount near the end puts a rejected row (and its row number) in the second range.
    const rows = shopifyOrdersCsv(40e6, 9).split('\n');
    let bad = Math.floor(rows.length * 0.9);
    while (!/^#\d+,[^"]*,USD,/.test(rows[bad]!)) bad++;
    const cells = rows[bad]!.split(',');
    cells[11] = '12.34.5x'; // Total
    rows[bad] = cells.join(',');
    const text = rows.join('\n');
    const big = join(dir, 'orders_export_big.csv');
    writeFileSync(big, text);
    // The reference: the same bytes read in one go, in Node.
    const one = await readExport(new TextEncoder().encode(text), { records: false, salt: 's' });
    // The order's other rows are skipped, naming the bad row: a message with a row number in it.
    expect(one.errors.length).toBeGreaterThanOrEqual(1);
    const rejected = one.errors.length;

    const threads: string[] = [];
    page.on('worker', (w) => threads.push(w.url()));
    await openDemo(page);
    await openImport(page);
    await page.locator('#imp-files').setInputFiles(big);
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    const result = page.locator('section', {
      has: page.getByRole('heading', { name: 'Imported' }),
    });
    await expect(result).toBeVisible({ timeout: 60_000 });
    const n = (x: number) => x.toLocaleString('en-US');
    const orders = one.ordersTable!.length;
    await expect(
      result.getByRole('row', {
        name: new RegExp(`^Orders ${n(orders)} ${n(orders)} 0 ${n(orders)}$`),
      }),
    ).toBeVisible();
    await expect(result).toContainText(
      rejected === 1 ? '1 row was rejected' : `${rejected} rows were rejected`,
    );
    for (const e of one.errors) {
      const row = result.getByRole('row', { name: e.message });
      await expect(row.getByRole('cell', { name: String(e.row), exact: true })).toBeVisible();
    }
    expect(threads.some((u) => u.includes('ingest-part'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Import screen fits a phone (390 px) without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openDemo(page);
  await openImport(page);
  await page
    .locator('#imp-files')
    .setInputFiles([
      join(exportsDir, 'shopify-orders.csv'),
      join(exportsDir, 'generic-orders-semicolon.csv'),
    ]);
  await expect(page.getByText('Which column holds what?')).toBeVisible();
  await expect(page.getByLabel('Date format')).toBeVisible();
  await screenshot(page, 'pwa-import-phone');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a generic CSV is imported through the mapping step, and the mapping is offered again', async ({
  page,
}) => {
  await openDemo(page);
  await openImport(page);
  const name = 'generic-orders-semicolon.csv';
  await page.locator('#imp-files').setInputFiles(join(exportsDir, name));
  const card = page.locator('section.imp-file', { hasText: name });
  await expect(card.getByRole('combobox', { name: /^Format/ })).toContainText(
    'Detected: Other CSV',
  );
  await expect(card.getByLabel(/^Order id/)).toHaveValue('Order No');
  await expect(card.getByLabel(/^Order date/)).toHaveValue('Order Date');
  await expect(card.getByLabel(/^Order total/)).toHaveValue('Order Total');
  // The first rows' days run past 12, so they are day-first.
  await expect(card.getByLabel('Date format')).toHaveValue('DD/MM/YYYY');
  await page.getByLabel('Reporting currency').fill('EUR');
  await page.getByRole('button', { name: 'Import 1 file' }).click();
  const result = page.locator('section', { has: page.getByRole('heading', { name: 'Imported' }) });
  await expect(result.getByRole('row', { name: /^Orders 2 2 0 2$/ })).toBeVisible();
  await expect(result).toContainText('1 row was rejected');
  await expect(result.getByRole('row', { name: /31\/13\/2024/ })).toContainText('Order Date');

  await page.locator('#imp-files').setInputFiles(join(exportsDir, name));
  await expect(
    page.getByText('Using the mapping you confirmed for files with these columns.'),
  ).toBeVisible();
});

test('files dropped on the drop zone are previewed like picked ones', async ({ page }) => {
  await openDemo(page);
  await openImport(page);
  const text = readFileSync(join(exportsDir, 'shopify-orders.csv'), 'utf8');
  const dataTransfer = await page.evaluateHandle((csv) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], 'orders_export_1.csv', { type: 'text/csv' }));
    return dt;
  }, text);
  await page.locator('.dropzone').dispatchEvent('dragover', { dataTransfer });
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
  const card = page.locator('section.imp-file', { hasText: 'orders_export_1.csv' });
  await expect(card.getByRole('combobox', { name: /^Format/ })).toContainText(
    'Detected: Shopify orders export',
  );
  await expect(page.getByRole('button', { name: 'Import 1 file' })).toBeEnabled();
});
