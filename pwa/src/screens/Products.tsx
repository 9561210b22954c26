import { useMemo, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { go, routeHref, setParam, type Route } from '../route.ts';
import { useStore, useQuery, queryOf, filtersText, EmptyStore, QueryError } from '../data.tsx';
import { KpiCards, explainKpi } from '../../../core/ui/Kpi.tsx';
import { kpisIn } from '../../../core/analytics/kpis.ts';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { toCsv } from '../../../core/export/csv.ts';
import { downloadFile } from '../../../core/ui/csv.ts';
import {
  currencyDigits,
  formatDay,
  formatMoney,
  formatNumber,
  formatPercent,
  toMajor,
} from '../../../core/ui/format.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import { Seg } from '../components/Seg.tsx';
import { ExplainDialog, type Explanation } from '../components/Explain.tsx';
import { NeedsData } from '../components/NeedsData.tsx';
import { ProductDetail } from './ProductDetail.tsx';
import type {
  ProductTableRow,
  PurchaseOrderDraft,
  InventoryScreen,
} from '../../../core/worker/queries.ts';
import type { BasketPair, InventoryRow, StockStatus } from '../../../core/analytics/index.ts';

const statusText: Record<StockStatus, string> = {
  'out-of-stock': 'Out of stock',
  'at-risk': 'At risk',
  reorder: 'Reorder',
  ok: 'OK',
  overstock: 'Overstock',
  dead: 'Dead stock',
  unsold: 'No sale yet (under 90 days of history)',
  'no-demand': 'No demand',
};
const statusTone: Partial<Record<StockStatus, string>> = {
  'out-of-stock': 'bad',
  'at-risk': 'bad',
  reorder: 'warn',
  overstock: 'warn',
  dead: 'warn',
  ok: 'good',
};

export function StatusPill({ status }: { status: StockStatus | null }): JSX.Element {
  if (!status) return <span class="muted">—</span>;
  return <span class={`pill ${statusTone[status] ?? ''}`}>{statusText[status]}</span>;
}

type ListId = 'atRisk' | 'overstock' | 'dead';
const lists = [
  { id: 'atRisk', label: 'At risk' },
  { id: 'overstock', label: 'Overstock' },
  { id: 'dead', label: 'Dead stock' },
] as const;

/** The headline cards: the registry's products and inventory groups (core/analytics/kpis.ts). */
const cards = [...kpisIn('products'), ...kpisIn('inventory')];

const days = (v: number | null) => (v == null ? '—' : `${formatNumber(v, { digits: 0 })} d`);

/** Products & inventory: product table, ABC, stock lists, draft purchase orders, bought together. */
export default function Products({ route }: { route: Route }): JSX.Element {
  if (route.detail) return <ProductDetail route={route} sku={route.detail} />;
  return <ProductList route={route} />;
}

function ProductList({ route }: { route: Route }): JSX.Element {
  const store = useStore();
  const q = store.meta ? queryOf(route, store.meta) : null;
  const list: ListId = (route.params.get('list') as ListId | null) ?? 'atRisk';
  const products = useQuery(q && ((a, signal) => a.call('products', [q], { signal })), [
    JSON.stringify(q),
  ]);
  const inventory = useQuery(
    store.meta && !store.meta.empty ? (a, signal) => a.call('inventory', [], { signal }) : null,
    [store.meta?.empty],
  );
  const basket = useQuery(q && ((a, signal) => a.call('basket', [q], { signal })), [
    JSON.stringify(q),
  ]);
  const [explain, setExplain] = useState<Explanation | null>(null);
  const pareto = useMemo(() => {
    const p = products.data;
    if (!p) return { x: [] as number[], y: [] as number[] };
    const sales = p.rows.map((r) => Math.max(0, r.netSales)).sort((a, b) => b - a);
    const total = sales.reduce((s, v) => s + v, 0);
    let run = 0;
    return {
      x: sales.map((_, i) => i + 1),
      y: sales.map((v) => {
        run += v;
        return total > 0 ? run / total : 0;
      }),
    };
  }, [products.data]);
  if (store.meta?.empty) return <EmptyStore />;
  const cur = store.meta?.currency ?? 'USD';
  const money = (v: number | null | undefined) => formatMoney(v, cur);
  const p = products.data;
  const inv = inventory.data;
  const hasStock = inv ? inv.rows.length > 0 : true;
  const open = (sku: string) =>
    go({ screen: 'products', detail: sku, params: new URLSearchParams() });

  const columns: TableColumn<ProductTableRow>[] = [
    {
      key: 'title',
      label: 'Product',
      value: (r) => r.title,
      render: (r) => (
        <a
          href={routeHref(
            { screen: 'products', detail: r.sku, params: new URLSearchParams() },
            route,
          )}
          onClick={(e) => e.stopPropagation()}
        >
          {r.title}
        </a>
      ),
    },
    // Who it is and whether it is in trouble first: four "Softshell Jacket" rows differ by SKU.
    // Lines exported without a SKU are keyed by their variant or title: no SKU to show.
    { key: 'sku', label: 'SKU', value: (r) => (r.hasSku ? r.sku : '') },
    {
      key: 'status',
      label: 'Stock status',
      value: (r) => (r.status ? statusText[r.status] : null),
      render: (r) => <StatusPill status={r.status} />,
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
      key: 'units',
      label: 'Units',
      numeric: true,
      value: (r) => r.units,
      render: (r) => formatNumber(r.units),
    },
    {
      key: 'margin',
      label: 'Margin',
      kind: 'money',
      numeric: true,
      value: (r) => r.margin,
      render: (r) => (r.margin == null ? '—' : money(r.margin)),
    },
    {
      key: 'marginRate',
      label: 'Margin %',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.marginRate,
      render: (r) => formatPercent(r.marginRate),
    },
    { key: 'abc', label: 'ABC', value: (r) => r.abc },
    {
      key: 'sellThrough',
      label: 'Sell-through',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.sellThrough,
      render: (r) => formatPercent(r.sellThrough),
    },
    {
      key: 'onHand',
      label: 'Stock',
      numeric: true,
      value: (r) => r.onHand,
      render: (r) => formatNumber(r.onHand),
    },
    {
      key: 'daysOfCover',
      label: 'Days of cover',
      numeric: true,
      value: (r) => r.daysOfCover,
      render: (r) => days(r.daysOfCover),
    },
    {
      key: 'reorderPoint',
      label: 'Reorder point',
      numeric: true,
      value: (r) => r.reorderPoint,
      render: (r) => formatNumber(r.reorderPoint, { digits: 0 }),
    },
    {
      key: 'orderQuantity',
      label: 'Order suggestion',
      numeric: true,
      value: (r) => r.orderQuantity,
      render: (r) => (r.orderQuantity ? formatNumber(r.orderQuantity) : '—'),
    },
    { key: 'vendor', label: 'Vendor', value: (r) => r.vendor },
  ];

  const listRows: InventoryRow[] = inv ? inv[list] : [];
  const invColumns: TableColumn<InventoryRow>[] = [
    {
      key: 'title',
      label: 'Product',
      value: (r) => r.title,
      render: (r) => (
        <a
          href={routeHref(
            { screen: 'products', detail: r.sku, params: new URLSearchParams() },
            route,
          )}
        >
          {r.title}
        </a>
      ),
    },
    { key: 'sku', label: 'SKU', value: (r) => r.sku },
    {
      key: 'onHand',
      label: 'On hand',
      numeric: true,
      value: (r) => r.onHand,
      render: (r) => formatNumber(r.onHand),
    },
    {
      key: 'meanDaily',
      label: 'Units/day',
      numeric: true,
      value: (r) => r.meanDaily,
      render: (r) => formatNumber(r.meanDaily, { digits: 2 }),
    },
    {
      key: 'daysOfCover',
      label: 'Days of cover',
      numeric: true,
      value: (r) => r.daysOfCover,
      render: (r) => days(r.daysOfCover),
    },
    ...(list === 'atRisk'
      ? [
          {
            key: 'stockoutDate',
            label: 'Runs out',
            value: (r: InventoryRow) => r.stockoutDate,
            render: (r: InventoryRow) => (r.stockoutDate ? formatDay(r.stockoutDate) : '—'),
          },
          {
            key: 'leadTimeDays',
            label: 'Lead time',
            numeric: true,
            value: (r: InventoryRow) => r.leadTimeDays,
            render: (r: InventoryRow) => days(r.leadTimeDays),
          },
          {
            key: 'revenueAtRisk',
            label: 'Revenue at risk',
            kind: 'money' as const,
            numeric: true,
            value: (r: InventoryRow) => r.revenueAtRisk,
            render: (r: InventoryRow) => money(r.revenueAtRisk),
          },
          {
            key: 'orderQuantity',
            label: 'Order now',
            numeric: true,
            value: (r: InventoryRow) => r.orderQuantity,
            render: (r: InventoryRow) => formatNumber(r.orderQuantity),
          },
        ]
      : [
          {
            key: 'stockValue',
            label: 'Stock value (cost)',
            kind: 'money' as const,
            numeric: true,
            value: (r: InventoryRow) => r.stockValue,
            render: (r: InventoryRow) => money(r.stockValue),
          },
          {
            key: 'daysSinceLastSale',
            label: 'Days since last sale',
            numeric: true,
            value: (r: InventoryRow) => r.daysSinceLastSale,
            render: (r: InventoryRow) => days(r.daysSinceLastSale),
          },
        ]),
  ];

  const basketCols: TableColumn<BasketPair>[] = [
    { key: 'titleA', label: 'Product A', value: (r) => r.titleA },
    { key: 'titleB', label: 'Product B', value: (r) => r.titleB },
    {
      key: 'orders',
      label: 'Orders with both',
      numeric: true,
      value: (r) => r.orders,
      render: (r) => formatNumber(r.orders),
    },
    {
      key: 'support',
      label: 'Support',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.support,
      render: (r) => formatPercent(r.support, { digits: 2 }),
    },
    {
      key: 'confidenceAB',
      label: 'Confidence A→B',
      kind: 'ratio',
      numeric: true,
      value: (r) => r.confidenceAB,
      render: (r) => formatPercent(r.confidenceAB),
    },
    {
      key: 'lift',
      label: 'Lift',
      numeric: true,
      value: (r) => r.lift,
      render: (r) => `${formatNumber(r.lift, { digits: 2 })}×`,
    },
  ];

  return (
    <div class="grid">
      {(products.error || inventory.error || basket.error) && (
        <QueryError error={products.error ?? inventory.error ?? basket.error} />
      )}
      <KpiCards
        label="Product and stock numbers"
        entries={cards}
        figures={p && inv ? [...p.kpis, ...inv.kpis] : (p?.kpis ?? inv?.kpis)}
        currency={cur}
        onExplain={(e, f) =>
          setExplain(
            explainKpi(
              e,
              f,
              cur,
              e.source === 'inventory'
                ? `As of the latest data (${inv?.asOf ?? ''}); not affected by the date range.`
                : q
                  ? filtersText(route, q.range, null)
                  : '',
            ),
          )
        }
      />

      <section class="card" aria-labelledby="products-h">
        <h2 id="products-h">Products</h2>
        <p class="muted small">
          Net sales and units in the selected period (returns on their refund date); stock, days of
          cover (on hand ÷ units/day over the last 28 days, stockout days excluded), reorder point
          (95% service level) and order suggestion as of the latest data.
        </p>
        <Table
          currency={cur}
          caption="Products"
          rows={p?.rows ?? []}
          empty={p ? undefined : 'Computing product sales…'}
          columns={columns}
          exportName="products"
          initialSort={{ key: 'netSales', desc: true }}
          filterPlaceholder="Filter by product, SKU, vendor, class…"
          rowKey={(r) => r.sku}
          onRowClick={(r) => open(r.sku)}
          pageSize={25}
        />
      </section>

      <ChartCard
        heading="ABC: how concentrated sales are"
        title="Cumulative share of net sales by product rank"
        exportName="abc-pareto"
        valueKind="ratio"
        time={false}
        x={pareto.x}
        xFormat={(v) => (Number.isInteger(v) ? `#${v}` : '')}
        series={[
          { label: 'Cumulative share of net sales', values: pareto.y, color: 'var(--series-1)' },
        ]}
        yFormat={(v) => formatPercent(v, { digits: 0 })}
        note={
          <p class="muted small">
            A products are those before the 80% line, B up to 95%, C the rest.
          </p>
        }
      />

      {!hasStock ? (
        <NeedsData
          title="No stock figures yet"
          text="Import your inventory export (Shopify inventory CSV or a product list with on-hand stock, lead time and MOQ) to see days of cover, stockout alerts and purchase orders."
        />
      ) : (
        <>
          <section class="card" aria-labelledby="lists-h">
            <div class="card-head">
              <h2 id="lists-h">Stock to act on</h2>
              <Seg
                label="Stock list"
                value={list}
                options={lists.map((l) => ({
                  ...l,
                  label: `${l.label}${inv ? ` (${inv[l.id].length})` : ''}`,
                }))}
                onChange={(v) => setParam('list', v === 'atRisk' ? null : v)}
              />
            </div>
            {inv && <p class="muted small">{inv.assumptions}</p>}
            <Table
              currency={cur}
              caption={lists.find((l) => l.id === list)!.label}
              rows={listRows}
              columns={invColumns}
              exportName={`stock-${list}`}
              rowKey={(r) => r.sku}
              initialSort={
                list === 'atRisk'
                  ? { key: 'revenueAtRisk', desc: true }
                  : { key: 'stockValue', desc: true }
              }
              empty={list === 'atRisk' ? 'No stockouts coming.' : 'Nothing here.'}
            />
          </section>
          <PurchaseOrders inv={inv} currency={cur} />
        </>
      )}

      <section class="card" aria-labelledby="basket-h">
        <h2 id="basket-h">Frequently bought together</h2>
        <p class="muted small">
          {basket.data
            ? `Pairs bought together in at least ${formatNumber(basket.data.minOrders)} orders and ${formatPercent(basket.data.minSupport)} of the period's ${formatNumber(basket.data.orders)} orders (fewer is chance, however high the lift). Support = orders with both ÷ all orders; confidence A→B = orders with both ÷ orders with A; lift > 1 means A raises the chance of B.`
            : '\u00a0'}
        </p>
        <Table
          currency={cur}
          caption="Frequently bought together"
          rows={basket.data?.pairs ?? []}
          columns={basketCols}
          exportName="bought-together"
          initialSort={{ key: 'lift', desc: true }}
          rowKey={(r) => `${r.a}|${r.b}`}
          empty={
            basket.data
              ? `No pair was bought together in ${formatNumber(basket.data.minOrders)} or more orders in this period. Pick a longer range.`
              : 'Computing…'
          }
        />
      </section>
      <ExplainDialog explain={explain} onClose={() => setExplain(null)} />
    </div>
  );
}

/** Draft purchase orders per vendor from the order suggestions; quantities editable, CSV export. */
function PurchaseOrders({
  inv,
  currency,
}: {
  inv: InventoryScreen | null;
  currency: string;
}): JSX.Element {
  const [vendor, setVendor] = useState<string | null>(null);
  const [edits, setEdits] = useState<Record<string, number>>({});
  const pos: PurchaseOrderDraft[] = inv?.purchaseOrders ?? [];
  const po = pos.find((x) => x.vendor === vendor) ?? pos[0] ?? null;
  const qty = (sku: string, fallback: number) => edits[`${po?.vendor}|${sku}`] ?? fallback;
  const total = po
    ? po.lines.reduce(
        (s, l) =>
          s +
          (l.unitCost != null && l.currency === currency ? l.unitCost * qty(l.sku, l.quantity) : 0),
        0,
      )
    : 0;
  const exportPo = () => {
    if (!po) return;
    const d = currencyDigits(currency);
    const rows = po.lines
      .filter((l) => qty(l.sku, l.quantity) > 0)
      .map((l) => [
        po.vendor,
        l.sku,
        l.title,
        qty(l.sku, l.quantity),
        l.unitCost == null
          ? ''
          : toMajor(l.unitCost, l.currency).toFixed(currencyDigits(l.currency)),
        l.currency,
        l.unitCost == null
          ? ''
          : toMajor(l.unitCost * qty(l.sku, l.quantity), l.currency).toFixed(d),
      ]);
    downloadFile(
      `purchase-order-${po.vendor.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.csv`,
      toCsv(['vendor', 'sku', 'title', 'quantity', 'unit_cost', 'currency', 'line_cost'], rows),
    );
  };
  return (
    <section class="card" aria-labelledby="po-h">
      <div class="card-head">
        <h2 id="po-h">Draft purchase orders</h2>
        {pos.length > 0 && (
          <div class="row-tools">
            <label>
              Vendor{' '}
              <select
                value={po?.vendor ?? ''}
                onChange={(e) => setVendor((e.target as HTMLSelectElement).value)}
              >
                {pos.map((x) => (
                  <option key={x.vendor} value={x.vendor}>
                    {x.vendor} ({x.lines.length})
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="btn small primary" onClick={exportPo}>
              Export purchase order (CSV)
            </button>
          </div>
        )}
      </div>
      {!inv ? (
        <div class="placeholder" aria-busy="true">
          Computing order suggestions…
        </div>
      ) : !po ? (
        <p class="muted">
          Nothing to order: every stocked SKU covers its lead time and target cover.
        </p>
      ) : (
        <>
          <p class="muted small">
            Suggested quantities cover the lead time plus 30 days, minus stock on hand and on order,
            rounded up to the minimum order quantity. Change any quantity before exporting.
          </p>
          <div
            class="table-scroll"
            tabIndex={0}
            role="region"
            aria-label={`Purchase order for ${po.vendor}`}
          >
            <table>
              <caption class="sr-only">Purchase order for {po.vendor}</caption>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">SKU</th>
                  <th scope="col" class="num">
                    On hand
                  </th>
                  <th scope="col" class="num">
                    Days of cover
                  </th>
                  <th scope="col">Order by</th>
                  <th scope="col" class="num">
                    MOQ
                  </th>
                  <th scope="col" class="num">
                    Quantity
                  </th>
                  <th scope="col" class="num">
                    Line cost
                  </th>
                </tr>
              </thead>
              <tbody>
                {po.lines.map((l) => {
                  const v = qty(l.sku, l.quantity);
                  return (
                    <tr key={l.sku}>
                      <td>{l.title}</td>
                      <td>{l.sku}</td>
                      <td class="num">{formatNumber(l.onHand)}</td>
                      <td class="num">{days(l.daysOfCover)}</td>
                      <td>{l.reorderBy ? formatDay(l.reorderBy) : '—'}</td>
                      <td class="num">{formatNumber(l.moq)}</td>
                      <td class="num">
                        <input
                          class="qty"
                          type="number"
                          min={0}
                          step={1}
                          inputMode="numeric"
                          value={v}
                          aria-label={`Quantity of ${l.title} (${l.sku})`}
                          onInput={(e) => {
                            const n = Math.max(
                              0,
                              Math.round(Number((e.target as HTMLInputElement).value) || 0),
                            );
                            setEdits((x) => ({ ...x, [`${po.vendor}|${l.sku}`]: n }));
                          }}
                        />
                      </td>
                      <td class="num">
                        {l.unitCost == null ? '—' : formatMoney(l.unitCost * v, l.currency)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={6}>
                    Total
                  </th>
                  <td class="num">
                    {formatNumber(po.lines.reduce((s, l) => s + qty(l.sku, l.quantity), 0))}
                  </td>
                  <td class="num">{formatMoney(total, currency)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
