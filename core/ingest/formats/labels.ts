import type { LabelCost } from '../../schema/store.ts';
import { parseDay } from '../dates.ts';
import { IngestError } from '../errors.ts';
import { str, type Context, type Sink } from './context.ts';

/** The order-number columns of label tools' shipment exports (compared loosely). */
export const LABEL_ORDER = /^(order ?#|order number|order no\.?|order id|order)$/;
/** The label-cost columns: ShipStation "Shipment Cost", Pirate Ship "Cost", Shippo "Rate"... */
export const LABEL_COST =
  /^(shipment cost|ship cost|shipping cost|label cost|label fee|postage cost|postage|total cost|cost|rate)$/;

/** An order number as label tools and stores write it, compared without a leading '#': "#1001" is "1001". */
export function orderNumberKey(s: string): string {
  return s.trim().replace(/^#/, '').trim();
}

/**
 * A label tool's shipments export (ShipStation, Shippo, Pirate Ship and the like): per row an
 * order number and what the carrier charged for its label, optionally the ship day, carrier and
 * tracking number. Amounts are in the file's 'Currency' column, else the store currency. Rows of
 * the same order, tracking number and day are summed; a void or refunded label is a row with its
 * own (negative) amount. Costs replace the shipping cost rules for their orders on the Profit
 * screen.
 */
export function labelCostsSink(ctx: Context): Sink {
  const c = {
    order: ctx.colMatch(LABEL_ORDER),
    cost: ctx.colMatch(LABEL_COST),
    date: ctx.colMatch(
      /^(ship date|shipped|shipped on|date shipped|label date|created date|date|created)$/,
    ),
    carrier: ctx.colMatch(/^(carrier|provider|shipping provider|courier)$/),
    tracking: ctx.colMatch(/^(tracking ?#|tracking number|tracking no\.?|tracking)$/),
    currency: ctx.col('Currency', 'Currency code'),
  };
  const fallback = (ctx.options.reportingCurrency ?? '').toUpperCase();
  if (c.currency < 0 && !/^[A-Z]{3}$/.test(fallback)) {
    throw new IngestError(
      'bad-option',
      `This label-cost file does not say its currency (no 'Currency' column). Choose the currency the carrier charged in, then import the file again.`,
    );
  }
  const byKey = new Map<string, LabelCost>();
  let undated = 0;
  return {
    want: ctx.wantOf(Object.values(c)),
    row(f, row) {
      const orderRaw = str(f, c.order);
      if (orderRaw === '' && str(f, c.cost) === '') {
        ctx.skip(row, c.order, 'No order number and no cost: not a label.');
        return;
      }
      const before = ctx.errors.length;
      const orderNumber = orderNumberKey(orderRaw);
      if (orderNumber === '')
        ctx.error(
          row,
          c.order,
          `'${ctx.name(c.order)}' is empty: the label's cost cannot be matched to an order. Fill in the order number, or remove the row.`,
        );
      const currency = ctx.currency(f, c.currency, row, fallback);
      if (str(f, c.cost) === '')
        ctx.error(
          row,
          c.cost,
          `'${ctx.name(c.cost)}' is empty: the label has no cost. Fill it in (0 for a free label), or remove the row.`,
        );
      const cost = ctx.money(f, c.cost, row, currency ? ctx.digits(currency) : 2);
      if (ctx.errors.length > before) {
        ctx.rejected++;
        return;
      }
      const dateRaw = str(f, c.date);
      const shippedOn = dateRaw ? parseDay(dateRaw, ctx.options.dateFormat) : '';
      if (dateRaw && !shippedOn) undated++;
      const tracking = str(f, c.tracking);
      const key = `${orderNumber}\u0000${tracking}\u0000${shippedOn}\u0000${currency}`;
      const had = byKey.get(key);
      if (had) had.cost += cost;
      else
        byKey.set(key, {
          orderNumber: orderNumber.slice(0, 200),
          shippedOn,
          carrier: str(f, c.carrier).slice(0, 200),
          tracking: tracking.slice(0, 200),
          cost,
          currency,
        });
    },
    finish() {
      if (undated > 0)
        ctx.warnings.push(
          `${undated} ship date${undated === 1 ? '' : 's'} in '${ctx.name(c.date)}' could not be read as a day; ${undated === 1 ? 'its label is' : 'those labels are'} kept without one (the cost still counts for ${undated === 1 ? 'its' : 'their'} order).`,
        );
      return { labels: [...byKey.values()] };
    },
  };
}
