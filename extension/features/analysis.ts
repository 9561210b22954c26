// Runs core/page on the live document and folds in what only the extension knows: the page
// globals read in the main world, the price element the user picked for this site, and (only on
// the user's request) the page as served plus robots.txt.
import { analyzePage, parsePrice } from '../../core/page/index.ts';
import type {
  ExtractedProduct,
  PageAnalysis,
  PageExtras,
  PageGlobals,
} from '../../core/page/types.ts';
import type { PricePick } from './settings.ts';

/** The price read from the element the user picked, with the currency they set. */
export interface PickedPrice {
  amount: number | null;
  currency: string;
  text: string;
  selector: string;
  /** Why the pick gave no amount (element gone, no number in it). */
  problem?: string;
}

/** What the page looked like from the server, fetched only when the user asks for it. */
export interface ServedPage {
  status: number;
  headers: Record<string, string>;
  rawHtml: string;
  robotsTxt?: string;
  robotsTxtStatus?: number;
}

export interface OverlayAnalysis {
  analysis: PageAnalysis;
  picked?: PickedPrice;
  served?: ServedPage;
  at: number;
}

const MAX_RAW_HTML = 5_000_000;

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

/** Analyses the document; never throws (a broken page gives an empty analysis and the reason). */
export function analyseDocument(
  doc: Document,
  url: string,
  opts: { globals?: PageGlobals | null; pick?: PricePick; served?: ServedPage; now?: number },
): OverlayAnalysis {
  const now = opts.now ?? Date.now();
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
  const cookieNames = cookiesOf(doc);
  if (cookieNames.length) extras.cookies = cookieNames;
  const analysis = analyzePage(doc, url, extras);
  const result: OverlayAnalysis = { analysis, at: now };
  if (opts.pick) result.picked = readPickedPrice(doc, opts.pick);
  if (opts.served) result.served = opts.served;
  return result;
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

/** Fetches the page as served and robots.txt from the page's own origin (user-requested). */
export async function fetchServedPage(url: string, signal?: AbortSignal): Promise<ServedPage> {
  const timeout = AbortSignal.timeout(10_000);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const res = await fetch(url, { cache: 'force-cache', credentials: 'include', signal: both });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => (headers[key] = value));
  const rawHtml = (await res.text()).slice(0, MAX_RAW_HTML);
  const served: ServedPage = { status: res.status, headers, rawHtml };
  try {
    const robots = await fetch(new URL('/robots.txt', url).href, {
      cache: 'force-cache',
      signal: both,
    });
    served.robotsTxtStatus = robots.status;
    if (robots.ok) served.robotsTxt = (await robots.text()).slice(0, 500_000);
  } catch {
    // robots.txt unreachable: the audit reports it as unknown.
  }
  return served;
}

/** The price to show and export for a product: the user's pick beats extraction. */
export function effectivePrice(
  product: ExtractedProduct | undefined,
  picked: PickedPrice | undefined,
): { amount: number; currency?: string; source: string } | null {
  if (picked && picked.amount != null)
    return { amount: picked.amount, currency: picked.currency, source: 'user-pick' };
  if (!product?.price) return null;
  const out: { amount: number; currency?: string; source: string } = {
    amount: product.price.value,
    source: product.price.source,
  };
  if (product.currency) out.currency = product.currency.value;
  return out;
}
