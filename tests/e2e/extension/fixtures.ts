// Playwright fixtures for the extension: builds it once per worker (a stale build hides bugs),
// launches Debian's Chromium with it loaded, and opens the side panel the way a user would (a
// real toolbar click) or as a page of its own pinned to a tab.
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
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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
/** The Firefox build with the same 127.0.0.1 access, for the sidebar test in Firefox. */
export const FIREFOX_E2E_DIR = `${outBase}/firefox-mv2-e2e`;
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

/** The browser's tab id of `page` (from the background, which sees every tab's URL here). */
export async function tabIdOf(ext: LoadedExtension, page: Page): Promise<number> {
  const url = page.url();
  const id = await ext.worker.evaluate(async (pageUrl: string) => {
    const api = (
      globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } };
      }
    ).chrome;
    const tabs = await api.tabs.query({});
    return tabs.find((t) => t.url === pageUrl)?.id ?? null;
  }, url);
  expect(id, `a tab with ${url}`).not.toBeNull();
  return id!;
}

const panelPages = new WeakMap<Page, Page>();

/**
 * Opens the side panel's page for the tab of `page` (`sidepanel.html?tabId=N`, as a page of its
 * own so Playwright can drive it) and returns the panel. The e2e build may read 127.0.0.1 without
 * a click, like a site the user allowed. The same panel page is reused for the same tab.
 */
export async function openPanel(ext: LoadedExtension, page: Page) {
  let panelPage = panelPages.get(page);
  if (!panelPage || panelPage.isClosed()) {
    const tabId = await tabIdOf(ext, page);
    panelPage = await ext.context.newPage();
    await panelPage.setViewportSize({ width: 400, height: 900 });
    await panelPage.goto(`chrome-extension://${ext.extensionId}/sidepanel.html?tabId=${tabId}`);
    panelPages.set(page, panelPage);
  }
  return panelPage.getByTestId('storelens-panel');
}

