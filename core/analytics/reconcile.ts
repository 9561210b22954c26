/**
 * Reconcile a figure with the platform's (issue 13): the manager types the number their platform
 * shows for the same period; each choice on which platforms and tools differ is applied on its own
 * (refund dating, shipping and taxes in or out, gift cards, cancelled orders, the day cut in UTC
 * or in the device's timezone, orders in other currencies),
 * with the amount it moves the figure, and the combination that comes closest to the platform's
 * figure is named. What no choice explains is shown, never hidden.
 */
import { createDataset, fxAt, type Dataset } from './dataset.ts';
import { hasValue } from './sparse.ts';
import { dayMeasures, kpisOf, type Kpis } from './sales.ts';
import { rangeDays, scan, type Query, type Unconverted } from './scan.ts';

export const RECONCILE_METRICS = [
  'netSales',
  'totalSales',
  'grossSales',
  'returns',
  'orders',
] as const;
export type ReconcileMetric = (typeof RECONCILE_METRICS)[number];

export type ReconcileChoiceId =
  'refundDating' | 'shippingTaxes' | 'giftCards' | 'cancelled' | 'utc' | 'deviceZone' | 'currency';

export interface ReconcileChoice {
  id: ReconcileChoiceId;
  /** The choice in words: "Refunds dated by order day instead of refund day". */
  label: string;
  /** Our figure under this choice alone, and how far it moves ours (value − ours). */
  value: number;
  delta: number;
}

export interface ReconcileResult {
  metric: ReconcileMetric;
  /** Money in reporting minor units (counts for orders). */
  ours: number;
  platform: number;
  /** platform − ours. */
  gap: number;
  /** Every choice that moves the figure, largest move first. */
  choices: ReconcileChoice[];
  /** The choices whose moves together come closest to the gap (empty when none helps). */
  explainedBy: ReconcileChoiceId[];
  explained: number;
  /** gap − explained: what no choice accounts for. */
  unexplained: number;
  /** Sales left out for want of an FX rate, per currency (never summed into ours). */
  unconverted: Unconverted[];
}

const value = (k: Kpis, m: ReconcileMetric): number => k[m];

function kpisOfRange(ds: Dataset, q: Query, dating: 'refund' | 'order') {
  const [s, e] = rangeDays(q.range);
  const m = dayMeasures(ds, s, e, q.filters, dating);
  return { k: kpisOf(ds, m, q.filters), unconverted: m.unconverted };
}

/** What cancelled orders add to each measure of the period (sales on their day, returns on the cancel day). */
function cancelledPart(ds: Dataset, q: Query, dating: 'refund' | 'order') {
  const [s, e] = rangeDays(q.range);
  const oc = ds.orders.columns;
  const cancelled = (i: number) => hasValue(oc.cancelledAt, i);
  const p = { gross: 0, discounts: 0, shipping: 0, taxes: 0, orders: 0, returns: 0 };
  scan(
    ds,
    s,
    e,
    q.filters,
    dating,
    {
      order(i, _slot, f) {
        if (!cancelled(i)) return;
        p.gross += ds.gross[i]! * f;
        p.discounts += oc.discounts[i]! * f;
        p.shipping += oc.shipping[i]! * f;
        p.taxes += oc.taxes[i]! * f;
        p.orders++;
      },
      orderReturn(i, _slot, amount, _f, shipping, taxes) {
        if (!cancelled(i)) return;
        p.returns += amount;
        p.shipping -= shipping;
        p.taxes -= taxes;
      },
    },
    false,
  );
  return p;
}

export interface ReconcileOptions {
  /** The device's IANA timezone (a tool reporting in the browser's zone cuts days there). */
  deviceZone?: string;
}

/** The currencies other than the reporting one among the period's orders that were converted. */
function foreignCurrencies(ds: Dataset, q: Query): string[] {
  const [s, e] = rangeDays(q.range);
  const oc = ds.orders.columns;
  const seen = new Set<string>();
  scan(
    ds,
    s,
    e,
    q.filters,
    'order',
    {
      order(i) {
        const c = oc.currency.dict[oc.currency.codes[i]!] ?? '';
        if (c && c !== ds.currency && Number.isFinite(fxAt(ds.fx, i))) seen.add(c);
      },
    },
    false,
  );
  return [...seen].sort();
}

