// The store connection in the background: the credentials (extension storage only), the sync
// (on the app's request, from the options page, and every few hours by an alarm), its progress and
// state, and the synced data waiting for the app as bundles. The shop is called with this
// context's fetch, which the optional host permission for the shop's origin lets through (the
// Shopify Admin API sends no CORS headers, so the app's page could not call it).
import { browser } from '#imports';
import {
  ConnectError,
  connectorFor,
  runSteps,
  saltCheck,
  connectors,
  type Connection,
  type Credentials,
  type SyncCursor,
} from '../../../core/connect/index.ts';
import { encodeBundle, makeBundle, toBase64 } from '../../../core/sync/index.ts';
import type { BridgeConnectStatus } from '../../../core/sync/bridge.ts';
import { getExtSetting, setExtSetting } from '../../../core/db/ext.ts';
import { z } from '../../../core/schema/common.ts';
import { handler } from '../messages.ts';
import { originPattern } from '../origins.ts';
import { trackingDb } from '../tracking/store.ts';
import {
  CONNECT_ALARM,
  SYNC_EVERY_MINUTES,
  connectOrigins,
  connectStateItem,
  connectionItem,
  emptyState,
  type ConnectState,
} from './store.ts';

const PENDING = 'connect.pending';
/** WooCommerce pages (of 100) read before they are kept and the cursor moves past them. */
const WOO_PAGES_PER_STEP = 5;

/** What the options page and the app may see: never a credential. */
export type ConnectStatus = BridgeConnectStatus;

// State changes run one after another (progress arrives while the sync goes on): none is lost.
let queue: Promise<unknown> = Promise.resolve();
function update(f: (s: ConnectState) => ConnectState): Promise<ConnectState> {
  const run = queue.then(async () => {
    const next = f(await connectStateItem.getValue());
    await connectStateItem.setValue(next);
    return next;
  });
  queue = run.catch(() => undefined);
  return run;
}

async function pendingBundles(): Promise<Uint8Array[]> {
  return getExtSetting<Uint8Array[]>(await trackingDb(), PENDING, []);
}

export async function connectStatus(): Promise<ConnectStatus> {
  const [c, s, pending, alarm] = await Promise.all([
    connectionItem.getValue(),
    connectStateItem.getValue(),
    pendingBundles(),
    browser.alarms.get(CONNECT_ALARM),
  ]);
  const cred = c?.credentials;
  return {
    connected: !!c,
    platform: cred?.platform ?? null,
    origin: c?.origin ?? null,
    credentialKind: !cred ? null : cred.platform === 'shopify' ? cred.kind : 'consumer-key',
    shop: s.shop,
    lastSyncAt: s.lastSyncAt,
    nextSyncAt: c && alarm ? alarm.scheduledTime : null,
    lastSummary: s.lastSummary,
    lastError: s.lastError,
    lastTaken: s.lastTaken ?? null,
    running: s.running,
    pending: pending.length,
    keyedWith: s.keyedWith,
  };
}

let current: AbortController | null = null;

/** The message of any error, in words and without credentials. */
function words(e: unknown, c: Connection | null): { message: string; kind: ConnectError['kind'] } {
  let message =
    e instanceof ConnectError
      ? e.message
      : `The sync stopped: ${e instanceof Error ? e.message : String(e)}`;
  // Belt and braces: a credential never reaches storage or the screen.
  const cred = c?.credentials as Record<string, string> | undefined;
  for (const k of ['clientSecret', 'accessToken', 'consumerSecret', 'consumerKey', 'clientId'])
    if (cred?.[k] && cred[k].length >= 4) message = message.split(cred[k]).join('•••');
  return { message, kind: e instanceof ConnectError ? e.kind : 'server' };
}

/**
 * Runs one sync unless one runs already: its progress and cursor are saved at each step (a closed
 * browser resumes), its result is kept as a bundle for the app. Resolves when it ends.
 */
