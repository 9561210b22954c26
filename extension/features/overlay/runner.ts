// The overlay's runner, the first script injected and the only one registered on auto-open
// sites: owns the state, notices SPA navigations and variant switches (handled here once), talks
// to the background, and has the background inject the overlay app (core/page analysis and the
// Preact UI), which then analyses and renders into the shadow root made here.
import { createShadowRootUi, type ContentScriptContext } from '#imports';
import type { ExtractedProduct, PageGlobals } from '../../../core/page/types.ts';
import {
  effectivePrice,
  fetchPlatformData,
  fetchServedPage,
  platformDataUrl,
  type OverlayAnalysis,
  type ServedPage,
} from '../analysis-shared.ts';
import { analysisCsv, analysisJson, exportFileName } from '../export.ts';
import { contentHandlers } from '../content-api.ts';
import type { LoadAppResult, PageSummary, ProbeResult, ToggleResult } from '../messages.ts';
import { extensionOnlyEnv, listen, send } from '../send.ts';
import { watchPage, type ChangeReason } from '../page-watch.ts';
import { robustSelector } from '../selector.ts';
import type { PricePick, SitePrefs, SitePrefsChange } from '../site-prefs.ts';
import { loadedOverlayApp, type OverlayApp } from './app-api.ts';
import { buyButtonRects, chooseDock } from './avoid.ts';
import { startPicking } from './picker.ts';
import { MARGIN, PANEL_WIDTH, type OverlayActions, type OverlayState } from './state.ts';

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p, new Promise<T>((ok) => setTimeout(() => ok(fallback), ms))]);
}

