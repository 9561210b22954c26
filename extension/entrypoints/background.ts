import { browser, defineBackground } from '#imports';
import { syncAutoOpen } from '../features/auto-open.ts';
import { forgetTab } from '../features/activation.ts';
import { backgroundEnv, backgroundHandlers } from '../features/background-api.ts';
import { registerBridge } from '../features/bridge/background.ts';
import { activateTab, forgetSummary } from '../features/page-handlers.ts';
import { listen } from '../features/send.ts';
import { autoOpenSitesItem } from '../features/settings.ts';
import { registerTracking } from '../features/tracking/background.ts';

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export default defineBackground(() => {
  // Every message the background answers, each checked against the senders it accepts.
  listen(backgroundHandlers, backgroundEnv(browser.runtime.id, browser.runtime.getURL('/')));
  registerTracking();
  registerBridge();

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-overlay') return;
    void (async () => {
      const tabId = tab?.id ?? (await activeTabId());
      if (tabId != null) await activateTab(tabId);
    })();
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void forgetSummary(tabId);
    void forgetTab(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    // A new document means the old summary describes a page that is gone.
    if (change.status === 'loading' && change.url) void forgetSummary(tabId);
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
