import type { JSX } from 'preact';
import { routeHref, type Route } from '../route.ts';
import { useStore, useQuery, QueryError, EmptyStore } from '../data.tsx';
import { Kpi } from '../../../core/ui/Kpi.tsx';
import { Table } from '../../../core/ui/Table.tsx';
import { formatDay, formatMoney, formatNumber } from '../../../core/ui/format.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import type { BacktestRow } from '../../../core/analytics/index.ts';

const SHOWN_HISTORY = 91;
const modelName: Record<BacktestRow['model'], string> = {
  'seasonal-naive': 'Seasonal naive (same weekday last week)',
  'holt-winters': 'Holt-Winters (level, trend, weekly season)',
  croston: 'Croston (intermittent demand)',
};

function sec(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** One product: sales history, demand forecast with its backtest, and the stock projection. */
export function ProductDetail({ route, sku }: { route: Route; sku: string }): JSX.Element {
  const store = useStore();
  const res = useQuery(
    store.meta && !store.meta.empty
      ? (a, signal) => a.call('productDetail', [sku], { signal })
      : null,
    [sku, store.meta?.empty],
  );
  const d = res.data;
  const cur = store.meta?.currency ?? 'USD';
  if (store.meta?.empty) return <EmptyStore />;
  const back = routeHref(
    { screen: 'products', detail: null, params: new URLSearchParams() },
    route,
  );

  const histFrom = d ? Math.max(0, d.days.length - SHOWN_HISTORY) : 0;
  const hDays = d ? d.days.slice(histFrom) : [];
  const fDays = d ? d.demand.days : [];
  const x = [...hDays, ...fDays].map(sec);
  const pad = (n: number) => new Array<number | null>(n).fill(null);
  const units = d ? [...Array.from(d.units.subarray(histFrom)), ...pad(fDays.length)] : [];
  const fc = d ? [...pad(hDays.length), ...Array.from(d.demand.forecast)] : [];
  const lo = d ? [...pad(hDays.length), ...Array.from(d.demand.lower, (v) => Math.max(0, v))] : [];
  const hi = d ? [...pad(hDays.length), ...Array.from(d.demand.upper)] : [];
  const net365 = d ? d.netSales.reduce((s, v) => s + v, 0) : null;
  const units365 = d ? d.units.reduce((s, v) => s + v, 0) : null;
  const inv = d?.inventory ?? null;
  const chosen = d?.demand.backtest.find((b) => b.model === d.demand.model);

  return (
    <div class="grid">
      <p class="no-print">
        <a href={back}>← All products</a>
      </p>
      {res.error ? <QueryError error={res.error} /> : null}
      <section class="card">
        <h2>{d ? d.title : sku}</h2>
        <p class="muted small">
          {d && !d.hasSku ? 'No SKU in your orders' : `SKU ${sku}`}
          {d?.vendor ? ` · ${d.vendor}` : ''}
          {d?.productType ? ` · ${d.productType}` : ''}
          {d?.price != null ? ` · price ${formatMoney(d.price, d.currency)}` : ''}
          {d?.cost != null ? ` · cost ${formatMoney(d.cost, d.currency)}` : ''}
        </p>
        {d && d.onHand != null && d.locations.length > 0 && (
          <p>
            {/* The sum planning uses, and where it is: "42 on hand: Warehouse 30, Shop 12". */}
            {formatNumber(d.onHand)} on hand:{' '}
            {d.locations.map((l) => `${l.name} ${formatNumber(l.onHand)}`).join(', ')}
          </p>
        )}
      </section>
      <section class="grid kpis" aria-label="Product numbers">
        <Kpi
          label="Net sales, last 365 days"
          value={d ? formatMoney(net365, cur) : null}
          note={d ? `${formatNumber(units365)} units` : null}
        />
        <Kpi
          label="On hand"
          value={d ? (d.onHand == null ? 'not tracked' : formatNumber(d.onHand)) : null}
          note={d ? `${formatNumber(d.onOrder)} on order` : null}
        />
        <Kpi
          label="Days of cover"
          value={
            d
              ? inv?.daysOfCover == null
                ? '—'
                : `${formatNumber(inv.daysOfCover, { digits: 0 })} d`
              : null
          }
          note={inv ? `${formatNumber(inv.meanDaily, { digits: 2 })} units/day` : d ? '' : null}
        />
        <Kpi
          label="Reorder point"
          value={d ? (inv ? formatNumber(inv.reorderPoint, { digits: 0 }) : '—') : null}
          note={
            inv
              ? `incl. ${formatNumber(inv.safetyStock, { digits: 0 })} safety stock`
              : d
                ? ''
                : null
          }
        />
        <Kpi
          label="Order suggestion"
          value={d ? (inv ? formatNumber(inv.orderQuantity || 0) : '—') : null}
          note={inv?.reorderBy ? `order by ${formatDay(inv.reorderBy)}` : d ? '' : null}
        />
        <Kpi
          label="Runs out (forecast)"
          value={
            d
              ? d.stock?.stockoutDay
                ? formatDay(d.stock.stockoutDay)
                : d.stock
                  ? '> 8 weeks'
                  : '—'
              : null
          }
          note={d?.leadTimeDays != null ? `lead time ${d.leadTimeDays} d` : d ? '' : null}
        />
      </section>
      <ChartCard
        heading="Units per day and forecast"
        title={`Units of ${d?.title ?? sku} sold per day, with an 8-week forecast and 95% interval`}
        exportName={`units-forecast-${sku}`}
        x={x}
        series={[
          { label: 'Units sold', values: units, color: 'var(--series-1)' },
          { label: 'Forecast', values: fc, color: 'var(--series-3)', dash: [6, 4] },
          { label: 'Lower 95%', values: lo, color: 'var(--band)', quiet: true },
          { label: 'Upper 95%', values: hi, color: 'var(--band)', quiet: true },
        ]}
        band={{ lower: 2, upper: 3, color: 'var(--band)' }}
        yFormat={(v) => formatNumber(v)}
        note={
          d && (
            <p class="muted small">
              Model: {modelName[d.demand.model]}
              {chosen && chosen.folds > 0
                ? `, chosen by a ${chosen.folds}-fold rolling backtest (MASE ${formatNumber(chosen.mase, { digits: 2 })}; below 1 beats seasonal naive).`
                : ', too little history for a backtest.'}
            </p>
          )
        }
      />
      <section class="card" aria-labelledby="bt-h">
        <h2 id="bt-h">Forecast backtest</h2>
        <p class="muted small">
          Each model forecast the last weeks from the data before them; MASE = its mean absolute
          error ÷ that of seasonal naive in-sample. The lowest wins; a baseline often does.
        </p>
        <Table
          currency={cur}
          caption="Forecast backtest"
          rows={d?.demand.backtest ?? []}
          empty={d ? undefined : 'Running the backtest…'}
          columns={[
            { key: 'model', label: 'Model', value: (r) => modelName[r.model] },
            {
              key: 'mase',
              label: 'MASE',
              numeric: true,
              value: (r) => (Number.isNaN(r.mase) ? null : r.mase),
              render: (r) => formatNumber(r.mase, { digits: 2 }),
            },
            { key: 'folds', label: 'Folds', numeric: true, value: (r) => r.folds },
            {
              key: 'chosen',
              label: 'Chosen',
              value: (r) => (r.model === d?.demand.model ? 'yes' : ''),
            },
          ]}
          exportName={`forecast-backtest-${sku}`}
          rowKey={(r) => r.model}
        />
      </section>
      {d && d.stock ? (
        <ChartCard
          heading="Stock projection"
          title={`Projected stock of ${d.title} over the next 8 weeks`}
          exportName={`stock-projection-${sku}`}
          x={d.demand.days.map(sec)}
          series={[
            { label: 'Expected stock', values: d.stock.expected, color: 'var(--series-1)' },
            {
              label: 'If demand runs high (95%)',
              values: d.stock.low,
              color: 'var(--series-3)',
              dash: [6, 4],
            },
            ...(inv
              ? [
                  {
                    label: 'Reorder point',
                    values: d.demand.days.map(() => inv.reorderPoint),
                    color: 'var(--series-2)',
                    dash: [2, 3],
                  },
                ]
              : []),
          ]}
          yFormat={(v) => formatNumber(v)}
          note={
            <p class="muted small">
              On hand today minus the forecast demand, without incoming orders.
            </p>
          }
        />
      ) : (
        d && (
          <p class="muted">
            No stock figure for this SKU: import an inventory export to see its stock projection.
          </p>
        )
      )}
    </div>
  );
}
