// A tracked product's price history as a uPlot chart drawn as steps (a price holds until the next
// check shows another): their price, their was-price (dashed), the own price history when matched
// (same currency only) and out-of-stock periods as bars; the axis says which currency it is in;
// under it, how many of the last days the manager was cheaper.
import { useMemo } from 'preact/hooks';
import type { OwnPricePoint } from '../../../core/db/ext.ts';
import {
  chartTimes,
  ownHistoryText,
  ownPriceSteps,
  pricePosition,
  pricePositionText,
  productSeries,
  type HistoryIndex,
} from '../../../core/tracking/index.ts';
import { Chart, type ChartSeries } from '../../../core/ui/Chart.tsx';
import { formatMoney } from '../../../core/ui/format.ts';
import { currencyCaption } from './chart-text.ts';

export interface SeriesChartProps {
  /** Their checks: UTC seconds. */
  x: ArrayLike<number>;
  price: ArrayLike<number | null>;
  wasPrice: ArrayLike<number | null>;
  inStock: ArrayLike<number | null>;
  currency: string | null;
  /** The matched own product's recorded prices, oldest first (empty when not matched). */
  own: readonly OwnPricePoint[];
  /** UTC ms for the "last days" of the position line. */
  now?: number;
  height?: number;
}

const nil = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? null : v);

/** An amount in minor units with its currency; a plain number when the currency is unknown. */
function money(v: number | null, currency: string | null, compact = false): string {
  if (v == null) return '—';
  if (!currency) return (v / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });
  return formatMoney(v, currency, { compact });
}

/** The chart from plain columns (the side panel gets them over messaging). */
export function SeriesChart(p: SeriesChartProps) {
  const currency = p.currency;
  const now = p.now ?? Date.now();
  const { series, x } = useMemo(() => {
    // Own price points get their own x so a change shows when it happened, not at the next
    // check; their series have no value there (undefined), which uPlot bridges, while a failed
    // check (null) stays a gap.
    const t = chartTimes(p.x, p.own);
    const n = t.x.length;
    const price: (number | null | undefined)[] = new Array(n);
    const was: (number | null | undefined)[] = new Array(n);
    const out: (number | null | undefined)[] = new Array(n);
    let last: number | null = null;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const c = t.check[i]!;
      price[i] = c < 0 ? undefined : nil(p.price[c]);
      was[i] = c < 0 ? undefined : nil(p.wasPrice[c]);
      if (price[i] != null) last = price[i]!;
      max = Math.max(max, price[i] ?? 0, was[i] ?? 0);
    }
    for (let i = 0; i < n; i++) {
      const c = t.check[i]!;
      out[i] = c < 0 ? undefined : p.inStock[c] === 0 ? (last ?? max) : null;
    }
    const s: ChartSeries[] = [
      { label: 'Their price', values: price, color: 'var(--price)', kind: 'step' },
      { label: 'Was price', values: was, color: 'var(--was)', dash: [4, 4], kind: 'step' },
    ];
    const mine = currency ? ownPriceSteps(p.own, t.x, currency) : [];
    if (mine.some((v) => v != null))
      s.push({ label: 'Your price', values: mine, color: 'var(--own)', kind: 'step' });
    if (out.some((v) => v != null))
      s.push({ label: 'Out of stock', values: out, color: 'var(--out)', kind: 'bars' });
    return { series: s, x: t.x };
  }, [p.x, p.price, p.wasPrice, p.inStock, p.own, currency]);
  const position = useMemo(
    () =>
      p.currency
        ? pricePosition({ xSec: p.x, price: p.price, currency: p.currency }, p.own, { now })
        : null,
    [p.x, p.price, p.own, p.currency, now],
  );
  const ownText = currency ? ownHistoryText(p.own, currency, formatMoney) : null;
  const ownLine = ownText && (
    <p class="muted" data-testid="own-price-history">
      {ownText}
    </p>
  );
  const positionLine = position && (
    <p data-testid="price-position">{pricePositionText(position)}</p>
  );
  if (p.x.length === 0) return <p class="muted">No history yet.</p>;
  if (p.x.length === 1) {
    // One check draws no line: say what was seen instead of an empty plot.
    const first = nil(p.price[0]);
    return (
      <>
        <p class="muted">
          First check: {first == null ? 'no price' : money(first, currency)}. The line starts with
          the next re-check.
        </p>
        {ownLine}
        {positionLine}
      </>
    );
  }
  return (
    <>
      <p class="muted chart-caption" data-testid="chart-currency">
        {currencyCaption(currency)}
      </p>
      <Chart
        title={`Price history, ${currencyCaption(currency)}`}
        x={x}
        series={series}
        height={p.height ?? 240}
        yFormat={(v) => money(v, currency, v >= 1e7)}
      />
      {ownLine}
      {positionLine}
    </>
  );
}

/** The chart of one product from the page's columnar history index. */
export function HistoryChart(props: {
  index: HistoryIndex;
  productId: string;
  own: readonly OwnPricePoint[];
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