/** Our figure for `q` next to the platform's, with every choice that could explain the gap. */
export function reconcile(
  ds: Dataset,
  q: Query,
  metric: ReconcileMetric,
  platform: number,
  options: ReconcileOptions = {},
): ReconcileResult {
  const dating = q.refundDating ?? ds.refundDating;
  const { k, unconverted } = kpisOfRange(ds, q, dating);
  const ours = value(k, metric);
  const choices: ReconcileChoice[] = [];
  const add = (id: ReconcileChoiceId, label: string, v: number) => {
    if (Math.abs(v - ours) >= 0.5) choices.push({ id, label, value: v, delta: v - ours });
  };

  const other = dating === 'refund' ? 'order' : 'refund';
  add(
    'refundDating',
    other === 'order'
      ? 'Returns dated by their order day instead of the day they were refunded'
      : 'Returns dated by the day they were refunded instead of their order day',
    value(kpisOfRange(ds, q, other).k, metric),
  );
  if (metric === 'netSales')
    add('shippingTaxes', 'Shipping and taxes counted in (as in total sales)', k.totalSales);
  if (metric === 'totalSales')
    add('shippingTaxes', 'Shipping and taxes left out (as in net sales)', k.netSales);
  if (metric !== 'returns' && metric !== 'orders')
    add('giftCards', 'Gift cards sold counted as sales', ours + k.giftCards);

  const c = cancelledPart(ds, q, dating);
  const cancelledMove: Record<ReconcileMetric, number> = {
    grossSales: -c.gross,
    returns: -c.returns,
    netSales: -(c.gross - c.discounts - c.returns),
    totalSales: -(c.gross - c.discounts - c.returns + c.shipping + c.taxes),
    orders: -c.orders,
  };
  add(
    'cancelled',
    'Cancelled orders left out altogether (neither a sale nor a return)',
    ours + cancelledMove[metric],
  );

  const inZone = (timezone: string) =>
    value(
      kpisOfRange(
        createDataset({ ...ds.input, settings: { ...ds.input.settings, timezone } }),
        q,
        dating,
      ).k,
      metric,
    );
  if (ds.timezone !== 'UTC')
    add(
      'utc',
      `Days cut at midnight UTC instead of the store's timezone (${ds.timezone})`,
      inZone('UTC'),
    );
  const device = options.deviceZone;
  if (device && device !== ds.timezone && device !== 'UTC')
    add(
      'deviceZone',
      `Days cut in this device's timezone (${device}) instead of the store's (${ds.timezone})`,
      inZone(device),
    );

  // Orders in another currency are converted at the rates in Settings; a platform reporting in one
  // currency (or converting at the day's rate) differs by up to their whole converted amount.
  const foreign = foreignCurrencies(ds, q);
  if (foreign.length > 0) {
    const onlyReporting = createDataset({
      ...ds.input,
      settings: { ...ds.input.settings, fxRates: [] },
    });
    add(
      'currency',
      `Orders in ${foreign.join(', ')} left out (converted at your rates in Settings; a platform reporting in ${ds.currency} only, or at another rate, differs by up to this)`,
      value(kpisOfRange(onlyReporting, q, dating).k, metric),
    );
  }
  choices.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));

  // The subset of choices whose moves add up closest to the gap (fewest choices on a tie).
  const gap = platform - ours;
  let best: ReconcileChoice[] = [];
  let bestLeft = Math.abs(gap);
  for (let mask = 1; mask < 1 << choices.length; mask++) {
    const pick = choices.filter((_, i) => mask & (1 << i));
    const left = Math.abs(gap - pick.reduce((s, x) => s + x.delta, 0));
    if (
      left < bestLeft - 1e-9 ||
      (Math.abs(left - bestLeft) <= 1e-9 && pick.length < best.length)
    ) {
      best = pick;
      bestLeft = left;
    }
  }
  const explained = best.reduce((s, x) => s + x.delta, 0);
  return {
    metric,
    ours,
    platform,
    gap,
    choices,
    explainedBy: best.map((x) => x.id),
    explained,
    unexplained: gap - explained,
    unconverted,
  };
}
