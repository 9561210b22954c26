/**
 * The desktop bridge's wire protocol between the PWA page and the extension's content script on
 * the PWA's origin. The page says hello on `window`; the content script answers with a private
 * MessagePort; every request and reply then travels on that port, never on `window`, so other
 * scripts see no data. Bundles cross as base64 of the gzipped bytes and are validated with
 * `decodeBundle` on the receiving side.
 */

export const BRIDGE_CHANNEL = 'storelens-bridge';
export const BRIDGE_VERSION = 1;

/** Page → content script, on window (the only message that is not on the port). */
export interface BridgeHello {
  channel: typeof BRIDGE_CHANNEL;
  kind: 'hello';
  version: number;
}

/** Content script → page, on window, carrying the port in `event.ports[0]`. */
export interface BridgeWelcome {
  channel: typeof BRIDGE_CHANNEL;
  kind: 'welcome';
  version: number;
  extensionVersion: string;
}

/** Requests the page sends on the port. */
export type BridgeRequest =
  | { id: number; kind: 'status' }
  | { id: number; kind: 'pull' }
  | { id: number; kind: 'push'; bundle: string }
  /** The store connection: its status, a sync, the synced bundles, and that they were applied. */
  | { id: number; kind: 'connect-status'; salt: string }
  | { id: number; kind: 'connect-sync'; salt: string }
  /** Stops the sync under way; what it already kept stays (answered with the status). */
  | { id: number; kind: 'connect-cancel' }
  | { id: number; kind: 'connect-pull' }
  /**
   * Opens the extension's "Connect your store" form in a tab of its own (answered with the
   * status): the credentials are typed there, never in the app, and only an extension page can
   * ask the browser for the shop's host permission.
   */
  | { id: number; kind: 'connect-open' }
  /** `changes`: what the bundles changed in the app's data, in words, for the options page. */
  | { id: number; kind: 'connect-ack'; count: number; changes?: string };

/** A request without its id (what a caller asks; the port adds the id). */
export type BridgeBody = BridgeRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

/** The store connection as the extension reports it (never a credential). */
export interface BridgeConnectStatus {
  connected: boolean;
  platform: 'shopify' | 'woocommerce' | null;
  origin: string | null;
  credentialKind: 'client-credentials' | 'access-token' | 'consumer-key' | null;
  shop: {
    platform: 'shopify' | 'woocommerce';
    name: string;
    currency: string;
    timezone: string;
  } | null;
  lastSyncAt: number | null;
  nextSyncAt: number | null;
  lastSummary: {
    orders: number;
    refunds: number;
    products: number;
    startedAt: number;
    endedAt: number;
  } | null;
  lastError: { message: string; kind: string; at: number } | null;
  /** What the app last took in changed in its data, in its words ("1 new order, …"). */
  lastTaken: { text: string; at: number } | null;
  running: {
    phase: string;
    fetched: number;
    total: number | null;
    etaMs: number | null;
    startedAt: number;
  } | null;
  pending: number;
  /** A one-way check of the customer-key salt the synced data was keyed with. */
  keyedWith: string | null;
}

export interface BridgeStatus {
  tracked: number;
  snapshots: number;
  catalog: number;
  lastPushAt: number | null;
}

/** Replies on the port. */
export type BridgeReply =
  | { id: number; ok: true; kind: 'status'; status: BridgeStatus }
  | { id: number; ok: true; kind: 'pull'; bundle: string }
  | { id: number; ok: true; kind: 'push'; catalog: number }
  | { id: number; ok: true; kind: 'connect-status'; status: BridgeConnectStatus }
  | { id: number; ok: true; kind: 'connect-pull'; bundles: string[] }
  | { id: number; ok: true; kind: 'connect-ack'; pending: number }
  | { id: number; ok: false; error: string };

export function isBridgeHello(v: unknown): v is BridgeHello {
  return (
    !!v &&
    typeof v === 'object' &&
    (v as BridgeHello).channel === BRIDGE_CHANNEL &&
    (v as BridgeHello).kind === 'hello'
  );
}

export function isBridgeWelcome(v: unknown): v is BridgeWelcome {
  return (
    !!v &&
    typeof v === 'object' &&
    (v as BridgeWelcome).channel === BRIDGE_CHANNEL &&
    (v as BridgeWelcome).kind === 'welcome' &&
    typeof (v as BridgeWelcome).extensionVersion === 'string'
  );
}