/** Mounts the overlay on the current page and keeps it in step with the page until invalidated. */
export async function runOverlay(ctx: ContentScriptContext): Promise<void> {
  // Per-site choices live in extension storage, reached through the background, which also makes
  // sure a page's overlay only touches its own site's entry.
  const prefs: SitePrefs = await send('storelens:get-site-prefs').catch(() => ({}));
  const updateSitePrefs = (change: SitePrefsChange): Promise<unknown> =>
    send('storelens:update-site-prefs', { change }).catch(() => undefined);
  let pick: PricePick | undefined = prefs.pricePick;
  let served: ServedPage | undefined;
  /** Platform products the user loaded, and the page path they belong to. */
  let platformData: { path: string; products: ExtractedProduct[] } | undefined;
  let globals: PageGlobals | null = null;
  let userPlaced = false;
  let dirty = false;
  let runId = 0;
  let stopPicking: (() => void) | null = null;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  let container: HTMLElement | null = null;
  let host: HTMLElement | null = null;
  let shadowRoot: ShadowRoot | null = null;
  let app: OverlayApp | null = loadedOverlayApp();

  let state: OverlayState = {
    visible: true,
    collapsed: prefs.collapsed ?? false,
    dock: prefs.dock ?? 'right',
    pos: null,
    tab: 'product',
    productIndex: 0,
    status: 'analysing',
    picking: false,
    hover: null,
    deepChecking: false,
    loadingPlatformData: false,
    locale: navigator.language,
  };

  const draw = () => {
    if (container && shadowRoot && app) app.render(shadowRoot, container, state, actions);
  };
  const set = (change: Partial<OverlayState>) => {
    state = { ...state, ...change };
    draw();
  };
  const notify = (notice: string) => {
    clearTimeout(noticeTimer);
    set({ notice });
    noticeTimer = setTimeout(() => set({ notice: undefined }), 5000);
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

  const sendSummary = (result: OverlayAnalysis) => {
    const { analysis } = result;
    const first = analysis.products[0];
    const price = effectivePrice(first, result.picked);
    const summary: PageSummary = {
      url: analysis.url,
      title: document.title.slice(0, 300),
      platform: analysis.platform.platform,
      confidence: analysis.platform.confidence,
      seoScore: analysis.seo.score,
      analysedAt: result.at,
    };
    if (first?.name) summary.productName = first.name.value.slice(0, 300);
    if (price) {
      summary.price = price.amount;
      summary.priceSource = price.source;
      if (price.currency) summary.currency = price.currency;
    }
    void send('storelens:summary', { summary }).catch(() => undefined);
    // The audit is kept in the extension (latest per page) so it can reach the app's SEO screen.
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

  /** Moves the docked panel away from the page's buy buttons unless the user placed it. */
  const avoidBuyButtons = () => {
    if (userPlaced || state.pos || !state.visible || state.collapsed || !container) return;
    const panel = container.querySelector('.sl-panel');
    const height = panel ? panel.getBoundingClientRect().height : 400;
    const choice = chooseDock(
      prefs.dock ?? 'right',
      { width: PANEL_WIDTH, height },
      window.innerWidth,
      buyButtonRects(document, host),
      MARGIN,
    );
    if (choice.collapse) {
      set({ collapsed: true });
      notify('Collapsed so the page’s buy button stays visible.');
    } else if (choice.side !== state.dock) set({ dock: choice.side });
  };

  const analyse = async (reason: ChangeReason | 'open' | 'user') => {
    if (!state.visible) {
      dirty = true;
      return;
    }
    const id = ++runId;
    set({ status: 'analysing' });
    if (reason === 'navigation') served = undefined;
    if (reason !== 'variant' || globals === null) globals = await probeGlobals();
    if (id !== runId || ctx.isInvalid) return;
    try {
      if (!app) return;
      const result = app.analyse(document, location.href, { globals, pick, served });
      if (platformData && platformData.path === location.pathname)
        result.platformProducts = platformData.products;
      const productIndex = Math.min(
        state.productIndex,
        Math.max(0, result.analysis.products.length - 1),
      );
      set({
        status: 'ready',
        result,
        error: undefined,
        productIndex: reason === 'navigation' ? 0 : productIndex,
      });
      sendSummary(result);
      requestAnimationFrame(avoidBuyButtons);
    } catch (err) {
      set({
        status: 'failed',
        error: `Storelens could not analyse this page (${err instanceof Error ? err.message : String(err)}). Press ↻ once the page has finished loading.`,
      });
    }
  };

  const download = (name: string, content: string, type: string) => {
    if (!container) return;
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    container.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  };

  const copyText = async (text: string): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // The page's permissions policy may block the async clipboard: fall back to a selection.
      if (!container) return false;
      const ta = document.createElement('textarea');
      ta.value = text;
      container.append(ta);
      ta.select();
      const ok = document.execCommand('copy');
      ta.remove();
      return ok;
    }
  };

  const clampPos = (x: number, y: number) => {
    const panel = container?.querySelector('.sl-panel')?.getBoundingClientRect();
    const w = panel?.width ?? PANEL_WIDTH;
    const h = panel?.height ?? 40;
    return {
      x: Math.round(Math.min(Math.max(0, x), Math.max(0, window.innerWidth - w))),
      y: Math.round(Math.min(Math.max(0, y), Math.max(0, window.innerHeight - Math.min(h, 40)))),
    };
  };

  const endPicking = () => {
    stopPicking?.();
    stopPicking = null;
  };

  const actions: OverlayActions = {
    setTab: (tab) => set({ tab }),
    setProduct: (productIndex) => set({ productIndex }),
    toggleCollapsed: () => {
      set({ collapsed: !state.collapsed });
      void updateSitePrefs({ collapsed: state.collapsed });
      if (!state.collapsed) requestAnimationFrame(avoidBuyButtons);
    },
    collapse: () => {
      set({ collapsed: true });
      void updateSitePrefs({ collapsed: true });
    },
    switchDock: () => {
      userPlaced = true;
      const dock = state.dock === 'right' ? 'left' : 'right';
      prefs.dock = dock;
      set({ dock, pos: null });
      void updateSitePrefs({ dock });
    },
    close: () => {
      endPicking();
      set({ visible: false, picking: false, hover: null });
    },
    moveTo: (x, y) => {
      userPlaced = true;
      set({ pos: clampPos(x, y) });
    },
    moveBy: (dx, dy) => {
      userPlaced = true;
      const r = container?.querySelector('.sl-panel')?.getBoundingClientRect();
      set({ pos: clampPos((r?.left ?? 0) + dx, (r?.top ?? 0) + dy) });
    },
    startPick: () => {
      if (!host) return;
      endPicking();
      set({ picking: true, draft: undefined, hover: null });
      stopPicking = startPicking(document, host, {
        onHover: (r) =>
          set({ hover: r && { left: r.left, top: r.top, right: r.right, bottom: r.bottom } }),
        onPick: (el) => {
          endPicking();
          const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
          const known =
            state.result?.analysis.products[0]?.currency?.value ??
            state.result?.analysis.platform.currency;
          const parsed = app?.parsePrice(text, pick?.currency ?? known);
          set({
            picking: false,
            hover: null,
            tab: 'product',
            collapsed: false,
            draft: {
              selector: robustSelector(el),
              text,
              amount: parsed?.amount ?? null,
              currency: parsed?.currency ?? pick?.currency ?? known ?? '',
            },
          });
        },
        onCancel: () => actions.cancelPick(),
      });
    },
    cancelPick: () => {
      endPicking();
      set({ picking: false, hover: null, draft: undefined });
    },
    savePick: (currency) => {
      const draft = state.draft;
      if (!draft) return;
      pick = { selector: draft.selector, currency, sample: draft.text, at: Date.now() };
      set({ draft: undefined });
      void updateSitePrefs({ pricePick: pick }).then(() =>
        notify('Saved: on this site Storelens now reads the price from the element you picked.'),
      );
      void analyse('user');
    },
    forgetPick: () => {
      pick = undefined;
      void updateSitePrefs({ pricePick: null }).then(() =>
        notify('Your price pick for this site is forgotten.'),
      );
      void analyse('user');
    },
    reanalyse: () => void analyse('user'),
    deepCheck: () => {
      set({ deepChecking: true });
      fetchServedPage(location.href, ctx.signal).then(
        (page) => {
          served = page;
          set({ deepChecking: false });
          void analyse('user');
        },
        (err: unknown) => {
          set({ deepChecking: false });
          notify(
            `Could not fetch this page as served (${err instanceof Error ? err.message : String(err)}). Try again later.`,
          );
        },
      );
    },
    loadPlatformData: () => {
      const analysis = state.result?.analysis;
      const endpoint = analysis && platformDataUrl(analysis.platform.platform, location.href);
      if (!analysis || !endpoint || !app) return;
      const path = location.pathname;
      set({ loadingPlatformData: true });
      fetchPlatformData(endpoint, ctx.signal)
        .then((json) => {
          const currency = analysis.platform.currency ?? analysis.products[0]?.currency?.value;
          const products =
            app?.fromPlatformData(analysis.platform.platform, json, location.href, currency) ?? [];
          platformData = { path, products };
          set({ loadingPlatformData: false });
          if (products.length === 0)
            notify('The store’s product data had no product for this page.');
          void analyse('user');
        })
        .catch((err: unknown) => {
          set({ loadingPlatformData: false });
          notify(
            `Could not load the store’s product data (${err instanceof Error ? err.message : String(err)}).`,
          );
        });
    },
    copyJson: () => {
      if (!state.result) return;
      void copyText(analysisJson(state.result)).then((ok) =>
        notify(
          ok ? 'Analysis copied as JSON.' : 'This page blocks copying: use Download JSON instead.',
        ),
      );
    },
    downloadJson: () => {
      if (!state.result) return;
      download(
        exportFileName(state.result.analysis.url, state.result.at, 'json'),
        analysisJson(state.result),
        'application/json',
      );
    },
    downloadCsv: () => {
      if (!state.result) return;
      download(
        exportFileName(state.result.analysis.url, state.result.at, 'csv'),
        analysisCsv(state.result),
        'text/csv;charset=utf-8',
      );
    },
  };

  const shadowUi = await createShadowRootUi(ctx, {
    name: 'storelens-overlay',
    position: 'inline',
    // On <html>, not <body>: frameworks that replace the body keep the overlay, and page rules
    // like `body > *` never match its host.
    anchor: 'html',
    append: 'last',
    onMount: (uiContainer, shadow, shadowHost) => {
      container = uiContainer;
      shadowRoot = shadow;
      host = shadowHost;
      draw();
    },
    onRemove: () => {
      if (container) app?.unmount(container);
    },
  });
  shadowUi.mount();
  if (!app) {
    const reply = await send('storelens:load-app').catch((err: unknown): LoadAppResult => ({
      ok: false,
      error: err instanceof Error ? err.message : String(err),
    }));
    app = loadedOverlayApp();
    if (!app) {
      // Without the app there is nothing to show; leave the page as it was and say why to anyone
      // debugging (the background could not inject into this frame).
      console.warn(
        `Storelens could not load its overlay on this page (${reply.ok ? 'unknown error' : reply.error}).`,
      );
      shadowUi.remove();
      return;
    }
    draw();
  }
  ctx.onInvalidated(endPicking);

  const toggle = (): ToggleResult => {
    if (!state.visible) {
      set({ visible: true, collapsed: false });
      if (dirty || !state.result) {
        dirty = false;
        void analyse('navigation');
      }
    } else if (state.collapsed) set({ collapsed: false });
    else actions.close();
    return { visible: state.visible };
  };
  ctx.onInvalidated(listen(contentHandlers({ toggle }), extensionOnlyEnv()));

  watchPage(window, ctx.signal, (reason) => void analyse(reason), { ignore: () => host });
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  ctx.addEventListener(window, 'resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(avoidBuyButtons, 200);
  });

  await analyse('open');
}
