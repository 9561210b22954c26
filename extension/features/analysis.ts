// Runs core/page on the live document and folds in what only the extension knows: the page
// globals read in the main world, the price element the user picked for this site, and (only on
// the user's request) the page as served plus robots.txt. Loaded as the reader app, not with
// the first-injected reader, because core/page is most of its weight.
import { analyzePage, analyzePageStaged, parsePrice } from '../../core/page/index.ts';
import type { PageAnalysis, PageExtras, PageGlobals } from '../../core/page/types.ts';
import type { OverlayAnalysis, PickedPrice, ServedPage } from './analysis-shared.ts';
import type { PricePick } from './site-prefs.ts';

/** Reads the picked element's price; the currency set by the user wins over any symbol. */
export function readPickedPrice(doc: Document, pick: PricePick): PickedPrice {
  let el: Element | null = null;
  try {
    el = doc.querySelector(pick.selector);
  } catch {
    // A selector saved by an older version may no longer parse.
  }
  if (!el) {
    return {
      amount: null,
      currency: pick.currency,
      text: '',
      selector: pick.selector,
      problem: 'The picked price element is not on this page. Pick the price again.',
    };
  }
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  const parsed = parsePrice(text, pick.currency);
  if (!parsed) {
    return {
      amount: null,
      currency: pick.currency,
      text,
      selector: pick.selector,
      problem: 'No price in the picked element. Pick the element that shows the number.',
    };
  }
  return { amount: parsed.amount, currency: pick.currency, text, selector: pick.selector };
}

export interface AnalyseOptions {
  globals?: PageGlobals | null;
  pick?: PricePick;
  served?: ServedPage;
  /**
   * Indices (in document order) of the page's `<a>` elements that a script listens to, as the
   * DevTools protocol reports them; without them such links "could not be judged".
   */
  anchorListeners?: number[];
  now?: number;
}

function extrasOf(doc: Document, opts: AnalyseOptions, now: number): PageExtras {
  const extras: PageExtras = { now };
  if (opts.globals) extras.globals = opts.globals;
  if (opts.pick) extras.currencyHint = opts.pick.currency;
  if (opts.served) {
    extras.status = opts.served.status;
    extras.headers = opts.served.headers;
    extras.rawHtml = opts.served.rawHtml;
    if (opts.served.robotsTxt !== undefined) extras.robotsTxt = opts.served.robotsTxt;
    if (opts.served.robotsTxtStatus !== undefined)
      extras.robotsTxtStatus = opts.served.robotsTxtStatus;
  }
  if (opts.anchorListeners) extras.anchorListeners = opts.anchorListeners;
  const cookieNames = cookiesOf(doc);
  if (cookieNames.length) extras.cookies = cookieNames;
  return extras;
}

function overlayResult(
  doc: Document,
  analysis: PageAnalysis,
  opts: AnalyseOptions,
  now: number,
): OverlayAnalysis {
  const result: OverlayAnalysis = { analysis, at: now };
  if (opts.pick) result.picked = readPickedPrice(doc, opts.pick);
  if (opts.served) result.served = opts.served;
  if (opts.anchorListeners) result.anchorListenersChecked = true;
  return result;
}

/** Analyses the document; never throws (a broken page gives an empty analysis and the reason). */
export function analyseDocument(doc: Document, url: string, opts: AnalyseOptions): OverlayAnalysis {
  const now = opts.now ?? Date.now();
  return overlayResult(doc, analyzePage(doc, url, extrasOf(doc, opts, now)), opts, now);
}

/**
 * analyseDocument in tasks of a few ms, giving the storefront its main thread back between them
 * (the reader's path: a 1 MB page no longer blocks the page for the whole analysis). Same result.
 */
export async function analyseDocumentStaged(
  doc: Document,
  url: string,
  opts: AnalyseOptions,
): Promise<OverlayAnalysis> {
  const now = opts.now ?? Date.now();
  const analysis = await analyzePageStaged(doc, url, extrasOf(doc, opts, now));
  return overlayResult(doc, analysis, opts, now);
}

function cookiesOf(doc: Document): string[] {
  try {
    return doc.cookie
      .split(';')
      .map((c) => c.split('=')[0]?.trim() ?? '')
      .filter(Boolean)
      .slice(0, 100);
  } catch {
    return [];
  }
}
