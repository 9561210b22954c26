// The side panel's tracking section (under the Product tab): a "Track price" button for the product
// on the page; once tracked, its price history and last check; once matched with an own product,
// the own price history next to theirs (and how often the manager was cheaper), the difference,
// own stock and days of cover. Talks to the background only.
import { useEffect, useState } from 'preact/hooks';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { OwnPricePoint } from '../../../core/db/ext.ts';
import type { ExtractedProduct } from '../../../core/page/types.ts';
import { formatMoney } from '../../../core/ui/format.ts';
import { effectivePrice } from '../analysis-shared.ts';
import type { PanelState } from '../panel/state.ts';
import { SeriesChart } from './HistoryChart.tsx';
import { send } from '../send.ts';
import type { TrackInput } from './messages.ts';
import type { PageTracking } from './types.ts';
import { nextCheckText } from './chart-text.ts';

const CHART_CSS = `${uplotCss}
.sl-track { --price: #2563eb; --was: #94a3b8; --own: #16a34a; --out: rgba(220,38,38,.35); --muted: #5b6678; --grid: #e3e8f0; margin-top: 10px; border-top: 1px solid #e3e8f0; padding-top: 8px; }
.sl-track .chart { margin: 0; }
.sl-track .muted { color: #5b6678; }
.sl-track .chart-legend { font-size: 11px; color: #5b6678; min-height: 16px; }
.sl-track .chart-key { margin-right: 8px; }
.sl-track .chart-key i { display: inline-block; width: 9px; height: 9px; margin-right: 3px; border-radius: 2px; }
.sl-track .sl-up { color: #b91c1c; } .sl-track .sl-down { color: #15803d; }`;

// One empty list, so an unmatched product does not redraw its chart on every render.
const NO_OWN_PRICES: OwnPricePoint[] = [];

function trackInput(p: ExtractedProduct, state: PanelState, allVariants: boolean): TrackInput {
  const result = state.result!;
  const price = effectivePrice(p, result.picked);
  const currency = price?.currency ?? p.currency?.value ?? null;
  const selected = p.selectedVariantId
    ? p.variants.filter((v) => v.id === p.selectedVariantId)
    : [];
  const chosen = allVariants ? p.variants.filter((v) => v.id).slice(0, 100) : selected;
  return {
    url: result.analysis.url,
    platform: result.analysis.platform.platform,
    name: p.name?.value ?? '',
    brand: p.brand?.value ?? '',
    sku: p.sku?.value ?? '',
    gtin: p.gtin?.value ?? '',
    mpn: p.mpn?.value ?? '',
    image: p.image?.value ?? '',
    price: price?.amount ?? null,
    wasPrice: p.wasPrice?.value ?? null,
    currency,
    availability: p.availability?.value ?? 'Unknown',
    variants: chosen.map((v) => ({
      id: v.id!,
      name: v.name ?? v.options.join(' / '),
      sku: v.sku ?? '',
      gtin: v.gtin ?? '',
      price: v.price ?? null,
      wasPrice: v.wasPrice ?? null,
      currency: v.currency ?? currency,
      availability: v.availability ?? 'Unknown',
    })),
  };
}

