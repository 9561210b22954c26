// The offscreen document's messages (Chrome: the MV3 service worker has no DOMParser, so tracked
// pages' HTML is parsed and read with core/page there). Scripts in the parsed HTML never run
// (DOMParser documents are inert); only plain product data goes back.
import { extractProducts } from '../../../core/page/index.ts';
import { z } from '../../../core/schema/common.ts';
import { handler } from '../messages.ts';

export const offscreenHandlers = {
  /** Background → offscreen document: the products in a tracked page's HTML. */
  'offscreen:extract': handler({
    from: ['extension'],
    input: z.object({
      html: z.string(),
      url: z.string(),
      extras: z.object({ currencyHint: z.string().max(8).optional() }).optional(),
    }),
    run: ({ html, url, extras }) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const currencyHint = extras?.currencyHint;
      return { products: extractProducts(doc, url, currencyHint ? { currencyHint } : {}) };
    },
  }),
};

export type OffscreenApi = typeof offscreenHandlers;