export async function runSync(): Promise<void> {
  if (current) return;
  const connection = await connectionItem.getValue();
  if (!connection) throw new Error('No store is connected. Connect one in the options first.');
  const state = await connectStateItem.getValue();
  const salt = state.appSalt ?? '';
  const check = saltCheck(salt);
  // Keys made with another salt than the app's would split customers: start over.
  const cursor: SyncCursor =
    state.keyedWith !== null && state.keyedWith !== check
      ? { since: null, resume: null }
      : state.cursor;
  const ac = new AbortController();
  current = ac;
  const startedAt = Date.now();
  await update((s) => ({
    ...s,
    running: { phase: 'shop', fetched: 0, total: null, etaMs: null, startedAt },
  }));
  try {
    const connector = connectorFor(connection, (i, init) => fetch(i, init), {
      salt,
      pagesPerCall: WOO_PAGES_PER_STEP,
    });
    const db = await trackingDb();
    const label = `${connectors[connection.credentials.platform].label} sync of ${state.shop?.name ?? connection.origin}`;
    const res = await runSteps(connector, cursor, {
      signal: ac.signal,
      onProgress: (p) => void update((s) => ({ ...s, running: { ...p, startedAt } })),
      onCursor: async (c) => void (await update((s) => ({ ...s, cursor: c, keyedWith: check }))),
      // Each step's data is kept for the app first, then the cursor past it: a closed browser
      // resumes after the last kept step, never past data that was not kept.
      commit: async (r, replaces) => {
        if (Object.keys(r.entities).length > 0) {
          const bytes = await encodeBundle(makeBundle('extension', r.entities, Date.now(), label));
          const pending = await getExtSetting<Uint8Array[]>(db, PENDING, []);
          // A full sync replaces what waits (it holds all of it); its later steps and an
          // incremental sync add to it.
          await setExtSetting(db, PENDING, replaces ? [bytes] : [...pending, bytes]);
        }
        await update((s) => ({ ...s, cursor: r.cursor, keyedWith: check }));
      },
    });
    await update((s) => ({
      ...s,
      cursor: res.cursor,
      keyedWith: check,
      lastSyncAt: res.summary.endedAt,
      lastSummary: res.summary,
      lastError: null,
      running: null,
    }));
  } catch (e) {
    const w = words(e, connection);
    // The cursor stays where the last kept step left it (a cancel keeps what was kept): the next
    // sync resumes from there. A cancel is noted as such (kind 'cancelled'), not as a failure.
    await update((s) => ({ ...s, running: null, lastError: { ...w, at: Date.now() } }));
  } finally {
    current = null;
  }
}

/** Keeps the alarm in step with the connection. */
async function scheduleAlarm(on: boolean): Promise<void> {
  if (!on) {
    await browser.alarms.clear(CONNECT_ALARM);
    return;
  }
  const a = await browser.alarms.get(CONNECT_ALARM);
  if (!a)
    await browser.alarms.create(CONNECT_ALARM, {
      periodInMinutes: SYNC_EVERY_MINUTES,
      delayInMinutes: SYNC_EVERY_MINUTES,
    });
}

const credentialsInput = z.union([
  z.object({
    platform: z.literal('shopify'),
    kind: z.literal('client-credentials'),
    clientId: z.string().trim().min(1).max(500),
    clientSecret: z.string().trim().min(1).max(500),
  }),
  z.object({
    platform: z.literal('shopify'),
    kind: z.literal('access-token'),
    accessToken: z.string().trim().min(1).max(500),
  }),
  z.object({
    platform: z.literal('woocommerce'),
    consumerKey: z.string().trim().min(1).max(500),
    consumerSecret: z.string().trim().min(1).max(500),
  }),
]);

const appSaltInput = z.object({ salt: z.string().max(200).optional() });

async function learnSalt(salt: string | undefined): Promise<void> {
  if (salt === undefined) return;
  await update((s) => (s.appSalt === salt ? s : { ...s, appSalt: salt }));
}

async function bundlesForApp(): Promise<{ ok: true; bundles: string[] }> {
  return { ok: true, bundles: (await pendingBundles()).map(toBase64) };
}

