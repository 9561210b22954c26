// Options: the Storelens app's address, the bridge switch (asks for that origin's permission),
// and bundle files both ways for when the app runs elsewhere (a phone, another computer).
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import { normaliseOrigin, originPattern } from '../origins.ts';
import { fromBase64, toBase64, type BridgeStatus } from '../../../core/sync/bridge.ts';
import { send } from '../send.ts';
import type { BridgeSettings } from './background.ts';

function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The "Storelens app" section of the options page. */
export function BridgeOptions() {
  const [settings, setSettings] = useState<BridgeSettings | null>(null);
  const [address, setAddress] = useState('');
  const [active, setActive] = useState(false);
  const [status, setStatus] = useState<BridgeStatus | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const refresh = async () => {
    const r = await send('bridge:get-settings');
    setSettings(r.settings);
    setAddress(r.settings.origin);
    setActive(r.active);
    setStatus((await send('bridge:status')).status);
  };
  useEffect(() => void refresh(), []);

  const save = async (enabled: boolean) => {
    const origin = normaliseOrigin(address);
    if (!origin || !/^https?:\/\//i.test(address.trim())) {
      setMessage({
        error: true,
        text: 'The app address must start with http:// or https://, e.g. http://127.0.0.1:4173.',
      });
      return;
    }
    if (enabled) {
      // Asked from this page's click: the browser shows its own prompt for that one origin (yes at
      // once when given). The click's first await: Firefox refuses a request after another.
      const pattern = originPattern(origin);
      const granted = await browser.permissions.request({ origins: [pattern] });
      if (!granted) {
        setMessage({
          error: true,
          text: `Permission for ${origin} was not given; the bridge stays off.`,
        });
        return;
      }
    }
    const r = await send('bridge:set-settings', { settings: { enabled, origin } }).catch(
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    if (typeof r === 'string') {
      setMessage({ error: true, text: r || 'The bridge could not be changed.' });
      return;
    }
    setMessage({
      error: false,
      text: enabled
        ? `Bridge on: open ${origin} and press “Sync now” there. Nothing syncs until you ask.`
        : 'Bridge off: the app can no longer reach the extension.',
    });
    await refresh();
  };

  const exportFile = async () => {
    const r = await send('bridge:export-file').catch((err: unknown) =>
      err instanceof Error ? err.message : String(err),
    );
    if (typeof r === 'string') return setMessage({ error: true, text: r || 'Export failed.' });
    const bytes = fromBase64(r.bundle);
    download(`storelens-competitors-${new Date().toISOString().slice(0, 10)}.storelens`, bytes);
    setMessage({
      error: false,
      text: `Bundle exported (${bytes.length.toLocaleString()} bytes). Import it on the app's Import screen.`,
    });
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const r = await send('bridge:import-file', { bundle: toBase64(bytes) }).catch((err: unknown) =>
      err instanceof Error ? err.message : String(err),
    );
    setMessage(
      typeof r === 'string'
        ? {
            error: true,
            text: `${file.name} was not imported: ${r || 'unknown error'}. Nothing changed.`,
          }
        : {
            error: false,
            text: `${file.name}: ${r.catalog} own products imported. The overlay now shows your price next to competitors'.`,
          },
    );
    await refresh();
  };

  if (!settings) return null;
  return (
    <section class="card" aria-labelledby="bridge-title">
      <h2 id="bridge-title">Storelens app</h2>
      <p class="muted">
        The bridge lets the Storelens app on this computer fetch your tracked competitors and
        audits, and send your own catalog here so the overlay shows “your price”. It only runs on
        the app's address, after you turn it on.
      </p>
      <label class="grow">
        Address of your Storelens app
        <input
          value={address}
          onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <div class="row">
        <button type="button" class="btn" onClick={() => void save(true)}>
          {settings.enabled ? 'Save address' : 'Turn the bridge on'}
        </button>
        {settings.enabled && (
          <button type="button" class="btn" onClick={() => void save(false)}>
            Turn the bridge off
          </button>
        )}
      </div>
      <p role="status">
        Bridge:{' '}
        {settings.enabled
          ? active
            ? `on for ${settings.origin}`
            : `on, but the permission for ${settings.origin} is missing`
          : 'off'}
        .
        {status &&
          ` ${status.tracked} tracked products, ${status.snapshots} price checks, ${status.catalog} own products here${status.lastPushAt ? ` (catalog received ${new Date(status.lastPushAt).toLocaleString()})` : ''}.`}
      </p>
      <h3>Without the bridge (phone, another computer)</h3>
      <div class="row">
        <button type="button" class="btn" onClick={() => void exportFile()}>
          Export competitor bundle
        </button>
        <label class="btn">
          Import catalog bundle…
          <input
            type="file"
            accept=".storelens,.gz,.json,application/gzip,application/json"
            hidden
            onChange={(e) => void importFile((e.currentTarget as HTMLInputElement).files?.[0])}
          />
        </label>
      </div>
      {message && (
        <p
          class={message.error ? 'message error' : 'message'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
