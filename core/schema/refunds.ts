/**
 * The refunds of one order, each with its own date and its own goods/shipping/tax split, as the
 * store connections read them from the platform (a Shopify Refund, a WooCommerce order refund).
 * Kept as one text cell of the order (`orderColumns.refunds`), so a refund travels, merges, undoes
 * and is checked with its order: a sync brings an order with all its refunds, and the order's
 * merge by id replaces them all at once (idempotent; a refund deleted on the platform goes too).
 * The order's own refund fields stay the sums (`refunded`, `refundedShipping`, `refundedTaxes`)
 * and the latest date (`refundedAt`), so everything that reads those still reconciles.
 *
 * Text form: refunds separated by ';', each `at,amount,shipping,taxes,lines` — `at` in UTC ms, the
 * amounts whole minor units of the order's currency, `shipping` and `taxes` empty when the
 * platform did not split that refund (a WooCommerce amount typed without lines), `lines` the
 * refunded units as `position:quantity` separated by spaces, where position is the line's index
 * among the order's lines as the connection wrote them (0-based, gift cards included).
 * '' = no dated refunds (every CSV import): the order's one refund is `refunded` on `refundedAt`.
 */
import { isSaneTime } from './common.ts';

export interface RefundEvent {
  /** UTC ms the refund was made (Shopify Refund.createdAt, WooCommerce date_created_gmt). */
  at: number;
  /** What the refund gave back, goods + shipping + taxes (minor units). */
  amount: number;
  /** Its shipping and tax parts; null when the platform did not split it. */
  shipping: number | null;
  taxes: number | null;
  /** Units refunded per order line, by the line's index in the order (empty: none). */
  lines: ReadonlyMap<number, number>;
}

/** The text cell of a list of refunds, oldest first. */
export function formatRefunds(list: readonly RefundEvent[]): string {
  return [...list]
    .sort((a, b) => a.at - b.at)
    .map((r) => {
      const lines = [...r.lines]
        .filter(([, q]) => q > 0)
        .map(([pos, q]) => `${pos}:${q}`)
        .join(' ');
      return [r.at, r.amount, r.shipping ?? '', r.taxes ?? '', lines].join(',');
    })
    .join(';');
}

const whole = (s: string) => /^\d{1,15}$/.test(s);

/**
 * Why a refunds cell is not valid, in words, or null when it is (a bundle's cell is checked
 * before anything is stored).
 */
export function refundsProblem(s: string, now = Date.now()): string | null {
  if (s === '') return null;
  const parts = s.split(';');
  for (let k = 0; k < parts.length; k++) {
    const f = parts[k]!.split(',');
    const which = parts.length > 1 ? `refund ${k + 1}` : 'the refund';
    if (f.length !== 5) return `${which} must be "date,amount,shipping,taxes,lines"`;
    if (!whole(f[0]!) || !isSaneTime(Number(f[0]), now))
      return `${which} has no date from 1990 up to two years from now`;
    if (!whole(f[1]!)) return `${which} has no whole amount in minor units`;
    if ((f[2] !== '' && !whole(f[2]!)) || (f[3] !== '' && !whole(f[3]!)))
      return `${which} has a shipping or tax part that is not a whole amount in minor units`;
    if ((f[2] === '') !== (f[3] === ''))
      return `${which} must give both its shipping and tax parts, or neither`;
    if (f[4] !== '' && !f[4]!.split(' ').every((x) => /^\d{1,6}:\d{1,9}$/.test(x)))
      return `${which} has refunded lines that are not "position:quantity"`;
  }
  return null;
}
