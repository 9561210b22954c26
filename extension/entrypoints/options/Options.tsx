// Options: the sites where the overlay opens by itself (each with its optional host permission),
// the Storelens app and its bridge, competitor tracking, and the version.
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import { normaliseOrigin } from '../../features/origins.ts';
import { autoOpenSitesItem } from '../../features/settings.ts';
import { disableAutoOpen, enableAutoOpen } from '../../features/auto-open-prefs.ts';
import { OptionsTracking } from '../../features/tracking/OptionsTracking.tsx';
import { BridgeOptions } from '../../features/bridge/BridgeOptions.tsx';
import { ConnectOptions } from '../../features/connect/ConnectOptions.tsx';

/** The options page. */
export function Options() {
  const [sites, setSites] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    // The popup sends the user here with the site filled in (#add=origin).
    const requested = new URLSearchParams(location.hash.slice(1)).get('add');
    const origin = requested ? normaliseOrigin(requested) : null;
    if (origin) {
      setDraft(origin);
      setMessage(`Click “Add site” to let Storelens open by itself on ${origin}.`);
    }
    void autoOpenSitesItem.getValue().then(setSites);
    return autoOpenSitesItem.watch((v) => setSites(v ?? []));
  }, []);

  const add = async (e: Event) => {
    e.preventDefault();
    const origin = normaliseOrigin(draft);
    if (!origin) {
      setMessage(`“${draft}” is not a web address. Type a shop’s address, e.g. shop.example.com.`);
      return;
    }
    const granted = await enableAutoOpen(origin);
    setMessage(
      granted
        ? `Storelens now opens by itself on ${origin}.`
        : `Permission for ${origin} was not given; nothing changed.`,
    );
    if (granted) setDraft('');
  };

  return (
    <main class="page options">
      <h1 class="title">Storelens options</h1>
      <section class="card">
        <h2>Open automatically on these sites</h2>
        <p class="muted">
          Storelens asks for access to each site you add, and only to that site. Elsewhere it opens
          when you click its button or press the shortcut.
        </p>
        {sites.length === 0 && <p class="muted">No sites yet.</p>}
        <ul class="sites">
          {sites.map((s) => (
            <li key={s}>
              <span>{s}</span>
              <button type="button" class="btn" onClick={() => void disableAutoOpen(s)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={(e) => void add(e)} class="row">
          <label class="grow">
            Site address
            <input
              value={draft}
              placeholder="shop.example.com"
              onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="btn primary">
            Add site
          </button>
        </form>
      </section>
      <ConnectOptions />
      <BridgeOptions />
      <OptionsTracking />
      {message && (
        <p class="message" role="status">
          {message}
        </p>
      )}
      <p class="muted">Version {browser.runtime.getManifest().version}</p>
    </main>
  );
}
