import { useRef } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import type uPlot from 'uplot';
import { Chart, chartToPng, type ChartProps } from '../../../core/ui/Chart.tsx';
import { downloadFile, toCsv } from '../../../core/ui/csv.ts';

/** A card with a chart and its exports: PNG of the chart, CSV of the series. */
export function ChartCard(
  props: ChartProps & {
    heading: string;
    exportName: string;
    actions?: ComponentChildren;
    note?: ComponentChildren;
    /** The CSV's first column heading (default: 'date' on a time axis, else 'x'). */
    xLabel?: string;
  },
): JSX.Element {
  const plot = useRef<uPlot | null>(null);
  const exportPng = async () => {
    if (!plot.current) return;
    const bg =
      getComputedStyle(document.documentElement).getPropertyValue('--panel').trim() || '#fff';
    const blob = await chartToPng(plot.current, bg);
    if (blob) downloadFile(`${props.exportName}.png`, blob, 'image/png');
  };
  const exportCsv = () => {
    const xs = Array.from(props.x);
    const header = [
      props.xLabel ?? (props.time === false ? 'x' : 'date'),
      ...props.series.map((s) => s.label),
    ];
    const rows = xs
      // An empty slot (no value in any series, e.g. the room beside edge bars) is not a row.
      .map((x, i) => ({ x, i }))
      .filter(({ i }) => props.series.some((s) => s.values[i] != null))
      .map(({ x, i }) => [
        props.time === false
          ? props.xFormat
            ? props.xFormat(x)
            : x
          : new Date(x * 1000).toISOString().slice(0, 10),
        ...props.series.map((s) => s.values[i] ?? ''),
      ]);
    downloadFile(`${props.exportName}.csv`, toCsv(header, rows));
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
