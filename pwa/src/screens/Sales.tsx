import type { JSX } from 'preact';
import { setParam, type Route } from '../route.ts';
import { useStore, useQuery, queryOf, EmptyStore, QueryError } from '../data.tsx';
import { ChartCard } from '../components/ChartCard.tsx';
import { Seg } from '../components/Seg.tsx';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../../../core/ui/format.ts';

type Grain = 'day' | 'week' | 'month';
type Dating = 'refund' | 'order';
type By = 'channel' | 'productType' | 'vendor' | 'country' | 'discountCode' | 'product';

const grains = [
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
] as const;
const datings = [
  { id: 'refund', label: 'Returns on refund date' },
  { id: 'order', label: 'Returns on order date' },
] as const;
const dims = [
  { id: 'channel', label: 'Channel' },
  { id: 'product', label: 'Product' },
  { id: 'productType', label: 'Product type' },
  { id: 'vendor', label: 'Vendor' },
  { id: 'country', label: 'Country' },
  { id: 'discountCode', label: 'Discount code' },
] as const;

function bucketSeconds(start: string): number {
  return Date.parse(`${start}T00:00:00Z`) / 1000;
}

/** A week (by its first day) or a month, for the chart's axis. */
function bucketLabel(start: string, grain: Grain): string {
  if (grain !== 'month') return formatDay(start);
  return new Date(Date.parse(`${start}T00:00:00Z`)).toLocaleDateString(undefined, {
    timeZone: 'UTC',
    month: 'short',
    year: 'numeric',
  });
}

/** Bar series get an empty slot either side (see the chart's x values). */
function padBars(values: ArrayLike<number>, grain: Grain): ArrayLike<number | null> {
  return grain === 'day' ? values : [null, ...Array.from(values), null];
}

interface PeriodRow {
  label: string;
  partial: boolean;
  grossSales: number;
  discounts: number;
  returns: number;
  netSales: number;
  shipping: number;
  taxes: number;
  totalSales: number;
  orders: number;
  units: number;
  aov: number;
}

