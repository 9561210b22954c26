import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import type { JSX } from 'preact';
import { barsYRange, lineYRange } from './range.ts';

export interface ChartSeries {
  label: string;
  /** null leaves a gap; undefined (no value at that x, e.g. another series' time) is bridged. */
  values: ArrayLike<number | null | undefined>;
  /** CSS colour or a `var(--…)` custom property name. */
  color: string;
  /** 'step': the value holds until the next point (e.g. a price). */
  kind?: 'line' | 'bars' | 'step';
  dash?: number[];
  /** Hidden from the legend and cursor (e.g. the edges of a band). */
  quiet?: boolean;
}

export interface ChartProps {
  /** Accessible name, e.g. "Net sales per day". */
  title: string;
  /** X values: UTC seconds (time axis) or indices. */
  x: ArrayLike<number>;
  series: ChartSeries[];
  /** Fill between two series (indices into `series`), e.g. a forecast's prediction interval. */
  band?: { lower: number; upper: number; color: string };
  height?: number;
  yFormat?: (v: number) => string;
  xFormat?: (v: number) => string;
  time?: boolean;
  /** Receives the uPlot instance (for PNG export). */
  onReady?: (plot: uPlot | null) => void;
}

/** uPlot's y range of a bar chart: from zero (core/ui/range.ts). */
export function barsRange(_u: uPlot, min: number, max: number): uPlot.Range.MinMax {
  return barsYRange(min, max);
}

/** uPlot's y range of a line chart: a flat line is not stretched over the plot (core/ui/range.ts). */
export function linesRange(_u: uPlot, min: number, max: number): uPlot.Range.MinMax {
  return lineYRange(min, max);
}

function cssColor(el: Element, value: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(value);
  if (!m) return value;
  return getComputedStyle(el).getPropertyValue(m[1]!).trim() || '#888';
}

/**
 * A uPlot chart that fits its container, follows the theme, shows values on hover and on tap,
 * and never re-creates the plot when only data changes.
 */
export function Chart(props: ChartProps): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [legend, setLegend] = useState<string>('');
  // The axis and hover formatters read the latest props: the plot outlives renders (it is only
  // rebuilt when the series' shape changes), and a formatter closes over the data it labels.
  const latest = useRef(props);
  latest.current = props;
  const shape = `${props.series.map((s) => `${s.label}:${s.kind}:${s.color}`).join('|')}|${props.band?.lower}|${props.time}`;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const text = cssColor(el, 'var(--muted)');
    const grid = cssColor(el, 'var(--grid)');
    const yFmt = (v: number) => (latest.current.yFormat ?? String)(v);
    const xFmt = (v: number) => latest.current.xFormat!(v);
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: props.height ?? 260,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: {
        x: { time: props.time ?? true },
        // A bar's length is its value: bars start at zero, or a small change looks like a big one;
        // a line that barely moves keeps room around it, or noise looks like a trend.
        y: { range: props.series.some((s) => s.kind === 'bars') ? barsRange : linesRange },
      },
      axes: [
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          ...(props.xFormat ? { values: (_u, vals) => vals.map(xFmt) } : {}),
        },
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          size: 64,
          values: (_u, vals) => vals.map((v) => yFmt(v)),
        },
      ],
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: cssColor(el, s.color),
          width: s.kind === 'bars' ? 0 : 2,
          dash: s.dash,
          fill: s.kind === 'bars' ? cssColor(el, s.color) : undefined,
          points: { show: false },
          paths:
            s.kind === 'bars'
              ? uPlot.paths.bars!({ size: [0.7, 40] })
              : s.kind === 'step'
                ? uPlot.paths.stepped!({ align: 1 })
                : undefined,
          spanGaps: false,
        })),
      ],
      bands: props.band
        ? [
            {
              series: [props.band.upper + 1, props.band.lower + 1],
              fill: cssColor(el, props.band.color),
            },
          ]
        : undefined,
      hooks: {
        // The drawn value range, for a reader of the page (and its tests) without the canvas.
        setScale: [
          (u, key) => {
            if (key === 'y') el.dataset.yRange = `${u.scales.y!.min},${u.scales.y!.max}`;
          },
        ],
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            if (i == null) {
              setLegend('');
              return;
            }
            const xv = u.data[0][i]!;
            const xs = latest.current.xFormat
              ? xFmt(xv)
              : props.time === false
                ? String(xv)
                : new Date(xv * 1000).toLocaleDateString(undefined, {
                    timeZone: 'UTC',
                    dateStyle: 'medium',
                  });
            const parts = props.series
              .map((s, k) => {
                if (s.quiet) return null;
                const v = u.data[k + 1]?.[i];
                return `${s.label}: ${v == null ? '—' : yFmt(v)}`;
              })
              .filter(Boolean);
            setLegend(`${xs} · ${parts.join(' · ')}`);
          },
        ],
      },
    };
    const u = new uPlot(
      opts,
      [[], ...props.series.map(() => [])] as unknown as uPlot.AlignedData,
      el,
    );
    plot.current = u;
    props.onReady?.(u);
    const ro = new ResizeObserver(() =>
      u.setSize({ width: Math.max(280, el.clientWidth), height: props.height ?? 260 }),
    );
    ro.observe(el);
    // Touch: move the cursor with the finger so values show on phones.
    const onTouch = (e: TouchEvent) => {
      const t = e.touches[0];
      if (!t) return;
      const r = u.over.getBoundingClientRect();
      u.setCursor({ left: t.clientX - r.left, top: t.clientY - r.top });
    };
    u.over.addEventListener('touchstart', onTouch, { passive: true });
    u.over.addEventListener('touchmove', onTouch, { passive: true });
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
      props.onReady?.(null);
    };
    // The plot is rebuilt only when the series' shape changes; data updates use setData below.
  }, [shape]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const data = [Array.from(props.x), ...props.series.map((s) => Array.from(s.values))];
    u.setData(data as unknown as uPlot.AlignedData);
  }, [props.x, props.series, shape]);

  return (
    <figure class="chart" aria-label={props.title}>
      <div class="chart-legend" aria-live="polite">
        {legend ||
          props.series
            .filter((s) => !s.quiet)
            .map((s) => (
              <span key={s.label} class="chart-key">
                <i style={{ background: s.color }} />
                {s.label}
              </span>
            ))}
      </div>
      <div ref={host} class="chart-plot" role="img" aria-label={props.title} />
    </figure>
  );
}