export const connectHandlers = {
  /** Options: the connection's status (no credentials). */
  'connect:status': handler({ from: ['extension'], run: connectStatus }),
  /** Options: tests credentials (saved or typed) and reports the shop's name, currency and zone. */
  'connect:test': handler({
    from: ['extension'],
    input: z.object({ origin: z.string().max(2000), credentials: credentialsInput }),
    invalid: 'Fill in the shop address and the credentials.',
    run: async ({ origin: typed, credentials }) => {
      const platform = credentials.platform;
      const origin = connectors[platform].origin(typed);
      if (!(await browser.permissions.contains({ origins: connectOrigins(platform, origin) })))
        throw new Error(
          `Storelens has no permission to call ${origin}; press Connect again and allow it.`,
        );
      const connection: Connection = { origin, credentials: credentials as Credentials };
      try {
        const shop = await connectorFor(connection, (i, init) => fetch(i, init), {
          salt: '',
        }).test(AbortSignal.timeout(30_000));
        return { origin, shop };
      } catch (e) {
        throw new Error(words(e, connection).message, { cause: e });
      }
    },
  }),
  /** Options: keeps the tested connection (replacing any other) and schedules the syncs. */
  'connect:save': handler({
    from: ['extension'],
    input: z.object({
      origin: z.string().max(2000),
      credentials: credentialsInput,
      shop: z.object({
        platform: z.enum(['shopify', 'woocommerce']),
        name: z.string().max(500),
        currency: z.string().max(3),
        timezone: z.string().max(100),
      }),
    }),
    run: async ({ origin: typed, credentials, shop }) => {
      const origin = connectors[credentials.platform].origin(typed);
      const before = await connectionItem.getValue();
      await connectionItem.setValue({ origin, credentials: credentials as Credentials });
      if (before?.origin !== origin || before.credentials.platform !== credentials.platform) {
        await setExtSetting(await trackingDb(), PENDING, []);
        await update((s) => ({ ...emptyState(), appSalt: s.appSalt, shop }));
      } else await update((s) => ({ ...s, shop }));
      await scheduleAlarm(true);
      return connectStatus();
    },
  }),
  /** Options or the app: sync now (returns at once; progress is in the status). */
  'connect:sync': handler({
    from: ['extension', 'app'],
    input: appSaltInput,
    run: async ({ salt }) => {
      await learnSalt(salt);
      if (!(await connectionItem.getValue())) throw new Error('No store is connected.');
      void runSync();
      return connectStatus();
    },
  }),
  /** Options or the app: stops the sync under way (what its kept steps brought stays). */
  'connect:cancel': handler({
    from: ['extension', 'app'],
    run: async () => {
      current?.abort();
      return connectStatus();
    },
  }),
  /**
   * The app: opens the options page at "Connect your store" (a tab of its own), where the
   * credentials are typed and the shop's host permission is asked for.
   */
  'connect:open': handler({
    from: ['app'],
    run: async () => {
      await browser.tabs.create({ url: browser.runtime.getURL('/options.html#connect') });
      return connectStatus();
    },
  }),
  /** Options: forgets the credentials, the synced data waiting and the shop's host permission. */
  'connect:remove': handler({
    from: ['extension'],
    run: async () => {
      current?.abort();
      const c = await connectionItem.getValue();
      await connectionItem.setValue(null);
      await update((s) => ({ ...emptyState(), appSalt: s.appSalt }));
      await setExtSetting(await trackingDb(), PENDING, []);
      await scheduleAlarm(false);
      // The shop's own origin only: storage.googleapis.com may serve other features later.
      if (c)
        await browser.permissions.remove({ origins: [originPattern(c.origin)] }).catch(() => false);
      return connectStatus();
    },
  }),
  /** The app: the connection's status; also tells the extension the app's salt. */
  'connect:app-status': handler({
    from: ['app'],
    input: appSaltInput,
    run: async ({ salt }) => {
      await learnSalt(salt);
      return connectStatus();
    },
  }),
  /** The app: the synced bundles waiting, oldest first. */
  'connect:pull': handler({ from: ['app'], run: bundlesForApp }),
  /** The app: it applied the first `count` waiting bundles; they go. */
  'connect:ack': handler({
    from: ['app'],
    input: z.object({
      count: z.number().int().min(0).max(10_000),
      changes: z.string().max(500).optional(),
    }),
    run: async ({ count, changes }) => {
      const db = await trackingDb();
      const pending = await getExtSetting<Uint8Array[]>(db, PENDING, []);
      await setExtSetting(db, PENDING, pending.slice(count));
      if (changes !== undefined && count > 0)
        await update((s) => ({ ...s, lastTaken: { text: changes, at: Date.now() } }));
      return { ok: true as const, pending: pending.length - Math.min(count, pending.length) };
    },
  }),
};

/** Wires the alarm, and a sync interrupted by a closed browser resumes at startup. */
export function registerConnect(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CONNECT_ALARM) void runSync().catch(() => undefined);
  });
  void (async () => {
    const [c, s] = await Promise.all([connectionItem.getValue(), connectStateItem.getValue()]);
    await scheduleAlarm(!!c);
    if (c && (s.running || s.cursor.resume)) void runSync().catch(() => undefined);
  })().catch(() => undefined);
}
