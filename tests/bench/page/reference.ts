/**
 * Reference totals for the bench's checks, computed row by row straight from the generated
 * columns with Intl for the store's days: deliberately not core/analytics' code path.
 * Semantics (REFERENCE.md, Shopify): a sale counts on its local order day; a return on its local
 * refund day, and returns are the goods only: a cancellation or a full refund returns the whole
 * total less shipping and taxes, a partial refund (the generator never splits one) its share of
 * that; money converted to USD with the month's EUR rate. A returning customer has an order in the
 * period that is not their first (Shopify's customer type, per order).
 */
import type { DemoStore } from '../../../core/demo/index.ts';

export interface RangePair {
  current: { start: string; end: string };
  previous: { start: string; end: string };
}

export interface RefKpis {
  orders: number;
  grossSales: number;
  discounts: number;
  returns: number;
  netSales: number;
  units: number;
  customers: number;
  newCustomers: number;
  returningCustomers: number;
}

const HOUR = 3_600_000;

/** The median of some timings (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Local calendar day (YYYY-MM-DD) of a UTC time in a timezone, one Intl call per hour. */
export function dayFn(timezone: string): (t: number) => string {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const cache = new Map<number, string>();
  // Timezone offsets change on whole UTC hours, so one lookup per hour is exact.
  return (t) => {
    const h = Math.floor(t / HOUR);
    let d = cache.get(h);
    if (d === undefined) cache.set(h, (d = fmt.format(new Date(h * HOUR))));
    return d;
  };
}

/** KPIs of the current and previous period of a range pair. */
export function referenceKpis(
  store: DemoStore,
  pair: RangePair,
): { current: RefKpis; previous: RefKpis } {
  const O = store.orders.columns;
  const L = store.lines.columns;
  const day = dayFn(store.settings.timezone);
  const rate = new Map(store.settings.fxRates.map((r) => [r.month, r.rate]));
  const n = store.orders.length;
  const orderDay: string[] = new Array(n);
  const f = new Float64Array(n);
  const gross = new Float64Array(n);
  const units = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    orderDay[i] = day(O.createdAt[i]!);
    f[i] =
      O.currency.dict[O.currency.codes[i]!] === 'EUR' ? rate.get(orderDay[i]!.slice(0, 7))! : 1;
  }
  for (let j = 0; j < store.lines.length; j++) {
    const i = L.orderId.codes[j]!; // the generator's line → order code is the order's row
    gross[i]! += L.quantity[j]! * L.unitPrice[j]!;
    units[i]! += L.quantity[j]!;
  }
  const firstDay = new Map<number, string>();
  const firstOrder = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = O.customerKey.codes[i]!;
    const d = orderDay[i]!;
    const had = firstDay.get(c);
    if (had === undefined || d < had) firstDay.set(c, d);
    const fo = firstOrder.get(c);
    if (fo === undefined || O.createdAt[i]! < O.createdAt[fo]!) firstOrder.set(c, i);
  }
  const kpis = (r: { start: string; end: string }): RefKpis => {
    const k: RefKpis = {
      orders: 0,
      grossSales: 0,
      discounts: 0,
      returns: 0,
      netSales: 0,
      units: 0,
      customers: 0,
      newCustomers: 0,
      returningCustomers: 0,
    };
    const seen = new Set<number>();
    const returning = new Set<number>();
    for (let i = 0; i < n; i++) {
      const d = orderDay[i]!;
      if (d >= r.start && d <= r.end) {
        k.orders++;
        k.grossSales += gross[i]! * f[i]!;
        k.discounts += O.discounts[i]! * f[i]!;
        k.units += units[i]!;
        const c = O.customerKey.codes[i]!;
        if (!seen.has(c)) {
          seen.add(c);
          k.customers++;
          if (firstDay.get(c)! >= r.start) k.newCustomers++;
        }
        if (firstOrder.get(c) !== i && !returning.has(c)) {
          returning.add(c);
          k.returningCustomers++;
        }
      }
      const cancelled = !Number.isNaN(O.cancelledAt[i]!);
      const refunded = O.refunded[i]!;
      if (cancelled || refunded > 0) {
        const total = O.total[i]!;
        const share = cancelled || refunded >= total ? 1 : refunded / total;
        const rd = day(cancelled ? O.cancelledAt[i]! : O.refundedAt[i]!);
        if (rd >= r.start && rd <= r.end)
          k.returns += share * (total - O.shipping[i]! - O.taxes[i]!) * f[i]!;
      }
    }
    k.netSales = k.grossSales - k.discounts - k.returns;
    return k;
  };
  return { current: kpis(pair.current), previous: kpis(pair.previous) };
}

/** Customers per first-order month (store timezone), counted row by row: the cohort sizes. */
export function referenceCohorts(store: DemoStore): {
  customers: number;
  sizes: Record<string, number>;
} {
  const O = store.orders.columns;
  const day = dayFn(store.settings.timezone);
  const first = new Map<number, string>();
  for (let i = 0; i < store.orders.length; i++) {
    const c = O.customerKey.codes[i]!;
    const d = day(O.createdAt[i]!);
    const had = first.get(c);
    if (had === undefined || d < had) first.set(c, d);
  }
  const sizes: Record<string, number> = {};
  for (const d of first.values()) sizes[d.slice(0, 7)] = (sizes[d.slice(0, 7)] ?? 0) + 1;
  return { customers: first.size, sizes };
}
