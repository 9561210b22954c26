import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Route } from '../route.ts';
import { useStore, useQuery, errorMessage } from '../data.tsx';
import { storeDb } from '../db.ts';
import { api } from '../client.ts';
import { StoreConnection } from '../connect.tsx';
import { getSettings } from '../../../core/db/store.ts';
import { storageInfo, requestPersistence, type StorageInfo } from '../../../core/db/storage.ts';
import {
  settingsSchema,
  targetSchema,
  type Settings,
  type Target,
} from '../../../core/schema/index.ts';
import { formatNumber, formatMoney, currencyDigits, timeZones } from '../../../core/ui/format.ts';
import { downloadFile } from '../../../core/ui/csv.ts';
import { ProfitCosts, costProblems } from '../components/ProfitCosts.tsx';

const metrics: { id: Target['metric']; label: string; money: boolean }[] = [
  { id: 'netSales', label: 'Net sales', money: true },
  { id: 'totalSales', label: 'Total sales', money: true },
  { id: 'orders', label: 'Orders', money: false },
  { id: 'aov', label: 'Average order value', money: true },
  { id: 'newCustomers', label: 'New customers', money: false },
  { id: 'profit', label: 'Net profit', money: true },
];

function bytes(n: number | null): string {
  if (n == null) return 'unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${formatNumber(n, { digits: i ? 1 : 0 })} ${units[i]}`;
}

