import { defineUnlistedScript } from '#imports';
import { h, render } from 'preact';
import {
  parsePrice,
  productsFromShopifyJson,
  productsFromWooStoreApi,
} from '../../core/page/index.ts';
import { analyseDocument } from '../features/analysis.ts';
import css from '../features/overlay/overlay.css?inline';
import { App } from '../features/overlay/App.tsx';
import { OVERLAY_APP_KEY, type OverlayApp } from '../features/overlay/app-api.ts';

// The overlay app (core/page analysis, Preact UI, stylesheet), injected by the background right
// after the small runner, so what is injected first stays small. It hands its functions to the
// runner and does nothing else on its own.
export default defineUnlistedScript(() => {
  const app: OverlayApp = {
    analyse: analyseDocument,
    parsePrice,
    fromPlatformData(platform, json, pageUrl, currency) {
      if (platform === 'shopify') return productsFromShopifyJson(json, pageUrl, currency);
      if (platform === 'woocommerce') return productsFromWooStoreApi(json, pageUrl);
      return [];
    },
    render(shadow, container, state, actions) {
      if (!shadow.querySelector('style[data-storelens]')) {
        const style = document.createElement('style');
        style.dataset.storelens = '';
        style.textContent = css;
        shadow.prepend(style);
      }
      render(h(App, { state, actions }), container);
    },
    unmount(container) {
      render(null, container);
    },
  };
  (globalThis as Record<string, unknown>)[OVERLAY_APP_KEY] = app;
});
