/**
 * WooCommerce REST API v3 (`/wp-json/wc/v3/`): the connector the extension's background runs with
 * its own `fetch`, one request at a time. It reads the shop's name, currency and timezone, then
 * orders with their refunds (each refund with its own date, refunded lines, shipping and taxes),
 * products and variations with stock, and maps them to the same records and keys a WooCommerce
 * CSV import makes (order id = the order number of Analytics' "Order #"; product SKU, or
 * `woo-{id}` without one), so a sync never duplicates what an import brought.
 *
 * Shapes and rules follow woocommerce.github.io/woocommerce-rest-api-docs (source in
 * github.com/woocommerce/woocommerce-rest-api-docs, source/includes/wp-api-v3/):
 * - #authentication-over-https (Basic auth with key:secret) and #authentication-over-http (OAuth
 *   1.0a one-legged, HMAC-SHA256, parameters in the query string, 15-minute timestamp window)
 * - #pagination (per_page, page, X-WP-Total, X-WP-TotalPages, Link) and #errors (code, message, data)
 * - #list-all-orders (modified_after, dates_are_gmt, orderby, order) and #order-properties
 * - #list-all-refunds (GET /orders/<id>/refunds) and #order-refund-properties
 * - #list-all-products, #list-all-product-variations, #retrieve-a-setting-option
 *   (settings/general/woocommerce_currency)
 * and from the WooCommerce source (not in the docs): refunds also carry `shipping_lines`,
 * `tax_lines` and `fee_lines` (WC_REST_Order_Refunds_V2_Controller::get_formatted_item_data);
 * a refund line points at its order line with the `_refunded_item_id` meta and has negative
 * quantity and totals (wc_create_refund); a refund sets the order's date_modified, so
 * `modified_after` brings refunded orders again. The shop's name and zone come from WordPress's
 * REST index (`/wp-json/`: name, gmt_offset, timezone_string, WordPress 4.7.4+).
 */
import type { Line, Order, Product } from '../schema/store.ts';
import { orderColumns, lineColumns, tableFromRows } from '../schema/columns.ts';
import { tableToJson } from '../sync/tables.ts';
import { customerKeyOf } from '../ingest/hash.ts';
import { wooChannel } from '../ingest/formats/generic.ts';
import { toMinor } from './shopify.ts';
import { formatRefunds, type RefundEvent } from '../schema/refunds.ts';
import {
  ConnectError,
  sleepUnlessCancelled,
  syncCancelled,
  type Connection,
  type Connector,
  type ShopInfo,
  type SyncCursor,
  type SyncOptions,
  type SyncProgress,
  type SyncResult,
} from './types.ts';

export const WOO_API_PATH = '/wp-json/wc/v3';
/** The largest page the API allows (larger is a 400 rest_invalid_param). */
export const WOO_PER_PAGE = 100;
/** Where a manager makes a key (WooCommerce → Settings → Advanced → REST API). */
export const WOO_KEYS_DOCS_URL = 'https://woocommerce.com/document/woocommerce-rest-api/';
/** The permission the key needs: Storelens only reads. */
export const WOO_KEY_PERMISSION = 'Read';

