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
  | { id: number; kind: 'push'; bundle: string };

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
  return null;
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
