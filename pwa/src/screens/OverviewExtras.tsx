import type { JSX } from 'preact';
import { routeHref, type Route } from '../route.ts';
import { useQuery, useStore } from '../data.tsx';
import {
  dateFormat,
  formatDay,
  formatMoney,
  formatNumber,
  formatPercent,
} from '../../../core/ui/format.ts';
import type { Query, TargetMetric } from '../../../core/analytics/index.ts';
import { TopProducts } from './TopProducts.tsx';

const metricLabel: Record<TargetMetric, string> = {
  netSales: 'Net sales',
  totalSales: 'Total sales',
  orders: 'Orders',
  aov: 'Average order value',
  newCustomers: 'New customers',
  profit: 'Net profit',
};
const moneyMetric = new Set<TargetMetric>(['netSales', 'totalSales', 'aov', 'profit']);

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return dateFormat(undefined, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    Date.UTC(y!, m! - 1, 1),
  );
}

/**
 * The Overview's targets and pace for the current month, alerts (what needs attention today) and
 * the period's top products.
 */
export function OverviewExtras({
  route,
  q,
  after = true,
}: {
  route: Route;
  /** The Overview's period and filters. */
  q: Query | null;
  /** False until the Overview's headline numbers are in (these queries queue behind them). */
  after?: boolean;
}): JSX.Element | null {
  const store = useStore();
  const ready = !!store.meta && !store.meta.empty && after;
  const pace = useQuery(ready ? (api, signal) => api.call('targetPace', [], { signal }) : null, [
    ready,
  ]);
  const alerts = useQuery(ready ? (api, signal) => api.call('alerts', [], { signal }) : null, [
    ready,
  ]);
  if (!store.meta || store.meta.empty) return null;
  const cur = store.meta?.currency ?? 'USD';
  const fmt = (metric: TargetMetric, v: number | null) =>
    v == null ? '—' : moneyMetric.has(metric) ? formatMoney(v, cur) : formatNumber(v);
  const p = pace.data;
  const a = alerts.data;
  const href = (screen: 'products' | 'experiments', detail: string | null, params = '') =>
    routeHref({ screen, detail, params: new URLSearchParams(params) }, route);

  const items: { key: string; tone: string; body: JSX.Element }[] = [];
  if (a) {
    // Counted as the Products screen's "Stockouts coming" card: at risk plus already out of stock.
    const coming = a.stockouts.length + a.outOfStock;
    if (coming > 0) {
      const top = a.stockouts.slice(0, 3);
      items.push({
        key: 'stockouts',
        tone: 'bad',
        body: (
          <>
            <a href={href('products', null)}>
              Stockouts coming: {formatNumber(coming)} SKU{coming === 1 ? '' : 's'}
              {a.outOfStock ? ` (${formatNumber(a.outOfStock)} already out of stock)` : ''}
            </a>
            , {formatMoney(a.revenueAtRisk, cur)} revenue at risk.
            {top.length > 0 && (
              <ul class="list small">
                {top.map((s) => (
                  <li key={s.sku}>
                    <a href={href('products', s.sku)}>{s.title}</a>
                    {s.stockoutDate ? ` runs out ${formatDay(s.stockoutDate)}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </>
        ),
      });
    }
    if (a.overstock > 0) {
      items.push({
        key: 'overstock',
        tone: 'warn',
        body: (
          <a href={href('products', null, 'list=overstock')}>
            Overstock: {formatNumber(a.overstock)} SKUs with more than 180 days of cover (
            {formatMoney(a.overstockValue, cur)} at cost)
          </a>
        ),
      });
    }
    if (a.dead > 0) {
      items.push({
        key: 'dead',
        tone: 'warn',
        body: (
          <a href={href('products', null, 'list=dead')}>
            Dead stock: {formatNumber(a.dead)} SKUs with stock and no sale in 90 days
          </a>
        ),
      });
    }
    for (const e of a.experiments) {
      items.push({
        key: `exp-${e.id}`,
        tone: e.verdict === 'srm' ? 'bad' : 'good',
        body: (
          <a href={href('experiments', e.id)}>
            Experiment “{e.name}” is ready to call: {e.headline}
          </a>
        ),
      });
    }
  }

  return (
    <div class="grid extras">
      <section class="card" aria-labelledby="targets-h">
        <h2 id="targets-h">{p ? `Targets for ${monthName(p.month)}` : 'Targets'}</h2>
        <p class="muted small">
          {p
            ? `${p.daysElapsed} of ${p.daysInMonth} days. Projections: month to date at the current daily run rate, and month to date plus the forecast for the remaining days.`
            : '\u00a0'}
        </p>
        {p && p.rows.length === 0 ? (
          <p>
            No targets for this month. <a href="#/settings">Set monthly targets in Settings</a>.
          </p>
        ) : (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Targets and pace">
            <table class="stack-table">
              <caption class="sr-only">Targets and pace</caption>
              <thead>
                <tr>
                  <th scope="col">Metric</th>
                  <th scope="col" class="num">
                    Target
                  </th>
                  <th scope="col" class="num">
                    Actual
                  </th>
                  <th scope="col" class="num">
                    Run rate
                  </th>
                  <th scope="col" class="num">
                    Forecast
                  </th>
                  <th scope="col" class="num">
                    Gap
                  </th>
                </tr>
              </thead>
              <tbody>
                {(p?.rows ?? []).map((r) => (
                  <tr key={r.metric}>
                    <th scope="row">
                      {metricLabel[r.metric]}{' '}
                      <span class={`pill ${r.onTrack ? 'good' : 'bad'}`}>
                        {r.onTrack ? 'on track' : 'behind'}
                      </span>
                      <span class="progress-bar" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, (r.progress ?? 0) * 100)}%` }} />
                      </span>
                    </th>
                    <td class="num" data-label="Target">
                      {fmt(r.metric, r.target)}
                    </td>
                    <td class="num" data-label="Actual">
                      {fmt(r.metric, r.actual)}
                      <div class="muted small">{formatPercent(r.progress, { digits: 0 })}</div>
                    </td>
                    <td class="num" data-label="Run rate">
                      {fmt(r.metric, r.runRateProjection)}
                    </td>
                    <td class="num" data-label="Forecast">
                      {fmt(r.metric, r.forecastProjection)}
                    </td>
                    <td data-label="Gap" class={`num ${r.gap > 0 ? 'bad-text' : 'good-text'}`}>
                      {r.gap > 0
                        ? `${fmt(r.metric, r.gap)} short`
                        : `${fmt(r.metric, -r.gap)} ahead`}
                    </td>
                  </tr>
                ))}
                {!p && (
                  <tr>
                    <td colSpan={6} class="placeholder">
                      Computing pace…
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="alerts-h">
        <h2 id="alerts-h">Needs your attention</h2>
        {!a ? (
          <p class="placeholder">Checking stock and tests…</p>
        ) : items.length === 0 ? (
          <p class="muted">Nothing urgent: no stockouts coming, no overstock, no test to call.</p>
        ) : (
          <ul class="alerts">
            {items.map((i) => (
              <li key={i.key} class={`alert ${i.tone}`}>
                {i.body}
              </li>
            ))}
          </ul>
        )}
      </section>
      <TopProducts route={route} q={q} after={after} />
    </div>
  );
}
