/**
 * Issue 14 point 3: a full disk, for real. The browser profile lives on a small tmpfs (mounted
 * here: the tests run as root), filled until ~1.5 MB are free; an import whose commit needs more
 * fails inside Chromium's IndexedDB ("Failed to write blobs (IOError)"), and Chromium then drops
 * the site's whole database. navigator.storage.estimate() still reports a quota of about 1 GB
 * there. Chromium keeps the data readable while the page is open, then drops it on a reload
 * with the disk still full, and refuses to delete or rewrite it before: so the message must say
 * so, and the way back is a backup bundle of the data from before the import, downloaded from
 * the message.
 * Expected figures by hand: shopify-orders.csv has 6 orders; the history holds the demo load and
 * that import.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { test, expect, PWA, stored } from './fixtures.ts';
// @ts-expect-error plain .mjs helper shared with the scripts
import { findChromium, chromiumArgs } from '../../tools/chromium.mjs';
import { shopifyOrdersCsv } from '../../fixtures/exports/generate-shopify-orders.ts';
import { decodeBundle, tableFromJson } from '../../../core/sync/index.ts';
import { ordersFromTable } from '../../../core/ingest/index.ts';
import { orderColumns } from '../../../core/schema/columns.ts';

const exportsDir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));

const freeBytes = (dir: string) =>
  Number(execFileSync('df', ['-k', '--output=avail', dir]).toString().split('\n')[1]) * 1024;

test('a full disk: the import fails, the message says the stored data may go on reload and offers a backup of it', async () => {
  test.setTimeout(180_000);
  const disk = mkdtempSync(join(tmpdir(), 'storelens-disk-'));
  const big = join(tmpdir(), `storelens-big-${process.pid}.csv`);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', disk]);
  try {
    writeFileSync(big, shopifyOrdersCsv(30_000_000, 3));
    const context = await chromium.launchPersistentContext(join(disk, 'profile'), {
      executablePath: findChromium(),
      headless: true,
      args: chromiumArgs,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${PWA}/#/import`);
      const history = page.locator('section', {
        has: page.getByRole('heading', { name: 'Import history' }),
      });
      // The first visit loads the demo store; then the real export replaces it.
      await expect(history.getByRole('row', { name: /Demo store/ })).toBeVisible({
        timeout: 60_000,
      });
      await page.locator('#imp-files').setInputFiles(join(exportsDir, 'shopify-orders.csv'));
      await page.getByRole('button', { name: 'Import 1 file' }).click();
      await expect(page.getByRole('heading', { name: 'Imported' })).toBeVisible();
      expect(await stored(page)).toEqual({ orders: 6, imports: ['shopify-orders.csv'] });

      // The disk fills up (another program, a download): ~1.5 MB stay free.
      const filler = join(disk, 'filler');
      execFileSync('fallocate', ['-l', String(freeBytes(disk) - 1_500_000), filler]);
      expect(freeBytes(disk)).toBeLessThan(2_000_000);

      await page.locator('#imp-files').setInputFiles(big);
      await page.getByRole('button', { name: 'Import 1 file' }).click();
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('Nothing was imported: saving failed', {
        timeout: 120_000,
      });
      await expect(alert).toContainText("most likely because the device's disk is full");
      await expect(alert).toContainText(
        'the browser may delete all the data this site has stored (6 orders, 2 imports in the history) once this page is closed or reloaded',
      );
      const download = page.waitForEvent('download');
      await alert.getByRole('button', { name: 'Download the backup of your data' }).click();
      const backup = join(tmpdir(), `storelens-backup-${process.pid}.storelens`);
      await (await download).saveAs(backup);

      // The backup holds the data from before the import: the 6 orders with their 9 lines.
      const bundle = await decodeBundle(new Uint8Array(readFileSync(backup)));
      const orders = ordersFromTable(
        tableFromJson('orders', orderColumns, bundle.entities.tables!.orders!),
      );
      expect(orders.map((o) => o.number).sort()).toEqual([
        '#1001',
        '#1002',
        '#1003',
        '#1004',
        '#1005',
        '#1006',
      ]);
      expect(bundle.entities.tables!.lines!.length).toBe(9);
      rmSync(backup, { force: true });
    } finally {
      await context.close();
    }
  } finally {
    execFileSync('umount', ['-l', disk]);
    rmSync(disk, { recursive: true, force: true });
    rmSync(big, { force: true });
  }
});
