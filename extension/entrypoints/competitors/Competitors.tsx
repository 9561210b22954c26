// The full-tab Competitors page: every tracked product with its last price, 7/30-day change,
// stock, last check and errors; per-shop permission state; a price and stock history chart; own
// product matches to confirm or reject; recent changes; CSV exports. Mutations go through the
// background (which owns the database); the history is read here, columnar, once per refresh.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from '#imports';
import {
  allOwnPrices,
  openExtDb,
  readSnapshots,
  type OwnPricePoint,
} from '../../../core/db/ext.ts';
import type { SnapshotsTable } from '../../../core/schema/columns.ts';
import type { CatalogItem } from '../../../core/schema/competitive.ts';
import {
  historyCsv,
  landedComparison,
  type FxRates,
  indexHistory,
  productSeries,
  summarizeHistory,
  trackedProductsCsv,
  type HistoryIndex,
  type HistorySummary,
} from '../../../core/tracking/index.ts';
import { downloadFile } from '../../../core/ui/csv.ts';
import { formatMoney } from '../../../core/ui/format.ts';
import { originPattern } from '../../features/origins.ts';
import { send } from '../../features/send.ts';
import { HistoryChart } from '../../features/tracking/HistoryChart.tsx';
import { changeCell, type ChangeCell } from '../../features/tracking/change-columns.ts';
import type {
  CheckReport,
  DomainRow,
  TrackedRow,
  TrackingOverview,
} from '../../features/tracking/types.ts';
import { availabilityText, changeText, changeTitle } from '../../features/tracking/wording.ts';

async function loadHistory(): Promise<{
  snapshots: SnapshotsTable;
  own: Map<string, OwnPricePoint[]>;
}> {
  const db = await openExtDb();
  try {
    const [snapshots, own] = await Promise.all([readSnapshots(db), allOwnPrices(db)]);
    return { snapshots, own };
  } finally {
    db.close();
  }
}

// One empty list, so an unmatched product does not redraw its chart on every render.
const NO_OWN_PRICES: OwnPricePoint[] = [];

const pct = (v: number | null) =>
  v == null ? '—' : `${v > 0 ? '+' : ''}${(Math.round(v * 10) / 10).toLocaleString()}%`;
const when = (ms: number | null) => (ms == null ? '—' : new Date(ms).toLocaleString());
const stamp = () => new Date().toISOString().slice(0, 10);

/** "(theirs +8.4%)" against the own price, like with like; empty when it cannot be compared. */
function positionText(
  s: HistorySummary,
  own: CatalogItem,
  rates: FxRates | null,
  name: string,
): string {
  if (s.lastPrice == null || !s.currency) return '';
  try {
    const c = landedComparison(
      { price: s.lastPrice, wasPrice: s.wasPrice, currency: s.currency, title: name },
      { price: own.price, currency: own.currency, title: own.title },
      rates,
    );
    return c.differencePercent == null
      ? ''
      : ` (theirs ${pct(c.differencePercent)}${c.unit ? ' per unit' : ''})`;
  } catch {
    return '';
  }
}

