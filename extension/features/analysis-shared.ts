// What the page reader and the side panel need to know about an analysis without loading core/page: the result
// shapes, the price to show, and the user-requested fetch of the page as served.
import type { ExtractedProduct, PageAnalysis } from '../../core/page/types.ts';

const MAX_RAW_HTML = 5_000_000;

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
  /** Products from the platform's own endpoint, fetched when the user asked for them. */
  platformProducts?: ExtractedProduct[];
  picked?: PickedPrice;
  served?: ServedPage;
  /** True once the links' script listeners were read (DevTools protocol, on the user's request). */
  anchorListenersChecked?: boolean;
  at: number;
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

/** The platform's own product endpoint for this page, on the page's origin; null when there is none. */
export function platformDataUrl(platform: string, pageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  if (platform === 'shopify') {
    // Product pages also live under collections: /collections/x/products/handle.
    const m = url.pathname.match(/\/products\/([^/?#.]+)/);
    return m ? `${url.origin}/products/${m[1]}.js` : null;
  }
  if (platform === 'woocommerce') {
    const slug = url.pathname.split('/').filter(Boolean).pop();
    return slug
      ? `${url.origin}/wp-json/wc/store/v1/products?slug=${encodeURIComponent(slug)}`
      : null;
  }
  return null;
}

const MAX_PLATFORM_JSON = 2_000_000;

/** Fetches the platform's product data from the page's own origin (on the user's request). */
export async function fetchPlatformData(url: string, signal?: AbortSignal): Promise<string> {
  const timeout = AbortSignal.timeout(10_000);
  const res = await fetch(url, {
    credentials: 'include',
    headers: { accept: 'application/json' },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (!res.ok) throw new Error(`the store answered HTTP ${res.status} at ${new URL(url).pathname}`);
  const text = await res.text();
  if (text.length > MAX_PLATFORM_JSON)
    throw new Error('the store sent more product data than Storelens reads (2 MB)');
  return text;
}
