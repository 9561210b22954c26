/**
 * The Shopify connector: the Admin GraphQL API through an injected `fetch` (the extension's
 * background, or a test's fake). Shapes follow shopify.dev:
 * - Client credentials grant: POST {shop}/admin/oauth/access_token, form-encoded
 *   `grant_type=client_credentials&client_id&client_secret` → `{ access_token, scope, expires_in }`
 *   (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant);
 *   the token lasts 24 hours, so it is asked again before it ends and after a 401.
 * - Every call: POST {shop}/admin/api/{version}/graphql.json with `X-Shopify-Access-Token`
 *   (https://shopify.dev/docs/api/admin-graphql).
 * - Costs: `extensions.cost.{requestedQueryCost, actualQueryCost, throttleStatus}` and the
 *   `THROTTLED` error (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
 * - Bulk queries: bulkOperationRunQuery, then node(id:) until COMPLETED, then the JSONL at `url`
 *   (https://shopify.dev/docs/api/usage/bulk-operations/queries,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/objects/BulkOperation,
 *   https://shopify.dev/docs/api/admin-graphql/2025-10/queries/currentBulkOperation). The result
 *   file lives on Google Cloud Storage, not on the shop: it is fetched with no credential.
 * - Counts for the progress estimate: ordersCount / productsCount `{ count }`
 *   (https://shopify.dev/docs/api/admin-graphql/2025-10/queries/ordersCount).
 *
 * A token or secret is never put in an error message, a log or a result.
 */
import { lineColumns, orderColumns, tableFromRows } from '../schema/columns.ts';
import type { Product } from '../schema/store.ts';
import { tableToJson } from '../sync/tables.ts';
import {
  ShopifyOrdersReader,
  ordersBulkQuery,
  productsBulkQuery,
  readShopifyProducts,
  shopifyErrorText,
  shopifyGraphqlUrl,
  throttleWaitMs,
  type SyncedOrder,
  type ThrottleStatus,
} from './shopify.ts';
import {
  ConnectError,
  sleepUnlessCancelled,
  syncCancelled,
  type Connector,
  type Credentials,
  type ShopInfo,
  type SyncCursor,
  type SyncOptions,
  type SyncProgress,
  type SyncResult,
} from './types.ts';

/** The read-only scopes the sync needs, in the order the setup screen lists them. */
export const SHOPIFY_SCOPES = [
  'read_orders',
  'read_products',
  'read_inventory',
  'read_customers',
] as const;

/** What a connector needs besides the connection: the app's customer-key salt, a clock, a sleep. */
export interface ConnectorEnv {
  /** The app's salt for customer keys, so synced customers match those of a CSV import. */
  salt: string;
  now?: () => number;
  /** Waits `ms` or until the signal aborts (tests pass a fast one). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Between two polls of a bulk operation (default 2 s, as the bulk guide's examples do). */
  pollMs?: number;
  /** WooCommerce: pages read per step before the step's data is handed back and kept. */
  pagesPerCall?: number;
}

type ShopifyCredentials = Extract<Credentials, { platform: 'shopify' }>;
type Obj = Record<string, unknown>;

/** The connector's own resumable state, kept in `SyncCursor.resume` between steps. */
interface ShopifyResume {
  v: 1;
  /** The `since` this run asks changes from (null: everything). */
  since: string | null;
  /** Bulk operations started by this run, by what they fetch. */
  ops: { orders?: string; products?: string };
}

function isResume(v: unknown): v is ShopifyResume {
  const r = v as ShopifyResume | null;
  return !!r && r.v === 1 && typeof r.ops === 'object' && r.ops !== null;
}

/** The sleep a connector waits with when the caller gives none. */
export const defaultSleep = sleepUnlessCancelled;
const cancelled = syncCancelled;

const QUERY_SHOP = `query StorelensShop { shop { name currencyCode ianaTimezone } currentAppInstallation { accessScopes { handle } } }`;
const QUERY_COUNTS = `query StorelensCounts($orders: String, $products: String) { ordersCount(query: $orders, limit: null) { count } productsCount(query: $products, limit: null) { count } }`;
const MUTATION_RUN = `mutation StorelensBulkRun($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status createdAt } userErrors { field message code } } }`;
const QUERY_POLL = `query StorelensBulkPoll($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode createdAt objectCount rootObjectCount url partialDataUrl } } }`;
const QUERY_CURRENT = `query StorelensBulkCurrent { currentBulkOperation { id status } }`;
const MUTATION_CANCEL = `mutation StorelensBulkCancel($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`;

