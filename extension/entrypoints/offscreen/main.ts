// Chrome's offscreen document: the MV3 service worker has no DOMParser, so tracked pages' HTML is
// parsed and read with core/page here. Scripts in the parsed HTML never run (DOMParser documents
// are inert); only plain product data goes back.
import { browser } from '#imports';
import { extractProducts } from '../../../core/page/index.ts';
import type { PageExtras } from '../../../core/page/types.ts';

interface ExtractRequest {
  type: 'offscreen:extract';
  html: string;
  url: string;
  extras?: PageExtras;
}

browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse) => {
  const m = message as Partial<ExtractRequest> | null;
  if (m?.type !== 'offscreen:extract' || typeof m.html !== 'string' || typeof m.url !== 'string')
    return false;
  const doc = new DOMParser().parseFromString(m.html, 'text/html');
  const currencyHint =
    typeof m.extras?.currencyHint === 'string' ? m.extras.currencyHint : undefined;
  sendResponse({ products: extractProducts(doc, m.url, currencyHint ? { currencyHint } : {}) });
  return false;
});
