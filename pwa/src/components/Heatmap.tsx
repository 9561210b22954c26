import type { JSX } from 'preact';

export interface HeatmapProps {
  caption: string;
  /** Row header label (e.g. "Cohort") and the row labels with a note each (e.g. the cohort size). */
  corner: string;
  rows: { label: string; note?: string }[];
  columns: string[];
  /** Row-major values; NaN = no cell (past the data's end). */
  values: ArrayLike<number>;
  format: (v: number) => string;
  /** The value that gets the strongest colour (default: the largest value). */
  max?: number;
  /** The value that gets no colour (default 0; pass the smallest value to spread close values). */
  min?: number;
}

/**
 * A heatmap as a real table (screen readers read row and column headers for each cell); the cell
 * background carries the intensity, the text carries the number.
 */
export function Heatmap(p: HeatmapProps): JSX.Element {
  const nCols = p.columns.length;
  const min = p.min ?? 0;
  let max = p.max ?? 0;
  if (p.max == null) {
    for (let i = 0; i < p.values.length; i++) {
      const v = p.values[i]!;
      if (v === v && v > max) max = v;
    }
  }
  return (
    <div class="table-scroll heatmap" tabIndex={0} role="region" aria-label={p.caption}>
      <table>
        <caption class="sr-only">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{p.corner}</th>
            {p.columns.map((c) => (
              <th key={c} scope="col" class="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r, ri) => (
            <tr key={r.label}>
              <th scope="row">
                {r.label}
                {r.note && <span class="muted hm-note"> {r.note}</span>}
              </th>
              {p.columns.map((c, ci) => {
                const v = p.values[ri * nCols + ci]!;
                if (v !== v) return <td key={c} class="hm-none" />;
                const t = max > min ? Math.max(0, Math.min(1, (v - min) / (max - min))) : 0;
                return (
                  <td key={c} class="num hm" style={{ '--t': t.toFixed(3) }}>
                    {p.format(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
