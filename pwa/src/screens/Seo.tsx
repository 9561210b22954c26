import type { JSX } from 'preact';
import { go, type Route } from '../route.ts';
import { useQuery, QueryError, useStore } from '../data.tsx';
import { Table, type TableColumn } from '../../../core/ui/Table.tsx';
import { formatDateTime } from '../../../core/ui/format.ts';
import type { Audit } from '../../../core/schema/index.ts';

const statusClass = { pass: 'good', warn: 'warn', fail: 'bad', 'n/a': '' } as const;

/** SEO: page audits the extension captured (own pages and competitors'), with their findings. */
export default function Seo({ route }: { route: Route }): JSX.Element {
  const storeCurrency = useStore().meta?.currency ?? 'USD';
  const res = useQuery((api, signal) => api.call('audits', [], { signal }), []);
  if (res.error) return <QueryError error={res.error} />;
  const audits = res.data;
  if (!audits) return <div class="muted">Loading…</div>;
  if (audits.length === 0) {
    return (
      <div class="empty-state card">
        <h2>No SEO audits on this device yet</h2>
        <p>
          Open the Storelens extension's overlay on any page (yours or a competitor's) — its SEO tab
          audits the page against Lighthouse's SEO checks and Google's merchant-listing rules.
          Audits reach this screen when you sync with the extension or import a bundle on the{' '}
          <a href="#/import">Import</a> screen.
        </p>
      </div>
    );
  }
  const selected = audits.find((a) => a.id === route.detail) ?? null;
  const count = (a: Audit, s: string) => a.findings.filter((f) => f.status === s).length;
  const cols: TableColumn<Audit>[] = [
    { key: 'url', label: 'Page', value: (a) => a.url },
    { key: 'score', label: 'Score', numeric: true, value: (a) => a.score },
    { key: 'fail', label: 'Failed', numeric: true, value: (a) => count(a, 'fail') },
    { key: 'warn', label: 'Warnings', numeric: true, value: (a) => count(a, 'warn') },
    {
      key: 'at',
      label: 'Audited',
      kind: 'date',
      value: (a) => a.at,
      render: (a) => formatDateTime(a.at),
    },
  ];
  return (
    <div class="grid">
      <section class="card">
        <h2>Audited pages</h2>
        <Table
          currency={storeCurrency}
          caption="SEO audits"
          rows={audits}
          columns={cols}
          exportName="seo-audits"
          filterPlaceholder="Filter pages…"
          rowKey={(a) => a.id}
          onRowClick={(a) => go({ detail: a.id })}
        />
      </section>
      {selected && (
        <section class="card">
          <h2>
            {selected.url} — score {selected.score}
          </h2>
          <Table
            currency={storeCurrency}
            caption="Findings"
            rows={[...selected.findings].sort(
              (a, b) =>
                ['fail', 'warn', 'pass', 'n/a'].indexOf(a.status) -
                ['fail', 'warn', 'pass', 'n/a'].indexOf(b.status),
            )}
            columns={[
              {
                key: 'status',
                label: 'Status',
                value: (f) => f.status,
                render: (f) => <span class={`pill ${statusClass[f.status]}`}>{f.status}</span>,
              },
              { key: 'title', label: 'Check', value: (f) => f.title },
              { key: 'detail', label: 'What we found', value: (f) => f.detail },
              { key: 'fix', label: 'How to fix', value: (f) => f.fix },
            ]}
            exportName={`seo-findings`}
          />
        </section>
      )}
    </div>
  );
}
