import { defineUnlistedScript } from '#imports';
import {
  parsePrice,
  productsFromShopifyJson,
  productsFromWooStoreApi,
} from '../../core/page/index.ts';
import { analyseDocument, analyseDocumentStaged } from '../features/analysis.ts';
import { READER_APP_KEY, type ReaderApp } from '../features/reader/app-api.ts';

// The reader app (core/page analysis), injected by the background right after the small reader,
// so what is injected first stays small. It hands its functions to the reader and does nothing
// else on its own. No UI: the analysis is shown in the side panel, an extension page.
export default defineUnlistedScript(() => {
  const app: ReaderApp = {
    analyse: analyseDocument,
    analyseStaged: analyseDocumentStaged,
    parsePrice,
    fromPlatformData(platform, json, pageUrl, currency) {
      if (platform === 'shopify') return productsFromShopifyJson(json, pageUrl, currency);
      if (platform === 'woocommerce') return productsFromWooStoreApi(json, pageUrl);
      return [];
    },
  };
  (globalThis as Record<string, unknown>)[READER_APP_KEY] = app;
});
