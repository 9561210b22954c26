import type { JSX } from 'preact';
import { changeTone } from '../../../core/ui/Kpi.tsx';

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
  /** Formatted change vs the comparison period ("+12.3%", "new"), before the note. */
  change?: string | null;
  /** Whether up is good for this number; absent: the change is shown without a tone (spend). */
  goodWhenUp?: boolean;
}

/** A headline number with a note, and its change vs the comparison period when given. */
export function Stat(p: StatProps): JSX.Element {
  const body = (
    <>
      <span class="kpi-label">{p.label}</span>
      <span class={`kpi-value${p.value == null ? ' loading' : ''}`}>{p.value ?? '\u00a0'}</span>
      <span class="kpi-note">
        {p.change ? (
          <>
            <span
              class={`kpi-change inline ${p.goodWhenUp === undefined ? '' : changeTone(p.change, p.goodWhenUp)}`}
            >
              {p.change}
            </span>{' '}
          </>
        ) : null}
        {p.note ?? '\u00a0'}
      </span>
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
      aria-label={`${p.label}: ${p.value ?? 'loading'}${p.change ? `, ${p.change} vs comparison` : ''}${p.note ? ` (${p.note})` : ''}. Explain this number`}
    >
      {body}
    </button>
  );
}
