import type { JSX } from 'preact';
import { go, type Route, type Comparison } from '../route.ts';
import type { StoreMeta } from '../data.tsx';
import { effectiveRange, presetRange, presets } from '../range.ts';

/** The global date range, comparison period and filters; all kept in the URL. */
export function RangeControls({ route, meta }: { route: Route; meta: StoreMeta }): JSX.Element {
  const range = effectiveRange(route, meta);
  const setDay = (key: 'from' | 'to') => (e: Event) => {
    const v = (e.target as HTMLInputElement).value;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) go({ [key]: v });
  };
  const onPreset = (e: Event) => {
    const id = (e.target as HTMLSelectElement).value;
    const r = presetRange(id, meta);
    if (r) go({ from: r.start, to: r.end });
  };
  const toggle = (key: 'channel' | 'productType' | 'country', value: string) => {
    const cur = route[key];
    go({ [key]: cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value] });
  };
  // The preset whose range is on screen stays shown in the picker.
  const shownPreset =
    presets.find((p) => {
      const r = presetRange(p.id, meta);
      return r && r.start === range.start && r.end === range.end;
    })?.id ?? '';
  const activeFilters = route.channel.length + route.productType.length + route.country.length;
  const groups: { key: 'channel' | 'productType' | 'country'; label: string; values: string[] }[] =
    [
      { key: 'channel', label: 'Channel', values: meta.channels },
      { key: 'productType', label: 'Product type', values: meta.productTypes },
      { key: 'country', label: 'Country', values: meta.countries },
    ];
  return (
    <div class="controls" role="group" aria-label="Date range, comparison and filters">
      <label>
        Period
        <select onChange={onPreset} value={shownPreset} aria-label="Quick period">
          <option value="" disabled={shownPreset !== ''}>
            {shownPreset ? 'Quick pick…' : 'Custom range'}
          </option>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input
          type="date"
          value={range.start}
          min={meta.firstDay ?? undefined}
          max={range.end}
          onChange={setDay('from')}
        />
      </label>
      <label>
        To
        <input
          type="date"
          value={range.end}
          min={range.start}
          max={meta.lastDay ?? undefined}
          onChange={setDay('to')}
        />
      </label>
      <label>
        Compare with
        <select
          value={route.compare}
          onChange={(e) => go({ compare: (e.target as HTMLSelectElement).value as Comparison })}
        >
          <option value="previous-period">Previous period</option>
          <option value="previous-year">Same period last year</option>
          <option value="none">No comparison</option>
        </select>
      </label>
      <details class="filters">
        <summary>Filters{activeFilters ? ` (${activeFilters})` : ''}</summary>
        <div class="filter-panel">
          {groups.map((g) => (
            <fieldset key={g.key}>
              <legend>{g.label}</legend>
              {g.values.length === 0 && <span class="muted">No values in this store</span>}
              {g.values.map((v) => (
                <label key={v}>
                  <input
                    type="checkbox"
                    checked={route[g.key].includes(v)}
                    onChange={() => toggle(g.key, v)}
                  />
                  {v || '(none)'}
                </label>
              ))}
            </fieldset>
          ))}
          {activeFilters > 0 && (
            <button
              type="button"
              class="btn small"
              onClick={() => go({ channel: [], productType: [], country: [] })}
            >
              Clear filters
            </button>
          )}
        </div>
      </details>
      {activeFilters > 0 && (
        <ul class="filter-chips" aria-label="Active filters">
          {groups.flatMap((g) =>
            route[g.key].map((v) => (
              <li key={`${g.key}:${v}`}>
                <button
                  type="button"
                  class="chip"
                  aria-label={`Remove filter ${g.label}: ${v || '(none)'}`}
                  onClick={() => toggle(g.key, v)}
                >
                  {g.label}: {v || '(none)'} <span aria-hidden="true">×</span>
                </button>
              </li>
            )),
          )}
        </ul>
      )}
    </div>
  );
}
