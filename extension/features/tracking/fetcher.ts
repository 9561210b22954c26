// Fetching a tracked product for a re-check: the platform's own JSON where there is one
// (Shopify `/products/<handle>.js`, the WooCommerce Store API), else the page's HTML, parsed
// wherever a DOM exists and read with core/page. Every failure comes back as a reason in words.
import { productsFromShopifyJson, productsFromWooStoreApi } from '../../../core/page/index.ts';
import type { ExtractedProduct } from '../../../core/page/types.ts';
import type { Availability, TrackedProduct } from '../../../core/schema/competitive.ts';
import { toMinor } from '../../../core/tracking/index.ts';

export interface FetchPlan {
  /** One request serves every tracked variant of the same product: jobs are grouped by this key. */
  key: string;
  kind: 'shopify-js' | 'woo-store-api' | 'html';
  url: string;
  pageUrl: string;
  domain: string;
}

/** Where to read a tracked product from. */
export function planFetch(p: Pick<TrackedProduct, 'url' | 'platform'>): FetchPlan {
  const u = new URL(p.url);
  const page = `${u.origin}${u.pathname}`;
  const base = { pageUrl: p.url, domain: u.hostname };
  const shopify = /\/products\/([^/?#.]+)\/?$/.exec(u.pathname);
  if (p.platform === 'shopify' && shopify) {
    const url = `${u.origin}/products/${shopify[1]}.js`;
    return { ...base, key: url, kind: 'shopify-js', url };
  }
  const slug = /\/([^/]+)\/?$/.exec(u.pathname)?.[1];
  if (p.platform === 'woocommerce' && slug) {
    const url = `${u.origin}/wp-json/wc/store/v1/products?slug=${encodeURIComponent(slug)}`;
    return { ...base, key: url, kind: 'woo-store-api', url };
  }
  return { ...base, key: page + u.search, kind: 'html', url: p.url };
}

/** Parses HTML into products (offscreen document on Chrome, the background page on Firefox). */
export type HtmlExtractor = (
  html: string,
  url: string,
  currencyHint?: string,
) => Promise<ExtractedProduct[]>;

export type FetchOutcome =
  | { ok: true; products: ExtractedProduct[]; via: 'platform-json' | 'html' }
  | { ok: false; reason: string; status?: number; retryAfterMs?: number };

export interface FetchOptions {
  timeoutMs: number;
  extract: HtmlExtractor;
  currencyHint?: string;
  /** Waited before a second request (the HTML after a failed platform JSON) to the same shop. */
  pause: () => Promise<void>;
  fetchImpl?: typeof fetch;
}

function retryAfter(h: string | null, now: number): number | undefined {
  if (!h) return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(h);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function httpReason(status: number, domain: string): string {
  if (status === 404 || status === 410)
    return `HTTP ${status}: ${domain} says the page is gone. The product may have been removed or moved; open it to check, or stop tracking it.`;
  if (status === 401 || status === 403 || status === 429)
    return `HTTP ${status}: ${domain} refused the request. Storelens waits longer before trying again.`;
  if (status >= 500)
    return `HTTP ${status}: ${domain} had a server error. Storelens retries later.`;
  return `HTTP ${status}: ${domain} did not return the page. Storelens retries later.`;
}

async function get(
  url: string,
  domain: string,
  o: FetchOptions,
): Promise<{ ok: true; text: string; type: string } | Extract<FetchOutcome, { ok: false }>> {
  const f = o.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await f(url, {
      signal: AbortSignal.timeout(o.timeoutMs),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      headers: { accept: 'text/html,application/json;q=0.9,*/*;q=0.5' },
    });
  } catch (err) {
    const name = (err as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return {
        ok: false,
        reason: `No answer from ${domain} within ${Math.round(o.timeoutMs / 1000)} s. Storelens retries later.`,
      };
    return {
      ok: false,
      reason: `Could not reach ${domain} (${err instanceof Error ? err.message : String(err)}). Check the connection; Storelens retries later.`,
    };
  }
  if (!res.ok) {
    void res.body?.cancel().catch(() => undefined);
    const out: Extract<FetchOutcome, { ok: false }> = {
      ok: false,
      status: res.status,
      reason: httpReason(res.status, domain),
    };
    const ra = retryAfter(res.headers.get('retry-after'), Date.now());
    if (ra !== undefined) out.retryAfterMs = ra;
    return out;
  }
  try {
    // Cap what is read: a product page over 8 MB is not a product page.
    const text = await res.text();
    if (text.length > 8_000_000)
      return {
        ok: false,
        reason: `The page on ${domain} is larger than 8 MB; Storelens does not read it.`,
      };
    return { ok: true, text, type: res.headers.get('content-type') ?? '' };
  } catch (err) {
    const name = (err as { name?: string } | null)?.name;
    return {
      ok: false,
      reason:
        name === 'TimeoutError' || name === 'AbortError'
          ? `${domain} stopped sending the page within ${Math.round(o.timeoutMs / 1000)} s. Storelens retries later.`
          : `The answer from ${domain} could not be read. Storelens retries later.`,
    };
  }
}

/** Fetches and extracts the products of a plan; platform JSON falls back to the HTML page when it is missing. */
export async function fetchProducts(plan: FetchPlan, o: FetchOptions): Promise<FetchOutcome> {
  if (plan.kind !== 'html') {
    const r = await get(plan.url, plan.domain, o);
    if (r.ok) {
      let json: unknown;
      try {
        json = JSON.parse(r.text);
      } catch {
        json = undefined;
      }
      const products =
        json === undefined
          ? []
          : plan.kind === 'shopify-js'
            ? productsFromShopifyJson(json, plan.pageUrl, o.currencyHint)
            : productsFromWooStoreApi(json, plan.pageUrl);
      if (products.length > 0) return { ok: true, products, via: 'platform-json' };
    } else if (r.status === undefined || r.status !== 404) {
      // A timeout or a refusal will not be better for the HTML page: do not knock twice.
      return r;
    }
    await o.pause();
  }
  const page = await get(plan.pageUrl, plan.domain, o);
  if (!page.ok) return page;
  const products = await o.extract(page.text, plan.pageUrl, o.currencyHint);
  if (products.length === 0)
    return {
      ok: false,
      reason: `The page on ${plan.domain} shows no product Storelens can read (no product data, markup or visible price). It may have changed; open it to check.`,
    };
  return { ok: true, products, via: 'html' };
}

/** The price, was-price, currency and stock of one tracked product (or variant) among extracted products. */
export interface Observed {
  price: number | null;
  wasPrice: number | null;
  currency: string | null;
  availability: Availability;
}

/** Picks the tracked product's (or variant's) values out of extracted products; prices become minor units. */
export function observe(
  products: ExtractedProduct[],
  tracked: Pick<TrackedProduct, 'variantId' | 'sku' | 'gtin' | 'url'>,
  fallbackCurrency: string | null,
): Observed | null {
  const minor = (major: number | undefined, cur: string | null) =>
    major === undefined || !Number.isFinite(major) || !cur ? null : toMinor(major, cur);
  if (tracked.variantId) {
    for (const p of products) {
      const v = p.variants.find((x) => x.id === tracked.variantId);
      if (!v) continue;
      const cur = v.currency ?? p.currency?.value ?? fallbackCurrency;
      return {
        price: minor(v.price ?? p.price?.value, cur),
        wasPrice: minor(v.wasPrice, cur),
        currency: cur,
        availability: v.availability ?? p.availability?.value ?? 'Unknown',
      };
    }
  }
  // The variant is gone when the shop still lists variants by id but not this one; a page without
  // variant ids (markup only) is read by SKU/GTIN below.
  if (tracked.variantId && products.some((p) => p.variants.some((v) => v.id))) return null;
  const strip = (u: string) => u.split(/[?#]/)[0];
  const p =
    (tracked.sku && products.find((x) => x.sku?.value === tracked.sku)) ||
    (tracked.gtin && products.find((x) => x.gtin?.value === tracked.gtin)) ||
    products.find((x) => x.url && strip(x.url.value) === strip(tracked.url)) ||
    products[0];
  if (!p) return null;
  const cur = p.currency?.value ?? fallbackCurrency;
  return {
    price: minor(p.price?.value, cur),
    wasPrice: minor(p.wasPrice?.value, cur),
    currency: cur,
    availability: p.availability?.value ?? 'Unknown',
  };
}
