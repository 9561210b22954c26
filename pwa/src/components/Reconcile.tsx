import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Query, ReconcileMetric, ReconcileResult } from '../../../core/analytics/index.ts';
import {
  currencyDigits,
  formatMoney,
  formatNumber,
  parseUserAmount,
} from '../../../core/ui/format.ts';
import { api } from '../client.ts';
import { errorMessage } from '../data.tsx';

/**
 * In "explain this number": the manager types the platform's figure for the same period and sees
 * which choices explain the gap, each with its amount, and what is left unexplained.
 */
export function Reconcile(p: { q: Query; metric: ReconcileMetric; currency: string }): JSX.Element {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReconcileResult | null>(null);
  const [rejected, setRejected] = useState(0);
  const money = p.metric !== 'orders';
  const show = (v: number, signed = false) =>
    money ? formatMoney(v, p.currency, { signed }) : formatNumber(v);

  const submit = async (e: Event) => {
    e.preventDefault();
    const major = parseUserAmount(text);
    if (!Number.isFinite(major)) {
      setError(`'${text}' is not a number. Type the platform's figure, e.g. 12,345.67.`);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const platform = money ? Math.round(major * 10 ** currencyDigits(p.currency)) : major;
      const [r, history] = await Promise.all([
        api.call('reconcile', [
          p.q,
          p.metric,
          platform,
          { deviceZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
        ]),
        api.call('importHistory', []),
      ]);
      setResult(r);
      setRejected(history.filter((h) => h.undoneAt === null).reduce((s, h) => s + h.rejected, 0));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const explains = new Set(result?.explainedBy ?? []);
  return (
    <section class="reconcile" aria-labelledby="reconcile-h">
      <h3 id="reconcile-h">Compare with your platform</h3>
      <form class="imp-fields" onSubmit={(e) => void submit(e)}>
        <label>
          Your platform's figure for the same period
          <input
            inputMode="decimal"
            value={text}
            aria-invalid={error !== null}
            aria-describedby={error ? 'reconcile-error' : undefined}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="btn" disabled={busy || text.trim() === ''}>
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </form>
      {error && (
        <p id="reconcile-error" class="banner error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="status">
          <p>
            Storelens {show(result.ours)}, your platform {show(result.platform)}: a gap of{' '}
            {show(result.gap, true)}.
          </p>
          {result.choices.length > 0 ? (
            <table>
              <caption class="muted small">What each choice would change, on its own</caption>
              <thead>
                <tr>
                  <th scope="col">Choice</th>
                  <th scope="col" class="num">
                    Moves the figure by
                  </th>
                  <th scope="col">Explains the gap</th>
                </tr>
              </thead>
              <tbody>
                {result.choices.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.label}</th>
                    <td class="num">{show(c.delta, true)}</td>
                    <td>{explains.has(c.id) ? 'Yes' : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No choice changes this figure for this period.</p>
          )}
          <p>
            <strong>Unexplained: {show(result.unexplained, true)}</strong>
            {result.explainedBy.length === 0 && result.gap !== 0 && ' — no choice narrows the gap.'}
          </p>
          {result.unconverted.length > 0 && (
            <p class="muted small">
              Left out for want of an exchange rate:{' '}
              {result.unconverted
                .map((u) => `${formatMoney(u.totalSales, u.currency)} (${u.orders} orders)`)
                .join(', ')}
              . Add the rates in Settings.
            </p>
          )}
          {rejected > 0 && (
            <p class="muted small">
              {formatNumber(rejected)} rows were rejected at import: their orders are in your
              platform's figure but not in Storelens (see Import → history).
            </p>
          )}
        </div>
      )}
    </section>
  );
}
