import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { setParam, type Route } from '../route.ts';
import { useStore, useQuery, queryOf, filtersText, EmptyStore, QueryError } from '../data.tsx';
import { KpiCards, explainKpi } from '../../../core/ui/Kpi.tsx';
import { kpisIn } from '../../../core/analytics/kpis.ts';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../../core/ui/format.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import { ExplainDialog, type Explanation } from '../components/Explain.tsx';
import { NeedsData } from '../components/NeedsData.tsx';
import { Seg } from '../components/Seg.tsx';
import type { FunnelResult, FunnelStep, MarketingRow } from '../../../core/analytics/index.ts';

const stepLabel: Record<FunnelStep, string> = {
  sessions: 'Sessions',
  productViews: 'Viewed a product',
  addToCarts: 'Added to cart',
  checkouts: 'Reached checkout',
  purchases: 'Purchased',
};
const grains = [
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
] as const;

/** The headline cards: the registry's marketing and funnel groups (core/analytics/kpis.ts). */
const marketingCards = kpisIn('marketing');
const funnelCards = kpisIn('funnel');

function sec(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** Marketing & funnel: spend, ROAS, CAC, MER by channel and campaign; the funnel with drop-offs. */
export default function Marketing({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const base = store.meta ? queryOf(route, store.meta) : null;
  const grain = (route.params.get('grain') as 'day' | 'week' | 'month' | null) ?? 'week';
  const fq = base && { ...base, grain };
  const fun = useQuery(fq && ((a, signal) => a.call('funnel', [fq], { signal })), [
    JSON.stringify(fq),
  ]);
  const mkt = useQuery(base && ((a, signal) => a.call('marketing', [base], { signal })), [
    JSON.stringify(base),
  ]);
  const spendQ = base && { ...base, grain: 'week' as const };
  const spend = useQuery(spendQ && ((a, signal) => a.call('spendSeries', [spendQ], { signal })), [
    JSON.stringify(spendQ),
  ]);
  const [explain, setExplain] = useState<Explanation | null>(null);
  if (store.meta?.empty) return <EmptyStore />;
  const cur = store.meta?.currency ?? 'USD';
  const money = (v: number | null | undefined) => formatMoney(v, cur);
  const filters = base ? filtersText(route, base.range, null) : '';
  const f = fun.data;
  const m = mkt.data;
  const roasText = (v: number | null) => (v == null ? '—' : `${twoDigits.format(v)}×`);
  const explainCard = (...a: Parameters<typeof explainKpi>) => setExplain(explainKpi(...a));

  type StepRow = FunnelResult['steps'][number];
  const stepCols: TableColumn<StepRow>[] = [
    { key: 'step', label: 'Step', value: (r) => stepLabel[r.step] },
    {
      key: 'count',
      label: 'Sessions',
      numeric: true,
      value: (r) => r.count,
      render: (r) => formatNumber(r.count),
    },
    {
      key: 'fromStart',
      label: 'Of all sessions',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.fromStart,
      render: (r) => (
        <span class="bar-cell">
          <span class="bar" style={{ width: `${Math.round((r.fromStart ?? 0) * 100)}%` }} />
          {formatPercent(r.fromStart, { digits: 2 })}
        </span>
      ),
    },
    {
      key: 'conversion',
      label: 'From previous step',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.conversion,
      render: (r) => formatPercent(r.conversion),
    },
    {
      key: 'dropOff',
      label: 'Drop-off',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.dropOff,
      render: (r) => formatPercent(r.dropOff),
    },
  ];
  type ChannelRow = FunnelResult['byChannel'][number];
  const chCols: TableColumn<ChannelRow>[] = [
    { key: 'channel', label: 'Channel', value: (r) => r.channel || '(none)' },
    ...(['sessions', 'productViews', 'addToCarts', 'checkouts', 'purchases'] as const).map(
      (step, k): TableColumn<ChannelRow> => ({
        key: step,
        label: stepLabel[step],
        numeric: true,
        value: (r) => r.steps[k]!.count,
        render: (r) => formatNumber(r.steps[k]!.count),
      }),
    ),
    {
      key: 'cr',
      label: 'Conversion',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.conversionRate,
      render: (r) => formatPercent(r.conversionRate, { digits: 2 }),
    },
    {
      key: 'cart',
      label: 'Cart abandonment',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.cartAbandonmentRate,
      render: (r) => formatPercent(r.cartAbandonmentRate),
    },
  ];
  const mCols = (withCampaign: boolean): TableColumn<MarketingRow>[] => [
    { key: 'channel', label: 'Channel', value: (r) => r.channel },
    ...(withCampaign
      ? [{ key: 'campaign', label: 'Campaign', value: (r: MarketingRow) => r.campaign || '(none)' }]
      : []),
    {
      key: 'spend',
      label: 'Spend',
      kind: 'money',
      numeric: true,
      value: (r) => r.spend,
      render: (r) => money(r.spend),
    },
    {
      key: 'attributedRevenue',
      label: 'Attributed revenue',
      kind: 'money',
      numeric: true,
      value: (r) => r.attributedRevenue,
      render: (r) => money(r.attributedRevenue),
    },
    {
      key: 'roas',
      label: 'ROAS',
      numeric: true,
      value: (r) => r.roas,
      render: (r) => roasText(r.roas),
    },
    {
      key: 'attributedOrders',
      label: 'Orders',
      numeric: true,
      value: (r) => r.attributedOrders,
      render: (r) => formatNumber(r.attributedOrders),
    },
    {
      key: 'newCustomers',
      label: 'New customers',
      numeric: true,
      value: (r) => r.newCustomers,
      render: (r) => formatNumber(r.newCustomers),
    },
    {
      key: 'cac',
      label: 'CAC',
      kind: 'money',
      numeric: true,
      value: (r) => r.cac,
      render: (r) => money(r.cac),
    },
    {
      key: 'clicks',
      label: 'Clicks',
      numeric: true,
      value: (r) => r.clicks,
      render: (r) => formatNumber(r.clicks),
    },
    {
      key: 'ctr',
      label: 'CTR',
      kind: 'ratio',
      numeric: true,
      value: (r) => (r.impressions > 0 ? r.clicks / r.impressions : null),
      render: (r) =>
        formatPercent(r.impressions > 0 ? r.clicks / r.impressions : null, { digits: 2 }),
    },
  ];

  const loadingFunnel = fun.loading && fun.data == null;
  const loadingMkt = mkt.loading && mkt.data == null;
  const seriesX = f
    ? f.series.labels.map((l) =>
        sec(grain === 'month' ? `${l}-01` : grain === 'week' ? isoWeekMonday(l) : l),
      )
    : [];

  return (
    <div class="grid">
      {(fun.error || mkt.error || spend.error) && (
        <QueryError error={fun.error ?? mkt.error ?? spend.error} />
      )}
      <h2 class="section-title">Marketing</h2>
      {!loadingMkt && mkt.data === null && !mkt.error ? (
        <NeedsData
          title="No ad spend imported"
          text="Import an ad-spend export (Google Ads or Meta Ads campaign report) to see spend, ROAS, CAC and MER by channel and campaign."
        />
      ) : (
        <>
          <KpiCards
            label="Marketing numbers"
            entries={marketingCards}
            figures={m?.kpis}
            currency={cur}
            onExplain={(e, fig) => explainCard(e, fig, cur, filters)}
          />
          <ChartCard
            heading="Ad spend per week"
            title="Ad spend per week by ad channel"
            exportName="ad-spend-per-week"
            valueKind="money"
            x={(spend.data?.starts ?? []).map(sec)}
            series={(spend.data?.channels ?? []).map((c, i) => ({
              label: c,
              values: spend.data!.spend[i]!,
              color: palette[i % palette.length]!,
            }))}
            yFormat={(v) => formatMoney(v, cur, { compact: true })}
          />
          <section class="card" aria-labelledby="mch-h">
            <h2 id="mch-h">By channel</h2>
            <Table
              currency={cur}
              caption="Marketing by channel"
              rows={m?.byChannel ?? []}
              empty={m ? undefined : 'Computing…'}
              columns={mCols(false)}
              exportName="marketing-by-channel"
              initialSort={{ key: 'spend', desc: true }}
              rowKey={(r) => r.channel}
            />
          </section>
          <section class="card" aria-labelledby="mca-h">
            <h2 id="mca-h">By campaign</h2>
            <Table
              currency={cur}
              caption="Marketing by campaign"
              rows={m?.byCampaign ?? []}
              empty={m ? undefined : 'Computing…'}
              columns={mCols(true)}
              exportName="marketing-by-campaign"
              initialSort={{ key: 'spend', desc: true }}
              filterPlaceholder="Filter campaigns…"
              rowKey={(r) => `${r.channel}|${r.campaign}`}
            />
          </section>
        </>
      )}

      <h2 class="section-title">Funnel</h2>
      {!loadingFunnel && fun.data === null && !fun.error ? (
        <NeedsData
          title="No traffic data imported"
          text="Import a GA4 traffic export to see the funnel: sessions, product views, add to cart, checkout and purchase, with drop-offs by channel."
        />
      ) : (
        <>
          <KpiCards
            label="Funnel numbers"
            entries={funnelCards}
            figures={f?.kpis}
            currency={cur}
            onExplain={(e, fig) => explainCard(e, fig, cur, filters)}
          />
          <section class="card" aria-labelledby="funnel-h">
            <h2 id="funnel-h">Funnel steps and drop-offs</h2>
            <Table
              currency={cur}
              caption="Funnel steps"
              rows={f?.steps ?? []}
              empty={f ? undefined : 'Computing…'}
              columns={stepCols}
              exportName="funnel"
              rowKey={(r) => r.step}
            />
          </section>
          <ChartCard
            heading={`Conversion rate per ${grain}`}
            title={`Conversion rate (purchases ÷ sessions) per ${grain}`}
            exportName={`funnel-per-${grain}`}
            valueKind="ratio"
            actions={
              <Seg
                label="Grain"
                value={grain}
                options={grains}
                onChange={(v) => setParam('grain', v)}
              />
            }
            x={seriesX}
            series={[
              {
                label: 'Conversion rate',
                values: f ? nullNaN(f.series.conversionRate) : [],
                color: 'var(--series-1)',
              },
            ]}
            yFormat={(v) => formatPercent(v, { digits: 2 })}
          />
          <section class="card" aria-labelledby="fch-h">
            <h2 id="fch-h">Funnel by channel</h2>
            <Table
              currency={cur}
              caption="Funnel by channel"
              rows={f?.byChannel ?? []}
              empty={f ? undefined : 'Computing…'}
              columns={chCols}
              exportName="funnel-by-channel"
              initialSort={{ key: 'sessions', desc: true }}
              rowKey={(r) => r.channel}
            />
          </section>
        </>
      )}
      <ExplainDialog explain={explain} onClose={() => setExplain(null)} />
    </div>
  );
}

const twoDigits = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const palette = ['var(--series-1)', 'var(--series-3)', 'var(--series-2)', '#7b5ea7', '#2a9d8f'];

function nullNaN(a: Float64Array): (number | null)[] {
  return Array.from(a, (v) => (Number.isNaN(v) ? null : v));
}

/** Monday of an ISO week label 'YYYY-Www'. */
function isoWeekMonday(label: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return label;
  const y = Number(m[1]);
  const w = Number(m[2]);
  // ISO week 1 holds 4 January.
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  const monday = jan4 - dow * 86_400_000 + (w - 1) * 7 * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}
