// The side panel's watchlist: the latest tracked products with their last price and a link to the
// Competitors page.
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import { send } from '../send.ts';
import type { TrackingOverview } from './types.ts';
import { changeTitle } from './wording.ts';

/** Watchlist section of the side panel. */
export function Watchlist() {
  const [data, setData] = useState<TrackingOverview | null>(null);
  useEffect(() => {
    void send('tracking:overview').then(setData, () => setData(null));
  }, []);
  const open = (e: Event) => {
    e.preventDefault();
    void browser.tabs.create({ url: browser.runtime.getURL('/competitors.html') });
  };
  const rows = (data?.rows ?? []).slice().sort((a, b) => b.product.updatedAt - a.product.updatedAt);
  const blocked = (data?.domains ?? []).filter((d) => !d.permitted).length;
  return (
    <section class="card" data-testid="watchlist">
      <h2>Watchlist</h2>
      {rows.length === 0 && (
        <p class="muted">
          No tracked products yet: open a product page, analyse it here and click “Track price”.
        </p>
      )}
      <ul class="sites">
        {rows.slice(0, 5).map((r) => (
          <li key={r.product.id}>
            <span>{r.product.name}</span>
            {r.check.lastError && <span class="muted"> · last check failed</span>}
          </li>
        ))}
      </ul>
      {data?.changes[0] && <p class="muted">Latest: {changeTitle(data.changes[0])}</p>}
      {blocked > 0 && (
        <p class="muted">
          {blocked} shop{blocked === 1 ? '' : 's'} without access: not re-checked.
        </p>
      )}
      <p>
        <a href="#" onClick={open}>
          Open Competitors{rows.length > 0 ? ` (${rows.length})` : ''}
        </a>
        {' · '}
        <a
          href="#"
          onClick={(e) => {
            e.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          Options
        </a>
      </p>
    </section>
  );
}
