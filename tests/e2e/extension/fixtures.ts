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
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain .mjs helper shared with the scripts
import { chromiumArgs, findChromium } from '../../tools/chromium.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// Each test worker builds into its own directory (removed afterwards): several runs on one
// machine must not delete each other's extension mid-test. STORELENS_E2E_NO_BUILD=1 reuses
// `npm run build:ext` / `build:ext:e2e` output in dist/extension instead.
const reuse = !!process.env.STORELENS_E2E_NO_BUILD;
const outBase = reuse ? `${root}dist/extension` : `${root}dist/e2e-extension-${process.pid}`;
/** The build users install: no host permissions at all. */
export const SHIPPED_DIR = `${outBase}/chrome-mv3`;
/** Same code plus host access to 127.0.0.1, so tests can inject without a browser prompt. */
export const E2E_DIR = `${outBase}/chrome-mv3-e2e`;
/** The fixture storefront server (tests/e2e/servers/storefront.mjs), started by the Playwright config. */
export const STORE = process.env.STORELENS_STORE_URL ?? 'http://127.0.0.1:4180';
export const ARTIFACTS = `${root}tests/artifacts`;

export interface LoadedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
}

function build(args: string[]) {
  execFileSync('npx', ['wxt', 'build', ...args], {
    cwd: root,
    stdio: 'pipe',
    timeout: 120_000,
    env: { ...process.env, STORELENS_EXT_OUT_DIR: outBase },
  });
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

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/**
 * A real toolbar click (CDP `Extensions.triggerAction`, which grants activeTab like a user's
 * click) opens the popup; `script` then runs inside the popup and its resolved string value is
 * returned. Playwright does not expose the action popup as a Page, so it is driven over CDP.
 */
export async function inToolbarPopup(
  ext: LoadedExtension,
  page: Page,
  script: string,
): Promise<string> {
  const cdp = await ext.context.browser()!.newBrowserCDPSession();
  const replies = new Map<
    number,
    { result?: { result?: { value?: unknown } }; exceptionDetails?: unknown }
  >();
  cdp.on(
    'Target.receivedMessageFromTarget' as never,
    ((e: { message: string }) => {
      const m = JSON.parse(e.message) as {
        id?: number;
        result?: { result?: { value?: unknown } };
        exceptionDetails?: unknown;
      };
      if (m.id !== undefined) replies.set(m.id, m);
    }) as never,
  );
  const targets = async (filter?: object) =>
    (
      (await cdp.send('Target.getTargets' as never, (filter ? { filter } : {}) as never)) as {
        targetInfos: TargetInfo[];
      }
    ).targetInfos;
  const popupUrl = `chrome-extension://${ext.extensionId}/popup.html`;
  try {
    const tab = (await targets([{ type: 'tab' }])).find((t) => t.url === page.url());
    expect(tab, `a tab target for ${page.url()}`).toBeTruthy();
    await cdp.send(
      'Extensions.triggerAction' as never,
      { id: ext.extensionId, targetId: tab!.targetId } as never,
    );
    let popup: TargetInfo | undefined;
    await expect(async () => {
      popup = (await targets()).find((t) => t.url === popupUrl);
      expect(popup, 'the popup opened by the toolbar click').toBeTruthy();
    }).toPass({ timeout: 5000 });
    const { sessionId } = (await cdp.send(
      'Target.attachToTarget' as never,
      {
        targetId: popup!.targetId,
        flatten: false,
      } as never,
    )) as { sessionId: string };
    await cdp.send(
      'Target.sendMessageToTarget' as never,
      {
        sessionId,
        message: JSON.stringify({
          id: 1,
          method: 'Runtime.evaluate',
          params: {
            expression: script,
            awaitPromise: true,
            userGesture: true,
            returnByValue: true,
          },
        }),
      } as never,
    );
    await expect.poll(() => replies.has(1), { timeout: 10_000 }).toBe(true);
    const reply = replies.get(1)!;
    expect(reply.exceptionDetails, JSON.stringify(reply.exceptionDetails)).toBeUndefined();
    return String(reply.result?.result?.value);
  } finally {
    await cdp.detach();
  }
}

/** In the popup: wait (up to 5 s) for an element matching `selector` whose text includes `text`. */
export function popupWaitFor(selector: string, text: string, then: 'click' | 'text'): string {
  return `new Promise((done, fail) => { const t0 = Date.now(); (function find() {
    const el = [...document.querySelectorAll(${JSON.stringify(selector)})].find((x) => x.textContent.includes(${JSON.stringify(text)}));
    if (el && !el.disabled) { ${then === 'click' ? 'el.click(); done("clicked");' : 'done(el.textContent);'} }
    else if (Date.now() - t0 > 5000) fail(new Error('popup: nothing matches ' + ${JSON.stringify(selector)}));
    else setTimeout(find, 50); })(); })`;
}

/** The user path on the shipped build: toolbar click, then "Analyse this page" in the popup. */
export async function openOverlayFromToolbar(ext: LoadedExtension, page: Page): Promise<void> {
  expect(
    await inToolbarPopup(ext, page, popupWaitFor('button', 'Analyse this page', 'click')),
  ).toBe('clicked');
}

/** The overlay panel inside its shadow root (Playwright locators pierce open shadow roots). */
export function panel(page: Page) {
  return page.getByTestId('storelens-panel');
}

type WorkerFixtures = { builds: { shipped: string; e2e: string } };
type TestFixtures = { ext: LoadedExtension; page: Page };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  builds: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!reuse || !existsSync(E2E_DIR)) {
        build([]);
        build(['--mode', 'e2e']);
      }
      await use({ shipped: SHIPPED_DIR, e2e: E2E_DIR });
      if (!reuse) await rm(outBase, { recursive: true, force: true });
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
