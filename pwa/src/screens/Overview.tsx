import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Route } from '../route.ts';
import { useStore, useQuery, queryOf, filtersText, EmptyStore, QueryError } from '../data.tsx';
import { KpiCards, explainKpi } from '../../../core/ui/Kpi.tsx';
import { kpisIn } from '../../../core/analytics/kpis.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import { ExplainDialog, type Explanation } from '../components/Explain.tsx';
import { formatMoney, formatNumber, formatDay } from '../../../core/ui/format.ts';
import { OverviewExtras } from './OverviewExtras.tsx';
import { ReportLink } from '../components/ReportLink.tsx';
import { Reconcile } from '../components/Reconcile.tsx';
import { ProfitKpi } from '../components/ProfitKpi.tsx';
import { RECONCILE_METRICS, type ReconcileMetric } from '../../../core/analytics/reconcile.ts';
import type { Query } from '../../../core/analytics/index.ts';
import type { Api } from '../client.ts';

const isReconcilable = (id: string): id is ReconcileMetric =>
  (RECONCILE_METRICS as readonly string[]).includes(id);

/** The headline cards: the registry's Overview group (core/analytics/kpis.ts). */
const headline = kpisIn('overview');

function daySeconds(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** The Overview's answer, with a performance mark when it arrives (read by `npm run bench`). */
async function overviewOf(a: Api, q: Query, signal: AbortSignal) {
  performance.mark('storelens:overview-asked');
  const r = await a.call('overview', [q], { signal });
  performance.mark('storelens:overview-answered');
  return r;
}

/** Overview: headline KPIs with deltas, the sales chart with the comparison period, targets and alerts. */
export function Overview({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const q = store.meta ? queryOf(route, store.meta) : null;
  const res = useQuery(q && ((api, signal) => overviewOf(api, q, signal)), [JSON.stringify(q)]);
  // The forecast, targets and alerts wait for the headline numbers: the worker answers in order,
  // and the KPIs are what the manager looks at first.
  const first = res.data != null;
  const fc = useQuery(
    q && first ? (api, signal) => api.call('salesForecast', [q], { signal }) : null,
    [JSON.stringify(q), first],
  );
  const [explain, setExplain] = useState<Explanation | null>(null);

  if (store.meta?.empty) return <EmptyStore />;
  const o = res.data;
  const cur = o?.currency ?? store.meta?.currency ?? 'USD';
  // The forecast band continues the chart past the last day with data (only when the range ends there).
  const f = o && fc.data && fc.data.historyDays.at(-1) === o.series.days.at(-1) ? fc.data : null;
  const ahead = f ? f.days.length : 0;
  const pad = (n: number) => new Array<number | null>(n).fill(null);
  const x = o ? [...o.series.days, ...(f ? f.days : [])].map(daySeconds) : [];
  const lastNet = o ? (o.series.netSales.at(-1) ?? null) : null;
  const days = o ? o.series.days.length : 0;
  const forecastSeries = f
    ? [
        {
          label: 'Forecast',
          values: [...pad(days - 1), lastNet, ...Array.from(f.forecast)],
          color: 'var(--series-3)',
          dash: [4, 4],
        },
        {
          label: 'Forecast low (95%)',
          values: [...pad(days), ...Array.from(f.lower, (v) => Math.max(0, v))],
          color: 'var(--band)',
          quiet: true,
        },
        {
          label: 'Forecast high (95%)',
          values: [...pad(days), ...Array.from(f.upper)],
          color: 'var(--band)',
          quiet: true,
        },
      ]
    : [];
  return (
    <div class="grid">
      {res.error && <QueryError error={res.error} />}
      {o && o.unconverted.length > 0 && (
        <div class="banner" role="note">
          Not included:{' '}
          {o.unconverted
            .map(
              (u) =>
                `${formatNumber(u.orders)} orders in ${u.currency} (${formatMoney(u.totalSales, u.currency)})`,
            )
            .join(', ')}{' '}
          — no exchange rate for their month. Add rates in Settings.
        </div>
      )}
      <KpiCards
        label="Headline numbers"
        entries={headline}
        figures={o?.kpis}
        currency={cur}
        onExplain={(e, f) =>
          o &&
          setExplain({
            ...explainKpi(e, f, cur, filtersText(route, o.range, o.compareRange)),
            ...(q &&
              isReconcilable(e.id) && {
                more: <Reconcile key={e.id} q={q} metric={e.id} currency={cur} />,
              }),
          })
        }
      />
      <ProfitKpi after={first} compared={q?.compare !== 'none'} onExplain={setExplain} />
      <ChartCard
        heading="Net sales per day"
        title={`Net sales per day${o ? `, ${formatDay(o.range.start)} to ${formatDay(o.range.end)}` : ''}`}
        exportName="net-sales-per-day"
        valueKind="money"
        x={x}
        series={[
          {
            label: 'Net sales',
            values: o ? [...Array.from(o.series.netSales), ...pad(ahead)] : [],
            color: 'var(--series-1)',
          },
          ...(o?.series.previousNetSales
            ? [
                {
                  label: 'Comparison period',
                  values: [
                    ...Array.from(o.series.previousNetSales, (v) => (Number.isNaN(v) ? null : v)),
                    ...pad(ahead),
                  ],
                  color: 'var(--series-2)',
                  dash: [6, 4],
                },
              ]
            : []),
          ...forecastSeries,
        ]}
        band={
          f
            ? {
                lower: (o?.series.previousNetSales ? 2 : 1) + 1,
                upper: (o?.series.previousNetSales ? 2 : 1) + 2,
                color: 'var(--band)',
              }
            : undefined
        }
        yFormat={(v) => formatMoney(v, cur, { compact: true })}
        note={
          f && (
            <p class="muted small">
              Forecast for the next {ahead} days with a 95% prediction interval:{' '}
              {f.model === 'holt-winters'
                ? 'Holt-Winters with weekly seasonality'
                : f.model === 'croston'
                  ? 'Croston'
                  : 'seasonal naive (same weekday last week)'}
              , chosen by a rolling backtest
              {f.beatsBaseline ? ' (it beat seasonal naive)' : ' (no model beat seasonal naive)'}.
            </p>
          )
        }
      />
      <ReportLink meta={store.meta} />
      <OverviewExtras route={route} q={q} after={first} />
      <ExplainDialog explain={explain} onClose={() => setExplain(null)} />
    </div>
  );
}
