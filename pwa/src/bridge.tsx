/**
 * The desktop bridge, page side: says hello on `window`, accepts the private MessagePort that the
 * Storelens extension's content script hands over, and from then on talks only on that port.
 * Replies are checked (`parseBridgeReply`) and bundles validated (`decodeBundle` in the worker)
 * before anything is stored. Nothing syncs unless the user presses "Sync now" or turned on
 * automatic sync.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  fromBase64,
  isBridgeWelcome,
  parseBridgeReply,
  toBase64,
  type BridgeBody,
  type BridgeReply,
  type BridgeRequest,
} from '../../core/sync/bridge.ts';
import type { BundlePreview } from '../../core/worker/sync.ts';
import { api } from './client.ts';
import { errorMessage, useStore } from './data.tsx';
import { formatDateTime, formatNumber } from '../../core/ui/format.ts';
import { StoreSyncPill, followStore } from './connect.tsx';

type Pending = Map<number, (r: BridgeReply) => void>;
type Body = BridgeBody;

const AUTO_KEY = 'storelens:bridge-auto-sync';

function connect(onPort: (port: MessagePort, version: string) => void): () => void {
  const onMessage = (e: MessageEvent) => {
    if (e.source !== window || e.origin !== location.origin) return;
    const d = e.data as { channel?: string; kind?: string } | null;
    if (d?.channel !== BRIDGE_CHANNEL) return;
    // The content script arrived after our hello: say it again.
    if (d.kind === 'ready') hello();
    if (isBridgeWelcome(e.data) && e.ports[0]) onPort(e.ports[0], e.data.extensionVersion);
  };
  const hello = () =>
    window.postMessage(
      { channel: BRIDGE_CHANNEL, kind: 'hello', version: BRIDGE_VERSION },
      location.origin,
    );
  addEventListener('message', onMessage);
  hello();
  return () => removeEventListener('message', onMessage);
}

const entityNames: Record<string, string> = {
  trackedProducts: 'tracked products',
  snapshots: 'price checks',
  audits: 'SEO audits',
  matches: 'matches to your products',
  catalog: 'catalog entries',
};

function partsOf(c: { added: number; updated: number; deleted: number }): string[] {
  return [
    c.added && `${formatNumber(c.added)} new`,
    c.updated && `${formatNumber(c.updated)} updated`,
    c.deleted && `${formatNumber(c.deleted)} deleted`,
  ].filter((x): x is string => !!x);
}

/**
 * Every entity the bundle carries, e.g. "tracked products: 1 new" or "price checks: nothing new",
 * then each store setting it changes in words ("store timezone America/New_York → UTC").
 */
function countsText(p: BundlePreview): string[] {
  return [
    ...Object.entries(p.counts)
      .filter(([k]) => k !== 'settings')
      .map(([k, c]) => {
        const parts = partsOf(c);
        return `${entityNames[k] ?? k}: ${parts.length ? parts.join(', ') : 'nothing new'}`;
      }),
    ...p.changes,
  ];
}

/** Only what changed. */
function changedText(res: { counts: BundlePreview['counts']; changes: string[] }): string[] {
  return [
    ...Object.entries(res.counts)
      .filter(([k]) => k !== 'settings')
      .map(([k, c]) => ({ name: entityNames[k] ?? k, parts: partsOf(c) }))
      .filter((x) => x.parts.length > 0)
      .map((x) => `${x.name}: ${x.parts.join(', ')}`),
    ...res.changes,
  ];
}