/** Checks a request from the page: only the known shapes pass. */
export function parseBridgeRequest(v: unknown): BridgeRequest | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) return null;
  if (r.kind === 'status' || r.kind === 'pull') return { id: r.id, kind: r.kind };
  if (r.kind === 'push' && typeof r.bundle === 'string' && r.bundle.length < 64 * 1024 * 1024) {
    return { id: r.id, kind: 'push', bundle: r.bundle };
  }
  if ((r.kind === 'connect-status' || r.kind === 'connect-sync') && typeof r.salt === 'string')
    return { id: r.id, kind: r.kind, salt: r.salt.slice(0, 200) };
  if (r.kind === 'connect-pull' || r.kind === 'connect-cancel' || r.kind === 'connect-open')
    return { id: r.id, kind: r.kind };
  if (r.kind === 'connect-ack' && Number.isSafeInteger(r.count) && (r.count as number) >= 0)
    return {
      id: r.id,
      kind: 'connect-ack',
      count: r.count as number,
      ...(typeof r.changes === 'string' && { changes: r.changes.slice(0, 500) }),
    };
  return null;
}

const numOrNull = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const strOrNull = (x: unknown) => (typeof x === 'string' ? x.slice(0, 2000) : null);

/** The extension's connection status, field by field (unknown fields dropped). */
function parseConnectStatus(v: unknown): BridgeConnectStatus | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Record<string, unknown>;
  const obj = (x: unknown) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : null);
  const platform = (x: unknown) => (x === 'shopify' || x === 'woocommerce' ? x : null);
  const shop = obj(s.shop);
  const sum = obj(s.lastSummary);
  const err = obj(s.lastError);
  const run = obj(s.running);
  const taken = obj(s.lastTaken);
  const kind = s.credentialKind;
  return {
    connected: s.connected === true,
    platform: platform(s.platform),
    origin: strOrNull(s.origin),
    credentialKind:
      kind === 'client-credentials' || kind === 'access-token' || kind === 'consumer-key'
        ? kind
        : null,
    shop:
      shop && platform(shop.platform)
        ? {
            platform: platform(shop.platform)!,
            name: String(shop.name ?? '').slice(0, 500),
            currency: String(shop.currency ?? '').slice(0, 3),
            timezone: String(shop.timezone ?? '').slice(0, 100),
          }
        : null,
    lastSyncAt: numOrNull(s.lastSyncAt),
    nextSyncAt: numOrNull(s.nextSyncAt),
    lastSummary: sum
      ? {
          orders: numOrNull(sum.orders) ?? 0,
          refunds: numOrNull(sum.refunds) ?? 0,
          products: numOrNull(sum.products) ?? 0,
          startedAt: numOrNull(sum.startedAt) ?? 0,
          endedAt: numOrNull(sum.endedAt) ?? 0,
        }
      : null,
    lastError: err
      ? {
          message: String(err.message ?? '').slice(0, 1000),
          kind: String(err.kind ?? ''),
          at: numOrNull(err.at) ?? 0,
        }
      : null,
    lastTaken: taken
      ? { text: String(taken.text ?? '').slice(0, 500), at: numOrNull(taken.at) ?? 0 }
      : null,
    running: run
      ? {
          phase: String(run.phase ?? ''),
          fetched: numOrNull(run.fetched) ?? 0,
          total: numOrNull(run.total),
          etaMs: numOrNull(run.etaMs),
          startedAt: numOrNull(run.startedAt) ?? 0,
        }
      : null,
    pending: numOrNull(s.pending) ?? 0,
    keyedWith: strOrNull(s.keyedWith),
  };
}

/** Checks a reply from the content script. */
export function parseBridgeReply(v: unknown): BridgeReply | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'number') return null;
  if (r.ok === false)
    return { id: r.id, ok: false, error: String(r.error ?? 'The extension did not say why.') };
  if (r.ok !== true) return null;
  if (r.kind === 'pull' && typeof r.bundle === 'string')
    return { id: r.id, ok: true, kind: 'pull', bundle: r.bundle };
  if (r.kind === 'push' && typeof r.catalog === 'number')
    return { id: r.id, ok: true, kind: 'push', catalog: r.catalog };
  if (r.kind === 'connect-status') {
    const status = parseConnectStatus(r.status);
    return status ? { id: r.id, ok: true, kind: 'connect-status', status } : null;
  }
  if (
    r.kind === 'connect-pull' &&
    Array.isArray(r.bundles) &&
    r.bundles.every((b) => typeof b === 'string')
  )
    return { id: r.id, ok: true, kind: 'connect-pull', bundles: r.bundles as string[] };
  if (r.kind === 'connect-ack' && typeof r.pending === 'number')
    return { id: r.id, ok: true, kind: 'connect-ack', pending: r.pending };
  if (r.kind === 'status' && r.status && typeof r.status === 'object') {
    const s = r.status as Record<string, unknown>;
    const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
    return {
      id: r.id,
      ok: true,
      kind: 'status',
      status: {
        tracked: num(s.tracked),
        snapshots: num(s.snapshots),
        catalog: num(s.catalog),
        lastPushAt: typeof s.lastPushAt === 'number' ? s.lastPushAt : null,
      },
    };
  }
  return null;
}

/** Bytes → base64 (chunked: no call-stack limit on big bundles). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** base64 → bytes; throws a clear error on junk. */
export function fromBase64(text: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    throw new Error('The bridge received a damaged bundle (not base64). Try Sync again.');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
