// Playwright fixtures for the extension: builds it once per worker (a stale build hides bugs),
// launches Debian's Chromium with it loaded, and activates the overlay the way a user would.
import {
  test as base,
  chromium,
  expect,
  type BrowserContext,
  type Page,
  type Worker,
} from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain .mjs helper shared with the scripts
import { chromiumArgs, findChromium } from '../../tools/chromium.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The build users install: no host permissions at all. */
export const SHIPPED_DIR = `${root}dist/extension/chrome-mv3`;
/** Same code plus host access to 127.0.0.1, so tests can inject without a browser prompt. */
export const E2E_DIR = `${root}dist/extension/chrome-mv3-e2e`;
export const STORE = 'http://127.0.0.1:4180';
export const ARTIFACTS = `${root}tests/artifacts`;

export interface LoadedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
}

function build(args: string[]) {
  execFileSync('npx', ['wxt', 'build', ...args], { cwd: root, stdio: 'pipe', timeout: 120_000 });
}

/** Launches a persistent Chromium profile with the unpacked extension in `dir`. */
export async function launchWithExtension(dir: string): Promise<LoadedExtension> {
  const context = await chromium.launchPersistentContext('', {
    executablePath: findChromium() as string,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      ...(chromiumArgs as string[]),
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker };
}

/** Opens the overlay in `page` through the e2e build's background (the keyboard shortcut's code path). */
export async function activateViaBackground(ext: LoadedExtension, page: Page): Promise<void> {
  await page.bringToFront();
  const url = page.url();
  const result = await ext.worker.evaluate(async (pageUrl: string) => {
    const api = (
      globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } };
      }
    ).chrome;
    const tabs = await api.tabs.query({});
    const tab = tabs.find((t) => t.url === pageUrl);
    if (!tab?.id) return { ok: false, error: `no tab with ${pageUrl}` };
    const activate = (
      globalThis as unknown as { storelensActivate: (id: number) => Promise<unknown> }
    ).storelensActivate;
    return activate(tab.id);
  }, url);
  expect(result, 'activation result').toMatchObject({ ok: true });
}

/** The overlay panel inside its shadow root (Playwright locators pierce open shadow roots). */
export function panel(page: Page) {
  return page.getByTestId('storelens-panel');
}

type WorkerFixtures = { builds: { shipped: string; e2e: string } };
type TestFixtures = { ext: LoadedExtension; page: Page };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  builds: [
    async ({}, use) => {
      if (!process.env.STORELENS_E2E_NO_BUILD || !existsSync(E2E_DIR)) {
        build([]);
        build(['--mode', 'e2e']);
      }
      await use({ shipped: SHIPPED_DIR, e2e: E2E_DIR });
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  ext: async ({ builds }, use) => {
    const ext = await launchWithExtension(builds.e2e);
    await use(ext);
    await ext.context.close();
  },
  page: async ({ ext }, use) => {
    const page = ext.context.pages()[0] ?? (await ext.context.newPage());
    await use(page);
  },
});

export { expect };
