import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { go, routeHref, setParam, type Route } from '../route.ts';
import { useStore, useQuery, EmptyStore, QueryError, errorMessage, filtersText } from '../data.tsx';
import { api } from '../client.ts';
import { KpiCards, explainKpi } from '../../../core/ui/Kpi.tsx';
import { ExplainDialog, type Explanation } from '../components/Explain.tsx';
import { kpisIn, type TargetMetric } from '../../../core/analytics/index.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../../../core/ui/format.ts';
import { lastFullMonth, monthLabel, monthRange, monthsWithData } from '../month.ts';
import './report.css';

const headline = kpisIn('overview');
const metricLabel: Record<TargetMetric, string> = {
  netSales: 'Net sales',
  totalSales: 'Total sales',
  orders: 'Orders',
  aov: 'Average order value',
  newCustomers: 'New customers',
  profit: 'Net profit',
};
const moneyMetric = new Set<TargetMetric>(['netSales', 'totalSales', 'aov', 'profit']);
const papers = [
  { id: 'a4', label: 'A4', size: 'A4' },
  { id: 'letter', label: 'Letter', size: 'letter' },
] as const;

function daySeconds(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** The monthly report: a print-ready page for one month, with the manager's commentary. */
export default function ReportScreen({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const meta = store.meta;
  const asked = route.params.get('month');
  const month =
    asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : meta ? lastFullMonth(meta) : null;
  const paper = route.params.get('paper') === 'letter' ? 'letter' : 'a4';
  const range = month ? monthRange(month) : null;
  const q = range && { range, compare: 'previous-year' as const };
  const key = JSON.stringify(q);
  const ready = !!meta && !meta.empty && !!q;
  const res = useQuery(ready ? (a, signal) => a.call('overview', [q], { signal }) : null, [key]);
  const first = res.data != null;
  const pace = useQuery(
    ready && first ? (a, signal) => a.call('targetPace', [month!], { signal }) : null,
    [key, first],
  );
  const products = useQuery(
    ready && first ? (a, signal) => a.call('productChanges', [q, 5], { signal }) : null,
    [key, first],
  );
  const alerts = useQuery(ready && first ? (a, signal) => a.call('alerts', [], { signal }) : null, [
    ready,
    first,
  ]);

  const [explain, setExplain] = useState<Explanation | null>(null);

  if (meta?.empty) return <EmptyStore />;
  if (!meta || !month || !range) return <div class="muted">Loading…</div>;
  const cur = meta.currency;
  const o = res.data;
  const months = monthsWithData(meta);
  const noData = !!meta.firstDay && !!meta.lastDay && !months.includes(month);
  const pickMonth = (m: string) => {
    const params = new URLSearchParams(route.params);
    params.set('month', m);
    go({ params }, true);
  };
  const fmt = (metric: TargetMetric, v: number | null | undefined) =>
    v == null ? '—' : moneyMetric.has(metric) ? formatMoney(v, cur) : formatNumber(v);
  const p = pace.data;
  const pc = products.data;
  const a = alerts.data;
  const productHref = (sku: string) =>
    routeHref({ screen: 'products', detail: sku, params: new URLSearchParams() });

  return (
    <div class={`report paper-${paper}`}>
      <style>{`@page { size: ${papers.find((x) => x.id === paper)!.size}; margin: 12mm; }`}</style>
      <div class="report-controls no-print" role="group" aria-label="Report controls">
        <label>
          Month{' '}
          <select value={month} onChange={(e) => pickMonth(e.currentTarget.value)}>
            {!months.includes(month) && <option value={month}>{monthLabel(month)}</option>}
            {months.map((m) => (
              <option key={m} value={m}>
                {monthLabel(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Paper{' '}
          <select value={paper} onChange={(e) => setParam('paper', e.currentTarget.value)}>
            {papers.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn primary" onClick={() => print()}>
          Print / save as PDF
        </button>
      </div>

      <header class="report-head">
        <h2 id="report-title">Monthly report: {monthLabel(month)}</h2>
        <p class="muted">
          {meta.demo ? 'Storelens demo store' : `Your store (${cur})`} · {formatDay(range.start)} –{' '}
          {formatDay(range.end)}, compared with the same month last year
          {o?.compareRange
            ? ` (${formatDay(o.compareRange.start)} – ${formatDay(o.compareRange.end)})`
            : ''}
        </p>
      </header>

      {res.error && <QueryError error={res.error} />}
      {noData ? (
        <div class="card empty-state">
          <h2>No orders in {monthLabel(month)}</h2>
          <p>
            Your data runs from {formatDay(meta.firstDay!)} to {formatDay(meta.lastDay!)}. Pick a
            month in that span above, or{' '}
            <a href={routeHref({ screen: 'import' })}>import the orders export</a> that covers{' '}
            {monthLabel(month)}.
          </p>
        </div>
      ) : (
        <>
          <KpiCards
            label="The month's numbers"
            entries={headline}
            figures={o?.kpis}
            currency={cur}
            onExplain={(e, f) =>
              o && setExplain(explainKpi(e, f, cur, filtersText(route, o.range, o.compareRange)))
            }
          />
          <p class="muted small">Changes are against the same month last year.</p>

          <section class="card" aria-labelledby="report-targets-h">
            <h2 id="report-targets-h">Against target and last year</h2>
            {!p || !o ? (
              <p class="placeholder">Comparing with targets…</p>
            ) : p.rows.length === 0 ? (
              <p>
                No targets set for {monthLabel(month)}.{' '}
                <a href={routeHref({ screen: 'settings' })}>Set monthly targets in Settings</a> to
                see the month against them.
              </p>
            ) : (
              <div class="table-scroll" tabIndex={0} role="region" aria-label="Targets">
                <table>
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
                        Of target
                      </th>
                      <th scope="col" class="num">
                        Last year
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.rows.map((r) => (
                      <tr key={r.metric}>
                        <th scope="row">
                          {metricLabel[r.metric]}{' '}
                          <span
                            class={`pill ${(r.progress ?? 0) >= 1 || r.onTrack ? 'good' : 'bad'}`}
                          >
                            {p.daysElapsed >= p.daysInMonth
                              ? (r.progress ?? 0) >= 1
                                ? 'met'
                                : 'missed'
                              : r.onTrack
                                ? 'on track'
                                : 'behind'}
                          </span>
                        </th>
                        <td class="num">{fmt(r.metric, r.target)}</td>
                        <td class="num">{fmt(r.metric, r.actual)}</td>
                        <td class="num">{formatPercent(r.progress, { digits: 0 })}</td>
                        <td class="num">
                          {/* Net profit has no last-year figure in the report's KPIs. */}
                          {fmt(r.metric, r.metric === 'profit' ? null : o.previous?.[r.metric])}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <ChartCard
            heading="Net sales per day"
            title={`Net sales per day, ${monthLabel(month)}`}
            exportName={`net-sales-${month}`}
            valueKind="money"
            context={`${monthLabel(month)}, compared with the same month last year`}
            x={o ? o.series.days.map(daySeconds) : []}
            series={[
              {
                label: 'Net sales',
                values: o ? Array.from(o.series.netSales) : [],
                color: 'var(--series-1)',
              },
              ...(o?.series.previousNetSales
                ? [
                    {
                      label: 'Same month last year',
                      values: Array.from(o.series.previousNetSales, (v) =>
                        Number.isNaN(v) ? null : v,
                      ),
                      color: 'var(--series-2)',
                      dash: [6, 4],
                    },
                  ]
                : []),
            ]}
            yFormat={(v) => formatMoney(v, cur, { compact: true })}
          />

          <div class="report-pair">
            <section class="card" aria-labelledby="report-top-h">
              <h2 id="report-top-h">Top products</h2>
              <ProductList
                rows={pc?.top}
                cur={cur}
                empty="No product sold this month."
                href={productHref}
              />
            </section>
            <section class="card" aria-labelledby="report-falling-h">
              <h2 id="report-falling-h">Falling products</h2>
              <p class="muted small">Most net sales lost against the same month last year.</p>
              <ProductList
                rows={pc?.falling}
                cur={cur}
                empty="No product sold less than in the same month last year."
                href={productHref}
              />
            </section>
          </div>

          <div class="report-pair">
            <section class="card" aria-labelledby="report-stock-h">
              <h2 id="report-stock-h">Inventory risks</h2>
              <p class="muted small">As of the latest data ({formatDay(meta.lastDay!)}).</p>
              {!a ? (
                <p class="placeholder">Checking stock…</p>
              ) : a.stockouts.length + a.outOfStock + a.overstock + a.dead === 0 ? (
                <p>No stockout coming, no overstock or dead stock.</p>
              ) : (
                <>
                  <p>
                    {formatNumber(a.stockouts.length)} SKU{a.stockouts.length === 1 ? '' : 's'} at
                    risk of running out ({formatMoney(a.revenueAtRisk, cur)} revenue at risk),{' '}
                    {formatNumber(a.outOfStock)} out of stock, {formatNumber(a.overstock)}{' '}
                    overstocked ({formatMoney(a.overstockValue, cur)} at cost),{' '}
                    {formatNumber(a.dead)} dead stock.
                  </p>
                  {a.stockouts.length > 0 && (
                    <ul class="list small">
                      {a.stockouts.slice(0, 8).map((s) => (
                        <li key={s.sku}>
                          <a href={productHref(s.sku)}>{s.title}</a>{' '}
                          <span class="muted">{s.sku}</span>
                          {s.stockoutDate ? `, runs out ${formatDay(s.stockoutDate)}` : ''},{' '}
                          {formatMoney(s.revenueAtRisk, cur)} at risk
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </section>
            <section class="card" aria-labelledby="report-exp-h">
              <h2 id="report-exp-h">Experiments called</h2>
              {!a ? (
                <p class="placeholder">Reading tests…</p>
              ) : a.experiments.length === 0 ? (
                <p>
                  No test has a result yet.{' '}
                  <a href={routeHref({ screen: 'experiments' })}>See running tests</a>.
                </p>
              ) : (
                <ul class="list small">
                  {a.experiments.map((e) => (
                    <li key={e.id}>
                      <a href={routeHref({ screen: 'experiments', detail: e.id })}>{e.name}</a>:{' '}
                      {e.headline}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
      <Commentary month={month} />
      <ExplainDialog explain={explain} onClose={() => setExplain(null)} />
    </div>
  );
}

function ProductList({
  rows,
  cur,
  empty,
  href,
}: {
  rows:
    | { sku: string; title: string; netSales: number; previousNetSales: number; change: number }[]
    | undefined;
  cur: string;
  empty: string;
  href: (sku: string) => string;
}): JSX.Element {
  if (!rows) return <p class="placeholder">Reading products…</p>;
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Products">
      <table class="report-products">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" class="num">
              Net sales
            </th>
            <th scope="col" class="num">
              Last year
            </th>
            <th scope="col" class="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.sku}>
              <th scope="row">
                <a href={href(r.sku)}>{r.title}</a> <span class="muted small">{r.sku}</span>
              </th>
              <td class="num">{formatMoney(r.netSales, cur)}</td>
              <td class="num">{formatMoney(r.previousNetSales, cur)}</td>
              <td class={`num ${r.change < 0 ? 'bad-text' : 'good-text'}`}>
                {formatMoney(r.change, cur, { signed: true })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The manager's own words for the month, kept on this device through the worker. */
function Commentary({ month }: { month: string }): JSX.Element {
  const [text, setText] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    setText(null);
    setMessage(null);
    api.call('reportNote', [month]).then(
      (t) => {
        if (!live) return;
        setText(t);
        setSaved(t);
      },
      (e: unknown) => live && setMessage({ kind: 'error', text: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [month]);
  const save = async () => {
    if (text == null) return;
    try {
      const kept = await api.call('saveReportNote', [month, text]);
      setSaved(kept);
      setMessage({ kind: 'ok', text: 'Commentary saved with this month.' });
    } catch (e) {
      setMessage({ kind: 'error', text: `Not saved: ${errorMessage(e)}` });
    }
  };
  return (
    <section class="card report-notes" aria-labelledby="report-notes-h">
      <h2 id="report-notes-h">Commentary</h2>
      <div class="no-print">
        <label for="report-notes-text" class="muted small">
          Your own words for {monthLabel(month)}: what happened, why, what comes next. Kept with the
          month on this device.
        </label>
        <textarea
          id="report-notes-text"
          rows={6}
          value={text ?? ''}
          disabled={text == null}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <div class="report-notes-actions">
          <button
            type="button"
            class="btn primary small"
            disabled={text == null || text === saved}
            onClick={() => void save()}
          >
            Save commentary
          </button>
          {text != null && text !== saved && <span class="muted small">Unsaved changes</span>}
          {message && (
            <span role={message.kind === 'error' ? 'alert' : 'status'} class="small">
              {message.text}
            </span>
          )}
        </div>
      </div>
      <div class="print-only report-notes-print">{(text ?? saved) || 'No commentary.'}</div>
    </section>
  );
}
