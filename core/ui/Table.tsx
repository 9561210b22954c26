import { useMemo, useState } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import { tableCsv, type CsvKind } from '../export/table.ts';
import { downloadFile } from './csv.ts';

export interface TableColumn<R> {
  key: string;
  label: string;
  /** Raw value for sorting and CSV. */
  value: (row: R) => string | number | null;
  /** Display; defaults to the raw value. */
  render?: (row: R) => ComponentChildren;
  numeric?: boolean;
  /** How the CSV export writes the raw value: money (minor units → major), ratio, number, text. */
  kind?: CsvKind;
  /** Money in the row's own currency instead of the store's. */
  currency?: (row: R) => string | null | undefined;
}

export interface TableProps<R> {
  caption: string;
  /** The store's currency: money columns export in its major units, with a currency column. */
  currency: string;
  rows: readonly R[];
  columns: TableColumn<R>[];
  /** File name for "Export CSV" (without extension). */
  exportName?: string;
  initialSort?: { key: string; desc: boolean };
  filterPlaceholder?: string;
  /** Rows shown before "Show more". */
  pageSize?: number;
  empty?: ComponentChildren;
  rowKey?: (row: R, i: number) => string;
  onRowClick?: (row: R) => void;
}

/** A sortable, filterable table with CSV export of all (filtered) rows. Keyboard: headers are buttons. */
export function Table<R>(p: TableProps<R>): JSX.Element {
  const [sort, setSort] = useState(p.initialSort ?? null);
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(p.pageSize ?? 50);
  const rows = useMemo(() => {
    let out = p.rows.slice();
    const f = filter.trim().toLowerCase();
    if (f)
      out = out.filter((r) =>
        p.columns.some((c) =>
          String(c.value(r) ?? '')
            .toLowerCase()
            .includes(f),
        ),
      );
    if (sort) {
      const col = p.columns.find((c) => c.key === sort.key);
      if (col) {
        out.sort((a, b) => {
          const va = col.value(a);
          const vb = col.value(b);
          if (va == null && vb == null) return 0;
          if (va == null) return 1;
          if (vb == null) return -1;
          const d =
            typeof va === 'number' && typeof vb === 'number'
              ? va - vb
              : String(va).localeCompare(String(vb));
          return sort.desc ? -d : d;
        });
      }
    }
    return out;
  }, [p.rows, p.columns, sort, filter]);

  const exportCsv = () =>
    downloadFile(`${p.exportName ?? 'storelens'}.csv`, tableCsv(p.columns, rows, p.currency));

  return (
    <div class="table-wrap">
      <div class="table-tools">
        {p.filterPlaceholder !== undefined && (
          <input
            type="search"
            value={filter}
            placeholder={p.filterPlaceholder}
            aria-label={`Filter ${p.caption}`}
            onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
          />
        )}
        <span class="muted">
          {rows.length.toLocaleString()} {rows.length === 1 ? 'row' : 'rows'}
        </span>
        {p.exportName && (
          <button type="button" class="btn small" onClick={exportCsv}>
            Export CSV
          </button>
        )}
      </div>
      <div class="table-scroll">
        <table>
          <caption class="sr-only">{p.caption}</caption>
          <thead>
            <tr>
              {p.columns.map((c) => (
                <th
                  key={c.key}
                  class={c.numeric ? 'num' : ''}
                  aria-sort={
                    sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'
                  }
                >
                  <button
                    type="button"
                    onClick={() =>
                      setSort({ key: c.key, desc: sort?.key === c.key ? !sort.desc : !!c.numeric })
                    }
                  >
                    {c.label}
                    <span aria-hidden="true">
                      {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((r, i) => (
              <tr
                key={p.rowKey ? p.rowKey(r, i) : i}
                class={p.onRowClick ? 'clickable' : ''}
                onClick={p.onRowClick ? () => p.onRowClick!(r) : undefined}
                tabIndex={p.onRowClick ? 0 : undefined}
                onKeyDown={p.onRowClick ? (e) => e.key === 'Enter' && p.onRowClick!(r) : undefined}
              >
                {p.columns.map((c) => (
                  <td key={c.key} class={c.numeric ? 'num' : ''}>
                    {c.render ? c.render(r) : (c.value(r) ?? '—')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && (
          <div class="empty">{p.empty ?? 'Nothing here for this date range and filters.'}</div>
        )}
      </div>
      {rows.length > limit && (
        <button
          type="button"
          class="btn small"
          onClick={() => setLimit(limit + (p.pageSize ?? 50) * 4)}
        >
          Show more ({(rows.length - limit).toLocaleString()} left)
        </button>
      )}
    </div>
  );
}
