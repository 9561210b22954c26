// The page reader, the content script in the analysed tab. It reads the page (core/page, loaded
// as a second script), notices SPA navigations and variant switches, runs the element picker, and
// sends what it read to the side panel over a private port. It holds nothing of the manager's own
// data and shows nothing in the page but the picker's highlight.
import { browser, type Browser, type ContentScriptContext } from '#imports';
import type { ExtractedProduct, PageGlobals } from '../../../core/page/types.ts';
import {
  fetchPlatformData,
  fetchServedPage,
  platformDataUrl,
  type OverlayAnalysis,
  type ServedPage,
} from '../analysis-shared.ts';
import { readerHandlers } from '../content-api.ts';
import type { LoadAppResult, ProbeResult } from '../messages.ts';
import { extensionOnlyEnv, listen, send } from '../send.ts';
import { watchPage, type ChangeReason } from '../page-watch.ts';
import { robustSelector } from '../selector.ts';
import type { PricePick } from '../site-prefs.ts';
import { loadedReaderApp, type ReaderApp } from './app-api.ts';
import { priceCandidates, startPicking, type Picking } from './picker.ts';
import { dispatchPort, READER_PORT, type PortHandlers, type ReaderToPanel } from './protocol.ts';

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p, new Promise<T>((ok) => setTimeout(() => ok(fallback), ms))]);
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts the reader in this frame; it answers panels until the script is invalidated. Returns its
 * port handlers (their type is the panel → reader protocol).
 */
