import { useRef } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import type uPlot from 'uplot';
import { Chart, chartToPng, type ChartProps } from '../../../core/ui/Chart.tsx';
import { downloadFile } from '../../../core/ui/csv.ts';
import { tableCsv, type CsvKind } from '../../../core/export/table.ts';
import { filtersText, useStore } from '../data.tsx';
import { effectiveRange } from '../range.ts';
import { useRoute } from '../route.ts';

const comparisonWords = {
  'previous-period': 'compared with the previous period',
  'previous-year': 'compared with the same days last year',
  none: 'no comparison',
} as const;

/** A card with a chart and its exports: PNG of the chart, CSV of the series. */
export function ChartCard(
  props: ChartProps & {
    heading: string;
    exportName: string;
    actions?: ComponentChildren;
    note?: ComponentChildren;
    /** The CSV's first column heading (default: 'date' on a time axis, else 'x'). */
    xLabel?: string;
    /** How the CSV writes the series' values: money is minor units in the store currency. */
    valueKind?: CsvKind;
    /** The values' currency when not the store's (a competitor's price history). */
    currency?: string | undefined;
    /** The period and filters in words for the PNG, when not the screen's date range. */
    context?: string;
  },
): JSX.Element {
  const plot = useRef<uPlot | null>(null);
  const route = useRoute();
  const store = useStore();
  const currency = props.currency ?? store.meta?.currency ?? 'USD';
  const context = () => {
    const who = store.meta?.demo ? 'Storelens demo store' : `Your store (${currency})`;
    if (props.context) return `${who} · ${props.context}`;
    if (!store.meta) return who;
    const range = effectiveRange(route, store.meta);
    const text = filtersText(route, range, null);
    return `${who} · ${text}; ${comparisonWords[route.compare]}`;
  };
  const exportPng = async () => {
    if (!plot.current) return;
    const bg =
      getComputedStyle(document.documentElement).getPropertyValue('--panel').trim() || '#fff';
    const ink = getComputedStyle(document.documentElement).getPropertyValue('--text').trim();
    const blob = await chartToPng(plot.current, bg, {
      title: props.heading,
      context: context(),
      legend: props.series.filter((s) => !s.quiet).map((s) => ({ label: s.label, color: s.color })),
      ink: ink || '#111',
    });
    if (blob) downloadFile(`${props.exportName}.png`, blob, 'image/png');
  };
  const exportCsv = () => {
    const xs = Array.from(props.x);
    type Row = { x: number; i: number };
    const columns = [
      {
        label: props.xLabel ?? (props.time === false ? 'x' : 'date'),
        value: ({ x }: Row) =>
          props.time === false
            ? props.xFormat
              ? props.xFormat(x)
              : x
            : new Date(x * 1000).toISOString().slice(0, 10),
      },
      ...props.series.map((s) => ({
        label: s.label,
        kind: props.valueKind,
        value: ({ i }: Row) => s.values[i] ?? null,
      })),
    ];
    const rows = xs
      // An empty slot (no value in any series, e.g. the room beside edge bars) is not a row.
      .map((x, i) => ({ x, i }))
      .filter(({ i }) => props.series.some((s) => s.values[i] != null));
    downloadFile(`${props.exportName}.csv`, tableCsv(columns, rows, currency));
  };
  return (
    <section class="card" aria-label={props.heading}>
      <div class="card-head">
        <h2>{props.heading}</h2>
        <div class="no-print" style={{ display: 'flex', gap: '0.4rem', flexWrap: 'wrap' }}>
          {props.actions}
          <button type="button" class="btn small" onClick={exportPng}>
            PNG
          </button>
          <button type="button" class="btn small" onClick={exportCsv}>
            CSV
          </button>
        </div>
      </div>
      <Chart {...props} onReady={(u) => (plot.current = u)} />
      {props.note}
    </section>
  );
}
