import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { routeHref, setParam, type Route } from '../route.ts';
import { useStore, useQuery, queryOf, filtersText, EmptyStore, QueryError } from '../data.tsx';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../../../core/ui/format.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import { ExplainDialog, type Explanation } from '../components/Explain.tsx';
import { Seg } from '../components/Seg.tsx';
import type {
  AdChannelProfitRow,
  CacMonth,
  DimensionProfitRow,
  OrderProfitRow,
  Pnl,
  ProductProfitRow,
  ProfitDimension,
} from '../../../core/analytics/index.ts';
import type { ProfitScreen } from '../../../core/worker/profit.ts';
import { NOT_IMPORTED } from '../../../core/analytics/kpis.ts';

type Grain = 'day' | 'week' | 'month';
/** The breakdowns besides ad channel and product, with what an empty value means. */
const DIMENSIONS: { id: ProfitDimension; label: string; none: string }[] = [
  { id: 'salesChannel', label: 'Sales channel', none: '(no channel)' },
  { id: 'productType', label: 'Product type', none: '(no type)' },
  { id: 'vendor', label: 'Vendor', none: '(no vendor)' },
  { id: 'country', label: 'Country', none: '(no country)' },
  { id: 'discountCode', label: 'Discount code', none: '(no code)' },
];
const grains = [
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
] as const;

/** The P&L's lines in order; `total` lines are subtotals. */
const LINES: {
  key: keyof Pnl & string;
  label: string;
  total?: boolean;
  /** Costs are shown as subtracted. */
  cost?: boolean;
}[] = [
  { key: 'netSales', label: 'Net sales' },
  { key: 'cogs', label: 'Cost of goods', cost: true },
  { key: 'grossProfit', label: 'Gross profit', total: true },
  { key: 'shippingCosts', label: 'Shipping costs', cost: true },
  { key: 'paymentFees', label: 'Payment fees', cost: true },
  { key: 'contribution', label: 'Contribution margin', total: true },
  { key: 'adSpend', label: 'Ad spend', cost: true },
  { key: 'contributionAfterMarketing', label: 'Contribution after marketing', total: true },
  { key: 'fixedCosts', label: 'Fixed costs', cost: true },
  { key: 'netProfit', label: 'Net profit', total: true },
];