export interface WooConnectorOptions {
  /** The app's customer-key salt (Settings.salt), so keys match those of a CSV import. */
  salt?: string;
  /**
   * Pages fetched per `sync` call before it hands back what it has (see `sync`). Unset, one call
   * reads the whole sync (a caller that applies only the last result loses nothing); set, each
   * call is a resumable step.
   */
  pagesPerCall?: number;
  /** Retries of one request on 429, 5xx or a network error before giving up. */
  maxRetries?: number;
  /** Waits (abortable); tests make it instant. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Where a sync stands between calls: plain JSON, kept by the caller as `SyncCursor.resume`. */
export interface WooResume {
  /** `orders` → `sold` (stock of what changed orders sold) → `products` → `variations`. */
  stage: 'orders' | 'sold' | 'products' | 'variations';
  page: number;
  /** The `modified_after` of this run (null: everything). */
  since: string | null;
  /** The `since` the next run will use, from the server's clock at this run's start. */
  nextSince: string;
  startedAt: number;
  currency: string;
  /** Products sold by the orders of this run (ids), whose stock the orders moved. */
  sold: number[];
  /** Records fetched so far in this run (all its calls). */
  fetched: number;
  /** Variable products whose variations are still to read, and the next one's index. */
  parents: number[];
  parentIndex: number;
}

type Obj = Record<string, unknown>;
type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

const BASE_BACKOFF_MS = 2000;
const MAX_BACKOFF_MS = 60_000;
/** Statuses WooCommerce Analytics leaves out by default: never placed, so never sales. */
const NOT_PLACED = new Set(['pending', 'failed', 'checkout-draft', 'draft', 'auto-draft']);
/** Line meta the WooCommerce Gift Cards extension writes on a gift card sold. */
const GIFT_CARD_META = /^wc_gc_giftcard_(to|to_multiple|from)$/;

const sleepFor = sleepUnlessCancelled;
const cancelled = syncCancelled;

/** "2026-11-25T10:00:00" (GMT, as the API writes `*_gmt` dates) → ms. */
function gmtMs(s: unknown): number | null {
  if (typeof s !== 'string' || s === '') return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? null : t;
}

/** ms → "2026-11-25T10:00:00", the date form `modified_after` takes (with dates_are_gmt). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** RFC 3986 percent-encoding, as OAuth 1.0a signs (rawurlencode). */
function enc(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** A WordPress UTC offset in hours → an IANA zone ("Etc/GMT-2" is UTC+2); UTC when not whole. */
function zoneOfOffset(offset: unknown): string {
  const h = Number(offset);
  if (!Number.isFinite(h) || h === 0 || !Number.isInteger(h) || Math.abs(h) > 14) return 'UTC';
  return `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0)) || 0;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const metaValue = (o: Obj, key: string) =>
  arr(o.meta_data).find((m) => m.key === key)?.value as unknown;

/** The whole error text of a WooCommerce answer, in the manager's words; never a credential. */
export function wooErrorText(status: number, body: unknown, what: string): ConnectError {
  const code = String((body as Obj | null)?.code ?? '');
  const message = String((body as Obj | null)?.message ?? '');
  const keys = `WooCommerce → Settings → Advanced → REST API`;
  if (message === 'Invalid timestamp.')
    return new ConnectError(
      'WooCommerce refused the request because this computer’s clock and the shop’s differ by more than 15 minutes. Set the clock right (automatic time), then try again.',
      'auth',
      status,
    );
  // On plain HTTP the secret is never sent: a wrong one makes a signature that does not match.
  if (
    message === 'Consumer secret is invalid.' ||
    message === 'Invalid signature - provided signature does not match.'
  )
    return new ConnectError(
      `WooCommerce refused the consumer secret. Copy it again from when the key was made (it is shown only once) or make a new key in ${keys}.`,
      'auth',
      status,
    );
  if (/does not have read permissions/.test(message))
    return new ConnectError(
      `This key cannot read: in ${keys}, edit the key and set its permissions to Read.`,
      'scope',
      status,
    );
  if (code === 'woocommerce_rest_cannot_view' || code === 'woocommerce_rest_authentication_error')
    return new ConnectError(
      status === 403
        ? `The key's user may not view ${what}. In ${keys}, give the key to a Shop manager or an Administrator, with Read permissions.`
        : `WooCommerce did not accept the consumer key for ${what}. Check that the key exists in ${keys}, has Read permissions and belongs to a Shop manager or an Administrator; then type the key and secret again.`,
      status === 403 ? 'scope' : 'auth',
      status,
    );
  if (status === 401 || status === 403)
    return new ConnectError(
      `WooCommerce refused the key (${status}) for ${what}. Check the key and its Read permissions in ${keys}.`,
      'auth',
      status,
    );
  if (status === 404 && code !== '' && code !== 'rest_no_route')
    return new ConnectError(
      `WooCommerce no longer has ${what} (${code}); it was probably deleted while Storelens read the shop.`,
      'server',
      status,
    );
  if (status === 404)
    return new ConnectError(
      `No WooCommerce REST API at this address. Check the shop address, that WooCommerce 3.5 or later is active, and that Settings → Permalinks is not "Plain".`,
      'input',
      status,
    );
  if (status === 429)
    return new ConnectError(
      'The shop asked Storelens to slow down and kept refusing; the next sync will try again.',
      'throttled',
      status,
    );
  if (status >= 500)
    return new ConnectError(
      `The shop's server had an error (${status}) while sending ${what}; the next sync will try again.`,
      'server',
      status,
    );
  return new ConnectError(
    `WooCommerce answered ${status} for ${what}${message ? `: ${message.slice(0, 200)}` : ''}.`,
    'server',
    status,
  );
}

/** Seconds or an HTTP date (RFC 9110 Retry-After) → ms from now; null when absent or unreadable. */
function retryAfterMs(h: string | null, now: number): number | null {
  if (!h) return null;
  if (/^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
  const t = Date.parse(h);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

/** Signs a GET for a shop on plain HTTP (docs: #authentication-over-http). */
async function oauthQuery(
  url: URL,
  key: string,
  secret: string,
  now: number,
): Promise<URLSearchParams> {
  const nonce = base64(crypto.getRandomValues(new Uint8Array(24))).replace(/[^A-Za-z0-9]/g, '');
  const params: [string, string][] = [];
  url.searchParams.forEach((v, k) => params.push([k, v]));
  params.push(
    ['oauth_consumer_key', key],
    ['oauth_nonce', nonce.slice(0, 32)],
    ['oauth_signature_method', 'HMAC-SHA256'],
    ['oauth_timestamp', String(Math.floor(now / 1000))],
  );
  const normalized = params
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `GET&${enc(url.origin + url.pathname)}&${enc(normalized)}`;
  const hmacKey = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(`${secret}&`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const sig = new Uint8Array(
    await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(base)),
  );
  const q = new URLSearchParams(params);
  q.set('oauth_signature', base64(sig));
  return q;
}

interface Page {
  items: Obj[];
  total: number | null;
  totalPages: number | null;
  serverDate: number | null;
}

/**
 * Whether page `n` was the last: by X-WP-TotalPages, or (a proxy or cache that drops the header)
 * by a page shorter than asked.
 */
function lastPage(p: Page, n: number): boolean {
  if (p.items.length === 0) return true;
  return p.totalPages !== null ? n >= p.totalPages : p.items.length < WOO_PER_PAGE;
}

/** The WooCommerce connector for one shop, with the fetch it may use (the shop's origin only). */
export function wooConnector(
  connection: Connection,
  fetchFn: FetchFn,
  options: WooConnectorOptions = {},
): Connector {
  const creds = connection.credentials;
  if (creds.platform !== 'woocommerce')
    throw new ConnectError('These credentials are not for WooCommerce.', 'input');
  const key = creds.consumerKey.trim();
  const secret = creds.consumerSecret.trim();
  if (!/^ck_[A-Za-z0-9]+$/.test(key))
    throw new ConnectError(
      'The consumer key starts with “ck_” followed by letters and digits. Copy it again from WooCommerce → Settings → Advanced → REST API.',
      'input',
    );
  if (!/^cs_[A-Za-z0-9]+$/.test(secret))
    throw new ConnectError(
      'The consumer secret starts with “cs_” followed by letters and digits. Copy it again from when the key was made.',
      'input',
    );
  let origin: URL;
  try {
    origin = new URL(connection.origin);
  } catch {
    throw new ConnectError('The shop address is not a web address (https://…).', 'input');
  }
  if (origin.protocol !== 'https:' && origin.protocol !== 'http:')
    throw new ConnectError('The shop address must start with https://.', 'input');
  const shopOrigin = origin.origin;
  const secure = origin.protocol === 'https:';
  const salt = options.salt ?? '';
  const pagesPerCall = Math.max(1, options.pagesPerCall ?? Infinity);
  const maxRetries = options.maxRetries ?? 4;
  const sleep = options.sleep ?? sleepFor;
  const now = options.now ?? Date.now;
  /** Never a credential in what reaches the manager, whatever the server echoed. */
  const scrub = (e: ConnectError) =>
    e.message.includes(key) || e.message.includes(secret)
      ? new ConnectError(e.message.split(key).join('…').split(secret).join('…'), e.kind, e.status)
      : e;

  /** One GET, retried on 429/5xx/network with Retry-After or exponential back-off. */
  async function get(
    path: string,
    query: Record<string, string | number | boolean>,
    signal: AbortSignal,
    what: string,
    auth = true,
  ): Promise<{ body: unknown; res: Response }> {
    const url = new URL(path, shopOrigin);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw cancelled();
      const headers: Record<string, string> = { accept: 'application/json' };
      let target = url.toString();
      if (auth && secure) headers.authorization = `Basic ${btoa(`${key}:${secret}`)}`;
      else if (auth)
        target = `${url.origin}${url.pathname}?${await oauthQuery(url, key, secret, now())}`;
      let res: Response;
      try {
        res = await fetchFn(target, { headers, signal, credentials: 'omit', redirect: 'manual' });
      } catch (e) {
        if (signal.aborted || (e as Error).name === 'AbortError') throw cancelled();
        if (attempt >= maxRetries)
          throw new ConnectError(
            `The shop did not answer (${what}). Check the address and the connection; the next sync will try again.`,
            'network',
          );
        await sleep(Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt), signal);
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt >= maxRetries) throw wooErrorText(res.status, await jsonOf(res), what);
        const wait = retryAfterMs(res.headers.get('retry-after'), now());
        await res.body?.cancel();
        await sleep(Math.min(MAX_BACKOFF_MS, wait ?? BASE_BACKOFF_MS * 2 ** attempt), signal);
        continue;
      }
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
        const to = res.headers.get('location');
        let where: string;
        try {
          where = to ? new URL(to, shopOrigin).origin : '';
        } catch {
          where = '';
        }
        throw new ConnectError(
          where && where !== shopOrigin
            ? `The shop sends its API to ${where}. Connect with that address instead.`
            : 'The shop redirected the API call. Check the shop address (https, with or without www).',
          'input',
          res.status || null,
        );
      }
      const body = await jsonOf(res);
      if (!res.ok) throw scrub(wooErrorText(res.status, body, what));
      return { body, res };
    }
  }

  async function page(
    path: string,
    query: Record<string, string | number | boolean>,
    signal: AbortSignal,
    what: string,
  ): Promise<Page> {
    const { body, res } = await get(path, query, signal, what);
    if (!Array.isArray(body))
      throw new ConnectError(`The shop sent something other than a list of ${what}.`, 'server');
    const total = res.headers.get('x-wp-total');
    const pages = res.headers.get('x-wp-totalpages');
    const date = res.headers.get('date');
    return {
      items: body as Obj[],
      total: total !== null && /^\d+$/.test(total) ? Number(total) : null,
      totalPages: pages !== null && /^\d+$/.test(pages) ? Number(pages) : null,
      serverDate: date ? gmtMs(new Date(date).toISOString()) : null,
    };
  }

  async function shopCurrency(
    signal: AbortSignal,
  ): Promise<{ currency: string; serverDate: number | null }> {
    const { body, res } = await get(
      `${WOO_API_PATH}/settings/general/woocommerce_currency`,
      {},
      signal,
      'the store currency',
    );
    const cur = String((body as Obj | null)?.value ?? '').toUpperCase();
    if (!/^[A-Z]{3}$/.test(cur))
      throw new ConnectError(
        'The shop did not say its currency (WooCommerce → Settings → General).',
        'server',
      );
    const date = Date.parse(res.headers.get('date') ?? '');
    return { currency: cur, serverDate: Number.isNaN(date) ? null : date };
  }
  /** Variable products read by this connector, for their variations' names and categories. */
  const parentsSeen = new Map<number, Obj>();

  return {
    async test(signal) {
      const { body } = await get(
        '/wp-json/',
        { _fields: 'name,url,home,gmt_offset,timezone_string' },
        signal,
        'the site',
        false,
      );
      const site = (body ?? {}) as Obj;
      const { currency } = await shopCurrency(signal);
      // Proves the key can read orders, the one thing a sync cannot do without.
      await page(`${WOO_API_PATH}/orders`, { per_page: 1 }, signal, 'orders');
      const tz = String(site.timezone_string ?? '');
      return {
        platform: 'woocommerce',
        name: String(site.name ?? '').trim() || origin.hostname,
        currency,
        timezone: tz || zoneOfOffset(site.gmt_offset),
      } satisfies ShopInfo;
    },

    /**
     * Fetches up to `pagesPerCall` pages (all, by default) and returns what they brought. While
     * more remains, `result.cursor.resume` is not null: apply the result, then call `sync` again
     * with that cursor (also after a closed browser: at most one call's pages are read again).
     * The last call's cursor has `resume: null` and `since` set for the next incremental sync.
     * `onCursor` is not called: the returned cursor is past this call's data, so the caller keeps
     * it only once it has kept the data (see `runSteps`).
     */
    async sync(cursor: SyncCursor, opts: SyncOptions): Promise<SyncResult> {
      const { signal, onProgress } = opts;
      const callStart = now();
      let r = cursor.resume as WooResume | null;
      if (!r || typeof r !== 'object' || !('stage' in r)) {
        const shop = await shopCurrency(signal);
        r = {
          stage: 'orders',
          page: 1,
          since: cursor.since,
          // Five minutes back on the server's own clock: what changed while this run read is
          // read again next time (the merge is idempotent), never missed.
          nextSince: new Date((shop.serverDate ?? now()) - 5 * 60_000).toISOString(),
          startedAt: callStart,
          currency: shop.currency,
          fetched: 0,
          sold: [],
          parents: [],
          parentIndex: 0,
        };
      }
      const state: WooResume = { ...r, sold: [...r.sold], parents: [...r.parents] };
      const fetchedBefore = state.fetched;
      const since: Record<string, string | boolean> = state.since
        ? { modified_after: isoSeconds(Date.parse(state.since)), dates_are_gmt: true }
        : {};
      const orders: Order[] = [];
      const lines: Line[] = [];
      const products: Product[] = [];
      const seenProducts = new Set<number>();
      let refunds = 0;
      let pagesLeft = pagesPerCall;
      const progress = (phase: SyncProgress['phase'], total: number | null) => {
        const elapsed = now() - callStart;
        const fetched = state.fetched;
        const here = fetched - fetchedBefore;
        const etaMs =
          total !== null && here > 0 && total > fetched
            ? (elapsed / here) * (total - fetched)
            : null;
        onProgress({ phase, fetched, total, etaMs });
      };

      while (pagesLeft > 0) {
        if (signal.aborted) throw cancelled();
        if (state.stage === 'orders') {
          const p = await page(
            `${WOO_API_PATH}/orders`,
            { per_page: WOO_PER_PAGE, page: state.page, orderby: 'id', order: 'asc', ...since },
            signal,
            'orders',
          );
          pagesLeft--;
          for (const o of p.items) {
            const refundList =
              arr(o.refunds).length > 0
                ? await allPages(
                    `${WOO_API_PATH}/orders/${num(o.id)}/refunds`,
                    {},
                    signal,
                    'refunds',
                  )
                : [];
            // Deleted while this page was read: nothing to bring.
            if (refundList === null) continue;
            // As Shopify's summary: orders with refunds, not refund records.
            if (refundList.length > 0) refunds++;
            const mapped = mapWooOrder(o, refundList, salt);
            if (mapped) {
              orders.push(mapped.order);
              lines.push(...mapped.lines);
            }
            for (const l of arr(o.line_items)) {
              const id = num(l.variation_id) || num(l.product_id);
              const parent = num(l.variation_id) ? num(l.product_id) : 0;
              if (id && state.since) {
                if (parent) {
                  if (!state.parents.includes(parent)) state.parents.push(parent);
                } else if (!state.sold.includes(id)) state.sold.push(id);
              }
            }
            state.fetched++;
          }
          progress('orders', p.total);
          if (lastPage(p, state.page)) {
            state.stage = 'sold';
            state.page = 1;
          } else state.page++;
        } else if (state.stage === 'sold') {
          // Stock moved by the changed orders, whether or not the product's own date changed.
          const ids = state.sold.slice((state.page - 1) * WOO_PER_PAGE, state.page * WOO_PER_PAGE);
          if (ids.length === 0) {
            state.stage = 'products';
            state.page = 1;
            continue;
          }
          const p = await page(
            `${WOO_API_PATH}/products`,
            { per_page: WOO_PER_PAGE, include: ids.join(','), orderby: 'id', order: 'asc' },
            signal,
            'products',
          );
          pagesLeft--;
          takeProducts(p.items);
          progress('products', null);
          state.page++;
        } else if (state.stage === 'products') {
          const p = await page(
            `${WOO_API_PATH}/products`,
            { per_page: WOO_PER_PAGE, page: state.page, orderby: 'id', order: 'asc', ...since },
            signal,
            'products',
          );
          pagesLeft--;
          takeProducts(p.items);
          progress('products', p.total);
          if (lastPage(p, state.page)) {
            state.stage = 'variations';
            state.page = 1;
          } else state.page++;
        } else {
          const parentId = state.parents[state.parentIndex];
          if (parentId === undefined) break;
          const vars = await page(
            `${WOO_API_PATH}/products/${parentId}/variations`,
            { per_page: WOO_PER_PAGE, page: state.page, orderby: 'id', order: 'asc' },
            signal,
            'product variations',
          ).catch(skipDeleted);
          pagesLeft--;
          const parent = vars && (parentsSeen.get(parentId) ?? (await parentOf(parentId, signal)));
          if (!vars || !parent) {
            state.parentIndex++;
            state.page = 1;
            continue;
          }
          for (const v of vars.items) {
            const p = mapWooVariation(parent, v, state.currency, callStart);
            if (p) products.push(p);
            state.fetched++;
          }
          progress('products', null);
          if (lastPage(vars, state.page)) {
            state.parentIndex++;
            state.page = 1;
          } else state.page++;
        }
      }

      function takeProducts(items: Obj[]) {
        for (const p of items) {
          const id = num(p.id);
          state.fetched++;
          if (seenProducts.has(id)) continue;
          seenProducts.add(id);
          if (p.type === 'variable') {
            parentsSeen.set(id, p);
            if (!state.parents.includes(id)) state.parents.push(id);
            continue;
          }
          const mapped = mapWooProduct(p, state.currency, callStart);
          if (mapped) products.push(mapped);
        }
      }

      const done = state.stage === 'variations' && state.parentIndex >= state.parents.length;
      const next: SyncCursor = done
        ? { since: state.nextSince, resume: null }
        : { since: cursor.since, resume: state };
      if (done)
        onProgress({ phase: 'done', fetched: state.fetched, total: state.fetched, etaMs: 0 });
      const entities: SyncResult['entities'] = {};
      if (orders.length > 0)
        entities.tables = {
          orders: tableToJson(orderColumns, tableFromRows(orderColumns, orders)),
          lines: tableToJson(lineColumns, tableFromRows(lineColumns, lines)),
        };
      if (products.length > 0) entities.products = products;
      return {
        entities,
        cursor: next,
        summary: {
          orders: orders.length,
          refunds,
          products: products.length,
          startedAt: callStart,
          endedAt: now(),
        },
      };
    },
  };

  /** Every page of a small list (an order's refunds). */
  async function allPages(
    path: string,
    query: Record<string, string | number | boolean>,
    signal: AbortSignal,
    what: string,
  ): Promise<Obj[] | null> {
    const out: Obj[] = [];
    for (let n = 1; ; n++) {
      const p = await page(path, { ...query, per_page: WOO_PER_PAGE, page: n }, signal, what).catch(
        skipDeleted,
      );
      if (!p) return null;
      out.push(...p.items);
      if (lastPage(p, n)) return out;
    }
  }

  async function parentOf(id: number, signal: AbortSignal): Promise<Obj | null> {
    const got = await get(`${WOO_API_PATH}/products/${id}`, {}, signal, 'a product').catch(
      skipDeleted,
    );
    if (!got) return null;
    const p = (got.body ?? {}) as Obj;
    parentsSeen.set(id, p);
    return p;
  }
}