/** What a chart's PNG says about itself, drawn above the plot. */
export interface PngCaption {
  title: string;
  /** e.g. "Demo store · 27 Oct – 25 Nov 2026; compared with the previous period; no filters". */
  context: string;
  /** The legend: each visible series' label and colour (CSS value or `var(--…)`). */
  legend: { label: string; color: string }[];
  /** Text colour (the theme's). */
  ink: string;
}

/**
 * The chart as a PNG that stands on its own in a slide or an email: title, the period,
 * comparison and filters, and the legend above the plot, on the theme's background.
 */
export function chartToPng(
  u: uPlot,
  background: string,
  caption?: PngCaption,
): Promise<Blob | null> {
  const src = u.ctx.canvas;
  const ratio = src.width / Math.max(1, u.width);
  const pad = 12 * ratio;
  const titleSize = 16 * ratio;
  const textSize = 12 * ratio;
  const c = document.createElement('canvas');
  const ctx = c.getContext('2d')!;
  const font = (size: number, bold = false) =>
    `${bold ? '600 ' : ''}${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  // Wrap the context line to the image width.
  const lines: string[] = [];
  if (caption) {
    ctx.font = font(textSize);
    let line = '';
    for (const word of caption.context.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > src.width - 2 * pad) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
  }
  const lineH = textSize * 1.4;
  const head = caption ? pad + titleSize * 1.3 + lines.length * lineH + lineH + pad / 2 : 0;
  c.width = src.width;
  c.height = src.height + head;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, c.width, c.height);
  if (caption) {
    ctx.textBaseline = 'top';
    ctx.fillStyle = caption.ink;
    ctx.font = font(titleSize, true);
    let y = pad;
    ctx.fillText(caption.title, pad, y);
    y += titleSize * 1.3;
    ctx.font = font(textSize);
    for (const l of lines) {
      ctx.fillText(l, pad, y);
      y += lineH;
    }
    let x = pad;
    for (const item of caption.legend) {
      ctx.fillStyle = cssColor(u.root, item.color);
      ctx.fillRect(x, y + textSize * 0.25, textSize * 0.9, textSize * 0.9);
      x += textSize * 1.3;
      ctx.fillStyle = caption.ink;
      ctx.fillText(item.label, x, y);
      x += ctx.measureText(item.label).width + textSize * 1.5;
    }
  }
  ctx.drawImage(src, 0, head);
  return new Promise((ok) => c.toBlob(ok, 'image/png'));
}
