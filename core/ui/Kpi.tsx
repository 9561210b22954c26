import type { JSX } from 'preact';

export interface KpiProps {
  label: string;
  /** The formatted value; null while loading (the card keeps its size: no layout jump). */
  value: string | null;
  /** Formatted change vs the comparison period, e.g. "+12.3%" or "new". */
  change?: string | null;
  /** Whether up is good for this metric (returns: up is bad). */
  goodWhenUp?: boolean;
  /** Compact series for the sparkline. */
  spark?: ArrayLike<number> | null;
  onExplain?: () => void;
  hint?: string;
}

function sparkPath(values: ArrayLike<number>, w: number, h: number): string {
  const n = values.length;
  if (n < 2) return '';
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  let d = '';
  for (let i = 0; i < n; i++) {
    const x = (i / (n - 1)) * w;
    const y = h - ((values[i]! - min) / span) * h;
    d += `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
  }
  return d;
}

/** 'good', 'bad' or '' (no change) for a formatted change such as "+12.3%" or "−4%". */
export function changeTone(change: string | null | undefined, goodWhenUp = true): string {
  const trend =
    change == null || change === '—' || change === 'new' || change === ''
      ? 'flat'
      : change.startsWith('-') || change.startsWith('−')
        ? 'down'
        : 'up';
  return trend === 'flat' ? '' : (trend === 'up') === goodWhenUp ? 'good' : 'bad';
}

/** A KPI card: value, change vs comparison, sparkline; the whole card opens "explain". */
export function Kpi(p: KpiProps): JSX.Element {
  const good = changeTone(p.change, p.goodWhenUp);
  return (
    <button
      type="button"
      class="kpi"
      onClick={p.onExplain}
      aria-label={`${p.label}: ${p.value ?? 'loading'}${p.change ? `, ${p.change} vs comparison` : ''}. Explain this number`}
      title={p.hint}
    >
      <span class="kpi-label">{p.label}</span>
      <span class={`kpi-value${p.value == null ? ' loading' : ''}`}>{p.value ?? '\u00a0'}</span>
      <span class={`kpi-change ${good}`}>{p.change ?? '\u00a0'}</span>
      <svg class="kpi-spark" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
        {p.spark ? <path d={sparkPath(p.spark, 100, 22)} /> : null}
      </svg>
    </button>
  );
}
