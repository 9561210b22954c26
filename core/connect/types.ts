/**
 * The shape every store connection shares, so the extension's background, the app and the tests
 * treat Shopify and WooCommerce alike. A connector only talks to the shop's own origin (with the
 * `fetch` it is given) and returns plain records; it never writes to a database. Its result goes
 * to the app as a bundle's entities and is merged by `applyBundle`, the same validation, idempotent
 * merge, history and undo as any import.
 */
import type { BundleEntities } from '../sync/bundle.ts';

export type Platform = 'shopify' | 'woocommerce';

/**
 * What the manager types in the setup screen. Lives only in the extension's storage: never in a
 * bundle, a log, an error message or a request to any origin but the shop's.
 */
export type Credentials =
  | { platform: 'shopify'; kind: 'client-credentials'; clientId: string; clientSecret: string }
  | { platform: 'shopify'; kind: 'access-token'; accessToken: string }
  | { platform: 'woocommerce'; consumerKey: string; consumerSecret: string };

export interface Connection {
  /** The shop's origin, e.g. `https://acme.myshopify.com` or `https://shop.example.com`. */
  origin: string;
  credentials: Credentials;
}

/** What the test call reports (and, confirmed by the manager, sets in Settings). */
export interface ShopInfo {
  platform: Platform;
  name: string;
  /** ISO 4217. */
  currency: string;
  /** IANA zone, e.g. `Europe/Paris`. */
  timezone: string;
}

/**
 * Where the last sync stopped. Plain JSON, stored by the extension after every step, so a closed
 * browser resumes where it was; `resume` is the connector's own state (a bulk operation's id, a
 * page number), null when no sync is under way.
 */
export interface SyncCursor {
  /** ISO time of the last complete sync's start: the next one asks for what changed since. */
  since: string | null;
  resume: unknown;
}

export interface SyncProgress {
  phase: 'shop' | 'orders' | 'products' | 'inventory' | 'done';
  /** Records fetched so far in this sync. */
  fetched: number;
  /** Records expected, when the platform says (WooCommerce's X-WP-Total; Shopify's objectCount). */
  total: number | null;
  /** Estimated time left, from the rate so far; null until it can be told. */
  etaMs: number | null;
}

/** What one sync brought, in words for the "what changed" line. */
export interface SyncSummary {
  orders: number;
  refunds: number;
  products: number;
  /** ms since epoch, when the sync started and ended. */
  startedAt: number;
  endedAt: number;
}

export interface SyncResult {
  entities: BundleEntities;
  cursor: SyncCursor;
  summary: SyncSummary;
}

export interface SyncOptions {
  signal: AbortSignal;
  onProgress(p: SyncProgress): void;
  /**
   * A position inside a call to keep at once, one that holds no data not yet handed back (a
   * Shopify bulk operation's id, polled again after a restart). The cursor a call returns is the
   * caller's to keep after it kept the call's data (`runSteps`).
   */
  onCursor?(c: SyncCursor): void | Promise<void>;
}

export interface Connector {
  /** One cheap call that proves the credentials and reads the shop's name, currency and zone. */
  test(signal: AbortSignal): Promise<ShopInfo>;
  sync(cursor: SyncCursor, options: SyncOptions): Promise<SyncResult>;
}

/**
 * An error the manager can act on, in words ("the token lacks read_inventory; add it in your app's
 * settings"). Its message never holds a credential.
 */
export class ConnectError extends Error {
  constructor(
    message: string,
    /** `auth` (fix the credentials), `scope` (grant a scope), `network`, `throttled`, `server`, `cancelled`. */
    readonly kind: 'auth' | 'scope' | 'network' | 'throttled' | 'server' | 'cancelled' | 'input',
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

/** The error a cancelled sync ends with. */
export const syncCancelled = (): ConnectError =>
  new ConnectError(
    'The sync was cancelled; what it had already brought is kept, and the next sync goes on from there.',
    'cancelled',
  );

/** Waits `ms` (a back-off, a throttle), or ends at once with `syncCancelled()` when the sync is cancelled. */
export function sleepUnlessCancelled(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(syncCancelled());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(syncCancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
