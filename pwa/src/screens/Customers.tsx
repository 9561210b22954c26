import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { setParam, type Route } from '../route.ts';
import {
  useStore,
  useQuery,
  queryOf,
  filtersText,
  EmptyStore,
  QueryError,
  errorMessage,
} from '../data.tsx';
import { api } from '../client.ts';
import { CustomerValue } from '../components/CustomerValue.tsx';
import { KpiCards, explainKpi } from '../../../core/ui/Kpi.tsx';
import { kpisIn } from '../../../core/analytics/kpis.ts';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { toCsv } from '../../../core/export/csv.ts';
import { downloadFile } from '../../../core/ui/csv.ts';
import {
  currencyDigits,
  formatMoney,
  formatNumber,
  formatPercent,
  toMajor,
} from '../../../core/ui/format.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import { ExplainDialog, type Explanation } from '../components/Explain.tsx';
import { Heatmap } from '../components/Heatmap.tsx';
import { Seg } from '../components/Seg.tsx';
import type { RfmSegmentRow } from '../../../core/worker/queries.ts';

type CohortValue = 'retention' | 'value';
const cohortValues = [
  { id: 'retention', label: 'Retention share' },
  { id: 'value', label: 'Cumulative net sales per customer' },
] as const;
const cohortGrains = [
  { id: 'month', label: 'By month' },
  { id: 'week', label: 'By week' },
] as const;

/** The headline cards: the registry's customers group (core/analytics/kpis.ts). */
const cards = kpisIn('customers');

