import { test as base, chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain .mjs helper shared with the scripts
import { findChromium, chromiumArgs } from '../../tools/chromium.mjs';

export const PWA = 'http://127.0.0.1:4173';

/**
 * A persistent profile per test: Playwright's default context keeps IndexedDB in memory and
 * reports PWAs as incognito, so installability and offline checks need a real profile.
 */
export const test = base.extend<{ context: BrowserContext; page: Page }>({
  // Playwright's own option: 'block' where a test routes the app's scripts (else the service
  // worker serves them behind the route).
  context: async ({ serviceWorkers }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'storelens-pwa-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: findChromium(),
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 900 },
      serviceWorkers,
    });
    await use(context);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  },
  page: async ({ context }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
});
export { expect } from '@playwright/test';

/** Opens the PWA and waits for the demo store's Overview numbers. */
export async function openDemo(page: Page, hash = '#/overview'): Promise<void> {
  await page.goto(`${PWA}/${hash}`);
  // The KPI's accessible name holds its value once computed ("Net sales: loading" before).
  await page
    .getByRole('button', { name: /^Net sales: (?!loading)\S*\d/ })
    .waitFor({ timeout: 60_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `tests/artifacts/${name}.png`, fullPage: true });
}

/** Stored orders and import records (file names, sorted), read from the page's IndexedDB directly. */
export function stored(page: Page): Promise<{ orders: number; imports: string[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('storelens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['tableMeta', 'imports'], 'readonly');
          const meta = tx.objectStore('tableMeta').get('orders');
          const imports = tx.objectStore('imports').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({
              orders: (meta.result as { length: number } | undefined)?.length ?? 0,
              // The demo store the app loaded on the first visit has its own record.
              imports: (imports.result as { source: string; fileName?: string }[])
                .filter((r) => r.source !== 'demo')
                .map((r) => r.fileName ?? '')
                .sort(),
            });
          };
        };
      }),
  );
}