/** What a GraphQL call cost and what is left (the leaky bucket). */
interface Bucket {
  status: ThrottleStatus;
  at: number;
}

interface BulkOp {
  id: string;
  status: string;
  errorCode: string | null;
  createdAt: string;
  objectCount: string | number;
  rootObjectCount: string | number;
  url: string | null;
}

/** The Admin API client for one shop: token, costs, retries, errors in words. */
class ShopifyClient {
  private token: { value: string; renewAt: number } | null = null;
  private bucket: Bucket | null = null;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(
    private readonly origin: string,
    private readonly creds: ShopifyCredentials,
    private readonly fetchFn: typeof fetch,
    env: ConnectorEnv,
  ) {
    this.now = env.now ?? Date.now;
    this.sleep = env.sleep ?? defaultSleep;
  }

  /** Scopes the client credentials grant reported (null for a legacy token: asked in `test`). */
  grantedScopes: string[] | null = null;

  private async request(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    try {
      return await this.fetchFn(url, { ...init, signal, credentials: 'omit', redirect: 'error' });
    } catch (e) {
      if (signal.aborted) throw cancelled();
      throw new ConnectError(
        `Could not reach ${this.origin}: check the shop address and your connection (${e instanceof Error ? e.name : 'network error'}).`,
        'network',
      );
    }
  }