/** Customers: new vs returning (both rate definitions), cohorts, RFM segments with export, CLV. */
export default function Customers({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const q = store.meta ? queryOf(route, store.meta) : null;
  const value = (route.params.get('cohort') as CohortValue) || 'retention';
  const grain = route.params.get('cgrain') === 'week' ? 'week' : 'month';
  const summary = useQuery(q && ((a, signal) => a.call('customers', [q], { signal })), [
    JSON.stringify(q),
  ]);
  // The newest cohorts by default (a readable heatmap); "Show all" lists every cohort.
  const allCohorts = route.params.get('cohorts') === 'all';
  const newest = grain === 'week' ? 16 : 18;
  const cohort = useQuery(
    store.meta && !store.meta.empty
      ? (a, signal) =>
          a.call('cohorts', [{ grain, maxCohorts: allCohorts ? Infinity : newest }], { signal })
      : null,
    [grain, allCohorts, store.meta?.empty],
  );
  const rfm = useQuery(
    store.meta && !store.meta.empty ? (a, signal) => a.call('rfmSegments', [], { signal }) : null,
    [store.meta?.empty],
  );
  const [explain, setExplain] = useState<Explanation | null>(null);
  const [segment, setSegment] = useState<string>('Champions');
  const [exporting, setExporting] = useState<string | null>(null);

  if (store.meta?.empty) return <EmptyStore />;
  const cur = store.meta?.currency ?? 'USD';
  const money = (v: number | null | undefined) => formatMoney(v, cur);
  const s = summary.data?.summary;
  const tbo = summary.data?.timeBetween;
  const filters = q ? filtersText(route, q.range, null) : '';

  const exportSegment = async () => {
    setExporting('Preparing the file…');
    try {
      const r = await api.call('segmentExport', [segment as RfmSegmentRow['name']]);
      const columns = ['days_since_last_order', 'orders', 'net_sales', 'r', 'f', 'm'];
      const header = [...(r.emails ? ['email'] : []), 'customer_key', 'segment', ...columns];
      const major = (v: number) => toMajor(v, cur).toFixed(currencyDigits(cur));
      const rows = r.keys.map((k, i) => [
        ...(r.emails ? [r.emails[i] ?? ''] : []),
        k,
        r.segment,
        r.recencyDays[i]!,
        r.orders[i]!,
        major(r.netSales[i]!),
        r.r[i]!,
        r.f[i]!,
        r.m[i]!,
      ]);
      downloadFile(
        `customers-${r.segment.toLowerCase().replace(/[^a-z]+/g, '-')}.csv`,
        toCsv(header, rows),
      );
      const withEmail = r.emails ? r.emails.filter((e) => e !== '').length : 0;
      setExporting(
        r.emails
          ? `Exported ${formatNumber(r.keys.length)} customers, ${formatNumber(withEmail)} with an email.`
          : `Exported ${formatNumber(r.keys.length)} customer keys. Emails are not stored on this device: turn on "Keep customer emails" in Settings, then import your orders export again to include them.`,
      );
    } catch (e) {
      setExporting(`The export failed: ${errorMessage(e)}`);
    }
  };

  const segCols: TableColumn<RfmSegmentRow>[] = [
    { key: 'name', label: 'Segment', value: (r) => r.name },
    {
      key: 'customers',
      label: 'Customers',
      numeric: true,
      value: (r) => r.customers,
      render: (r) => formatNumber(r.customers),
    },
    {
      key: 'share',
      label: 'Share',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.share,
      render: (r) => (
        <span class="bar-cell">
          <span class="bar" style={{ width: `${Math.round(r.share * 100)}%` }} />
          {formatPercent(r.share)}
        </span>
      ),
    },
    {
      key: 'netSales',
      label: 'Net sales (lifetime)',
      kind: 'money',
      numeric: true,
      value: (r) => r.netSales,
      render: (r) => money(r.netSales),
    },
    {
      key: 'avg',
      label: 'Per customer',
      kind: 'money',
      numeric: true,
      value: (r) => r.averageNetSales,
      render: (r) => money(r.averageNetSales),
    },
    {
      key: 'recency',
      label: 'Days since last order (mean)',
      numeric: true,
      value: (r) => r.meanRecencyDays,
      render: (r) => formatNumber(r.meanRecencyDays, { digits: 0 }),
    },
    {
      key: 'orders',
      label: 'Orders (mean)',
      numeric: true,
      value: (r) => r.meanOrders,
      render: (r) => formatNumber(r.meanOrders, { digits: 1 }),
    },
  ];

  const c = cohort.data;
  const cells = c ? (value === 'retention' ? c.retention : c.cumulativeNetSalesPerCustomer) : [];
  const periodLabel = (k: number) => (c?.grain === 'week' ? `W${k}` : `M${k}`);
  const exportCohorts = () => {
    if (!c) return;
    const header = [
      'cohort',
      'customers',
      ...Array.from({ length: c.periods }, (_, k) => periodLabel(k)),
    ];
    const rows = c.labels.map((l, r) => [
      l,
      c.sizes[r]!,
      ...Array.from({ length: c.periods }, (_, k) => {
        const v = cells[r * c.periods + k]!;
        return Number.isNaN(v)
          ? ''
          : value === 'retention'
            ? v.toFixed(4)
            : toMajor(v, cur).toFixed(currencyDigits(cur));
      }),
    ]);
    downloadFile(`cohorts-${c.grain}-${value}.csv`, toCsv(header, rows));
  };

  const buckets = tbo?.buckets ?? [];
  const gapLabels = buckets.map((b, i) => {
    const prev = i > 0 ? buckets[i - 1]!.upTo : 0;
    return Number.isFinite(b.upTo) ? `${prev + 1}–${b.upTo} d` : `>${prev} d`;
  });

  return (
    <div class="grid">
      {(summary.error || cohort.error || rfm.error) && (
        <QueryError error={summary.error ?? cohort.error ?? rfm.error} />
      )}
      <KpiCards
        label="Customer numbers"
        entries={cards}
        figures={summary.data?.kpis}
        currency={cur}
        onExplain={(e, f) =>
          setExplain(
            explainKpi(
              e,
              f,
              cur,
              e.source === 'customers'
                ? filters
                : 'All customers, all time (not affected by the date range or filters).',
            ),
          )
        }
      />

      <section class="card">
        <h2>New vs returning in this period</h2>
        <p class="muted small">
          Returning = ordered before the period (the returning customer rate's definition).
        </p>
        <Table
          currency={cur}
          caption="Orders and net sales by new, returning and guest customers"
          exportName="new-vs-returning"
          rows={
            s
              ? [
                  {
                    who: 'First-time customers',
                    orders: s.newCustomerOrders,
                    net: s.newCustomerSales,
                  },
                  {
                    who: 'Returning customers',
                    orders: s.returningCustomerOrders,
                    net: s.returningCustomerSales,
                  },
                  { who: 'Guests (no customer account)', orders: s.guestOrders, net: s.guestSales },
                ]
              : []
          }
          columns={[
            { key: 'who', label: 'Customers', value: (r) => r.who },
            {
              key: 'orders',
              label: 'Orders',
              numeric: true,
              value: (r) => r.orders,
              render: (r) => formatNumber(r.orders),
            },
            {
              key: 'net',
              label: 'Net sales',
              kind: 'money',
              numeric: true,
              value: (r) => r.net,
              render: (r) => money(r.net),
            },
          ]}
        />
      </section>

      <section class="card" aria-labelledby="cohorts-h">
        <div class="card-head">
          <h2 id="cohorts-h">Cohorts by first order {grain}</h2>
          <div class="row-tools no-print">
            <Seg
              label="Cohort grain"
              value={grain}
              options={cohortGrains}
              onChange={(v) => setParam('cgrain', v === 'month' ? null : v)}
            />
            <Seg
              label="Cohort value"
              value={value}
              options={cohortValues}
              onChange={(v) => setParam('cohort', v === 'retention' ? null : v)}
            />
            <button type="button" class="btn small" onClick={exportCohorts} disabled={!c}>
              Export CSV
            </button>
          </div>
        </div>
        <p class="muted small">
          {value === 'retention'
            ? `Share of each cohort's customers who ordered in the ${grain} n after their first ${grain} (${grain} 0 is always 100%).`
            : `Net sales per cohort customer, cumulative up to ${grain} n after the first order.`}{' '}
          All customers, not affected by the date range.
        </p>
        {c && (
          <p class="small row-tools" role="status">
            {c.labels.length < c.totalCohorts
              ? `Showing the newest ${formatNumber(c.labels.length)} of ${formatNumber(c.totalCohorts)} cohorts.`
              : `Showing all ${formatNumber(c.totalCohorts)} cohorts.`}{' '}
            {(allCohorts || c.labels.length < c.totalCohorts) && (
              <button
                type="button"
                class="btn small no-print"
                onClick={() => setParam('cohorts', allCohorts ? null : 'all')}
              >
                {allCohorts
                  ? `Show the newest ${formatNumber(newest)}`
                  : `Show all ${formatNumber(c.totalCohorts)} cohorts`}
              </button>
            )}
          </p>
        )}
        {c ? (
          <Heatmap
            caption={`Cohort ${value === 'retention' ? 'retention' : 'cumulative net sales per customer'} by first order ${grain}`}
            corner="Cohort"
            rows={c.labels.map((l, r) => ({ label: l, note: `(${formatNumber(c.sizes[r]!)})` }))}
            columns={Array.from({ length: c.periods }, (_, k) => periodLabel(k))}
            values={cells}
            max={
              value === 'retention' ? (c.periods > 1 ? maxFrom(cells, c.periods) : 1) : undefined
            }
            min={value === 'retention' ? 0 : minOf(cells)}
            format={(v) =>
              value === 'retention'
                ? formatPercent(v, { digits: 0 })
                : formatMoney(v, cur, { compact: true })
            }
          />
        ) : (
          <div class="placeholder" aria-busy="true">
            Computing cohorts…
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="rfm-h">
        <div class="card-head">
          <h2 id="rfm-h">RFM segments</h2>
          <span class="muted small">
            {rfm.data
              ? `${formatNumber(rfm.data.customers)} customers, as of ${rfm.data.asOf}`
              : '\u00a0'}
          </span>
        </div>
        <p class="muted small">
          {rfm.data?.scoring === 'bands'
            ? `With fewer than 50 customers, ranking them in fifths means little: recency scores 5 for an order in the last 30 days, 4 within 60, 3 within 90, 2 within 180, else 1; frequency is the number of orders (5 for 5 or more).`
            : 'Recency, frequency and monetary scores 1–5 by quintile over all customers.'}{' '}
          Anyone who ordered in the last 7 days has the top recency score. Segments from recency ×
          frequency, like Shopify's customer segments.
        </p>
        <div class="row-tools no-print">
          <label>
            Segment{' '}
            <select
              aria-label="Segment to export"
              value={segment}
              onChange={(e) => {
                setSegment((e.target as HTMLSelectElement).value);
                setExporting(null);
              }}
            >
              {(rfm.data?.segments ?? []).map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name} ({formatNumber(r.customers)})
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="btn small primary"
            onClick={exportSegment}
            disabled={!rfm.data}
          >
            Export customers of this segment (CSV)
          </button>
          {exporting && (
            <span class="muted small" role="status">
              {exporting}
            </span>
          )}
        </div>
        <Table
          currency={cur}
          caption="RFM segments"
          rows={rfm.data?.segments ?? []}
          empty={rfm.data ? undefined : 'Computing segments…'}
          columns={segCols}
          exportName="rfm-segments"
          initialSort={{ key: 'customers', desc: true }}
          rowKey={(r) => r.name}
        />
      </section>

      <ChartCard
        heading="Time between orders"
        title="Repeat orders by days since the customer's previous order"
        exportName="time-between-orders"
        time={false}
        // An empty slot either side keeps the edge bars whole, and their zero keeps the axis at 0.
        x={buckets.length ? [-1, ...buckets.map((_, i) => i), buckets.length] : []}
        xFormat={(v) => (Number.isInteger(v) ? (gapLabels[v] ?? '') : '')}
        series={[
          {
            label: 'Repeat orders',
            values: buckets.length ? [0, ...buckets.map((b) => b.count), 0] : [],
            color: 'var(--series-1)',
            kind: 'bars',
          },
        ]}
        yFormat={(v) => formatNumber(v)}
      />
      <CustomerValue />
      <ExplainDialog explain={explain} onClose={() => setExplain(null)} />
    </div>
  );
}

/** Smallest defined value (cumulative values sit close together: colour their spread, not their size). */
function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v && v < m) m = v;
  }
  return Number.isFinite(m) ? m : 0;
}

/** Largest retention after period 0 (period 0 is 100% by definition and would wash out the rest). */
function maxFrom(values: ArrayLike<number>, periods: number): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    if (i % periods === 0) continue;
    const v = values[i]!;
    if (v === v && v > m) m = v;
  }
  return m > 0 ? m : 1;
}
