// A tracked product's price history as a uPlot chart: their price, their was-price (dashed), the
// own price when matched (converted when the user has a rate) and out-of-stock periods as bars.
import { useMemo } from 'preact/hooks';
import type { CatalogItem } from '../../../core/schema/competitive.ts';
import {
  productSeries,
  rateBetween,
  toMajorUnits,
  toMinor,
  type FxRates,
  type HistoryIndex,
} from '../../../core/tracking/index.ts';
import { Chart, type ChartSeries } from '../../../core/ui/Chart.tsx';
import { formatMoney } from '../../../core/ui/format.ts';

export interface SeriesChartProps {
  x: ArrayLike<number>;
  price: ArrayLike<number | null>;
  wasPrice: ArrayLike<number | null>;
  inStock: ArrayLike<number | null>;
  currency: string | null;
  /** The matched own product, drawn as "Your price". */
  own: Pick<CatalogItem, 'price' | 'currency'> | null;
  rates: FxRates | null;
  height?: number;
}

const nil = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? null : v);

/** The chart from plain columns (the overlay gets them over messaging). */
export function SeriesChart(p: SeriesChartProps) {
  const currency = p.currency ?? 'USD';
  const series = useMemo(() => {
    const n = p.x.length;
    const price: (number | null)[] = new Array(n);
    const was: (number | null)[] = new Array(n);
    const out: (number | null)[] = new Array(n);
    let last: number | null = null;
    let max = 0;
    for (let i = 0; i < n; i++) {
      price[i] = nil(p.price[i]);
      was[i] = nil(p.wasPrice[i]);
      if (price[i] != null) last = price[i]!;
      max = Math.max(max, price[i] ?? 0, was[i] ?? 0);
    }
    for (let i = 0; i < n; i++) out[i] = p.inStock[i] === 0 ? (last ?? max) : null;
    const s: ChartSeries[] = [
      { label: 'Their price', values: price, color: 'var(--price)' },
      { label: 'Was price', values: was, color: 'var(--was)', dash: [4, 4] },
    ];
    if (p.own) {
      const rate = rateBetween(p.rates, p.own.currency, currency);
      if (rate !== null) {
        const ownMinor = toMinor(toMajorUnits(p.own.price, p.own.currency) * rate, currency);
        s.push({
          label:
            p.own.currency === currency
              ? 'Your price'
              : `Your price (converted from ${p.own.currency})`,
          values: new Array<number>(n).fill(ownMinor),
          color: 'var(--own)',
        });
      }
    }
    if (out.some((v) => v != null))
      s.push({ label: 'Out of stock', values: out, color: 'var(--out)', kind: 'bars' });
    return s;
  }, [p.x, p.price, p.wasPrice, p.inStock, p.own, p.rates, currency]);
  if (p.x.length === 0) return <p class="muted">No history yet.</p>;
  if (p.x.length === 1) {
    // One point draws no line: say what was seen instead of an empty plot.
    const first = nil(p.price[0]);
    return (
      <p class="muted">
        First check: {first == null ? 'no price' : formatMoney(first, currency)}. The line starts
        with the next re-check.
      </p>
    );
  }
  return (
    <Chart
      title="Price history"
      x={p.x}
      series={series}
      height={p.height ?? 240}
      yFormat={(v) => formatMoney(v, currency, { compact: v >= 1e7 })}
    />
  );
}

/** The chart of one product from the page's columnar history index. */
export function HistoryChart(props: {
  index: HistoryIndex;
  productId: string;
  own: Pick<CatalogItem, 'price' | 'currency'> | null;
  rates: FxRates | null;
}) {
  const s = useMemo(
    () => productSeries(props.index, props.productId),
    [props.index, props.productId],
  );
  const failed = s.errors.length;
  return (
    <>
      <SeriesChart
        x={s.x}
        price={s.price}
        wasPrice={s.wasPrice}
        inStock={s.inStock}
        currency={s.currency}
        own={props.own}
        rates={props.rates}
      />
      <p class="muted" data-testid="history-points">
        {s.x.length} check{s.x.length === 1 ? '' : 's'}
        {failed ? `, ${failed} failed (gaps in the line)` : ''}
      </p>
      {failed > 0 && (
        <ul class="changes" data-testid="failed-checks">
          {s.errors
            .slice(-5)
            .reverse()
            .map((e) => (
              <li key={e.i}>
                <span class="muted">{new Date(s.x[e.i]! * 1000).toLocaleString()}</span> ·{' '}
                {e.reason}
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