/** The panel page opened by openPanel for `page`. */
export function panelPageOf(page: Page): Page {
  const p = panelPages.get(page);
  if (!p) throw new Error('openPanel first');
  return p;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** A browser-level CDP session that can evaluate scripts in extension targets. */
async function cdpSession(ext: LoadedExtension) {
  const cdp = await ext.context.browser()!.newBrowserCDPSession();
  const replies = new Map<
    number,
    { result?: { result?: { value?: unknown }; data?: string }; exceptionDetails?: unknown }
  >();
  cdp.on(
    'Target.receivedMessageFromTarget' as never,
    ((e: { message: string }) => {
      const m = JSON.parse(e.message) as {
        id?: number;
        result?: { result?: { value?: unknown }; data?: string };
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
  let nextId = 1;
  /** Sends one CDP command to an extension target (attached unflattened) and returns its reply. */
  const inTarget = async (targetId: string, method: string, params: object) => {
    const { sessionId } = (await cdp.send(
      'Target.attachToTarget' as never,
      { targetId, flatten: false } as never,
    )) as { sessionId: string };
    const id = nextId++;
    await cdp.send(
      'Target.sendMessageToTarget' as never,
      { sessionId, message: JSON.stringify({ id, method, params }) } as never,
    );
    await expect.poll(() => replies.has(id), { timeout: 15_000 }).toBe(true);
    await cdp
      .send('Target.detachFromTarget' as never, { sessionId } as never)
      .catch(() => undefined);
    return replies.get(id)! as {
      result?: { result?: { value?: unknown }; data?: string };
      exceptionDetails?: unknown;
    };
  };
  const evaluate = async (targetId: string, script: string): Promise<string> => {
    const reply = await inTarget(targetId, 'Runtime.evaluate', {
      expression: script,
      awaitPromise: true,
      userGesture: true,
      returnByValue: true,
    });
    expect(reply.exceptionDetails, JSON.stringify(reply.exceptionDetails)).toBeUndefined();
    return String(reply.result?.result?.value);
  };
  /** A real toolbar click on the tab of `page`: CDP Extensions.triggerAction grants activeTab. */
  const click = async (page: Page) => {
    const tab = (await targets([{ type: 'tab' }])).find((t) => t.url === page.url());
    expect(tab, `a tab target for ${page.url()}`).toBeTruthy();
    await cdp.send(
      'Extensions.triggerAction' as never,
      { id: ext.extensionId, targetId: tab!.targetId } as never,
    );
  };
  return { cdp, targets, evaluate, click, inTarget };
}

export type SidePanel = {
  /** Runs `script` in the real side panel and returns its resolved value as a string. */
  evaluate(script: string): Promise<string>;
  /** Clicks the toolbar button again on the tab of `page`. */
  click(page: Page): Promise<void>;
  /**
   * Presses a key in the real side panel (CDP Input.dispatchKeyEvent: trusted key events, as the
   * keyboard sends them to the focused frame). `shift` holds Shift down with it.
   */
  press(key: 'Tab' | 'ArrowRight' | 'Escape', opts?: { shift?: boolean }): Promise<void>;
  /** Saves a PNG of the side panel as the browser draws it. */
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * A real toolbar click (CDP `Extensions.triggerAction`, which grants activeTab and fires
 * action.onClicked like a user's click) opens the browser's side panel; the returned handle
 * evaluates scripts in it. Playwright does not expose the side panel as a Page: it is driven over
 * CDP.
 */
export async function openSidePanelFromToolbar(
  ext: LoadedExtension,
  page: Page,
): Promise<SidePanel> {
  const s = await cdpSession(ext);
  const panelUrl = `chrome-extension://${ext.extensionId}/sidepanel.html`;
  await page.bringToFront();
  let panel: TargetInfo | undefined;
  // The click was seen not to reach the extension now and then: click again until the panel shows.
  await expect(async () => {
    await s.click(page);
    await expect
      .poll(async () => (panel = (await s.targets([{}])).find((t) => t.url.startsWith(panelUrl))), {
        timeout: 3000,
        message: 'the side panel opened by the toolbar click',
      })
      .toBeTruthy();
  }).toPass({ timeout: 30_000 });
  return {
    evaluate: (script) => s.evaluate(panel!.targetId, script),
    click: (p) => s.click(p),
    press: async (key, opts) => {
      const code = { Tab: 9, ArrowRight: 39, Escape: 27 }[key];
      const base = {
        key,
        code: key,
        windowsVirtualKeyCode: code,
        nativeVirtualKeyCode: code,
        modifiers: opts?.shift ? 8 : 0,
      };
      for (const type of ['rawKeyDown', 'keyUp']) {
        const reply = await s.inTarget(panel!.targetId, 'Input.dispatchKeyEvent', {
          type,
          ...base,
        });
        expect(reply.exceptionDetails).toBeUndefined();
      }
    },
    screenshot: async (path) => {
      const shot = await s.inTarget(panel!.targetId, 'Page.captureScreenshot', { format: 'png' });
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, Buffer.from(shot.result?.data ?? '', 'base64'));
    },
    close: () => s.cdp.detach(),
  };
}

/** A script for the panel: waits (up to `ms`) for an element matching `selector` whose text includes `text`; resolves to its text. */
export function waitForText(selector: string, text: string, ms = 8000): string {
  return `new Promise((done, fail) => { const t0 = Date.now(); (function find() {
    const el = [...document.querySelectorAll(${JSON.stringify(selector)})].find((x) => x.textContent.includes(${JSON.stringify(text)}));
    if (el) done(el.textContent);
    else if (Date.now() - t0 > ${ms}) fail(new Error('panel: no ' + ${JSON.stringify(selector)} + ' with ' + ${JSON.stringify(text)} + '; it shows: ' + document.body.innerText.slice(0, 400)));
    else setTimeout(find, 50); })(); })`;
}

type WorkerFixtures = { builds: { shipped: string; e2e: string; firefoxE2e: string } };
type TestFixtures = { ext: LoadedExtension; page: Page };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  builds: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!reuse || !existsSync(E2E_DIR)) {
        build([]);
        build(['-b', 'firefox']);
        build(['--mode', 'e2e']);
        build(['-b', 'firefox', '--mode', 'e2e']);
      }
      await use({ shipped: SHIPPED_DIR, e2e: E2E_DIR, firefoxE2e: FIREFOX_E2E_DIR });
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

/**
 * Imports an own-catalog CSV through the extension's options page, as the manager does, and waits
 * for the page's message (e.g. "Imported 3 own products from products_export_1.csv").
 */
export async function importOwnCatalog(
  ext: LoadedExtension,
  name: string,
  csv: string,
  message: string,
): Promise<void> {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByLabel('Products export').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await expect(options.getByTestId('tracking-options-message')).toContainText(message);
  await options.close();
}
