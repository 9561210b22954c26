import { browser, defineBackground, type Browser } from '#imports';
import { pageGlobalsProbe } from '../../core/page/index.ts';
import { syncAutoOpen } from '../features/auto-open.ts';
import { registerTracking } from '../features/tracking/background.ts';
import { registerBridge } from '../features/bridge/background.ts';
import { autoOpenSitesItem, getSitePrefs, updateSitePrefs } from '../features/settings.ts';
import { cleanPrefsChange } from '../features/site-prefs.ts';
import { READER_APP_SCRIPT } from '../features/reader/app-api.ts';
import { PANEL_ATTACH } from '../features/panel/protocol.ts';
import {
  isStorelensMessage,
  type LoadAppResult,
  type BackgroundMessage,
  type PageSummary,
  type ProbeResult,
} from '../features/messages.ts';

interface SidePanelApi {
  open(o: { tabId?: number; windowId?: number }): Promise<void>;
  setPanelBehavior(b: { openPanelOnActionClick: boolean }): Promise<void>;
}
interface SidebarActionApi {
  open(): Promise<void>;
}

/**
 * The toolbar click (and its shortcut, `_execute_action`): opens the side panel (Chrome) or the
 * sidebar (Firefox) right away, inside the click, as both browsers require; the click has granted
 * activeTab, so the panel can read the tab. An open panel is told to try the tab again.
 */
function openPanel(tab: Browser.tabs.Tab): void {
  const api = browser as unknown as { sidePanel?: SidePanelApi; sidebarAction?: SidebarActionApi };
  const opened =
    api.sidePanel && tab.id != null
      ? api.sidePanel.open({ tabId: tab.id })
      : api.sidebarAction
        ? api.sidebarAction.open()
        : Promise.reject(new Error('This browser has no side panel.'));
  void opened
    .catch((err: unknown) => console.warn('Storelens could not open its panel', err))
    .then(() => browser.runtime.sendMessage({ type: PANEL_ATTACH, tabId: tab.id }))
    .catch(() => undefined);
}

async function probeGlobals(tabId: number, frameId: number): Promise<ProbeResult> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      world: 'MAIN',
      func: pageGlobalsProbe,
    });
    const value = result?.result;
    return {
      globals: value && typeof value === 'object' ? (value as ProbeResult['globals']) : null,
    };
  } catch (err) {
    return { globals: null, error: err instanceof Error ? err.message : String(err) };
  }
}

async function loadApp(tabId: number, frameId: number): Promise<LoadAppResult> {
  try {
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      files: [READER_APP_SCRIPT],
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function senderOrigin(sender: Browser.runtime.MessageSender): string | null {
  const url = sender.url ?? sender.tab?.url;
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin.startsWith('http') ? origin : null;
  } catch {
    return null;
  }
}

export default defineBackground(() => {
  registerTracking();
  registerBridge();
  // Summaries are kept in memory and in session storage so the popup still finds them after the
  // service worker was stopped and restarted.
  const summaries = new Map<number, PageSummary>();
  const session = browser.storage.session;
  const summaryKey = (tabId: number) => `summary:${tabId}`;

  async function getSummary(tabId: number): Promise<PageSummary | null> {
    const cached = summaries.get(tabId);
    if (cached) return cached;
    if (!session) return null;
    const stored = await session.get(summaryKey(tabId));
    return (stored[summaryKey(tabId)] as PageSummary | undefined) ?? null;
  }

  async function handle(
    message: BackgroundMessage,
    sender: Browser.runtime.MessageSender,
  ): Promise<unknown> {
    // Content scripts run inside pages a hostile site controls: only the extension's own pages
    // (popup, options) may act on other tabs or change the auto-open registration.
    const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('/')) ?? false;
    const pageOnly = ['storelens:get-summary', 'storelens:sync-auto-open'];
    if (pageOnly.includes(message.type) && !fromExtensionPage) {
      return {
        ok: false,
        error: `${message.type} is only accepted from the extension's own pages.`,
      };
    }
    switch (message.type) {
      case 'storelens:probe-globals':
        if (sender.tab?.id == null)
          return { globals: null, error: 'The probe only runs for a page.' };
        return probeGlobals(sender.tab.id, sender.frameId ?? 0);
      case 'storelens:load-app': {
        if (sender.tab?.id == null)
          return { ok: false, error: 'The overlay app only loads into a page.' };
        return loadApp(sender.tab.id, sender.frameId ?? 0);
      }
      case 'storelens:get-site-prefs': {
        const origin = senderOrigin(sender);
        return origin ? getSitePrefs(origin) : {};
      }
      case 'storelens:update-site-prefs': {
        // A page's overlay only ever changes its own site's choices.
        const origin = senderOrigin(sender);
        if (!origin) return {};
        return updateSitePrefs(origin, cleanPrefsChange(message.change));
      }
      case 'storelens:summary': {
        const tabId = sender.tab?.id;
        if (tabId == null) return null;
        summaries.set(tabId, message.summary);
        await session?.set({ [summaryKey(tabId)]: message.summary });
        return null;
      }
      case 'storelens:get-summary':
        return getSummary(message.tabId);
      case 'storelens:sync-auto-open':
        return syncAutoOpen(await autoOpenSitesItem.getValue());
    }
  }

  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    if (!isStorelensMessage(message)) return false;
    handle(message as BackgroundMessage, sender).then(sendResponse, (err: unknown) =>
      sendResponse({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
    return true;
  });

  // action in MV3, browser_action in Firefox's MV2 build.
  const action =
    browser.action ??
    (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  action.onClicked.addListener(openPanel);
  // The click must reach onClicked (which opens the panel and grants activeTab), not toggle the
  // panel by itself.
  void (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel
    ?.setPanelBehavior({ openPanelOnActionClick: false })
    .catch(() => undefined);

  browser.tabs.onRemoved.addListener((tabId) => {
    summaries.delete(tabId);
    void session?.remove(summaryKey(tabId));
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    // A new document means the old summary describes a page that is gone.
    if (change.status === 'loading' && change.url) {
      summaries.delete(tabId);
      void session?.remove(summaryKey(tabId));
    }
  });

  browser.runtime.onInstalled.addListener(
    () => void autoOpenSitesItem.getValue().then(syncAutoOpen),
  );
  browser.runtime.onStartup.addListener(() => void autoOpenSitesItem.getValue().then(syncAutoOpen));
  browser.permissions.onRemoved.addListener(
    () => void autoOpenSitesItem.getValue().then(syncAutoOpen),
  );
});