/** "Extension connected · Sync now", the preview before merging, and the result. */
export function BridgeBar(): JSX.Element | null {
  const store = useStore();
  const port = useRef<MessagePort | null>(null);
  const pending = useRef<Pending>(new Map());
  const nextId = useRef(1);
  const [connected, setConnected] = useState<string | null>(null);
  const [auto, setAuto] = useState(() => localStorage.getItem(AUTO_KEY) === '1');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ bytes: Uint8Array; p: BundlePreview } | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  const request = (body: Body): Promise<BridgeReply> =>
    new Promise((resolve, reject) => {
      const p = port.current;
      if (!p) return reject(new Error('The extension is not connected.'));
      const id = nextId.current++;
      const timer = setTimeout(() => {
        pending.current.delete(id);
        reject(new Error('The extension did not answer within 60 seconds.'));
      }, 60_000);
      pending.current.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      p.postMessage({ id, ...body } as BridgeRequest);
    });

  useEffect(
    () =>
      connect((p, version) => {
        port.current?.close();
        port.current = p;
        p.onmessage = (m) => {
          const r = parseBridgeReply(m.data);
          if (!r) return;
          pending.current.get(r.id)?.(r);
          pending.current.delete(r.id);
        };
        setConnected(version);
      }),
    [],
  );

  const apply = async (bytes: Uint8Array) => {
    const res = await api.call('applyBundle', [bytes, 'from the extension']);
    const meta = await store.reload();
    // Then send the own catalog so the overlay can show "your price".
    let pushed = '';
    if ((meta?.products ?? 0) > 0) {
      const catalog = await api.call('exportBundle', ['catalog']);
      const r = await request({ kind: 'push', bundle: toBase64(catalog) });
      pushed =
        r.ok && r.kind === 'push'
          ? ` Sent ${formatNumber(r.catalog)} of your products to the extension.`
          : r.ok
            ? ''
            : ` Your catalog was not sent: ${r.error}`;
    }
    const changes = changedText(res);
    setMessage({
      error: false,
      text: `Synced ${formatDateTime(Date.now())}: ${changes.length ? changes.join('; ') : 'nothing new'}.${pushed}`,
    });
  };

  const syncNow = async (confirmFirst: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await request({ kind: 'pull' });
      if (!r.ok) throw new Error(r.error);
      if (r.kind !== 'pull') throw new Error('The extension answered with something else.');
      const bytes = fromBase64(r.bundle);
      const p = await api.call('previewBundle', [bytes]);
      if (confirmFirst) {
        setPreview({ bytes, p });
        dialog.current?.showModal();
      } else {
        await apply(bytes);
      }
    } catch (e) {
      setMessage({ error: true, text: `Sync failed: ${errorMessage(e)} Nothing was changed.` });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (connected && auto) void syncNow(false);
    // Auto sync runs once per connection.
  }, [connected]);

  // The store connection syncs when the app opens and its results come in as bundles.
  useEffect(() => {
    if (!connected) return;
    const ac = new AbortController();
    void followStore(
      (b) => request(b),
      () => store.reload(),
      ac.signal,
    );
    return () => ac.abort();
  }, [connected]);

  if (!connected) return null;
  return (
    <div class="bridge no-print" role="region" aria-label="Extension sync">
      <span class="pill good">Extension connected</span>
      <StoreSyncPill />
      <button
        type="button"
        class="btn small primary"
        disabled={busy}
        onClick={() => void syncNow(true)}
      >
        {busy ? 'Syncing…' : 'Sync now'}
      </button>
      <label class="muted">
        <input
          type="checkbox"
          checked={auto}
          onChange={(e) => {
            const on = (e.target as HTMLInputElement).checked;
            setAuto(on);
            localStorage.setItem(AUTO_KEY, on ? '1' : '0');
          }}
        />{' '}
        Sync automatically when connected
      </label>
      {message && (
        <span
          class={message.error ? 'error-text' : 'muted'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </span>
      )}
      <dialog ref={dialog} aria-labelledby="sync-title" onClose={() => setPreview(null)}>
        {preview && (
          <div class="grid">
            <h2 id="sync-title">Sync from the extension</h2>
            <p>
              {preview.p.noop
                ? 'Nothing new: this device already has all of it.'
                : 'This will change:'}
            </p>
            {!preview.p.noop && (
              <ul class="list">
                {countsText(preview.p).map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            )}
            <div style={{ display: 'flex', gap: '0.5rem' }}>
              <button
                type="button"
                class="btn primary"
                onClick={async () => {
                  const bytes = preview.bytes;
                  dialog.current?.close();
                  setBusy(true);
                  try {
                    await apply(bytes);
                  } catch (e) {
                    setMessage({
                      error: true,
                      text: `Sync failed: ${errorMessage(e)} Nothing was changed.`,
                    });
                  } finally {
                    setBusy(false);
                  }
                }}
              >
                {preview.p.noop ? 'Send my catalog only' : 'Merge into my data'}
              </button>
              <button type="button" class="btn" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </dialog>
    </div>
  );
}
