/**
 * The store connection, app side: the extension holds the shop's credentials and calls its API
 * (the Shopify Admin API sends no CORS headers, so this page could not); the app asks it over the
 * bridge for the status and a sync when it opens, and takes the synced bundles in through
 * `applyBundle` (the same validation, idempotent merge, history and undo as any import). The
 * app's customer-key salt goes with each request, so synced customers match imported ones.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  fromBase64,
  type BridgeConnectStatus,
  type BridgeBody,
  type BridgeReply,
} from '../../core/sync/bridge.ts';
import { saltCheck } from '../../core/connect/index.ts';
import { addChanges, changeWords, noChanges } from '../../core/connect/changes.ts';
import { getSettings } from '../../core/db/store.ts';
import { formatDateTime, formatNumber } from '../../core/ui/format.ts';
import { api } from './client.ts';
import { errorMessage, useStore } from './data.tsx';
import { storeDb } from './db.ts';

type Body = Extract<BridgeBody, { kind: `connect-${string}` }>;
type Send = (body: Body) => Promise<BridgeReply>;

interface ConnectView {
  status: BridgeConnectStatus | null;
  /** The last sync the app took in, in words. */
  taken: { at: number; text: string } | null;
  error: string | null;
}

let view: ConnectView = { status: null, taken: null, error: null };
const listeners = new Set<() => void>();
const set = (v: Partial<ConnectView>) => {
  view = { ...view, ...v };
  for (const l of listeners) l();
};
let transport: Send | null = null;
let askedSync = false;