  private async accessToken(signal: AbortSignal): Promise<string> {
    if (this.creds.kind === 'access-token') return this.creds.accessToken;
    if (this.token && this.now() < this.token.renewAt) return this.token.value;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.creds.clientId,
      client_secret: this.creds.clientSecret,
    });
    const res = await this.request(
      `${this.origin}/admin/oauth/access_token`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: body.toString(),
      },
      signal,
    );
    if (!res.ok) {
      if (res.status === 400 || res.status === 401 || res.status === 403)
        throw new ConnectError(
          'Shopify refused the client ID and secret. Copy them again from your app’s Settings in the Dev Dashboard, and check that the app is installed on this store.',
          'auth',
          res.status,
        );
      throw new ConnectError(
        shopifyErrorText(res.status, null),
        kindOfStatus(res.status),
        res.status,
      );
    }
    const json = (await res.json().catch(() => null)) as {
      access_token?: unknown;
      scope?: unknown;
      expires_in?: unknown;
    } | null;
    if (typeof json?.access_token !== 'string' || json.access_token === '')
      throw new ConnectError('Shopify answered the token request without a token.', 'server');
    const life = typeof json.expires_in === 'number' ? json.expires_in : 86_399;
    // Renew five minutes before the end (or halfway through a very short life).
    const margin = Math.min(300, life / 2);
    this.token = { value: json.access_token, renewAt: this.now() + (life - margin) * 1000 };
    if (typeof json.scope === 'string')
      this.grantedScopes = json.scope.split(/[\s,]+/).filter(Boolean);
    return this.token.value;
  }

  /** Waits until the bucket holds `cost` points (restored at `restoreRate` per second). */
  private async waitForPoints(cost: number, signal: AbortSignal): Promise<void> {
    const b = this.bucket;
    if (!b) return;
    const elapsed = (this.now() - b.at) / 1000;
    const available = Math.min(
      b.status.maximumAvailable,
      b.status.currentlyAvailable + elapsed * b.status.restoreRate,
    );
    const wait = throttleWaitMs({ ...b.status, currentlyAvailable: available }, cost);
    if (wait > 0) await this.sleep(wait, signal);
  }

  /** One GraphQL call: waits for points, retries throttling, 429 and 5xx, renews the token once. */
  async graphql<T>(
    query: string,
    variables: Obj,
    signal: AbortSignal,
    expectedCost = 10,
  ): Promise<T> {
    let renewed = false;
    let attempt = 0;
    for (;;) {
      if (signal.aborted) throw cancelled();
      await this.waitForPoints(expectedCost, signal);
      const token = await this.accessToken(signal);
      const res = await this.request(
        shopifyGraphqlUrl(this.origin),
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'X-Shopify-Access-Token': token,
          },
          body: JSON.stringify({ query, variables }),
        },
        signal,
      );
      const body = (await res.json().catch(() => null)) as {
        data?: T;
        errors?: { message?: string; extensions?: Obj }[] | string;
        extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
      } | null;
      const cost = body?.extensions?.cost;
      if (cost?.throttleStatus) this.bucket = { status: cost.throttleStatus, at: this.now() };
      if (res.status === 401 && this.creds.kind === 'client-credentials' && !renewed) {
        // The 24-hour token ended early (or was revoked): ask for a new one, once.
        this.token = null;
        renewed = true;
        continue;
      }
      const throttled =
        Array.isArray(body?.errors) && body.errors.some((e) => e.extensions?.code === 'THROTTLED');
      if ((res.status === 429 || res.status >= 500 || throttled) && attempt < 6) {
        attempt++;
        const retryAfter = Number(res.headers.get('Retry-After'));
        const wait = throttled
          ? Math.max(
              1000,
              throttleWaitMs(cost?.throttleStatus, cost?.requestedQueryCost ?? expectedCost),
            )
          : Number.isFinite(retryAfter) && retryAfter > 0
            ? retryAfter * 1000
            : Math.min(30_000, 1000 * 2 ** attempt);
        await this.sleep(wait, signal);
        continue;
      }
      if (!res.ok)
        throw new ConnectError(
          shopifyErrorText(res.status, body),
          kindOfStatus(res.status),
          res.status,
        );
      if (throttled)
        throw new ConnectError(
          'Shopify kept asking Storelens to slow down; it will try again later.',
          'throttled',
        );
      if (Array.isArray(body?.errors) && body.errors.length > 0) {
        const denied = body.errors.some((e) => e.extensions?.code === 'ACCESS_DENIED');
        throw new ConnectError(shopifyErrorText(200, body), denied ? 'scope' : 'server', 200);
      }
      if (!body?.data)
        throw new ConnectError('Shopify answered without data.', 'server', res.status);
      return body.data;
    }
  }

  /** Streams a bulk result file line by line; the signed URL gets no credential. */
  async *lines(url: string, signal: AbortSignal): AsyncGenerator<string> {
    const res = await this.request(url, { method: 'GET' }, signal);
    if (!res.ok || !res.body)
      throw new ConnectError(
        `Shopify's export file could not be downloaded (${res.status}); Storelens will try again later.`,
        'server',
        res.status,
      );
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let rest = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        rest += value;
        let nl: number;
        while ((nl = rest.indexOf('\n')) >= 0) {
          yield rest.slice(0, nl);
          rest = rest.slice(nl + 1);
        }
      }
    } catch (e) {
      if (signal.aborted) throw cancelled();
      throw e;
    } finally {
      reader.releaseLock();
    }
    if (rest.trim() !== '') yield rest;
  }
}

function kindOfStatus(status: number): ConnectError['kind'] {
  if (status === 401 || status === 403 || status === 404 || status === 402) return 'auth';
  if (status === 429) return 'throttled';
  return 'server';
}

/** `acme`, `acme.myshopify.com`, `https://acme.myshopify.com/admin` → `https://acme.myshopify.com`. */
export function shopifyOrigin(input: string): string {
  const s = input.trim();
  if (/^https?:\/\//i.test(s)) {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new ConnectError(`“${s.slice(0, 80)}” is not a web address.`, 'input');
    }
    return u.origin;
  }
  const host = s.replace(/\/.*$/, '').toLowerCase();
  if (/^[a-z0-9][a-z0-9-]*$/.test(host)) return `https://${host}.myshopify.com`;
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/.test(host)) return `https://${host}`;
  throw new ConnectError(
    `“${s.slice(0, 80)}” is not a shop address. Type your-shop.myshopify.com.`,
    'input',
  );
}

/** The scopes of SHOPIFY_SCOPES missing from a granted list. */
export function missingScopes(granted: readonly string[]): string[] {
  // A write scope implies its read scope (https://shopify.dev/docs/api/usage/access-scopes).
  const has = (s: string) => granted.includes(s) || granted.includes(s.replace(/^read_/, 'write_'));
  return SHOPIFY_SCOPES.filter((s) => !has(s));
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0)) || 0;

