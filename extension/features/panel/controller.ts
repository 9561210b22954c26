// The side panel's controller: which tab it shows (the active tab of its window, followed through
// tab switches and navigations, or the tab named by `?tabId=` when opened as a page), whether it
// can read it (the reader answers, or it is injected where a toolbar click or a site permission
// allows), and the private port to the page reader. The manager's own data stays in this page.
import { browser, type Browser } from '#imports';
import { disableAutoOpen, enableAutoOpen } from '../auto-open-prefs.ts';
import { downloadFile } from '../../../core/ui/csv.ts';
import { analysisCsv, analysisJson, exportFileName } from '../export.ts';
import { normaliseOrigin } from '../origins.ts';
import { markActivated } from '../activation.ts';
import { panelHandlers } from '../panel-api.ts';
import { extensionOnlyEnv, listen, sendToTab } from '../send.ts';
import type { OverlayAnalysis } from '../analysis-shared.ts';
import {
  dispatchPort,
  READER_PORT,
  READER_SCRIPT,
  type PanelToReader,
  type PickDraft,
  type PortHandlers,
} from '../reader/protocol.ts';
import { autoOpenSitesItem, getSitePrefs, updateSitePrefs, type SitePrefs } from '../settings.ts';
import { readAnchorListeners } from './listeners.ts';
import type { PanelActions, PanelState } from './state.ts';

const RESTRICTED = /chrome:\/\/|edge:\/\/|about:|gallery|cannot be scripted|extensions? page/i;
const INJECT_WAIT_MS = 50;
const INJECT_TRIES = 40;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export type Listener = (state: PanelState) => void;