function sec(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** "1 order", "3 orders". */
function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The formula and the costs behind one P&L line, in words, for "explain this number". */
function explainLine(
  key: string,
  p: Pnl,
  data: ProfitScreen,
  money: (v: number) => string,
): { formula: string; rows: { label: string; value: string }[] } {
  const c = p.coverage;
  const share = (v: number) => formatPercent(p.netSales !== 0 ? v / p.netSales : null);
  const coverageRows = [
    {
      label: 'Net sales costed by product cost',
      value: `${money(c.costedNetSales)} (${share(c.costedNetSales)})`,
    },
    {
      label: 'Net sales costed by a default margin',
      value: `${money(c.defaultMarginNetSales)} (${share(c.defaultMarginNetSales)})`,
    },
    {
      label: 'Net sales with no product cost (counted at 0)',
      value: `${money(c.uncoveredNetSales)} (${share(c.uncoveredNetSales)})`,
    },
  ];
  const costs = data.costs;
  switch (key) {
    case 'netSales':
      return {
        formula:
          'Gross sales − discounts − returns: the Overview’s net sales. Shipping charged and taxes are not sales.',
        rows: [{ label: 'Orders', value: formatNumber(c.orders) }],
      };
    case 'cogs':
      return {
        formula: `Units sold × the product’s unit cost (Products import). Products without a cost use the default margin of their product type or vendor: cost = net sales × (1 − margin). Returned units ${costs.returnsToStock ? 'go back to stock, so their cost is reversed' : 'do not go back to stock: their cost stays'}.`,
        rows: [
          ...coverageRows,
          ...costs.defaultMargins.map((m) => ({
            label: `Default margin, ${m.by === 'vendor' ? 'vendor' : 'product type'} ${m.key}`,
            value: formatPercent(m.margin),
          })),
        ],
      };
    case 'grossProfit':
      return { formula: 'Net sales − cost of goods.', rows: coverageRows };
    case 'shippingCosts':
      return {
        formula:
          'What you pay to ship, per order: the carrier’s label costs you imported for it (their sum), else the weight band of its country holding its weight (products’ weights × quantity), else its country’s cost, else a band for any country, else the cost per order you set in Settings. The shipping charged to customers is not counted here.',
        rows: [
          { label: 'Orders', value: formatNumber(c.orders) },
          {
            label: 'Shipping cost from imported label costs',
            value: plural(c.shippingBy.labels, 'order'),
          },
          { label: 'From a weight band', value: plural(c.shippingBy.weightBand, 'order') },
          { label: 'From the country’s cost', value: plural(c.shippingBy.country, 'order') },
          { label: 'At the cost per order', value: plural(c.shippingBy.flat, 'order') },
          ...((costs.shippingByWeight ?? []).length > 0
            ? [
                {
                  label: 'Orders with a product of no known weight (no band could apply)',
                  value: formatNumber(c.ordersWithoutWeight),
                },
              ]
            : []),
          { label: 'Cost per order', value: money(costs.shippingPerOrder) },
          ...costs.shippingByCountry.map((r) => ({
            label: `Cost per order to ${r.country}`,
            value: money(r.cost),
          })),
          ...(costs.shippingByWeight ?? []).map((b) => ({
            label: `${b.country ? `To ${b.country}` : 'Any country'}, over ${formatNumber(b.fromGrams)} g up to ${formatNumber(b.toGrams)} g`,
            value: money(b.cost),
          })),
        ],
      };
    case 'paymentFees':
      return {
        formula:
          'Order total × the gateway’s percentage + its fixed fee per transaction, by the rate of the order’s gateway dated on or before the order’s day, else the rate for all other gateways dated on or before it. An order paid through several gateways is charged by the first that is not a gift card. Gift cards sold are in the order total and the customer pays for them by card, so their fee is counted, although a gift card is not a sale (an order of gift cards only has its fee and no shipping cost). An order paid with a gift card carries no fee on that part, but the exports do not say how much was paid that way: the fee is counted on the whole total (overstated for those orders). Refunds do not give the fee back.',
        rows: [
          ...costs.paymentFees.map((f, i) => ({
            label: `${f.gateway || 'All other gateways'}, from ${formatDay(f.from)}`,
            value: `${formatPercent(f.percent, { digits: 2 })} + ${money(f.fixed)}, ${plural(c.feeRuleOrders[i] ?? 0, 'order')}`,
          })),
          ...c.gatewaysWithoutRule.map((g) => ({
            label: `No rate of its own: ${g.gateway || 'gateway unknown'}`,
            value: plural(g.orders, 'order'),
          })),
          {
            label: 'Orders with no fee rate (no fee counted)',
            value: formatNumber(c.ordersWithoutFeeRate),
          },
        ],
      };
    case 'contribution':
      return {
        formula: 'Gross profit − shipping costs − payment fees.',
        rows: [
          { label: 'Contribution margin rate', value: formatPercent(p.contributionMarginRate) },
          {
            label: 'Break-even ROAS (1 ÷ margin rate)',
            value:
              p.breakEvenRoas == null ? '—' : `${formatNumber(p.breakEvenRoas, { digits: 2 })}×`,
          },
        ],
      };
    case 'adSpend':
      return {
        formula:
          'Ad spend of the period from your ad-spend imports, all channels (or the filtered ones).',
        rows: [],
      };
    case 'contributionAfterMarketing':
      return { formula: 'Contribution margin − ad spend.', rows: [] };
    case 'fixedCosts':
      return {
        formula:
          'Your monthly fixed costs (Settings), each month’s amount spread evenly over its days, for the days of the period.',
        rows: costs.fixedCosts.map((f) => ({
          label: `${f.name} per month`,
          value: money(f.monthly),
        })),
      };
    default:
      return { formula: 'Contribution after marketing − fixed costs.', rows: coverageRows };
  }
}

/** Profit: the P&L of the period with its comparison, coverage, per day/week/month, by channel and product, CAC. */
export default function Profit({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const grain = (route.params.get('grain') as Grain | null) ?? 'week';
  const base = store.meta ? queryOf(route, store.meta) : null;
  const q = base && { ...base, grain };
  const res = useQuery(q && ((a, signal) => a.call('profit', [q], { signal })), [
    JSON.stringify(q),
  ]);
  const parts = useQuery(base && ((a, signal) => a.call('profitBreakdowns', [base], { signal })), [
    JSON.stringify(base),
  ]);
  const [explain, setExplain] = useState<Explanation | null>(null);
  if (store.meta?.empty) return <EmptyStore />;
  const cur = store.meta?.currency ?? 'USD';
  const money = (v: number | null | undefined) => formatMoney(v, cur);
  const d = res.data;
  const b = parts.data;
  const p = d?.current;
  const prev = d?.previous ?? null;
  const filters = base ? filtersText(route, base.range, d?.compareRange ?? null) : '';
  const uncoveredShare = p && p.netSales !== 0 ? p.coverage.uncoveredNetSales / p.netSales : null;
  const missing = d
    ? [
        !d.costsSet.shipping && 'shipping costs',
        !d.costsSet.paymentFees && 'payment fees',
        !d.costsSet.fixedCosts && 'fixed costs',
      ].filter((x): x is string => !!x)
    : [];

  const open = (key: string, label: string) => {
    if (!p || !d) return;
    const e = explainLine(key, p, d, money);
    const value = p[key as keyof Pnl] as number;
    setExplain({
      title: label,
      value: key === 'adSpend' && !d.costsSet.adSpend ? NOT_IMPORTED.adSpend : money(value),
      formula: e.formula,
      filters,
      rows: [
        ...e.rows,
        ...(prev
          ? [{ label: 'Comparison period', value: money(prev[key as keyof Pnl] as number) }]
          : []),
      ],
    });
  };

  const s = d?.series;
  type SeriesRow = {
    start: string;
    end: string;
    netSales: number;
    cogs: number;
    grossProfit: number;
    shippingAndFees: number;
    contribution: number;
    adSpend: number;
    contributionAfterMarketing: number;
    fixedCosts: number;
    netProfit: number;
  };
  const seriesRows: SeriesRow[] = s
    ? s.starts.map((start, k) => ({
        start,
        end: s.ends[k]!,
        netSales: s.netSales[k]!,
        cogs: s.cogs[k]!,
        grossProfit: s.grossProfit[k]!,
        shippingAndFees: s.shippingAndFees[k]!,
        contribution: s.contribution[k]!,
        adSpend: s.adSpend[k]!,
        contributionAfterMarketing: s.contributionAfterMarketing[k]!,
        fixedCosts: s.fixedCosts[k]!,
        netProfit: s.netProfit[k]!,
      }))
    : [];
  const moneyCol = <R,>(key: keyof R & string, label: string): TableColumn<R> => ({
    key,
    label,
    kind: 'money',
    numeric: true,
    value: (r) => r[key] as number,
    render: (r) => money(r[key] as number),
  });
  const seriesCols: TableColumn<SeriesRow>[] = [
    {
      key: 'start',
      label: grain === 'day' ? 'Day' : grain === 'week' ? 'Week from' : 'Month',
      value: (r) => r.start,
      render: (r) =>
        grain === 'month'
          ? r.start.slice(0, 7)
          : grain === 'week'
            ? `${formatDay(r.start)} – ${formatDay(r.end)}`
            : formatDay(r.start),
    },
    moneyCol('netSales', 'Net sales'),
    moneyCol('cogs', 'Cost of goods'),
    moneyCol('grossProfit', 'Gross profit'),
    moneyCol('shippingAndFees', 'Shipping & fees'),
    moneyCol('contribution', 'Contribution'),
    moneyCol('adSpend', 'Ad spend'),
    moneyCol('contributionAfterMarketing', 'After marketing'),
    moneyCol('fixedCosts', 'Fixed costs'),
    moneyCol('netProfit', 'Net profit'),
  ];
  const rate = (v: number | null) => formatPercent(v);
  const roas = (v: number | null) => (v == null ? '—' : `${formatNumber(v, { digits: 2 })}×`);
  const count = <R,>(key: keyof R & string, label: string): TableColumn<R> => ({
    key,
    label,
    numeric: true,
    value: (r) => r[key] as number,
    render: (r) => formatNumber(r[key] as number),
  });
  const channelCols: TableColumn<AdChannelProfitRow>[] = [
    {
      key: 'channel',
      label: 'Ad channel',
      value: (r) => r.channel || 'Not from an ad channel',
    },
    count('orders', 'Orders'),
    moneyCol('netSales', 'Net sales'),
    moneyCol('grossProfit', 'Gross profit'),
    moneyCol('shippingAndFees', 'Shipping & fees'),
    moneyCol('contribution', 'Contribution'),
    moneyCol('adSpend', 'Ad spend'),
    moneyCol('contributionAfterMarketing', 'After marketing'),
    {
      key: 'roas',
      label: 'ROAS',
      numeric: true,
      value: (r) => r.roas,
      render: (r) => roas(r.roas),
    },
    {
      key: 'beroas',
      label: 'Break-even ROAS',
      numeric: true,
      value: (r) => r.breakEvenRoas,
      render: (r) => roas(r.breakEvenRoas),
    },
    count('newCustomers', 'New customers'),
    moneyCol('cac', 'CAC'),
    moneyCol('uncoveredNetSales', 'Net sales without cost'),
  ];
  const dimension = DIMENSIONS.find((x) => x.id === route.params.get('by')) ?? DIMENSIONS[0]!;
  const lineDimension = dimension.id === 'productType' || dimension.id === 'vendor';
  const dimensionCols: TableColumn<DimensionProfitRow>[] = [
    { key: 'key', label: dimension.label, value: (r) => r.key || dimension.none },
    count('orders', 'Orders'),
    moneyCol('netSales', 'Net sales'),
    moneyCol('cogs', 'Cost of goods'),
    moneyCol('grossProfit', 'Gross profit'),
    ...(lineDimension
      ? []
      : [
          moneyCol<DimensionProfitRow>('shippingAndFees', 'Shipping & fees'),
          moneyCol<DimensionProfitRow>('contribution', 'Contribution'),
        ]),
    {
      key: 'marginRate',
      label: lineDimension ? 'Gross margin' : 'Contribution margin',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.marginRate,
      render: (r) => rate(r.marginRate),
    },
    moneyCol('uncoveredNetSales', 'Net sales without cost'),
  ];
  const orderCols: TableColumn<OrderProfitRow>[] = [
    { key: 'name', label: 'Order', value: (r) => r.name },
    { key: 'day', label: 'Date', value: (r) => r.day, render: (r) => formatDay(r.day) },
    moneyCol('netSales', 'Net sales'),
    moneyCol('costs', 'Costs'),
    moneyCol('contribution', 'Contribution'),
  ];
  const sourceText: Record<ProductProfitRow['costSource'], string> = {
    cost: 'Product cost',
    'default-margin': 'Default margin',
    none: 'No cost',
    mixed: 'Mixed',
  };
  const productCols: TableColumn<ProductProfitRow>[] = [
    { key: 'sku', label: 'SKU', value: (r) => r.sku },
    { key: 'title', label: 'Product', value: (r) => r.title },
    {
      key: 'units',
      label: 'Units',
      numeric: true,
      value: (r) => r.units,
      render: (r) => formatNumber(r.units),
    },
    moneyCol('netSales', 'Net sales'),
    moneyCol('cogs', 'Cost of goods'),
    moneyCol('grossProfit', 'Gross profit'),
    {
      key: 'grossMargin',
      label: 'Gross margin',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.grossMargin,
      render: (r) => rate(r.grossMargin),
    },
    { key: 'costSource', label: 'Cost from', value: (r) => sourceText[r.costSource] },
  ];
  const cacCols: TableColumn<CacMonth>[] = [
    { key: 'month', label: 'Month', value: (r) => r.month },
    moneyCol('spend', 'Ad spend'),
    {
      key: 'newCustomers',
      label: 'New customers',
      numeric: true,
      value: (r) => r.newCustomers,
      render: (r) => formatNumber(r.newCustomers),
    },
    moneyCol('cac', 'CAC'),
  ];

  return (
    <div class="grid">
      {(res.error != null || parts.error != null) && (
        <QueryError error={res.error ?? parts.error} />
      )}
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }} class="no-print">
        <Seg
          label="Profit per"
          value={grain}
          options={grains}
          onChange={(g) => setParam('grain', g)}
        />
      </div>
      {p && uncoveredShare != null && uncoveredShare > 0 && (
        <div class="banner" role="note">
          <span>
            {formatPercent(uncoveredShare)} of net sales ({money(p.coverage.uncoveredNetSales)}) has
            no product cost: its cost of goods is counted as 0, so gross profit is overstated.
            Import products with their cost, or set a default margin per product type or vendor in{' '}
            <a href={routeHref({ screen: 'settings' })}>Settings</a>.
          </span>
        </div>
      )}
      {p && uncoveredShare === 0 && (
        <p class="muted" role="note">
          Every sale of the period has a product cost or a default margin.
        </p>
      )}
      {p &&
        d &&
        (p.coverage.shippingBy.labels > 0 || (d.costs.shippingByWeight ?? []).length > 0) && (
          <p class="muted" role="note" aria-label="Shipping cost coverage">
            Shipping: label costs for {formatNumber(p.coverage.shippingBy.labels)} of{' '}
            {plural(p.coverage.orders, 'order')}; weight bands for{' '}
            {formatNumber(p.coverage.shippingBy.weightBand)}; the country’s or the per-order cost
            for the rest.
            {p.coverage.ordersWithoutWeight > 0 &&
              ` ${plural(p.coverage.ordersWithoutWeight, 'order')} had a product with no known weight (import products with their weight).`}
            {d.labels &&
              d.labels.unmatched > 0 &&
              ` ${plural(d.labels.unmatched, 'imported label')} matched no stored order (by order number): not counted.`}
            {d.labels &&
              d.labels.otherCurrency > 0 &&
              ` ${plural(d.labels.otherCurrency, 'imported label')} in another currency than ${cur}: not counted.`}
          </p>
        )}
      {missing.length > 0 && (
        <div class="banner" role="note">
          <span>
            No {missing.join(', ')} set: {missing.length === 1 ? 'it is' : 'they are'} counted as 0.
            Set your costs in <a href={routeHref({ screen: 'settings' })}>Settings → Costs</a>.
          </span>
        </div>
      )}
      <section class="card" aria-labelledby="pnl-h">
        <h2 id="pnl-h">Profit and loss</h2>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Profit and loss table">
          <table>
            <caption class="muted">{filters}</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col" class="num">
                  This period
                </th>
                {prev && (
                  <>
                    <th scope="col" class="num">
                      Comparison
                    </th>
                    <th scope="col" class="num">
                      Change
                    </th>
                  </>
                )}
                <th scope="col" class="num">
                  Of net sales
                </th>
                <th scope="col">
                  <span class="sr-only">Explain</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {LINES.map((l) => {
                const v = p ? (p[l.key] as number) : null;
                const pv = prev ? (prev[l.key] as number) : null;
                return (
                  <tr key={l.key} style={l.total ? { fontWeight: 600 } : undefined}>
                    <th scope="row">{l.cost ? `− ${l.label}` : l.label}</th>
                    <td class="num">{p ? money(v) : '…'}</td>
                    {prev && (
                      <>
                        <td class="num">{money(pv)}</td>
                        <td class="num">
                          {v != null && pv != null
                            ? formatMoney(v - pv, cur, { signed: true })
                            : '—'}
                        </td>
                      </>
                    )}
                    <td class="num">
                      {p && p.netSales !== 0 && v != null ? formatPercent(v / p.netSales) : '—'}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="btn small"
                        disabled={!p}
                        aria-label={`Explain ${l.label}`}
                        onClick={() => open(l.key, l.label)}
                      >
                        Explain
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {p && (
          <p class="muted small">
            Contribution margin rate {rate(p.contributionMarginRate)}; break-even ROAS{' '}
            {roas(p.breakEvenRoas)} (ads pay for themselves above it).
          </p>
        )}
      </section>
      <ChartCard
        heading={`Profit per ${grain}`}
        title={`Contribution and net profit per ${grain}`}
        exportName={`profit-per-${grain}`}
        valueKind="money"
        x={(s?.starts ?? []).map(sec)}
        series={
          s
            ? [
                { label: 'Contribution margin', values: s.contribution, color: 'var(--series-1)' },
                {
                  label: 'Contribution after marketing',
                  values: s.contributionAfterMarketing,
                  color: 'var(--series-3)',
                },
                { label: 'Net profit', values: s.netProfit, color: 'var(--series-2)' },
              ]
            : []
        }
        yFormat={(v) => formatMoney(v, cur, { compact: true })}
      />
      <section class="card" aria-labelledby="pnl-series-h">
        <h2 id="pnl-series-h">P&amp;L per {grain}</h2>
        <Table
          currency={cur}
          caption={`Profit and loss per ${grain}`}
          rows={seriesRows}
          empty={d ? 'No days in this range.' : 'Computing…'}
          columns={seriesCols}
          exportName={`pnl-per-${grain}`}
          rowKey={(r) => r.start}
        />
      </section>
      <section class="card" aria-labelledby="pch-h">
        <h2 id="pch-h">By ad channel</h2>
        <p class="muted small">
          Orders go to the ad channel Marketing credits them to (last click: the order’s UTM source,
          else its medium), so ad spend, ROAS, new customers and CAC are Marketing’s figures.
          Break-even ROAS = attributed revenue ÷ contribution, on the same revenue as ROAS: above it
          the channel’s ads pay for themselves. Fixed costs are not split by channel.
        </p>
        <Table
          currency={cur}
          caption="Profit by channel"
          rows={b?.byChannel ?? []}
          empty={
            b
              ? 'No orders in this range. Import ad spend to see profit per ad channel.'
              : 'Computing…'
          }
          columns={channelCols}
          exportName="profit-by-channel"
          initialSort={{ key: 'contributionAfterMarketing', desc: true }}
          rowKey={(r) => r.channel}
        />
      </section>
      <section class="card" aria-labelledby="pdim-h">
        <h2 id="pdim-h">By {dimension.label.toLowerCase()}</h2>
        <div class="no-print">
          <Seg
            label="Break down by"
            value={dimension.id}
            options={DIMENSIONS}
            onChange={(v) => setParam('by', v)}
          />
        </div>
        <p class="muted small">
          {lineDimension
            ? `Gross profit per ${dimension.label.toLowerCase()} from the lines (returns taken off; the product’s own ${dimension.label.toLowerCase()} when the order line has none). Shipping, fees and ad spend are per order and not split by product.`
            : `Contribution per ${dimension.label.toLowerCase()} of the order: net sales − cost of goods − shipping costs − payment fees.`}
        </p>
        <Table
          currency={cur}
          caption={`Profit by ${dimension.label.toLowerCase()}`}
          rows={b?.byDimension[dimension.id] ?? []}
          empty={b ? 'No orders in this range.' : 'Computing…'}
          columns={dimensionCols}
          exportName={`profit-by-${dimension.label.toLowerCase().replace(/ /g, '-')}`}
          initialSort={{ key: lineDimension ? 'grossProfit' : 'contribution', desc: true }}
          rowKey={(r) => r.key}
          pageSize={20}
        />
      </section>
      <section class="card" aria-labelledby="pord-h">
        <h2 id="pord-h">Most and least profitable orders</h2>
        <p class="muted small">
          Orders placed in the period, each with its own returns whenever refunded. Costs = cost of
          goods + shipping cost + payment fee; contribution = net sales − costs.
          {b ? ` ${formatNumber(b.orders.orders)} orders.` : ''}
        </p>
        <Table
          currency={cur}
          caption="Most profitable orders"
          rows={b?.orders.most ?? []}
          empty={b ? 'No orders in this range.' : 'Computing…'}
          columns={orderCols}
          exportName="most-profitable-orders"
          rowKey={(r) => r.name}
        />
        <Table
          currency={cur}
          caption="Least profitable orders"
          rows={b?.orders.least ?? []}
          empty={b ? 'No orders in this range.' : 'Computing…'}
          columns={orderCols}
          exportName="least-profitable-orders"
          rowKey={(r) => r.name}
        />
      </section>
      <section class="card" aria-labelledby="ppr-h">
        <h2 id="ppr-h">By product</h2>
        <p class="muted small">
          Gross profit per SKU from its lines (returns taken off). Shipping, fees and ad spend are
          per order and not split by product.
        </p>
        <Table
          currency={cur}
          caption="Gross profit by product"
          rows={b?.byProduct ?? []}
          empty={b ? 'No products sold in this range.' : 'Computing…'}
          columns={productCols}
          exportName="profit-by-product"
          initialSort={{ key: 'grossProfit', desc: true }}
          rowKey={(r) => r.sku}
          pageSize={20}
        />
      </section>
      <section class="card" aria-labelledby="cac-h">
        <h2 id="cac-h">Customer acquisition cost by month</h2>
        <p class="muted small">
          All ad spend of the month ÷ customers whose first order falls in it (whole calendar
          months, all channels).
        </p>
        <Table
          currency={cur}
          caption="CAC by month"
          rows={b?.cac ?? []}
          empty={b ? 'No months in this range.' : 'Computing…'}
          columns={cacCols}
          exportName="cac-by-month"
          rowKey={(r) => r.month}
        />
      </section>
      <ExplainDialog explain={explain} onClose={() => setExplain(null)} />
    </div>
  );
}