/** The Shopify `Connector`. */
export function shopifyConnector(
  origin: string,
  creds: ShopifyCredentials,
  fetchFn: typeof fetch,
  env: ConnectorEnv,
): Connector {
  const client = new ShopifyClient(origin, creds, fetchFn, env);
  const now = env.now ?? Date.now;
  const sleep = env.sleep ?? defaultSleep;
  const pollMs = env.pollMs ?? 2000;

  async function shop(signal: AbortSignal): Promise<ShopInfo> {
    const d = await client.graphql<{
      shop: { name: string; currencyCode: string; ianaTimezone: string };
      currentAppInstallation: { accessScopes: { handle: string }[] } | null;
    }>(QUERY_SHOP, {}, signal, 2);
    const granted =
      d.currentAppInstallation?.accessScopes.map((s) => s.handle) ?? client.grantedScopes ?? [];
    const missing = missingScopes(granted);
    if (missing.length > 0)
      throw new ConnectError(
        `The token lacks ${missing.join(', ')}; add ${missing.length > 1 ? 'them' : 'it'} in your app’s settings (Configuration → Admin API access scopes), then connect again.`,
        'scope',
      );
    return {
      platform: 'shopify',
      name: d.shop.name,
      currency: d.shop.currencyCode,
      timezone: d.shop.ianaTimezone,
    };
  }

  /** Runs (or, resumed, follows) one bulk operation to its end; returns its result URL. */
  async function bulk(
    query: string,
    known: string | undefined,
    start: (id: string) => Promise<void>,
    onCount: (objects: number, roots: number) => void,
    signal: AbortSignal,
  ): Promise<{ op: BulkOp }> {
    let id = known;
    for (;;) {
      if (!id) {
        const r = await client.graphql<{
          bulkOperationRunQuery: {
            bulkOperation: { id: string } | null;
            userErrors: { message: string; code?: string | null }[];
          };
        }>(MUTATION_RUN, { query }, signal, 10);
        const errs = r.bulkOperationRunQuery.userErrors;
        if (errs.some((e) => e.code === 'OPERATION_IN_PROGRESS')) {
          // One bulk query per app and shop (2025-10): wait for the one running (an earlier run's).
          const cur = await client.graphql<{
            currentBulkOperation: { id: string; status: string } | null;
          }>(QUERY_CURRENT, {}, signal, 1);
          if (
            cur.currentBulkOperation &&
            /^(CREATED|RUNNING|CANCELING)$/.test(cur.currentBulkOperation.status)
          )
            await sleep(pollMs, signal);
          continue;
        }
        if (errs.length > 0 || !r.bulkOperationRunQuery.bulkOperation)
          throw new ConnectError(
            `Shopify refused the export: ${
              errs
                .map((e) => e.message)
                .join('; ')
                .slice(0, 300) || 'no reason given'
            }.`,
            'server',
          );
        id = r.bulkOperationRunQuery.bulkOperation.id;
        await start(id);
      }
      const opId: string = id;
      let op: BulkOp | null;
      for (;;) {
        const p = await client.graphql<{ node: BulkOp | null }>(
          QUERY_POLL,
          { id: opId },
          signal,
          1,
        );
        op = p.node;
        if (!op) break;
        onCount(num(op.objectCount), num(op.rootObjectCount));
        if (op.status === 'COMPLETED') return { op };
        if (!/^(CREATED|RUNNING)$/.test(op.status)) break;
        try {
          await sleep(pollMs, signal);
        } catch (e) {
          // Cancelled: stop Shopify's work too (best effort, on a signal of its own).
          if (!(e instanceof ConnectError && e.kind === 'cancelled')) throw e;
          await client
            .graphql(MUTATION_CANCEL, { id: opId }, AbortSignal.timeout(10_000), 10)
            .catch(() => undefined);
          throw e;
        }
      }
      if (known && id === known) {
        // A resumed operation that is gone, expired or failed: run it again.
        id = undefined;
        known = undefined;
        continue;
      }
      throw new ConnectError(
        `Shopify's export ${op ? `ended ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode.toLowerCase()})` : ''}` : 'disappeared'}; Storelens will try again at the next sync.`,
        'server',
      );
    }
  }

  return {
    test: shop,

    async sync(cursor: SyncCursor, options: SyncOptions): Promise<SyncResult> {
      const { signal, onProgress } = options;
      const startedAt = now();
      const resume: ShopifyResume = isResume(cursor.resume)
        ? cursor.resume
        : { v: 1, since: cursor.since, ops: {} };
      const since = resume.since;
      const save = async () => {
        await options.onCursor?.({ since: cursor.since, resume });
      };
      let fetched = 0;
      let total: number | null = null;
      let phase: SyncProgress['phase'] = 'shop';
      const progress = (done: number) => {
        const elapsed = now() - startedAt;
        const etaMs =
          total !== null && done > 0 && done < total
            ? Math.round((elapsed / done) * (total - done))
            : total !== null && done >= total
              ? 0
              : null;
        onProgress({ phase, fetched, total, etaMs });
      };
      onProgress({ phase, fetched: 0, total: null, etaMs: null });
      try {
        const info = await shop(signal);
        const filter = since ? `updated_at:>'${since}'` : null;
        const counts = await client
          .graphql<{ ordersCount: { count: number }; productsCount: { count: number } }>(
            QUERY_COUNTS,
            { orders: filter, products: filter },
            signal,
            2,
          )
          .catch((e: unknown) => {
            if (e instanceof ConnectError && e.kind === 'cancelled') throw e;
            return null;
          });
        // Roots only (orders, then products): the estimate counts what the manager sees.
        const rootsTotal = counts ? counts.ordersCount.count + counts.productsCount.count : null;
        total = rootsTotal;
        let rootsBefore = 0;

        // Orders.
        phase = 'orders';
        progress(0);
        const ordersRun = await bulk(
          ordersBulkQuery(since),
          resume.ops.orders,
          async (id) => {
            resume.ops.orders = id;
            await save();
          },
          (_objects, roots) => {
            fetched = roots;
            progress(roots);
          },
          signal,
        );
        const orders: SyncedOrder[] = [];
        const reader = new ShopifyOrdersReader(env.salt, (o) => orders.push(o));
        if (ordersRun.op.url) {
          for await (const line of client.lines(ordersRun.op.url, signal)) reader.push(line);
        }
        reader.finish();
        rootsBefore = orders.length;
        fetched = rootsBefore;
        progress(fetched);

        // Products and variants with their costs.
        phase = 'products';
        const productsRun = await bulk(
          productsBulkQuery(since),
          resume.ops.products,
          async (id) => {
            resume.ops.products = id;
            await save();
          },
          (_objects, roots) => {
            fetched = rootsBefore + roots;
            progress(fetched);
          },
          signal,
        );
        const productLines: string[] = [];
        if (productsRun.op.url) {
          for await (const line of client.lines(productsRun.op.url, signal))
            productLines.push(line);
        }
        const products: Product[] = readShopifyProducts(productLines, now(), info.currency);
        const productRoots = new Set(products.map((p) => p.productId)).size;
        fetched = rootsBefore + productRoots;

        phase = 'done';
        if (total !== null) total = fetched;
        progress(fetched);

        const orderRows = orders.map((o) => o.order);
        const lineRows = orders.flatMap((o) => o.lines);
        const endedAt = now();
        return {
          entities: {
            ...(orderRows.length > 0 && {
              tables: {
                orders: tableToJson(orderColumns, tableFromRows(orderColumns, orderRows)),
                lines: tableToJson(lineColumns, tableFromRows(lineColumns, lineRows)),
              },
            }),
            ...(products.length > 0 && { products }),
          },
          // The next sync asks what changed since this one's orders export began (Shopify's clock).
          cursor: { since: ordersRun.op.createdAt, resume: null },
          summary: {
            orders: orders.length,
            refunds: orders.filter((o) => o.order.refunded > 0).length,
            products: products.length,
            startedAt,
            endedAt,
          },
        };
      } catch (e) {
        if (e instanceof ConnectError && e.kind === 'cancelled')
          await options.onCursor?.({ since: cursor.since, resume: null });
        throw e;
      }
    },
  };
}