/** A product or order deleted while the sync read: nothing to bring (the API says 404). */
function skipDeleted(e: unknown): null {
  if (e instanceof ConnectError && e.status === 404 && e.kind === 'server') return null;
  throw e;
}

async function jsonOf(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/** The "Origin" WooCommerce Analytics shows for an order's attribution source type and source. */
function originOf(type: string, source: string): string {
  const label = { utm: 'Source', organic: 'Organic', referral: 'Referral' }[type];
  if (label) return `${label}: ${source}`;
  if (type === 'typein') return 'Direct';
  if (type === 'admin') return 'Web admin';
  return '';
}

/**
 * One order and its refunds (GET /orders/<id>/refunds) as the store's records; null for an order
 * that was never placed (pending payment, failed, a checkout draft), which WooCommerce Analytics
 * also leaves out.
 */
export function mapWooOrder(
  o: Obj,
  refunds: Obj[],
  salt: string,
): { order: Order; lines: Line[] } | null {
  const status = String(o.status ?? '');
  if (NOT_PLACED.has(status)) return null;
  const currency = String(o.currency ?? '').toUpperCase();
  const m = (v: unknown) => toMinor(v as string, currency);
  const createdAt = gmtMs(o.date_created_gmt) ?? NaN;
  // The key of a WooCommerce Analytics CSV row ("Order #" without the #): the order number.
  const id = String(o.number ?? '').replace(/^#/, '') || String(o.id);
  const refundedQty = new Map<number, number>();
  let refunded = 0;
  let refundedShipping = 0;
  let refundedTaxes = 0;
  let refundedAt: number | null = null;
  let split = true;
  const events: RefundEvent[] = [];
  const position = new Map(arr(o.line_items).map((l, pos) => [num(l.id), pos]));
  for (const r of refunds) {
    const at = gmtMs(r.date_created_gmt);
    if (at !== null) refundedAt = Math.max(refundedAt ?? 0, at);
    const amount = Math.abs(m(r.amount));
    refunded += amount;
    let parts = 0;
    let shippingPart = 0;
    let taxPart = 0;
    const units = new Map<number, number>();
    for (const li of arr(r.line_items)) {
      const of = num(metaValue(li, '_refunded_item_id'));
      const q = Math.abs(num(li.quantity));
      refundedQty.set(of, (refundedQty.get(of) ?? 0) + q);
      const pos = position.get(of);
      if (pos !== undefined) units.set(pos, (units.get(pos) ?? 0) + q);
      parts += Math.abs(m(li.total)) + Math.abs(m(li.total_tax));
      taxPart += Math.abs(m(li.total_tax));
    }
    for (const s of arr(r.shipping_lines)) {
      shippingPart += Math.abs(m(s.total));
      taxPart += Math.abs(m(s.total_tax));
      parts += Math.abs(m(s.total)) + Math.abs(m(s.total_tax));
    }
    for (const f of arr(r.fee_lines)) {
      taxPart += Math.abs(m(f.total_tax));
      parts += Math.abs(m(f.total)) + Math.abs(m(f.total_tax));
    }
    refundedShipping += shippingPart;
    refundedTaxes += taxPart;
    // An amount typed without lines ("Refund manually"): its goods/shipping/tax split is unknown.
    const known = Math.abs(parts - amount) <= 1;
    if (!known) split = false;
    // Each refund on its own day, as WooCommerce Analytics dates it (its refund's date_created).
    if (at !== null && amount > 0)
      events.push({
        at,
        amount,
        shipping: known ? shippingPart : null,
        taxes: known ? taxPart : null,
        lines: units,
      });
  }
  const total = m(o.total);
  const shipping = m(o.shipping_total);
  const taxes = m(o.total_tax);
  if (!split && refunded >= total) {
    // All of it came back (the "Refunded" status makes one such refund): shipping and taxes too.
    refundedShipping = shipping;
    refundedTaxes = taxes;
    split = true;
  }
  const billing = (o.billing ?? {}) as Obj;
  const shippingAddress = (o.shipping ?? {}) as Obj;
  const email = String(billing.email ?? '');
  const customer = email || (num(o.customer_id) ? `woo-customer-${num(o.customer_id)}` : '');
  const cancelled = status === 'cancelled' || status === 'trash';
  // Order attribution (WooCommerce 8.5+) as order meta; its Analytics "Origin" column is made of
  // the same two values, so the channel is the one a CSV import of that column gives.
  const attr = (k: string) => String(metaValue(o, `_wc_order_attribution_${k}`) ?? '');
  const order: Order = {
    id,
    number: id,
    createdAt,
    customerKey: customerKeyOf(customer, salt),
    currency,
    subtotal: arr(o.line_items).reduce((s, l) => s + m(l.subtotal), 0),
    discounts: m(o.discount_total),
    shipping,
    taxes,
    total,
    refunded,
    refundedAt: refunded > 0 ? refundedAt : null,
    refundedShipping: refunded > 0 && split ? refundedShipping : null,
    refundedTaxes: refunded > 0 && split ? refundedTaxes : null,
    kind: 'order',
    financialStatus: status,
    fulfillmentStatus: status === 'completed' ? 'fulfilled' : '',
    // The API has no cancel date; as the Analytics CSV import, the order's own day (so a
    // cancelled order nets to nothing, as WooCommerce Analytics leaves it out).
    cancelledAt: cancelled ? createdAt : null,
    channel: wooChannel(originOf(attr('source_type'), attr('utm_source'))),
    utmSource: attr('utm_source'),
    utmMedium: attr('utm_medium'),
    utmCampaign: attr('utm_campaign'),
    referrer: attr('referrer'),
    landingPage: attr('session_entry'),
    discountCode: arr(o.coupon_lines)
      .map((c) => String(c.code ?? ''))
      .filter(Boolean)
      .join(', '),
    country: String(billing.country ?? '') || String(shippingAddress.country ?? ''),
    gateway: String(o.payment_method_title ?? ''),
    refunds: refunded > 0 ? formatRefunds(events) : '',
  };
  const lines: Line[] = arr(o.line_items).map((l) => {
    const quantity = Math.max(0, Math.round(num(l.quantity)));
    const subtotal = m(l.subtotal);
    const after = m(l.total);
    return {
      orderId: id,
      createdAt,
      sku: String(l.sku ?? '') || `woo-${num(l.variation_id) || num(l.product_id)}`,
      productId: num(l.product_id) ? String(num(l.product_id)) : '',
      variantId: num(l.variation_id) ? String(num(l.variation_id)) : '',
      title: String(l.name ?? ''),
      productType: '',
      vendor: '',
      quantity,
      unitPrice: quantity > 0 ? Math.round(subtotal / quantity) : subtotal,
      discount: Math.max(0, subtotal - after),
      refundedQuantity: Math.min(quantity, refundedQty.get(num(l.id)) ?? 0),
      giftCard: arr(l.meta_data).some((md) => GIFT_CARD_META.test(String(md.key ?? ''))),
      currency,
    };
  });
  return { order, lines };
}

function priceOf(p: Obj, currency: string): { price: number; compareAt: number | null } {
  const sale = String(p.sale_price ?? '');
  const regular = String(p.regular_price ?? '');
  if (sale !== '')
    return {
      price: toMinor(sale, currency),
      compareAt: regular ? toMinor(regular, currency) : null,
    };
  return { price: toMinor(regular || String(p.price ?? ''), currency), compareAt: null };
}

const stockOf = (p: Obj): number | null =>
  p.manage_stock === true && typeof p.stock_quantity === 'number' ? p.stock_quantity : null;

const urlOf = (p: Obj) =>
  typeof p.permalink === 'string' && /^https?:\/\//.test(p.permalink) ? p.permalink : '';

/** A simple or external product (#product-properties); null for grouped ones (not sold themselves). */
export function mapWooProduct(p: Obj, currency: string, now: number): Product | null {
  if (p.type === 'grouped' || p.type === 'variable') return null;
  const { price, compareAt } = priceOf(p, currency);
  const id = String(num(p.id));
  return {
    sku: String(p.sku ?? '') || `woo-${id}`,
    productId: id,
    variantId: '',
    handle: String(p.slug ?? ''),
    title: String(p.name ?? ''),
    variantTitle: '',
    vendor: String(arr(p.brands)[0]?.name ?? ''),
    productType: String(arr(p.categories)[0]?.name ?? ''),
    currency,
    price,
    compareAtPrice: compareAt,
    cost: null,
    barcode: String(p.global_unique_id ?? '').replace(/\D/g, ''),
    onHand: stockOf(p),
    onOrder: 0,
    leadTimeDays: null,
    leadTimeSdDays: null,
    moq: null,
    url: urlOf(p),
    updatedAt: now,
  };
}

/** A variation (#product-variation-properties) under its variable product. */
export function mapWooVariation(
  parent: Obj,
  v: Obj,
  currency: string,
  now: number,
): Product | null {
  const { price, compareAt } = priceOf(v, currency);
  const id = String(num(v.id));
  // manage_stock "parent": the stock is the variable product's.
  const onHand = v.manage_stock === 'parent' ? stockOf(parent) : stockOf(v);
  return {
    sku: String(v.sku ?? '') || `woo-${id}`,
    productId: String(num(parent.id)),
    variantId: id,
    handle: String(parent.slug ?? ''),
    title: String(parent.name ?? ''),
    variantTitle: arr(v.attributes)
      .map((a) => String(a.option ?? ''))
      .filter(Boolean)
      .join(' / '),
    vendor: String(arr(parent.brands)[0]?.name ?? ''),
    productType: String(arr(parent.categories)[0]?.name ?? ''),
    currency,
    price,
    compareAtPrice: compareAt,
    cost: null,
    barcode: String(v.global_unique_id ?? '').replace(/\D/g, ''),
    onHand,
    onOrder: 0,
    leadTimeDays: null,
    leadTimeSdDays: null,
    moq: null,
    url: urlOf(v) || urlOf(parent),
    updatedAt: now,
  };
}
