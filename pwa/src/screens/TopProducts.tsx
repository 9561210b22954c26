import type { JSX } from 'preact';
import { routeHref, type Route } from '../route.ts';
import { useQuery } from '../data.tsx';
import { formatNumber } from '../../../core/ui/format.ts';
import type { Query } from '../../../core/analytics/index.ts';

/** The Overview's "Top products by units sold" of the chosen period and filters. */
export function TopProducts({
  route,
  q,
  after,
}: {
  route: Route;
  q: Query | null;
  /** False until the Overview's headline numbers are in (this query queues behind them). */
  after: boolean;
}): JSX.Element {
  const top = useQuery(
    q && after ? (api, signal) => api.call('bestSellers', [q, 5], { signal }) : null,
    [JSON.stringify(q), after],
  );
  const rows = top.data;
  const most = rows?.[0]?.units ?? 0;
  return (
    <section class="card" aria-labelledby="top-products-h">
      <h2 id="top-products-h">Top products by units sold</h2>
      {!rows ? (
        <p class="placeholder">Counting units…</p>
      ) : rows.length === 0 ? (
        <p class="muted">
          No units sold in this period. Pick a longer date range or clear the filters.
        </p>
      ) : (
        <ol class="top-products">
          {rows.map((r) => (
            <li key={r.sku}>
              {/* Before the title: floated right on the first line, it never drops onto the bar
                  when a long title and SKU fill the line. */}
              <span class="num">
                {formatNumber(r.units)} {r.units === 1 ? 'unit' : 'units'}
              </span>
              <a
                href={routeHref(
                  { screen: 'products', detail: r.sku, params: new URLSearchParams() },
                  route,
                )}
              >
                {r.title}
              </a>{' '}
              {r.hasSku && <span class="muted small">{r.sku}</span>}
              <span class="progress-bar" aria-hidden="true">
                <span style={{ width: `${(100 * r.units) / most}%` }} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