function grantOriginFromHash(): string | null {
  const m = /grant=([^&]+)/.exec(location.hash);
  if (!m) return null;
  try {
    const u = new URL(decodeURIComponent(m[1]!));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

function Status({
  row,
  summary,
  domain,
}: {
  row: TrackedRow;
  summary: HistorySummary;
  domain: DomainRow | undefined;
}) {
  if (row.product.paused) return <span class="muted">Paused</span>;
  // Without access the product is never re-checked: that is not "OK", whatever the last check said.
  if (domain && !domain.permitted)
    return (
      <>
        <span class="err" data-testid="row-no-access">
          No access to {domain.domain}: not re-checked
        </span>
        {summary.lastError && (
          <div class="err" data-testid="row-error">
            {summary.lastError}
          </div>
        )}
      </>
    );
  if (row.check.stopped)
    return (
      <span class="err" data-testid="row-error">
        Stopped after repeated errors: {row.check.lastError}
      </span>
    );
  if (summary.lastError)
    return (
      <span class="err" data-testid="row-error">
        {summary.lastError}
      </span>
    );
  return <span class="muted">OK</span>;
}

/** The Competitors page. */
export function Competitors() {
  const [data, setData] = useState<TrackingOverview | null>(null);
  const [table, setTable] = useState<SnapshotsTable | null>(null);
  const [ownPrices, setOwnPrices] = useState<Map<string, OwnPricePoint[]>>(new Map());
  const [selected, setSelected] = useState<string | null>(null);
  const [domain, setDomain] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [grant, setGrant] = useState<string | null>(grantOriginFromHash());

  const refresh = async () => {
    const [o, h] = await Promise.all([send('tracking:overview'), loadHistory()]);
    setData(o);
    setTable(h.snapshots);
    setOwnPrices(h.own);
  };
  useEffect(() => {
    void refresh();
    const onHash = () => setGrant(grantOriginFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const index: HistoryIndex | null = useMemo(() => (table ? indexHistory(table) : null), [table]);
  const now = Date.now();
  const rows = (data?.rows ?? []).filter((r) => !domain || r.product.domain === domain);
  const summaries = useMemo(() => {
    const m = new Map<string, HistorySummary & { c7: ChangeCell; c30: ChangeCell }>();
    if (index)
      for (const r of data?.rows ?? []) {
        const series = productSeries(index, r.product.id);
        m.set(r.product.id, {
          ...summarizeHistory(index, r.product.id, now),
          c7: changeCell(series, 7, now),
          c30: changeCell(series, 30, now),
        });
      }
    return m;
  }, [index, data]);
  const domainOf = (r: TrackedRow) =>
    data?.domains.find((d) => d.origin === new URL(r.product.url).origin);
  const chosen = rows.find((r) => r.product.id === selected) ?? rows[0] ?? null;

  /** Confirms or rejects a proposed match between a tracked product and an own SKU. */
  const setMatch = (trackedProductId: string, sku: string, status: 'confirmed' | 'rejected') =>
    act('Saving', () => send('tracking:set-match', { trackedProductId, sku, status }));

  /** Runs one request (started by the caller's click) and says how it went. */
  const act = async (label: string, request: () => Promise<CheckReport | { ok: true }>) => {
    setBusy(true);
    setMessage(`${label}…`);
    try {
      const r = await request();
      if ('checked' in r)
        setMessage(
          `Checked ${r.checked} product${r.checked === 1 ? '' : 's'}, ${r.failed} failed, ${r.changes.length} change${r.changes.length === 1 ? '' : 's'}.`,
        );
      else setMessage(null);
      await refresh();
    } catch (err) {
      setMessage(err instanceof Error ? err.message : 'That did not work.');
    } finally {
      setBusy(false);
    }
  };

  const requestPermission = async (origin: string) => {
    // Must run straight from the click: the browser only prompts for a user gesture.
    const granted = await browser.permissions
      .request({ origins: [originPattern(origin)] })
      .catch(() => false);
    setMessage(
      granted
        ? `Storelens may now re-check products on ${new URL(origin).hostname}.`
        : `Access to ${new URL(origin).hostname} was not given: its products are listed but not re-checked.`,
    );
    if (granted && grant === origin) {
      setGrant(null);
      history.replaceState(null, '', location.pathname);
    }
    await refresh();
  };

  const exportProducts = () => {
    if (!data || !table) return;
    downloadFile(
      `storelens-tracked-${stamp()}.csv`,
      trackedProductsCsv(
        data.rows.map((r) => r.product),
        table,
        Date.now(),
      ),
    );
  };
  const exportHistory = () => {
    if (!data || !table) return;
    downloadFile(
      `storelens-price-history-${stamp()}.csv`,
      historyCsv(
        data.rows.map((r) => r.product),
        table,
      ),
    );
  };

  return (
    <main class="page competitors">
      <h1 class="title">Competitors</h1>
      {grant && (
        <section class="card grant" data-testid="grant-banner">
          <h2>Allow re-checks on {new URL(grant).hostname}</h2>
          <p>
            Storelens saved the product and its price. To check it again on your schedule, it needs
            to read pages of {new URL(grant).hostname}, and only that shop.
          </p>
          <button type="button" class="btn primary" onClick={() => void requestPermission(grant)}>
            Allow {new URL(grant).hostname}
          </button>
        </section>
      )}
      <div class="toolbar">
        <label>
          Shop{' '}
          <select
            value={domain}
            onChange={(e) => setDomain((e.currentTarget as HTMLSelectElement).value)}
            aria-label="Filter by shop"
          >
            <option value="">All shops</option>
            {(data?.domains ?? []).map((d) => (
              <option key={d.origin} value={d.domain}>
                {d.domain} ({d.products})
              </option>
            ))}
          </select>
        </label>
        <span class="grow" />
        <button
          type="button"
          class="btn primary"
          disabled={busy || !rows.some((r) => !r.product.paused)}
          onClick={() =>
            void act('Checking', () =>
              send('tracking:check-now', {
                ids: rows.filter((r) => !r.product.paused).map((r) => r.product.id),
              }),
            )
          }
        >
          Check now
        </button>
        <button type="button" class="btn" disabled={!data?.rows.length} onClick={exportProducts}>
          Export products CSV
        </button>
        <button type="button" class="btn" disabled={!data?.rows.length} onClick={exportHistory}>
          Export history CSV
        </button>
      </div>
      {message && (
        <p class="message" role="status" data-testid="competitors-message">
          {message}
        </p>
      )}
      {(data?.domains ?? []).some((d) => !d.permitted) && (
        <section class="card grant">
          <h2>Shops without access</h2>
          <ul class="sites">
            {data!.domains
              .filter((d) => !d.permitted)
              .map((d) => (
                <li key={d.origin} data-testid="no-permission">
                  <span>
                    {d.domain}: no permission, {d.products} product{d.products === 1 ? '' : 's'} not
                    re-checked
                  </span>
                  <button
                    type="button"
                    class="btn"
                    onClick={() => void requestPermission(d.origin)}
                  >
                    Grant
                  </button>
                </li>
              ))}
          </ul>
        </section>
      )}
      <section class="card">
        {data && data.rows.length === 0 && (
          <p class="muted">
            Nothing tracked yet. Open a competitor’s product page, open Storelens there and click
            “Track price”.
          </p>
        )}
        {rows.length > 0 && (
          <table class="tracked" data-testid="tracked-table">
            <thead>
              <tr>
                <th>Product</th>
                <th>Shop</th>
                <th class="num">Last price</th>
                <th class="num">7 days</th>
                <th class="num">30 days</th>
                <th>Stock</th>
                <th>Last check</th>
                <th>Status</th>
                <th>Your product</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const s = summaries.get(r.product.id);
                if (!s) return null;
                const cls = (v: number | null) =>
                  v == null || v === 0 ? '' : v > 0 ? 'up' : 'down';
                return (
                  <tr
                    key={r.product.id}
                    class={chosen?.product.id === r.product.id ? 'selected' : ''}
                    data-testid="tracked-row"
                  >
                    <td class="name">
                      <a href={r.product.url} target="_blank" rel="noopener noreferrer">
                        {r.product.name}
                      </a>
                    </td>
                    <td>{r.product.domain}</td>
                    <td class="num" data-testid="last-price">
                      {s.currency ? formatMoney(s.lastPrice, s.currency) : '—'}
                      {s.wasPrice != null && s.currency && (
                        <div class="muted">
                          <s>{formatMoney(s.wasPrice, s.currency)}</s>
                        </div>
                      )}
                    </td>
                    <td
                      class={`num ${cls(s.c7.percent)}`}
                      title={s.c7.title}
                      data-testid="change-7"
                    >
                      {s.c7.text}
                    </td>
                    <td
                      class={`num ${cls(s.c30.percent)}`}
                      title={s.c30.title}
                      data-testid="change-30"
                    >
                      {s.c30.text}
                    </td>
                    <td
                      class={
                        s.availability === 'OutOfStock' || s.availability === 'SoldOut'
                          ? 'stock-out'
                          : ''
                      }
                    >
                      {availabilityText(s.availability)}
                    </td>
                    <td>{when(s.lastCheckAt)}</td>
                    <td>
                      <Status row={r} summary={s} domain={domainOf(r)} />
                    </td>
                    <td>
                      {r.match ? (
                        <div data-testid="match">
                          {r.match.item?.title ?? r.match.match.sku}{' '}
                          {r.match.item && (
                            <span data-testid="position">
                              {formatMoney(r.match.item.price, r.match.item.currency)}
                              {positionText(
                                s,
                                r.match.item,
                                data?.settings.rates ?? null,
                                r.product.name,
                              )}{' '}
                            </span>
                          )}
                          <span class="muted">
                            ({r.match.match.method}
                            {r.match.match.method === 'title'
                              ? ` ${Math.round(r.match.match.score * 100)}%`
                              : ''}
                            , {r.match.match.status === 'confirmed' ? 'confirmed' : 'proposed'})
                          </span>
                          {r.match.match.status !== 'confirmed' && (
                            <>
                              {' '}
                              <button
                                type="button"
                                class="btn small"
                                onClick={() =>
                                  void setMatch(r.product.id, r.match!.match.sku, 'confirmed')
                                }
                              >
                                Confirm
                              </button>
                            </>
                          )}{' '}
                          <button
                            type="button"
                            class="btn small"
                            onClick={() =>
                              void setMatch(r.product.id, r.match!.match.sku, 'rejected')
                            }
                          >
                            Reject
                          </button>
                        </div>
                      ) : (
                        <span class="muted">—</span>
                      )}
                      {r.proposals.slice(0, 2).map((q) => (
                        <div key={q.match.id} class="muted" data-testid="proposal">
                          or {q.item?.title ?? q.match.sku} ({q.match.method}
                          {q.match.method === 'title' ? ` ${Math.round(q.match.score * 100)}%` : ''}
                          ){' '}
                          <button
                            type="button"
                            class="btn small"
                            onClick={() => void setMatch(r.product.id, q.match.sku, 'confirmed')}
                          >
                            This one
                          </button>
                        </div>
                      ))}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="btn small"
                        onClick={() => setSelected(r.product.id)}
                      >
                        History
                      </button>{' '}
                      <button
                        type="button"
                        class="btn small"
                        disabled={busy}
                        onClick={() =>
                          void act('Checking', () =>
                            send('tracking:check-now', { ids: [r.product.id] }),
                          )
                        }
                      >
                        Check
                      </button>{' '}
                      <button
                        type="button"
                        class="btn small"
                        onClick={() =>
                          void act('Saving', () =>
                            send('tracking:pause', {
                              ids: [r.product.id],
                              paused: !r.product.paused,
                            }),
                          )
                        }
                      >
                        {r.product.paused || r.check.stopped ? 'Resume' : 'Pause'}
                      </button>{' '}
                      <button
                        type="button"
                        class="btn small"
                        onClick={() => {
                          if (
                            confirm(
                              `Stop tracking “${r.product.name}”? Its history stays in exports and sync.`,
                            )
                          )
                            void act('Removing', () =>
                              send('tracking:untrack', { ids: [r.product.id] }),
                            );
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {chosen && index && (
        <section class="card" data-testid="history">
          <h2>Price history · {chosen.product.name}</h2>
          <HistoryChart
            index={index}
            productId={chosen.product.id}
            own={(chosen.match?.item && ownPrices.get(chosen.match.item.sku)) || NO_OWN_PRICES}
          />
        </section>
      )}
      <section class="card">
        <h2>Recent changes</h2>
        {(data?.changes.length ?? 0) === 0 && <p class="muted">No changes seen yet.</p>}
        <ul class="changes" data-testid="changes">
          {(data?.changes ?? []).slice(0, 50).map((c) => (
            <li key={`${c.productId}:${c.at}:${c.kind}`}>
              <strong>{changeTitle(c)}</strong> · {changeText(c)}{' '}
              <span class="muted">{when(c.at)}</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