/** Sales: the series by day/week/month with the comparison, refund dating, breakdowns, and the table. */
export default function Sales({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const grain = (route.params.get('grain') as Grain) || 'day';
  const dating = (route.params.get('dating') as Dating) || (store.meta?.refundDating ?? 'refund');
  const by = (route.params.get('by') as By) || 'channel';
  const base = store.meta ? queryOf(route, store.meta) : null;
  const q = base && { ...base, grain, refundDating: dating };
  const series = useQuery(q && ((api, signal) => api.call('salesSeries', [q], { signal })), [
    JSON.stringify(q),
  ]);
  const breakdown = useQuery(
    q && ((api, signal) => api.call('salesBreakdown', [q, by], { signal })),
    [JSON.stringify(q), by],
  );
  if (store.meta?.empty) return <EmptyStore />;
  const cur = store.meta?.currency ?? 'USD';
  const s = series.data;
  const money = (v: number) => formatMoney(v, cur);
  const rows: PeriodRow[] = s
    ? s.labels.map((label, i) => ({
        label,
        partial: s.partial[i]!,
        grossSales: s.grossSales[i]!,
        discounts: s.discounts[i]!,
        returns: s.returns[i]!,
        netSales: s.netSales[i]!,
        shipping: s.shipping[i]!,
        taxes: s.taxes[i]!,
        totalSales: s.totalSales[i]!,
        orders: s.orders[i]!,
        units: s.units[i]!,
        aov: s.aov[i]!,
      }))
    : [];
  const m = (key: keyof PeriodRow, label: string): TableColumn<PeriodRow> => ({
    key,
    label,
    numeric: true,
    value: (r) => r[key] as number,
    render: (r) => money(r[key] as number),
  });
  const periodColumns: TableColumn<PeriodRow>[] = [
    {
      key: 'label',
      label: grain === 'day' ? 'Day' : grain === 'week' ? 'ISO week' : 'Month',
      value: (r) => r.label,
      render: (r) => `${r.label}${r.partial ? ' (partial)' : ''}`,
    },
    {
      key: 'orders',
      label: 'Orders',
      numeric: true,
      value: (r) => r.orders,
      render: (r) => formatNumber(r.orders),
    },
    m('grossSales', 'Gross sales'),
    m('discounts', 'Discounts'),
    m('returns', 'Returns'),
    m('netSales', 'Net sales'),
    m('shipping', 'Shipping'),
    m('taxes', 'Taxes'),
    m('totalSales', 'Total sales'),
    {
      key: 'units',
      label: 'Units',
      numeric: true,
      value: (r) => r.units,
      render: (r) => formatNumber(r.units),
    },
    {
      key: 'aov',
      label: 'AOV',
      kind: 'money',
      numeric: true,
      value: (r) => (Number.isNaN(r.aov) ? null : r.aov),
      render: (r) => (Number.isNaN(r.aov) ? '—' : money(r.aov)),
    },
  ];
  type B = NonNullable<typeof breakdown.data>[number];
  const bCols: TableColumn<B>[] = [
    {
      key: 'label',
      label: dims.find((d) => d.id === by)!.label,
      value: (r) => r.label || '(none)',
    },
    {
      key: 'netSales',
      label: 'Net sales',
      kind: 'money',
      numeric: true,
      value: (r) => r.netSales,
      render: (r) => money(r.netSales),
    },
    {
      key: 'share',
      label: 'Share',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.share,
      render: (r) => formatPercent(r.share),
    },
    {
      key: 'orders',
      label: 'Orders',
      numeric: true,
      value: (r) => r.orders,
      render: (r) => formatNumber(r.orders),
    },
    {
      key: 'units',
      label: 'Units',
      numeric: true,
      value: (r) => r.units,
      render: (r) => formatNumber(r.units),
    },
    {
      key: 'grossSales',
      label: 'Gross sales',
      kind: 'money',
      numeric: true,
      value: (r) => r.grossSales,
      render: (r) => money(r.grossSales),
    },
    {
      key: 'discounts',
      label: 'Discounts',
      kind: 'money',
      numeric: true,
      value: (r) => r.discounts,
      render: (r) => money(r.discounts),
    },
    {
      key: 'returns',
      label: 'Returns',
      kind: 'money',
      numeric: true,
      value: (r) => r.returns,
      render: (r) => money(r.returns),
    },
    {
      key: 'totalSales',
      label: 'Total sales',
      kind: 'money',
      numeric: true,
      value: (r) => r.totalSales,
      render: (r) => money(r.totalSales),
    },
  ];
  return (
    <div class="grid">
      {(series.error || breakdown.error) && <QueryError error={series.error ?? breakdown.error} />}
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }} class="no-print">
        <Seg label="Grain" value={grain} options={grains} onChange={(v) => setParam('grain', v)} />
        <Seg
          label="Refund dating"
          value={dating}
          options={datings}
          onChange={(v) => setParam('dating', v)}
        />
        <button type="button" class="btn small" onClick={() => print()}>
          Print report
        </button>
      </div>
      <ChartCard
        heading={`Net sales per ${grain}`}
        title={`Net sales per ${grain}`}
        exportName={`net-sales-per-${grain}`}
        valueKind="money"
        // Days on a time axis; weeks and months as one bar each, labelled by the bucket (a time
        // axis would label a two-month range in hours), with an empty slot either side.
        time={grain === 'day'}
        xLabel={grain === 'day' ? 'date' : grain === 'week' ? 'week starting' : 'month'}
        x={
          !s
            ? []
            : grain === 'day'
              ? s.starts.map(bucketSeconds)
              : [-1, ...s.starts.map((_, i) => i), s.starts.length]
        }
        xFormat={
          grain === 'day' || !s
            ? undefined
            : (v) => (Number.isInteger(v) && s.starts[v] ? bucketLabel(s.starts[v], grain) : '')
        }
        series={[
          {
            label: 'Net sales',
            values: padBars(s?.netSales ?? [], grain),
            color: 'var(--series-1)',
            kind: grain === 'day' ? 'line' : 'bars',
          },
          ...(s?.previous
            ? [
                {
                  label: 'Comparison period',
                  values: padBars(s.previous.netSales, grain),
                  color: 'var(--series-2)',
                  dash: [6, 4],
                },
              ]
            : []),
        ]}
        yFormat={(v) => formatMoney(v, cur, { compact: true })}
      />
      <section class="card">
        <div class="card-head">
          <h2>Sales by {dims.find((d) => d.id === by)!.label.toLowerCase()}</h2>
          <Seg label="Breakdown" value={by} options={dims} onChange={(v) => setParam('by', v)} />
        </div>
        <Table
          currency={cur}
          caption={`Sales by ${by}`}
          rows={breakdown.data ?? []}
          columns={bCols}
          exportName={`sales-by-${by}`}
          initialSort={{ key: 'netSales', desc: true }}
          filterPlaceholder="Filter…"
        />
      </section>
      <section class="card">
        <h2>Sales per {grain}</h2>
        <Table
          currency={cur}
          caption={`Sales per ${grain}`}
          rows={rows}
          columns={periodColumns}
          exportName={`sales-per-${grain}`}
          pageSize={100}
        />
      </section>
    </div>
  );
}
