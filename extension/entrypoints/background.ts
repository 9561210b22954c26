import { browser, defineBackground, type Browser } from '#imports';
import { pageGlobalsProbe } from '../../core/page/index.ts';
import { OVERLAY_SCRIPT, syncAutoOpen } from '../features/auto-open.ts';
import { registerTracking } from '../features/tracking/background.ts';
import { registerBridge } from '../features/bridge/background.ts';
import { autoOpenSitesItem, getSitePrefs, updateSitePrefs } from '../features/settings.ts';
import { cleanPrefsChange } from '../features/site-prefs.ts';
import { OVERLAY_APP_SCRIPT } from '../features/overlay/app-api.ts';
import {
  isStorelensMessage,
  type ActivateResult,
  type LoadAppResult,
  type BackgroundMessage,
  type PageSummary,
  type ProbeResult,
  type ToggleResult,
} from '../features/messages.ts';

/** Opens the overlay in a tab, or toggles it when it is already there. */
async function activateTab(tabId: number): Promise<ActivateResult> {
  try {
    // A running overlay answers; a fresh injection would invalidate it (WXT stops older
    // instances of the same content script), so ask first.
    const reply = (await browser.tabs.sendMessage(
      tabId,
      { type: 'storelens:toggle' },
      { frameId: 0 },
    )) as ToggleResult | undefined;
    if (reply && typeof reply.visible === 'boolean') return { ok: true, action: 'toggled' };
  } catch {
    // No overlay in this tab yet.
  }
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [OVERLAY_SCRIPT] });
    return { ok: true, action: 'injected' };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: `Storelens cannot open on this page (${message}). Browser pages and the web store are off limits; on a shop page, click the toolbar button or press the shortcut again.`,
    };
  }
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
      files: [OVERLAY_APP_SCRIPT],
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

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
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
    const pageOnly = ['storelens:activate', 'storelens:get-summary', 'storelens:sync-auto-open'];
    if (pageOnly.includes(message.type) && !fromExtensionPage) {
      return {
        ok: false,
        error: `${message.type} is only accepted from the extension's own pages.`,
      };
    }
    switch (message.type) {
      case 'storelens:activate':
        return activateTab(message.tabId);
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

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-overlay') return;
    void (async () => {
      const tabId = tab?.id ?? (await activeTabId());
      if (tabId != null) await activateTab(tabId);
    })();
  });

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

  if (import.meta.env.MODE === 'e2e') {
    // e2e builds only: Playwright cannot press the browser's shortcut, so it calls the same
    // activation the shortcut uses.
    (globalThis as { storelensActivate?: typeof activateTab }).storelensActivate = activateTab;
  }
});