/** The tracking section for the product shown in the panel. */
export function PanelTracking({ state }: { state: PanelState }) {
  const [info, setInfo] = useState<PageTracking | null>(null);
  const [due, setDue] = useState<Map<string, number | null>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [allVariants, setAllVariants] = useState(false);
  const url = state.result?.analysis.url ?? '';
  const product = state.result?.analysis.products[state.productIndex];

  const load = async () => {
    if (!url) return;
    setInfo(await send('tracking:page', { url }).catch(() => null));
    const overview = await send('tracking:overview').catch(() => null);
    if (overview) setDue(new Map(overview.rows.map((r) => [r.product.id, r.nextDueAt])));
  };
  // Again after every analysis (↻, a reload), so checks made meanwhile show.
  const analysedAt = state.result?.at;
  useEffect(() => {
    void load();
  }, [url, analysedAt]);

  if (!product) return null;
  const variantId = product.selectedVariantId ?? '';
  const entry =
    info?.tracked.find((t) => t.product.variantId === variantId) ?? info?.tracked[0] ?? null;
  const withIds = product.variants.filter((v) => v.id).length;

  const track = async () => {
    setBusy(true);
    const reply = await send('tracking:track', {
      input: trackInput(product, state, allVariants),
    }).catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    setBusy(false);
    if (typeof reply === 'string') {
      setNotice(reply);
      return;
    }
    setNotice(
      reply.permitted
        ? 'Tracking. Storelens re-checks this price on your schedule.'
        : `Tracking. Allow access to ${new URL(reply.origin).hostname} in the tab that just opened, so Storelens can re-check it.`,
    );
    await load();
  };

  return (
    <section class="sl-track" aria-label="Price tracking" data-testid="tracking-section">
      <style>{CHART_CSS}</style>
      {!entry && (
        <>
          {!variantId && withIds > 1 && (
            <label class="sl-muted">
              <input
                type="checkbox"
                checked={allVariants}
                onChange={(e) => setAllVariants((e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              Track all {withIds} variants
            </label>
          )}
          <button type="button" class="sl-btn" disabled={busy} onClick={() => void track()}>
            Track price
          </button>
        </>
      )}
      {entry && (
        <div data-testid="tracking-history">
          <p class="sl-muted">
            Tracked since {new Date(entry.product.createdAt).toLocaleDateString()} ·{' '}
            {entry.x.length} check
            {entry.x.length === 1 ? '' : 's'}
            {entry.check.lastError ? ' · last check failed: ' : ''}
            {entry.check.lastError && <span class="sl-error">{entry.check.lastError}</span>}
          </p>
          <p class="sl-muted" data-testid="next-check">
            {nextCheckText(due.get(entry.product.id), {
              paused: entry.product.paused || entry.check.stopped,
              permitted: info?.permitted ?? false,
              now: Date.now(),
            })}
          </p>
          {info && !info.permitted && (
            <p class="sl-error" role="status">
              No access to {new URL(info.origin).hostname}: re-checks wait until you allow it on the
              Competitors page.
            </p>
          )}
          <SeriesChart
            x={entry.x}
            price={entry.price}
            wasPrice={entry.wasPrice}
            inStock={entry.inStock}
            currency={entry.currency}
            own={(entry.match?.item && entry.ownHistory) || NO_OWN_PRICES}
            height={160}
          />
          {entry.match?.item && (
            <div data-testid="own-comparison">
              <p>
                Your product: {entry.match.item.title} (
                {entry.match.match.status === 'confirmed'
                  ? 'confirmed'
                  : `proposed, ${entry.match.match.method}`}
                )
              </p>
              <p>
                Your price {formatMoney(entry.match.item.price, entry.match.item.currency)}
                {entry.comparison && entry.comparison.differencePercent != null && (
                  <>
                    {' · theirs is '}
                    <strong class={entry.comparison.differencePercent < 0 ? 'sl-down' : 'sl-up'}>
                      {Math.abs(Math.round(entry.comparison.differencePercent * 10) / 10)}%{' '}
                      {entry.comparison.differencePercent < 0 ? 'lower' : 'higher'}
                    </strong>
                    {entry.comparison.unit ? ' per unit' : ''}
                    {entry.comparison.converted
                      ? ` (converted from ${entry.comparison.converted.from} at ${entry.comparison.converted.rate})`
                      : ''}
                  </>
                )}
              </p>
              {entry.comparisonError && <p class="sl-muted">{entry.comparisonError}</p>}
              {(entry.match.item.onHand != null || entry.match.item.daysOfCover != null) && (
                <p class="sl-muted">
                  Your stock: {entry.match.item.onHand ?? '—'}
                  {entry.match.item.daysOfCover != null
                    ? ` · ${Math.round(entry.match.item.daysOfCover)} days of cover`
                    : ''}
                </p>
              )}
            </div>
          )}
        </div>
      )}
      {notice && (
        <p class="sl-notice" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