export function runReader(ctx: ContentScriptContext) {
  const ports = new Set<Browser.runtime.Port>();
  let app: ReaderApp | null = loadedReaderApp();
  let pick: PricePick | null = null;
  let served: ServedPage | undefined;
  let anchorListeners: number[] | undefined;
  let platformData: { path: string; products: ExtractedProduct[] } | undefined;
  let globals: PageGlobals | null = null;
  let last: OverlayAnalysis | undefined;
  let runId = 0;
  let picking: Picking | null = null;
  // While picking: the price-like elements offered to the keyboard, and what a choice does.
  let candidates: Element[] = [];
  let chooseCandidate: ((el: Element) => void) | null = null;
  let deepChecking = false;
  let loadingPlatformData = false;

  const post = (m: ReaderToPanel) => {
    for (const p of ports) {
      try {
        p.postMessage(m);
      } catch {
        ports.delete(p);
      }
    }
  };
  const busy = () => post({ type: 'busy', deepChecking, loadingPlatformData });

  const loadApp = async (): Promise<ReaderApp | null> => {
    if (app) return app;
    const reply = await send('storelens:load-app').catch((err: unknown): LoadAppResult => ({
      ok: false,
      error: errorText(err),
    }));
    app = loadedReaderApp();
    if (!app)
      post({
        type: 'failed',
        error: `Storelens could not load its page reader here (${reply.ok ? 'unknown error' : reply.error}).`,
      });
    return app;
  };

  const probeGlobals = async (): Promise<PageGlobals | null> => {
    try {
      const reply = await withTimeout<ProbeResult>(
        send('storelens:probe-globals'),
        PROBE_TIMEOUT_MS,
        { globals: null },
      );
      return reply.globals;
    } catch {
      return null;
    }
  };

  /** Keeps the SEO audit in the extension (latest per page) so it can reach the app's SEO screen. */
  const saveAudit = (result: OverlayAnalysis) => {
    const { analysis } = result;
    const findings = [...analysis.seo.findings, ...analysis.merchant].map((f) => ({
      id: f.id,
      status: f.status,
      title: f.title,
      detail: f.detail,
      fix: f.fix,
    }));
    void send('bridge:save-audit', {
      audit: { url: analysis.url, score: analysis.seo.score, findings },
    }).catch(() => undefined);
  };

  const analyse = async (reason: ChangeReason | 'open' | 'user') => {
    // No panel is looking: the next one to connect asks for an analysis itself.
    if (ports.size === 0) return;
    const id = ++runId;
    post({ type: 'analysing' });
    if (reason === 'navigation') {
      served = undefined;
      anchorListeners = undefined;
    }
    const reader = await loadApp();
    if (!reader) return;
    if (reason !== 'variant' || globals === null) globals = await probeGlobals();
    if (id !== runId || ctx.isInvalid) return;
    try {
      // In tasks of a few ms: the storefront stays responsive while a large page is read.
      const result = await reader.analyseStaged(document, location.href, {
        globals,
        ...(pick ? { pick } : {}),
        ...(served ? { served } : {}),
        ...(anchorListeners ? { anchorListeners } : {}),
      });
      // A newer analysis started while this one yielded (navigation, variant switch): it answers.
      if (id !== runId || ctx.isInvalid) return;
      if (platformData && platformData.path === location.pathname)
        result.platformProducts = platformData.products;
      last = result;
      post({ type: 'result', result, title: document.title.slice(0, 300) });
      saveAudit(result);
    } catch (err) {
      post({
        type: 'failed',
        error: `Storelens could not analyse this page (${errorText(err)}). Press ↻ once the page has finished loading.`,
      });
    }
  };

  const endPicking = () => {
    picking?.stop();
    picking = null;
    candidates = [];
  };

  const startPick = async () => {
    endPicking();
    const reader = await loadApp();
    if (!reader) return;
    const choose = (el: Element) => {
      endPicking();
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
      const known = last?.analysis.products[0]?.currency?.value ?? last?.analysis.platform.currency;
      const parsed = reader.parsePrice(text, pick?.currency ?? known);
      post({
        type: 'picked',
        draft: {
          selector: robustSelector(el),
          text,
          amount: parsed?.amount ?? null,
          currency: parsed?.currency ?? pick?.currency ?? known ?? '',
        },
      });
    };
    picking = startPicking(document, {
      onPick: choose,
      onCancel: () => {
        endPicking();
        post({ type: 'pick-ended' });
      },
    });
    chooseCandidate = choose;
    candidates = priceCandidates(document);
    post({
      type: 'pick-candidates',
      candidates: candidates.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()),
    });
  };

  const deepCheck = () => {
    deepChecking = true;
    busy();
    fetchServedPage(location.href, ctx.signal).then(
      (page) => {
        served = page;
        deepChecking = false;
        busy();
        void analyse('user');
      },
      (err: unknown) => {
        deepChecking = false;
        busy();
        post({
          type: 'notice',
          notice: `Could not fetch this page as served (${errorText(err)}). Try again later.`,
        });
      },
    );
  };

  const loadPlatformData = async () => {
    const analysis = last?.analysis;
    const endpoint = analysis && platformDataUrl(analysis.platform.platform, location.href);
    const reader = await loadApp();
    if (!analysis || !endpoint || !reader) return;
    const path = location.pathname;
    loadingPlatformData = true;
    busy();
    try {
      const json = await fetchPlatformData(endpoint, ctx.signal);
      const currency = analysis.platform.currency ?? analysis.products[0]?.currency?.value;
      const products = reader.fromPlatformData(
        analysis.platform.platform,
        json,
        location.href,
        currency,
      );
      platformData = { path, products };
      if (products.length === 0)
        post({ type: 'notice', notice: 'The store’s product data had no product for this page.' });
      void analyse('user');
    } catch (err) {
      post({
        type: 'notice',
        notice: `Could not load the store’s product data (${errorText(err)}).`,
      });
    } finally {
      loadingPlatformData = false;
      busy();
    }
  };

  /** What the panel may ask over the port; `PanelToReader` is derived from these. */
  const fromPanel = {
    /** Analyse the page now, reading the price from `pick` when the user picked one for the site. */
    analyse: (m: { pick: PricePick | null }) => {
      pick = m.pick && typeof m.pick.selector === 'string' ? m.pick : null;
      void analyse('user');
    },
    /** Enter pick mode in the page ("click the price"). */
    'start-pick': () => void startPick(),
    'cancel-pick': () => {
      endPicking();
      post({ type: 'pick-ended' });
    },
    /** While picking, from the panel's keyboard list: outline candidate `index`… */
    'highlight-candidate': (m: { index: number }) => {
      const el = Number.isInteger(m.index) ? candidates[m.index] : undefined;
      picking?.highlight(el ?? null);
    },
    /** …or choose it. */
    'pick-candidate': (m: { index: number }) => {
      const el = Number.isInteger(m.index) ? candidates[m.index] : undefined;
      if (el && picking) chooseCandidate?.(el);
    },
    /** Fetch the page as served and robots.txt (same origin, on the user's request). */
    'deep-check': () => deepCheck(),
    /** Load the platform's own product data (Shopify .js, WooCommerce Store API). */
    'load-platform-data': () => void loadPlatformData(),
    /** Which links scripts listen to (indices of the page's anchors), read by the panel. */
    'anchor-listeners': (m: { indices: number[] }) => {
      if (!Array.isArray(m.indices)) return;
      anchorListeners = m.indices.filter((i) => Number.isInteger(i) && i >= 0);
      void analyse('user');
    },
  } satisfies PortHandlers;
  const onPortMessage = (raw: unknown) => dispatchPort(fromPanel, raw);

  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== READER_PORT) return;
    // Only our own extension pages can open this port (tabs.connect); checked anyway.
    if (port.sender?.id !== undefined && port.sender.id !== browser.runtime.id) {
      port.disconnect();
      return;
    }
    ports.add(port);
    port.onMessage.addListener(onPortMessage);
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      if (ports.size === 0) endPicking();
    });
  };
  browser.runtime.onConnect.addListener(onConnect);

  const stopListening = listen(readerHandlers, extensionOnlyEnv());

  ctx.onInvalidated(() => {
    endPicking();
    browser.runtime.onConnect.removeListener(onConnect);
    stopListening();
    for (const p of ports) p.disconnect();
    ports.clear();
  });

  watchPage(window, ctx.signal, (reason) => void analyse(reason), {
    ignore: () => document.querySelector('storelens-picker'),
  });
  return { fromPanel };
}