function useConnectView(): ConnectView {
  const [, tick] = useState(0);
  useEffect(() => {
    const l = () => tick((x) => x + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return view;
}

const NEXT_SALT = 'storelens:connect-salt';

/**
 * The app's customer-key salt; on a device without settings yet, the salt its settings will get
 * when the first synced bundle makes them (kept here until then).
 */
async function appSalt(): Promise<string> {
  const s = await getSettings(await storeDb());
  if (s?.salt && !s.demo) return s.salt;
  let next = localStorage.getItem(NEXT_SALT);
  if (!next) {
    const b = crypto.getRandomValues(new Uint8Array(16));
    next = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(NEXT_SALT, next);
  }
  return next;
}

function statusOf(r: BridgeReply): BridgeConnectStatus {
  if (!r.ok) throw new Error(r.error);
  if (r.kind !== 'connect-status') throw new Error('The extension answered with something else.');
  return r.status;
}

/** Asks the extension to sync now (the app's salt with it). */
export async function syncStoreNow(): Promise<void> {
  if (!transport) throw new Error('The extension is not connected.');
  set({
    error: null,
    status: statusOf(await transport({ kind: 'connect-sync', salt: await appSalt() })),
  });
}

/**
 * Asks the extension to stop the sync under way. What its kept steps brought stays: the app takes
 * it in as soon as the sync has stopped, and the next sync goes on from there.
 */
export async function cancelStoreSync(): Promise<void> {
  if (!transport) throw new Error('The extension is not connected.');
  set({ error: null, status: statusOf(await transport({ kind: 'connect-cancel' })) });
}

/**
 * Opens the extension's "Connect your store" form in a tab of its own: the shop's credentials are
 * typed and kept there, never in this app, and only an extension page can ask the browser for
 * the permission to call the shop.
 */
export async function openStoreConnect(): Promise<void> {
  if (!transport) throw new Error('The extension is not connected.');
  set({ error: null, status: statusOf(await transport({ kind: 'connect-open' })) });
}

/**
 * Runs while the extension is connected: syncs once when the app opens, then follows the status,
 * takes in each synced bundle (applyBundle) and acknowledges it. Stops when `signal` aborts.
 */
export async function followStore(
  send: Send,
  reload: () => Promise<unknown>,
  signal: AbortSignal,
): Promise<void> {
  transport = send;
  askedSync = false;
  while (!signal.aborted) {
    try {
      const salt = await appSalt();
      const status = statusOf(await send({ kind: 'connect-status', salt }));
      set({ status });
      if (!status.connected) {
        // A store may be connected in the extension's options while the app is open.
        askedSync = true;
        await new Promise((r) => setTimeout(r, 5000));
        continue;
      }
      if (status.pending > 0 && !status.running) {
        const r = await send({ kind: 'connect-pull' });
        if (!r.ok) throw new Error(r.error);
        if (r.kind !== 'connect-pull')
          throw new Error('The extension answered with something else.');
        // One line for all the bundles taken in (a sync kept in steps makes several): only what
        // the stored data did not hold yet counts, what came again unchanged is named apart.
        let changes = noChanges();
        for (const b of r.bundles) {
          const res = await api.call('applyBundle', [
            fromBase64(b),
            `${status.shop?.name ?? 'Store'} sync`,
            // Keyed with the salt this app sent: settings made now (first data, or the demo store
            // replaced) take it, so no second full sync is needed.
            // A store sync: products keep the lead times, costs and other fields set here.
            { storeSync: true, ...(status.keyedWith === saltCheck(salt) && { salt }) },
          ]);
          changes = addChanges(changes, res.stored);
        }
        const text = changeWords(changes);
        await send({ kind: 'connect-ack', count: r.bundles.length, changes: text });
        await reload();
        set({ taken: { at: Date.now(), text } });
        continue;
      }
      // Once per opening, and again when the data was keyed with another salt than this app's
      // (e.g. the demo store was just replaced): the extension then syncs everything again.
      const stale = status.keyedWith !== null && status.keyedWith !== saltCheck(salt);
      if (!status.running && (!askedSync || stale)) {
        askedSync = true;
        set({ status: statusOf(await send({ kind: 'connect-sync', salt })) });
      }
      set({ error: null });
    } catch (e) {
      set({ error: errorMessage(e) });
    }
    await new Promise((r) => setTimeout(r, view.status?.running ? 1000 : 5000));
  }
  transport = null;
}

/** "Store: Fixture Outfitters · synced 12:04 · Sync store now", in the bridge bar. */
export function StoreSyncPill(): JSX.Element | null {
  const v = useConnectView();
  const s = v.status;
  if (!s?.connected) return null;
  return (
    <span class="muted" role="status">
      Store {s.shop?.name ?? s.origin}:{' '}
      {s.running
        ? `syncing (${formatNumber(s.running.fetched)} records)…`
        : s.lastError?.kind === 'cancelled'
          ? 'last sync cancelled (see Settings)'
          : s.lastError
            ? 'last sync failed (see Settings)'
            : s.lastSyncAt
              ? `synced ${formatDateTime(s.lastSyncAt)}`
              : 'not synced yet'}
    </span>
  );
}

/** Settings → "Store connection": last/next sync, what changed, errors, Sync now, shop settings. */
export function StoreConnection(): JSX.Element {
  const v = useConnectView();
  const store = useStore();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  /** Cancel was pressed: once the sync has stopped, focus goes to what the app says was kept. */
  const [cancelling, setCancelling] = useState(false);
  const stopped = useRef<HTMLParagraphElement>(null);
  const s = v.status;
  useEffect(() => {
    if (!cancelling || s?.running) return;
    setCancelling(false);
    stopped.current?.focus();
  }, [cancelling, s?.running, s?.lastError?.at]);

  const useShopSettings = async () => {
    if (!s?.shop) return;
    const db = await storeDb();
    const cur = await getSettings(db);
    if (
      !confirm(
        `Use ${s.shop.name}’s currency ${s.shop.currency} and timezone ${s.shop.timezone} for every screen? (Now: ${cur?.currency ?? 'none'}, ${cur?.timezone ?? 'none'}.)`,
      )
    )
      return;
    try {
      const targets = await db.getAll('targets');
      await api.call('saveSettings', [
        { ...(cur ?? {}), currency: s.shop.currency, timezone: s.shop.timezone },
        targets,
      ]);
      await store.refresh();
      setNote({
        error: false,
        text: `Now reporting in ${s.shop.currency}, days cut in ${s.shop.timezone}.`,
      });
    } catch (e) {
      setNote({ error: true, text: `Not changed: ${errorMessage(e)}` });
    }
  };

  if (!transport && !s)
    return (
      <section class="card" aria-labelledby="store-conn">
        <h2 id="store-conn">Store connection</h2>
        <p class="muted">
          To bring your shop’s orders, refunds and products in by themselves, install the Storelens
          extension, turn its bridge on for this app, and connect your store in its options
          (“Connect your store”).
        </p>
      </section>
    );
  return (
    <section class="card" aria-labelledby="store-conn">
      <h2 id="store-conn">Store connection</h2>
      {!s?.connected ? (
        <>
          <p class="muted">
            No store is connected yet. The extension keeps the shop’s address and credentials (they
            never reach this app) and brings its orders, refunds, products and stock in by
            themselves.
          </p>
          <p>
            <button
              type="button"
              class="btn primary"
              onClick={() => void openStoreConnect().catch((e) => set({ error: errorMessage(e) }))}
            >
              Connect your store…
            </button>{' '}
            <span class="muted">opens the form in the extension’s options</span>
          </p>
          {v.error && (
            <p class="error-text" role="alert">
              {v.error}
            </p>
          )}
        </>
      ) : (
        <>
          <p>
            {s.shop?.name ?? s.origin} ({s.origin}), through the extension.
          </p>
          <dl class="facts">
            <dt>Last sync</dt>
            <dd>{s.lastSyncAt ? formatDateTime(s.lastSyncAt) : 'not yet'}</dd>
            <dt>Next sync</dt>
            <dd>{s.nextSyncAt ? formatDateTime(s.nextSyncAt) : 'when the app opens'}</dd>
            <dt>What changed</dt>
            <dd>
              {v.taken
                ? `${v.taken.text} (taken in ${formatDateTime(v.taken.at)})`
                : s.lastSummary
                  ? `${formatNumber(s.lastSummary.orders)} orders and ${formatNumber(s.lastSummary.products)} products fetched in the last sync`
                  : 'nothing yet'}
            </dd>
          </dl>
          {s.running && (
            <p role="status">
              Syncing: {formatNumber(s.running.fetched)}
              {s.running.total !== null ? ` of ${formatNumber(s.running.total)}` : ''} records
              fetched.
            </p>
          )}
          {s.lastError?.kind === 'cancelled' ? (
            <p class="muted" role="status" tabIndex={-1} ref={stopped}>
              The last sync was cancelled ({formatDateTime(s.lastError.at)}): {s.lastError.message}
              {v.taken && v.taken.at >= s.lastError.at ? ` Kept: ${v.taken.text}.` : ''}
            </p>
          ) : (
            s.lastError && (
              <p class="error-text" role="alert">
                The last sync failed ({formatDateTime(s.lastError.at)}): {s.lastError.message}
              </p>
            )
          )}
          {v.error && (
            <p class="error-text" role="alert">
              {v.error}
            </p>
          )}
          <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
            <button
              type="button"
              class="btn primary"
              disabled={busy || !!s.running}
              onClick={async () => {
                setBusy(true);
                try {
                  await syncStoreNow();
                } catch (e) {
                  setNote({ error: true, text: errorMessage(e) });
                } finally {
                  setBusy(false);
                }
              }}
            >
              {s.running ? 'Syncing…' : 'Sync now'}
            </button>
            {s.running && (
              <button
                type="button"
                class="btn"
                disabled={cancelling}
                onClick={async () => {
                  setCancelling(true);
                  try {
                    await cancelStoreSync();
                  } catch (e) {
                    setCancelling(false);
                    setNote({ error: true, text: errorMessage(e) });
                  }
                }}
              >
                {cancelling ? 'Cancelling…' : 'Cancel the sync'}
              </button>
            )}
            {s.shop &&
              (store.meta?.currency !== s.shop.currency ||
                store.meta?.timezone !== s.shop.timezone) && (
                <button type="button" class="btn" onClick={() => void useShopSettings()}>
                  Use the shop’s currency ({s.shop.currency}) and timezone ({s.shop.timezone})
                </button>
              )}
          </div>
        </>
      )}
      {note && (
        <p class={note.error ? 'error-text' : 'muted'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