export class PanelController {
  state: PanelState = {
    access: 'connecting',
    tab: 'product',
    productIndex: 0,
    status: 'idle',
    pick: null,
    picking: false,
    deepChecking: false,
    readingListeners: false,
    loadingPlatformData: false,
    shortcut: null,
    siteAllowed: false,
    locale: navigator.language,
  };
  private listeners = new Set<Listener>();
  private tabId: number | null = null;
  private port: Browser.runtime.Port | null = null;
  private attachRun = 0;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly pinnedTabId: number | null) {}

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  private set(change: Partial<PanelState>) {
    this.state = { ...this.state, ...change };
    for (const fn of this.listeners) fn(this.state);
  }

  private notify(notice: string) {
    clearTimeout(this.noticeTimer);
    this.set({ notice });
    this.noticeTimer = setTimeout(() => this.set({ notice: undefined }), 6000);
  }

  private send(m: PanelToReader) {
    try {
      this.port?.postMessage(m);
    } catch {
      this.port = null;
    }
  }

  /** Starts following tabs; call once. */
  async start(): Promise<void> {
    const commands = await browser.commands.getAll().catch(() => []);
    const action = commands.find(
      (c) => c.name === '_execute_action' || c.name === '_execute_browser_action',
    );
    this.set({ shortcut: action?.shortcut || null });
    // The background says when the toolbar was clicked: that click granted access to the tab.
    listen(
      panelHandlers({
        attach: (clicked) => {
          const tabId = this.pinnedTabId ?? clicked ?? this.tabId;
          if (tabId != null && (tabId === this.tabId || this.pinnedTabId == null))
            void this.attach(tabId, this.state.access !== 'ready');
        },
      }),
      extensionOnlyEnv(),
    );

    if (this.pinnedTabId != null) {
      browser.tabs.onUpdated.addListener((tabId, change) => {
        if (tabId === this.pinnedTabId) this.onTabUpdated(change);
      });
      await this.attach(this.pinnedTabId);
      return;
    }
    const win = await browser.windows.getCurrent();
    browser.tabs.onActivated.addListener((info) => {
      if (info.windowId === win.id) void this.attach(info.tabId);
    });
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (tabId === this.tabId) this.onTabUpdated(change);
    });
    const [tab] = await browser.tabs.query({ active: true, windowId: win.id });
    if (tab?.id != null) await this.attach(tab.id);
    else this.set({ access: 'none' });
  }

  private onTabUpdated(change: Browser.tabs.OnUpdatedInfo) {
    if (this.tabId == null) return;
    if (change.status === 'loading' && change.url) {
      // A new document: what was read describes a page that is gone.
      this.disconnect();
      this.set({
        access: 'connecting',
        status: 'idle',
        result: undefined,
        draft: undefined,
        picking: false,
        productIndex: 0,
        pageUrl: change.url,
      });
    } else if (change.status === 'complete' && !this.port) {
      void this.attach(this.tabId, true);
    }
  }

  private disconnect() {
    const port = this.port;
    this.port = null;
    try {
      port?.disconnect();
    } catch {
      // Already gone with its page.
    }
  }

  /** Shows `tabId`: reads it where allowed, else says how to allow it. */
  async attach(tabId: number, force = false): Promise<void> {
    if (!force && tabId === this.tabId && this.port) return;
    const run = ++this.attachRun;
    this.disconnect();
    this.tabId = tabId;
    this.set({
      access: 'connecting',
      status: 'idle',
      result: undefined,
      error: undefined,
      draft: undefined,
      picking: false,
      productIndex: 0,
    });
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (run !== this.attachRun) return;
    if (!tab) {
      this.set({ access: 'none' });
      return;
    }
    // Without a grant the browser hides the tab's address: an unknown url means no access yet.
    const origin = tab.url ? normaliseOrigin(tab.url) : null;
    this.set({
      pageUrl: tab.url,
      origin: origin ?? undefined,
      pageTitle: tab.title,
    });
    if (tab.url && !origin) {
      this.set({ access: 'restricted' });
      return;
    }
    const access = await this.ensureReader(tabId);
    if (run !== this.attachRun) return;
    if (access !== 'ready') {
      this.set({ access });
      return;
    }
    // Now that the tab can be read, its address is known.
    const fresh = await browser.tabs.get(tabId).catch(() => tab);
    const site = fresh.url ? normaliseOrigin(fresh.url) : origin;
    const [prefs, allowed] = await Promise.all([
      site ? getSitePrefs(site) : Promise.resolve<SitePrefs>({}),
      autoOpenSitesItem.getValue(),
    ]);
    if (run !== this.attachRun) return;
    this.set({
      pageUrl: fresh.url,
      pageTitle: fresh.title,
      origin: site ?? undefined,
      pick: prefs.pricePick ?? null,
      siteAllowed: !!site && allowed.includes(site),
    });
    // The reader's own requests to the background are answered for this tab and site only.
    if (site) await markActivated(tabId, site);
    if (run !== this.attachRun) return;
    this.connect(tabId);
  }

  private async ping(tabId: number): Promise<boolean> {
    try {
      return (await sendToTab(tabId, 'storelens:reader-ping')).reader;
    } catch {
      return false;
    }
  }

  /** Makes sure the reader runs in the tab: asks it, else injects it (toolbar grant or site permission). */
  private async ensureReader(tabId: number): Promise<PanelState['access']> {
    if (await this.ping(tabId)) return 'ready';
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: [READER_SCRIPT] });
    } catch (err) {
      return RESTRICTED.test(errorText(err)) ? 'restricted' : 'no-access';
    }
    for (let i = 0; i < INJECT_TRIES; i++) {
      if (await this.ping(tabId)) return 'ready';
      await sleep(INJECT_WAIT_MS);
    }
    return 'no-access';
  }

  private connect(tabId: number) {
    const port = browser.tabs.connect(tabId, { name: READER_PORT, frameId: 0 });
    this.port = port;
    port.onMessage.addListener((m: unknown) => {
      if (this.port === port) dispatchPort(this.fromReader, m);
    });
    port.onDisconnect.addListener(() => {
      if (this.port !== port) return;
      this.port = null;
      // The page went away (navigation, reload, closed): onUpdated attaches to the next one.
      this.set({ access: 'connecting', picking: false });
    });
    this.set({ access: 'ready', status: 'analysing' });
    this.send({ type: 'analyse', pick: this.state.pick });
  }

  /** What the reader may tell the panel over the port; `ReaderToPanel` is derived from these. */
  readonly fromReader = {
    analysing: () => this.set({ status: 'analysing' }),
    result: (m: { result: OverlayAnalysis; title: string }) => {
      const products = m.result.analysis.products.length;
      const sameUrl = this.state.result?.analysis.url === m.result.analysis.url;
      this.set({
        status: 'ready',
        result: m.result,
        error: undefined,
        pageTitle: m.title,
        pageUrl: m.result.analysis.url,
        productIndex: sameUrl ? Math.min(this.state.productIndex, Math.max(0, products - 1)) : 0,
      });
    },
    failed: (m: { error: string }) => this.set({ status: 'failed', error: m.error }),
    picked: (m: { draft: PickDraft }) =>
      this.set({ picking: false, candidates: undefined, draft: m.draft, tab: 'product' }),
    'pick-ended': () => this.set({ picking: false, candidates: undefined }),
    /** The price-like texts on the page, in page order, so the panel can offer them by keyboard. */
    'pick-candidates': (m: { candidates: string[] }) =>
      this.set({ candidates: m.candidates.map((t) => String(t).slice(0, 80)) }),
    busy: (m: { deepChecking: boolean; loadingPlatformData: boolean }) =>
      this.set({ deepChecking: m.deepChecking, loadingPlatformData: m.loadingPlatformData }),
    notice: (m: { notice: string }) => this.notify(m.notice),
  } satisfies PortHandlers;

  readonly actions: PanelActions = {
    setTab: (tab) => this.set({ tab }),
    setProduct: (productIndex) => this.set({ productIndex }),
    startPick: () => {
      this.set({ picking: true, candidates: undefined, draft: undefined });
      this.send({ type: 'start-pick' });
    },
    cancelPick: () => {
      this.set({ picking: false, candidates: undefined, draft: undefined });
      this.send({ type: 'cancel-pick' });
    },
    highlightCandidate: (index) => this.send({ type: 'highlight-candidate', index }),
    pickCandidate: (index) => this.send({ type: 'pick-candidate', index }),
    savePick: (currency) => {
      const draft = this.state.draft;
      const origin = this.state.origin;
      if (!draft || !origin) return;
      const pick = { selector: draft.selector, currency, sample: draft.text, at: Date.now() };
      this.set({ draft: undefined, pick });
      void updateSitePrefs(origin, { pricePick: pick }).then(() =>
        this.notify(
          'Saved: on this site Storelens now reads the price from the element you picked.',
        ),
      );
      this.send({ type: 'analyse', pick });
    },
    forgetPick: () => {
      const origin = this.state.origin;
      if (!origin) return;
      this.set({ pick: null });
      void updateSitePrefs(origin, { pricePick: null }).then(() =>
        this.notify('Your price pick for this site is forgotten.'),
      );
      this.send({ type: 'analyse', pick: null });
    },
    reanalyse: () => {
      if (this.port) this.send({ type: 'analyse', pick: this.state.pick });
      else if (this.tabId != null) void this.attach(this.tabId, true);
    },
    deepCheck: () => this.send({ type: 'deep-check' }),
    readLinkListeners: () => {
      const tabId = this.tabId;
      if (tabId == null || !this.port) return;
      this.set({ readingListeners: true });
      readAnchorListeners(tabId).then(
        (indices) => {
          this.set({ readingListeners: false });
          this.send({ type: 'anchor-listeners', indices });
        },
        (err: unknown) => {
          this.set({ readingListeners: false });
          this.notify(`Could not read the links’ listeners: ${errorText(err)}`);
        },
      );
    },
    loadPlatformData: () => this.send({ type: 'load-platform-data' }),
    copyJson: () => {
      const result = this.state.result;
      if (!result) return;
      navigator.clipboard.writeText(analysisJson(result)).then(
        () => this.notify('Analysis copied as JSON.'),
        () => this.notify('Copying was refused: use Download JSON instead.'),
      );
    },
    downloadJson: () => {
      const r = this.state.result;
      if (r)
        downloadFile(
          exportFileName(r.analysis.url, r.at, 'json'),
          analysisJson(r),
          'application/json',
        );
    },
    downloadCsv: () => {
      const r = this.state.result;
      if (r)
        downloadFile(
          exportFileName(r.analysis.url, r.at, 'csv'),
          analysisCsv(r),
          'text/csv;charset=utf-8',
        );
    },
    allowSite: () => {
      const origin = this.state.origin;
      if (!origin) return;
      // The permission prompt needs this click: enableAutoOpen asks before any other await.
      enableAutoOpen(origin).then(
        (granted) =>
          granted
            ? (this.set({ siteAllowed: true }),
              this.notify(
                `Storelens now analyses ${new URL(origin).hostname} as soon as you open it.`,
              ))
            : this.notify(`Access to ${new URL(origin).hostname} was not given.`),
        (err: unknown) => this.notify(`Could not ask for access (${errorText(err)}).`),
      );
    },
    forgetSite: () => {
      const origin = this.state.origin;
      if (!origin) return;
      void disableAutoOpen(origin).then(() => {
        this.set({ siteAllowed: false });
        this.notify(`${new URL(origin).hostname} is analysed again only after a toolbar click.`);
      });
    },
  };
}