/** Settings: store timezone, currency and FX rates, refund dating, targets, storage, delete all data. */
export default function SettingsScreen(_: { route: Route }): JSX.Element {
  const store = useStore();
  const gateways = useQuery(
    store.meta && !store.meta.empty ? (a, signal) => a.call('feeGateways', [], { signal }) : null,
    [store.meta?.empty],
  );
  const [settings, setSettings] = useState<Settings | null>(null);
  const [targets, setTargets] = useState<Target[]>([]);
  const [info, setInfo] = useState<StorageInfo | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState('');
  // Emails stored by imports while "keep emails" was on; unticking it and saving deletes them.
  const [storedEmails, setStoredEmails] = useState(0);

  useEffect(() => {
    void (async () => {
      const db = await storeDb();
      setSettings((await getSettings(db)) ?? settingsSchema.parse({}));
      setStoredEmails(await db.count('emails'));
      setTargets((await db.getAll('targets')).sort((a, b) => b.month.localeCompare(a.month)));
      setInfo(await storageInfo());
    })();
  }, [store.version]);

  if (!settings) return <div class="muted">Loading settings…</div>;
  const cur = settings.currency;

  const save = async () => {
    const costIssues = settings.costs ? costProblems(settings.costs, settings.currency) : [];
    if (costIssues.length > 0) {
      setMessage({ kind: 'error', text: `Not saved: ${costIssues.join(' ')}` });
      return;
    }
    const parsed = settingsSchema.safeParse({ ...settings, updatedAt: Date.now() });
    if (!parsed.success) {
      setMessage({
        kind: 'error',
        text: `Not saved: ${parsed.error.issues.map((i) => `${i.path.join('.')} must be ${i.message}`).join('; ')}`,
      });
      return;
    }
    const badTarget = targets.find((t) => !targetSchema.safeParse(t).success);
    if (badTarget) {
      setMessage({
        kind: 'error',
        text: `Not saved: the target for ${badTarget.month || 'a month'} needs a month (YYYY-MM) and a value of 0 or more.`,
      });
      return;
    }
    try {
      // The worker validates and writes settings and targets together, then updates its data.
      await api.call('saveSettings', [parsed.data, targets]);
      let forgotten = '';
      if (!parsed.data.keepEmails && storedEmails > 0) {
        const deleted = await api.call('forgetEmails', []);
        setStoredEmails(0);
        forgotten = ` ${formatNumber(deleted)} stored email${deleted === 1 ? ' was' : 's were'} deleted.`;
      }
      await store.refresh();
      setMessage({
        kind: 'ok',
        text: `Saved. Every screen now uses these settings.${forgotten}`,
      });
    } catch (e) {
      setMessage({ kind: 'error', text: `Not saved: ${errorMessage(e)}` });
    }
  };

  const deleteAll = async () => {
    await api.call('deleteAllData', []);
    await store.reload();
    setConfirmDelete('');
    setMessage({ kind: 'ok', text: 'All data on this device was deleted.' });
  };

  const exportBundle = async (what: 'everything' | 'catalog') => {
    try {
      const bytes = await api.call('exportBundle', [what]);
      const day = new Date().toISOString().slice(0, 10);
      downloadFile(
        `storelens-${what === 'catalog' ? 'catalog' : 'data'}-${day}.storelens`,
        bytes as Uint8Array<ArrayBuffer>,
        'application/gzip',
      );
      setMessage({ kind: 'ok', text: `Bundle exported (${bytes.length.toLocaleString()} bytes).` });
    } catch (e) {
      setMessage({ kind: 'error', text: `The bundle could not be made: ${errorMessage(e)}` });
    }
  };

  const set = <K extends keyof Settings>(k: K, v: Settings[K]) =>
    setSettings({ ...settings, [k]: v });
  const digits = currencyDigits(cur);

  return (
    <div class="grid cols-2">
      {message && (
        <div
          class={`banner ${message.kind === 'error' ? 'error' : ''}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
          style={{ gridColumn: '1 / -1' }}
        >
          {message.text}
        </div>
      )}
      <StoreConnection />
      <section class="card grid">
        <h2>Store</h2>
        <label class="grid">
          Store timezone (days, weeks and months are cut here)
          <select
            value={settings.timezone}
            onChange={(e) => set('timezone', (e.target as HTMLSelectElement).value)}
          >
            {timeZones().map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </label>
        <label class="grid">
          Reporting currency (ISO code)
          <input
            value={settings.currency}
            maxLength={3}
            pattern="[A-Z]{3}"
            onInput={(e) => set('currency', (e.target as HTMLInputElement).value.toUpperCase())}
          />
        </label>
        <fieldset class="grid" style={{ border: 0, padding: 0 }}>
          <legend>Returns are dated by</legend>
          <label>
            <input
              type="radio"
              name="dating"
              checked={settings.refundDating === 'refund'}
              onChange={() => set('refundDating', 'refund')}
            />{' '}
            the day the refund was processed (Shopify's default)
          </label>
          <label>
            <input
              type="radio"
              name="dating"
              checked={settings.refundDating === 'order'}
              onChange={() => set('refundDating', 'order')}
            />{' '}
            the day of the original order
          </label>
        </fieldset>
        <label>
          <input
            type="checkbox"
            checked={settings.keepEmails}
            onChange={(e) => set('keepEmails', (e.target as HTMLInputElement).checked)}
          />{' '}
          Keep customer emails on this device (for exporting segments to an email tool). Off:
          customers are kept as a salted hash only.
        </label>
        {settings.keepEmails && (
          <p class="muted small">
            {storedEmails > 0
              ? `${formatNumber(storedEmails)} customer email${storedEmails === 1 ? ' is' : 's are'} stored on this device.`
              : 'Emails are kept from your next import on: import your orders export again to add the emails of customers already imported.'}
          </p>
        )}
        {!settings.keepEmails && storedEmails > 0 && (
          <p class="banner" role="status">
            {formatNumber(storedEmails)} customer email{storedEmails === 1 ? ' is' : 's are'} stored
            on this device. Saving deletes {storedEmails === 1 ? 'it' : 'them'}; segment exports
            then list customer keys only.
          </p>
        )}
      </section>

      <section class="card grid">
        <h2>Exchange rates</h2>
        <p class="muted">
          Orders in another currency are converted with the rate of their month. Without a rate they
          are shown apart, never summed as {cur}.
        </p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Exchange rates">
          <table class="settings-table">
            <thead>
              <tr>
                <th>Month</th>
                <th>Currency</th>
                <th>1 unit in {cur}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {settings.fxRates.map((r, i) => (
                <tr key={i}>
                  <td>
                    <input
                      type="month"
                      value={r.month}
                      aria-label="Month"
                      onInput={(e) =>
                        set(
                          'fxRates',
                          settings.fxRates.map((x, j) =>
                            j === i ? { ...x, month: (e.target as HTMLInputElement).value } : x,
                          ),
                        )
                      }
                    />
                  </td>
                  <td>
                    <input
                      value={r.from}
                      size={4}
                      maxLength={3}
                      aria-label="Currency"
                      onInput={(e) =>
                        set(
                          'fxRates',
                          settings.fxRates.map((x, j) =>
                            j === i
                              ? { ...x, from: (e.target as HTMLInputElement).value.toUpperCase() }
                              : x,
                          ),
                        )
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      step="any"
                      min="0"
                      value={r.rate}
                      aria-label="Rate"
                      onInput={(e) =>
                        set(
                          'fxRates',
                          settings.fxRates.map((x, j) =>
                            j === i
                              ? { ...x, rate: Number((e.target as HTMLInputElement).value) }
                              : x,
                          ),
                        )
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      class="btn small"
                      onClick={() =>
                        set(
                          'fxRates',
                          settings.fxRates.filter((_, j) => j !== i),
                        )
                      }
                      aria-label={`Remove rate ${r.from} ${r.month}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button
          type="button"
          class="btn small"
          onClick={() =>
            set('fxRates', [
              ...settings.fxRates,
              { month: new Date().toISOString().slice(0, 7), from: 'EUR', rate: 1 },
            ])
          }
        >
          Add a rate
        </button>
      </section>

      <section class="card grid">
        <h2>Monthly targets</h2>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Monthly targets">
          <table class="settings-table">
            <thead>
              <tr>
                <th>Month</th>
                <th>Metric</th>
                <th>Target</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {targets.map((t, i) => {
                const m = metrics.find((x) => x.id === t.metric)!;
                const shown = m.money ? t.value / 10 ** digits : t.value;
                const update = (patch: Partial<Target>) =>
                  setTargets(targets.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                return (
                  <tr key={t.id}>
                    <td>
                      <input
                        type="month"
                        value={t.month}
                        aria-label="Target month"
                        onInput={(e) => update({ month: (e.target as HTMLInputElement).value })}
                      />
                    </td>
                    <td>
                      <select
                        value={t.metric}
                        aria-label="Target metric"
                        onChange={(e) =>
                          update({
                            metric: (e.target as HTMLSelectElement).value as Target['metric'],
                          })
                        }
                      >
                        {metrics.map((x) => (
                          <option key={x.id} value={x.id}>
                            {x.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        type="number"
                        min="0"
                        step="any"
                        value={shown}
                        aria-label={`Target value${m.money ? ` in ${cur}` : ''}`}
                        onInput={(e) => {
                          const v = Number((e.target as HTMLInputElement).value);
                          update({ value: m.money ? Math.round(v * 10 ** digits) : v });
                        }}
                      />
                      {m.money && (
                        <span class="muted target-preview">{formatMoney(t.value, cur)}</span>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="btn small"
                        onClick={() => setTargets(targets.filter((_, j) => j !== i))}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button
          type="button"
          class="btn small"
          onClick={() =>
            setTargets([
              {
                id: `t-${Date.now()}`,
                metric: 'netSales',
                month: store.meta?.lastDay?.slice(0, 7) ?? new Date().toISOString().slice(0, 7),
                value: 0,
                updatedAt: Date.now(),
              },
              ...targets,
            ])
          }
        >
          Add a target
        </button>
      </section>

      <ProfitCosts
        value={settings.costs}
        currency={cur}
        firstDay={store.meta?.firstDay ?? null}
        gateways={gateways.data ?? []}
        onChange={(c) => set('costs', c)}
      />

      <section class="card grid">
        <h2>Move your data</h2>
        <p class="muted">
          A bundle is one compressed file with your data. Import it on another device (for example
          your phone, from the Import screen) or in the Storelens extension's options to show your
          prices next to competitors'.
        </p>
        <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
          <button type="button" class="btn" onClick={() => void exportBundle('everything')}>
            Export all data (bundle)
          </button>
          <button type="button" class="btn" onClick={() => void exportBundle('catalog')}>
            Export catalog for the extension
          </button>
        </div>
      </section>

      <section class="card grid">
        <h2>Storage on this device</h2>
        <p>
          Used {bytes(info?.usage ?? null)} of {bytes(info?.quota ?? null)} available.{' '}
          {info?.persisted
            ? 'The browser will keep this data (persistent storage).'
            : 'The browser may clear this data when the disk is nearly full.'}
        </p>
        {!info?.persisted && (
          <button
            type="button"
            class="btn small"
            onClick={async () =>
              setInfo({ ...(await storageInfo()), persisted: await requestPersistence() })
            }
          >
            Ask the browser to keep my data
          </button>
        )}
        <h3>Delete all data</h3>
        <p class="muted">
          Removes every order, product, import and setting from this device. Export what you need
          first.
        </p>
        <label class="grid">
          Type DELETE to confirm
          <input
            value={confirmDelete}
            onInput={(e) => setConfirmDelete((e.target as HTMLInputElement).value)}
          />
        </label>
        <button
          type="button"
          class="btn danger"
          disabled={confirmDelete !== 'DELETE'}
          onClick={() => void deleteAll()}
        >
          Delete all data
        </button>
      </section>
      <div style={{ gridColumn: '1 / -1' }}>
        <button type="button" class="btn primary" onClick={() => void save()}>
          Save settings
        </button>
      </div>
    </div>
  );
}
