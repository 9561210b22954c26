// The store connection's storage: the connection with its credentials (extension storage only,
// `chrome.storage.local`), the sync state, and the origins the connection needs.
import { storage } from '#imports';
import type {
  ConnectError,
  Connection,
  Platform,
  ShopInfo,
  SyncCursor,
  SyncProgress,
  SyncSummary,
} from '../../../core/connect/index.ts';
import { originPattern } from '../origins.ts';

export const CONNECT_ALARM = 'connect:sync';
/** Every few hours while the browser runs. */
export const SYNC_EVERY_MINUTES = 180;
/** Shopify's bulk results are files on Google Cloud Storage, fetched without credentials. */
export const SHOPIFY_RESULT_ORIGIN = 'https://storage.googleapis.com';

/** The connection as stored: credentials included, so only ever in this context and options. */
export const connectionItem = storage.defineItem<Connection | null>('local:connection', {
  fallback: null,
  version: 1,
});

export interface ConnectState {
  shop: ShopInfo | null;
  cursor: SyncCursor;
  /** ms since epoch. */
  lastSyncAt: number | null;
  lastSummary: SyncSummary | null;
  lastError: { message: string; kind: ConnectError['kind']; at: number } | null;
  /** What the app said the synced bundles changed in its data when it took them in. */
  lastTaken: { text: string; at: number } | null;
  /** The sync under way, null when none. */
  running: (SyncProgress & { startedAt: number }) | null;
  /** The app's customer-key salt (sent by the app over the bridge), so keys match its imports. */
  appSalt: string | null;
  /** A one-way check of the salt the stored cursor's data was keyed with. */
  keyedWith: string | null;
}

export const emptyState = (): ConnectState => ({
  shop: null,
  cursor: { since: null, resume: null },
  lastSyncAt: null,
  lastSummary: null,
  lastError: null,
  lastTaken: null,
  running: null,
  appSalt: null,
  keyedWith: null,
});

export const connectStateItem = storage.defineItem<ConnectState>('local:connectState', {
  fallback: emptyState(),
  version: 1,
});

/** The origins the connection needs host permission for (the shop, and where its files live). */
export function connectOrigins(platform: Platform, origin: string): string[] {
  // A local test shop (http://127.0.0.1) serves its bulk files itself.
  const remoteFiles = platform === 'shopify' && origin.startsWith('https:');
  return [originPattern(origin), ...(remoteFiles ? [originPattern(SHOPIFY_RESULT_ORIGIN)] : [])];
}
