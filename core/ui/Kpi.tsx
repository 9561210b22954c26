import type { JSX } from 'preact';
import type {
  Change,
  KpiAmount,
  KpiEntry,
  KpiFigure,
  KpiGood,
  KpiNote,
} from '../analytics/kpis.ts';
import { formatChange, formatMoney, formatNumber, formatPercent } from './format.ts';

export interface KpiProps {
  label: string;
  /** The formatted value; null while loading (the card keeps its size: no layout jump). */
  value: string | null;
  /** The change vs the comparison period; undefined when nothing is compared (no change shown). */
  change?: Change;
  /** Which change is good news (default 'up'); 'neither' shows the change without a colour. */
  good?: KpiGood;
  /** A short line under the value: what it is made of, or its definition in brief. */
  note?: string | null;
  /** Compact series for the sparkline; undefined: the card has no sparkline row. */
  spark?: ArrayLike<number> | null;
  /** Opens "explain this number"; without it the card is not interactive. */
  onExplain?: () => void;
  /** The definition, shown as a tooltip. */
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
  if (!Number.isFinite(min)) return '';
  const span = max - min || 1;
  let d = '';
  let pen = false;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // A day without a value (NaN) leaves a gap.
    if (v !== v) {
      pen = false;
      continue;
    }
    const x = (i / (n - 1)) * w;
    const y = h - ((v - min) / span) * h;
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/**
 * 'good', 'bad' or '' for a change, from its sign and which direction is good for the number
 * (never from its formatted text). No change, 'new' (nothing to compare with) and 'neither': ''.
 */
export function changeTone(change: Change | undefined, good: KpiGood = 'up'): '' | 'good' | 'bad' {
  // A change that rounds to 0.0% on the card is no news either way: not coloured.
  if (typeof change !== 'number' || Math.abs(change) < 0.0005 || change !== change) return '';
  if (good === 'neither') return '';
  return change > 0 === (good === 'up') ? 'good' : 'bad';
}

/** A headline number: value, change vs comparison, a note, a sparkline; the card opens "explain". */
export function Kpi(p: KpiProps): JSX.Element {
  const compared = p.change !== undefined;
  const changeText = compared ? formatChange(p.change) : '';
  const body = (
    <>
      <span class="kpi-label">{p.label}</span>
      <span class={`kpi-value${p.value == null ? ' loading' : ''}`}>{p.value ?? '\u00a0'}</span>
      <span class="kpi-note">
        {compared ? (
          <>
            <span class={`kpi-change inline ${changeTone(p.change, p.good)}`}>
              {changeText}
            </span>{' '}
          </>
        ) : null}
        {p.note ?? '\u00a0'}
      </span>
      {p.spark !== undefined && (
        <svg class="kpi-spark" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
          {p.spark ? <path d={sparkPath(p.spark, 100, 22)} /> : null}
        </svg>
      )}
    </>
  );
  const cls = `kpi${p.spark === undefined ? ' stat' : ''}`;
  if (!p.onExplain) {
    return (
      <div class={cls} title={p.hint}>
        {body}
      </div>
    );
  }
  return (
    <button
      type="button"
      class={cls}
      onClick={p.onExplain}
      title={p.hint}
      aria-label={`${p.label}: ${p.value ?? 'loading'}${compared ? `, ${changeText} vs comparison` : ''}${p.note ? ` (${p.note})` : ''}. Explain this number`}
    >
      {body}
    </button>
  );
}

/** A KPI's value as shown: money in the reporting currency, a share, a multiple, days, a count. */
export function formatKpi(
  amount: KpiAmount,
  currency: string,
  digits?: number,
  locale?: string,
): string {
  const v = amount.value;
  if (v == null || v !== v) return '—';
  switch (amount.unit) {
    case 'money':
      return formatMoney(v, currency, { locale });
    case 'ratio':
      return formatPercent(v, { locale, digits });
    case 'multiple':
      // Always two decimals ("3.00×"), as in the marketing tables.
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)}×`;
    case 'days':
    case 'count':
      return formatNumber(v, { locale });
  }
}

/** A card's note as text ("12 new", "median $40.00"). */
export function formatNote(note: KpiNote | null, currency: string, locale?: string): string | null {
  if (!note) return null;
  const parts = [
    note.before,
    note.amount ? formatKpi(note.amount, currency, undefined, locale) : undefined,
    note.after,
  ].filter((x): x is string => !!x);
  return parts.join(' ');
}

/** What "explain this number" shows for a card (the PWA's ExplainDialog takes this shape). */
export interface KpiExplanation {
  title: string;
  value: string;
  formula: string;
  filters: string;
  rows: { label: string; value: string }[];
}

export function explainKpi<Id extends string>(
  entry: KpiEntry<Id>,
  figure: KpiFigure<Id>,
  currency: string,
  filters: string,
): KpiExplanation {
  const show = (value: number | null) =>
    formatKpi({ value, unit: entry.unit }, currency, entry.digits);
  return {
    title: entry.label,
    value: figure.missing ?? show(figure.value),
    formula: entry.formula,
    filters,
    rows: [
      ...figure.figures.map((r) => ({
        label: r.label,
        value: r.amount.value === null && r.missing ? r.missing : formatKpi(r.amount, currency),
      })),
      ...(figure.compared
        ? [
            { label: `Comparison period: ${entry.label}`, value: show(figure.previous) },
            { label: 'Change', value: formatChange(figure.change) },
          ]
        : []),
    ],
  };
}

/**
 * A row of KPI cards from the registry: one card per entry, in the entries' order, with the
 * worker's figures (null while loading). Sales cards carry a sparkline row.
 */
export function KpiCards<Id extends string>(p: {
  /** Accessible name of the row. */
  label: string;
  entries: readonly KpiEntry<Id>[];
  figures: readonly KpiFigure<Id>[] | null | undefined;
  currency: string;
  onExplain?: (entry: KpiEntry<Id>, figure: KpiFigure<Id>) => void;
  locale?: string;
}): JSX.Element {
  const byId = new Map(p.figures?.map((f) => [f.id, f]));
  return (
    <section class="grid kpis" aria-label={p.label}>
      {p.entries.map((e) => {
        const f = byId.get(e.id);
        return (
          <Kpi
            key={e.id}
            label={e.label}
            value={
              f ? formatKpi({ value: f.value, unit: e.unit }, p.currency, e.digits, p.locale) : null
            }
            change={f?.compared && !f.missing ? f.change : undefined}
            good={e.good}
            note={f ? (f.missing ?? formatNote(f.note, p.currency, p.locale)) : null}
            spark={e.spark ? (f?.spark ?? null) : undefined}
            hint={e.formula}
            onExplain={
              p.onExplain && f ? () => p.onExplain!(e, f) : p.onExplain ? () => {} : undefined
            }
          />
        );
      })}
    </section>
  );
}
