import type { JSX } from 'preact';

export interface StatProps {
  label: string;
  /** The formatted value; null while loading (the card keeps its size: no layout jump). */
  value: string | null;
  /** A short line under the value: what it is made of, or its definition in brief. */
  note?: string | null;
  /** Opens "explain this number"; without it the card is not interactive. */
  onExplain?: () => void;
  /** The definition, shown as a tooltip. */
  hint?: string;
}

/** A headline number with a neutral note (a KPI card without a change vs comparison). */
export function Stat(p: StatProps): JSX.Element {
  const body = (
    <>
      <span class="kpi-label">{p.label}</span>
      <span class={`kpi-value${p.value == null ? ' loading' : ''}`}>{p.value ?? '\u00a0'}</span>
      <span class="kpi-note">{p.note ?? '\u00a0'}</span>
    </>
  );
  if (!p.onExplain) {
    return (
      <div class="kpi stat" title={p.hint}>
        {body}
      </div>
    );
  }
  return (
    <button
      type="button"
      class="kpi stat"
      onClick={p.onExplain}
      title={p.hint}
      aria-label={`${p.label}: ${p.value ?? 'loading'}${p.note ? ` (${p.note})` : ''}. Explain this number`}
    >
      {body}
    </button>
  );
}
