import { browser, defineBackground, type Browser } from '#imports';
import { syncAutoOpen } from '../features/auto-open.ts';
import { forgetTab } from '../features/activation.ts';
import { backgroundEnv, backgroundHandlers } from '../features/background-api.ts';
import { registerBridge } from '../features/bridge/background.ts';
import { registerConnect } from '../features/connect/background.ts';
import { listen, send } from '../features/send.ts';
import { autoOpenSitesItem } from '../features/settings.ts';
import { registerTracking } from '../features/tracking/background.ts';

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
    .then(() => send('storelens:panel-attach', tab.id != null ? { tabId: tab.id } : {}))
    .catch(() => undefined);
}

export default defineBackground(() => {
  // Every message the background answers, each checked against the senders it accepts.
  listen(backgroundHandlers, backgroundEnv(browser.runtime.id, browser.runtime.getURL('/')));
  registerTracking();
  registerBridge();
  registerConnect();

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

  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

  browser.runtime.onInstalled.addListener(
    () => void autoOpenSitesItem.getValue().then(syncAutoOpen),
  );
  browser.runtime.onStartup.addListener(() => void autoOpenSitesItem.getValue().then(syncAutoOpen));
  browser.permissions.onRemoved.addListener(
    () => void autoOpenSitesItem.getValue().then(syncAutoOpen),
  );
});
