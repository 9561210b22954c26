import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { go, type Route } from '../route.ts';
import { useQuery, QueryError, useStore } from '../data.tsx';
import { ChartCard } from '../components/ChartCard.tsx';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { formatDateTime, formatMoney, formatPercent } from '../../../core/ui/format.ts';
import type { CompetitorRow } from '../../../core/worker/competitive.ts';

const money = (v: number | null, cur: string | null) =>
  v == null || !cur ? '—' : formatMoney(v, cur);

function stockPill(r: CompetitorRow): JSX.Element {
  if (r.lastError) return <span class="pill bad">check failed</span>;
  if (r.lastAvailability === 'InStock' || r.lastAvailability === 'LimitedAvailability')
    return <span class="pill good">in stock</span>;
  if (r.lastAvailability === 'Unknown') return <span class="pill">unknown</span>;
  return (
    <span class="pill warn">
      {r.lastAvailability === 'OutOfStock' || r.lastAvailability === 'SoldOut'
        ? 'out of stock'
        : r.lastAvailability}
    </span>
  );
}

/** How the competitor data gets here, for the empty state. */
function HowItGetsHere(): JSX.Element {
  return (
    <div class="empty-state card">
      <h2>No competitor data on this device yet</h2>
      <ol class="list" style={{ textAlign: 'left' }}>
        <li>
          Install the Storelens extension (run <code>npm start</code> and load the folder it
          prints).
        </li>
        <li>
          On a competitor's product page, open the overlay and press <strong>Track</strong>.
        </li>
        <li>
          Bring the data here: press <strong>Sync now</strong> when the extension is connected, or
          export a bundle from the extension and import it on the <a href="#/import">Import</a>{' '}
          screen (also on your phone).
        </li>
      </ol>
    </div>
  );
}

/** Competitors: tracked products, their price and stock history, and the matched own product. */
export default function Competitors({ route }: { route: Route }): JSX.Element {
  const storeCurrency = useStore().meta?.currency ?? 'USD';
  const res = useQuery((api, signal) => api.call('competitors', [], { signal }), []);
  const [domain, setDomain] = useState<string>('');
  const v = res.data;
  if (res.error) return <QueryError error={res.error} />;
  if (!v) return <div class="muted">Loading…</div>;
  if (v.rows.length === 0) return <HowItGetsHere />;
  const rows = domain ? v.rows.filter((r) => r.domain === domain) : v.rows;
  const selected = v.rows.find((r) => r.id === route.detail) ?? null;

  const cols: TableColumn<CompetitorRow>[] = [
    { key: 'name', label: 'Product', value: (r) => r.name },
    { key: 'domain', label: 'Shop', value: (r) => r.domain },
    {
      key: 'lastPrice',
      label: 'Their price',
      kind: 'money',
      numeric: true,
      value: (r) => r.lastPrice,
      currency: (r) => r.currency,
      render: (r) => money(r.lastPrice, r.currency),
    },
    {
      key: 'was',
      label: 'Was',
      kind: 'money',
      numeric: true,
      value: (r) => r.lastWasPrice,
      currency: (r) => r.currency,
      render: (r) => money(r.lastWasPrice, r.currency),
    },
    {
      key: 'change7',
      label: '7 days',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.change7,
      render: (r) => formatPercent(r.change7, { signed: true }),
    },
    {
      key: 'change30',
      label: '30 days',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.change30,
      render: (r) => formatPercent(r.change30, { signed: true }),
    },
    { key: 'stock', label: 'Stock', value: (r) => r.lastAvailability, render: stockPill },
    {
      key: 'own',
      label: 'Your product',
      value: (r) => r.own?.title ?? null,
      render: (r) =>
        r.own
          ? `${r.own.title} (${r.own.sku})${r.own.status === 'auto' ? ' · auto-matched' : ''}`
          : '—',
    },
    {
      key: 'ownPrice',
      label: 'Your price',
      kind: 'money',
      numeric: true,
      value: (r) => r.own?.price ?? null,
      currency: (r) => r.own?.currency,
      render: (r) => (r.own ? formatMoney(r.own.price, r.own.currency) : '—'),
    },
    {
      key: 'diff',
      label: 'They vs you',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.own?.diff ?? null,
      render: (r) =>
        r.own && r.own.diff == null && r.currency !== r.own.currency
          ? `other currency (${r.currency})`
          : formatPercent(r.own?.diff, { signed: true }),
    },
    {
      key: 'lastCheck',
      label: 'Last check',
      kind: 'date',
      value: (r) => r.lastCheck,
      render: (r) => formatDateTime(r.lastCheck),
    },
    { key: 'failed', label: 'Failed checks', numeric: true, value: (r) => r.failedChecks },
  ];

  return (
    <div class="grid">
      <div class="status">Captured by the extension; last check {formatDateTime(v.dataAsOf)}.</div>
      <section class="card">
        <div class="card-head">
          <h2>Tracked products</h2>
          <label>
            Shop{' '}
            <select
              value={domain}
              onChange={(e) => setDomain((e.target as HTMLSelectElement).value)}
            >
              <option value="">All shops</option>
              {v.domains.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
        </div>
        <Table
          currency={storeCurrency}
          caption="Tracked competitor products"
          rows={rows}
          columns={cols}
          exportName="tracked-competitor-products"
          filterPlaceholder="Filter products…"
          rowKey={(r) => r.id}
          onRowClick={(r) => go({ detail: r.id })}
        />
      </section>
      {selected && <History row={selected} />}
      {!selected && <p class="muted">Pick a product to see its price history next to yours.</p>}
    </div>
  );
}

function History({ row }: { row: CompetitorRow }): JSX.Element {
  const cur = row.currency ?? row.own?.currency ?? 'USD';
  const sameCurrency = row.own && row.own.currency === cur;
  const own = sameCurrency ? Array.from(row.history.at, () => row.own!.price) : null;
  return (
    <>
      <ChartCard
        heading={`${row.name} at ${row.domain}`}
        title={`Price history of ${row.name} at ${row.domain}`}
        exportName={`price-history-${row.id}`}
        valueKind="money"
        currency={cur ?? undefined}
        context={`${row.name} at ${row.domain}, every check`}
        x={row.history.at}
        series={[
          {
            label: 'Their price',
            values: Array.from(row.history.price, (p) => (Number.isNaN(p) ? null : p)),
            color: 'var(--series-1)',
          },
          {
            label: 'Was-price',
            values: Array.from(row.history.wasPrice, (p) => (Number.isNaN(p) ? null : p)),
            color: 'var(--series-2)',
            dash: [4, 4],
          },
          ...(own
            ? [{ label: 'Your current price', values: own, color: 'var(--series-3)', dash: [2, 3] }]
            : []),
        ]}
        yFormat={(v) => formatMoney(v, cur, { compact: true })}
        note={
          <p class="muted">
            {row.own && !sameCurrency
              ? `Your product is priced in ${row.own.currency}; theirs in ${cur}: add an exchange rate in Settings to compare. `
              : ''}
            Gaps are failed checks ({row.failedChecks}); out-of-stock days:{' '}
            {Array.from(row.history.inStock).filter((s) => s === 0).length}.{' '}
            <a href={row.url} target="_blank" rel="noopener noreferrer">
              Open their page
            </a>
          </p>
        }
      />
    </>
  );
}
