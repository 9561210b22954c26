// Options for competitor tracking: the re-check schedule, alert thresholds, exchange rates for
// comparisons, and the own-catalog import from a products export.
import { useEffect, useState } from 'preact/hooks';
import { send } from '../send.ts';
import { catalogFromExport } from './catalog.ts';
import { parseRates } from './rates.ts';
import type { TrackingSettings } from './types.ts';

const SCHEDULES: { hours: number; label: string }[] = [
  { hours: 6, label: 'Every 6 hours' },
  { hours: 12, label: 'Every 12 hours' },
  { hours: 24, label: 'Daily' },
  { hours: 72, label: 'Every 3 days' },
  { hours: 168, label: 'Weekly' },
];

function ratesText(s: TrackingSettings): string {
  if (!s.rates) return '';
  return Object.entries(s.rates.rates)
    .map(([k, v]) => `${k} ${v}`)
    .join('\n');
}

/** The tracking sections of the options page. */
export function OptionsTracking() {
  const [s, setS] = useState<TrackingSettings | null>(null);
  const [base, setBase] = useState('');
  const [rates, setRates] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void send('tracking:get-settings').then((v) => {
      setS(v);
      setBase(v.rates?.base ?? '');
      setRates(ratesText(v));
    });
  }, []);
  if (!s) return null;

  const save = async (change: Partial<TrackingSettings>, done: string) => {
    try {
      setS(await send('tracking:set-settings', { settings: change }));
      setMessage(done);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };

  const saveRates = (e: Event) => {
    e.preventDefault();
    const code = base.trim().toUpperCase();
    if (!code && !rates.trim()) return void save({ rates: null }, 'Exchange rates removed.');
    if (!/^[A-Z]{3}$/.test(code))
      return setMessage('Your currency must be a 3-letter code such as USD or EUR.');
    const r = parseRates(rates);
    if ('error' in r) return setMessage(r.error);
    void save(
      { rates: { base: code, rates: r.rates } },
      `Exchange rates saved: 1 unit of each currency in ${code}.`,
    );
  };

  const importCatalog = async (file: File) => {
    setMessage(`Reading ${file.name}…`);
    try {
      const result = await catalogFromExport(new Uint8Array(await file.arrayBuffer()), file.name);
      const reply = await send('tracking:replace-catalog', { items: result.items });
      setMessage(
        `Imported ${reply.count} own products from ${file.name}; tracked products were matched again. ${result.notes.join(' ')}`.trim(),
      );
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };

  const t = s.thresholds;
  return (
    <>
      <section class="card" data-testid="tracking-options">
        <h2>Competitor price checks</h2>
        <label>
          Re-check tracked products{' '}
          <select
            value={String(s.intervalHours)}
            onChange={(e) => {
              const hours = Number((e.currentTarget as HTMLSelectElement).value);
              void save(
                { intervalHours: hours },
                `Tracked products are now re-checked ${SCHEDULES.find((x) => x.hours === hours)?.label.toLowerCase()}.`,
              );
            }}
          >
            {SCHEDULES.map((o) => (
              <option key={o.hours} value={String(o.hours)}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <h2>Alerts</h2>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget as HTMLFormElement);
            const value = Number(String(f.get('value')).replace(',', '.'));
            if (!(value >= 0)) return setMessage('The alert threshold must be a number, e.g. 5.');
            void save(
              {
                thresholds: {
                  mode: f.get('mode') === 'amount' ? 'amount' : 'percent',
                  value,
                  direction: (f.get('direction') as 'up' | 'down' | 'both') ?? 'both',
                  stock: f.get('stock') === 'on',
                },
              },
              'Alert thresholds saved.',
            );
          }}
        >
          <label>
            Notify when a price moves by at least{' '}
            <input name="value" inputMode="decimal" size={5} defaultValue={String(t.value)} />
          </label>
          <select name="mode" defaultValue={t.mode} aria-label="Threshold unit">
            <option value="percent">percent</option>
            <option value="amount">in the shop’s currency</option>
          </select>
          <select name="direction" defaultValue={t.direction} aria-label="Direction">
            <option value="both">up or down</option>
            <option value="down">down only</option>
            <option value="up">up only</option>
          </select>
          <label class="check">
            <input type="checkbox" name="stock" defaultChecked={t.stock} /> and when stock runs out
            or comes back
          </label>
          <button type="submit" class="btn">
            Save alerts
          </button>
        </form>
        <h2>Exchange rates for comparisons</h2>
        <form onSubmit={saveRates}>
          <label>
            Your currency{' '}
            <input
              value={base}
              size={4}
              onInput={(e) => setBase((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            Rates, one per line (1 unit in your currency)
            <textarea
              rows={3}
              value={rates}
              placeholder="EUR 1.08"
              onInput={(e) => setRates((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
          <button type="submit" class="btn">
            Save rates
          </button>
        </form>
      </section>
      <section class="card">
        <h2>Your catalog</h2>
        <p class="muted">
          Import your products export (Shopify or WooCommerce CSV) so tracked competitor products
          are matched with your own by GTIN, SKU/MPN or title.
        </p>
        <input
          type="file"
          accept=".csv,.txt,text/csv"
          aria-label="Products export"
          onChange={(e) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            if (file) void importCatalog(file);
          }}
        />
      </section>
      {message && (
        <p class="message" role="status" data-testid="tracking-options-message">
          {message}
        </p>
      )}
    </>
  );
}
