import { lineColumns, orderColumns } from '../../schema/columns.ts';
import { buildTable, own, tableBuilder, truncateTable } from '../builders.ts';
import { channelOf } from '../channel.ts';
import { customerKeyOf } from '../hash.ts';
import { clip, country, str, wholeNumber, type Context, type Sink } from './context.ts';

/**
 * Shopify's orders export has no gift-card column: a gift card is Shopify's own "Gift Card"
 * product (its line named "Gift Card" or "Gift Card - $25"), which never requires shipping.
 */
function giftCard(title: string, requiresShipping: string): boolean {
  return /^gift ?card\b/i.test(title) && requiresShipping.toLowerCase() !== 'true';
}

/**
 * Shopify's orders export: one row per line item; order fields (status, money, dates) only on the
 * order's first row, the order name repeated on every row.
 *
 * Rows are validated by hand-written checks equal to `orderSchema` / `lineSchema` (non-empty id,
 * integer UTC ms, ISO currency, safe-integer minor units, integer quantity) instead of zod.parse
 * per row: zod allocates per row and would cost more than parsing itself at 30+ MB/s. Rows go
 * straight into column builders; no row objects are made.
 */
export function shopifyOrdersSink(ctx: Context): Sink {
  const c = {
    name: ctx.col('Name'),
    email: ctx.col('Email'),
    financial: ctx.col('Financial Status'),
    fulfillment: ctx.col('Fulfillment Status'),
    currency: ctx.col('Currency'),
    subtotal: ctx.col('Subtotal'),
    shipping: ctx.col('Shipping'),
    taxes: ctx.col('Taxes'),
    total: ctx.col('Total'),
    discountCode: ctx.col('Discount Code'),
    discountAmount: ctx.col('Discount Amount'),
    createdAt: ctx.col('Created at'),
    paidAt: ctx.col('Paid at'),
    qty: ctx.col('Lineitem quantity'),
    lineName: ctx.col('Lineitem name'),
    linePrice: ctx.col('Lineitem price'),
    lineSku: ctx.col('Lineitem sku'),
    lineDiscount: ctx.col('Lineitem discount'),
    lineShipping: ctx.col('Lineitem requires shipping'),
    refunded: ctx.col('Refunded Amount'),
    cancelledAt: ctx.col('Cancelled at'),
    source: ctx.col('Source'),
    id: ctx.col('Id'),
    customerId: ctx.col('Customer ID', 'Customer Id'),
    billingCountry: ctx.col('Billing Country'),
    shippingCountry: ctx.col('Shipping Country'),
    vendor: ctx.col('Vendor'),
    gateway: ctx.col('Payment Method'),
  };
  const want = ctx.wantOf(Object.values(c));
  // A report with a subset of Shopify's columns may have no line items at all: orders only.
  const noLines = c.qty < 0 && c.linePrice < 0;
  const o = tableBuilder(orderColumns);
  const l = tableBuilder(lineColumns);
  const emails: string[] | null = ctx.options.keepEmails ? [] : null;
  const salt = ctx.options.salt ?? '';
  const fallbackCurrency = (
    ctx.options.fileCurrency ??
    ctx.options.reportingCurrency ??
    ''
  ).toUpperCase();
  const firstRows: number[] = [];
  const customerCodes = new Map<string, number>();
  const skuCache = new Map<
    string,
    { sku: number; title: string; titleCode: number; vendor: string; vendorCode: number }
  >();
  const channels = new Map<string, string>();
  const channel = (source: string): string => {
    let ch = channels.get(source);
    if (ch === undefined) channels.set(own(source), (ch = channelOf({ source })));
    return ch;
  };

  // Orders whose Total − Shipping − Taxes is not their Subtotal, and of those, how many are
  // tax-inclusive (Subtotal + Shipping = Total): said once the file is read.
  let subtotalGaps = 0;
  let taxInclusive = 0;
  let curName = '';
  let curRow = 0;
  let curOk = false;
  // Where the current order's lines start, and how many of its rows were taken: an order with a
  // row that cannot be read is dropped whole (its total would not match its lines, and a re-import
  // would replace the stored order by a part of it).
  let curLineStart = 0;
  let curTaken = 0;
  // Why the current order was rejected (shown on its later rows).
  let curReason = '';
  let curCode = 0;
  let curCreated = 0;
  let curCurrency = '';
  let curDigits = 2;

  function startOrder(f: string[], row: number, name: string): boolean {
    const errorsBefore = ctx.errors.length;
    const id = str(f, c.id) || name;
    // The id dictionary doubles as the set of orders seen (one lookup instead of three).
    const code = o.id.codeOf(id);
    if (code !== undefined) {
      const firstRow = firstRows[code]!;
      ctx.error(
        row,
        c.name,
        `Order '${clip(name)}' appears again after other orders (first on row ${ctx.rowRef(firstRow)}). Keep each order's rows together, as Shopify writes them.`,
      );
      return false;
    }
    const created = ctx.time(f, c.createdAt, row);
    if (c.createdAt >= 0 && f[c.createdAt] === '')
      ctx.error(row, c.createdAt, `'Created at' is empty. Every order needs its date.`);
    const currency = ctx.currency(f, c.currency, row, fallbackCurrency);
    if (currency === '' && (c.currency < 0 || f[c.currency]!.trim() === '')) {
      ctx.error(
        row,
        c.currency,
        `'Currency' is empty. Set the order's currency (e.g. USD), or choose the store currency before importing.`,
      );
    }
    const digits = currency ? ctx.digits(currency) : 2;
    const subtotal = ctx.money(f, c.subtotal, row, digits);
    const shipping = ctx.money(f, c.shipping, row, digits);
    const taxes = ctx.money(f, c.taxes, row, digits);
    const total = ctx.money(f, c.total, row, digits);
    const discounts = ctx.money(f, c.discountAmount, row, digits);
    const refunded = ctx.money(f, c.refunded, row, digits);
    const cancelledAt = ctx.time(f, c.cancelledAt, row);
    // Not stored, but a broken 'Paid at' means the file's dates were mangled (e.g. by a spreadsheet).
    // Mostly it is the order's 'Created at', read just above.
    if (c.paidAt >= 0 && f[c.paidAt] !== f[c.createdAt]) ctx.time(f, c.paidAt, row);
    if (
      ctx.errors.length > errorsBefore ||
      Number.isNaN(created + subtotal + shipping + taxes + total + discounts + refunded)
    ) {
      return false;
    }
    if (c.subtotal >= 0 && Math.abs(total - shipping - taxes - subtotal) > 1) {
      subtotalGaps++;
      if (Math.abs(subtotal + shipping - total) <= 1) taxInclusive++;
    }
    curCreated = created;
    curCurrency = currency;
    curDigits = digits;
    curLineStart = l.orderId.length;
    curTaken = 0;
    const email = str(f, c.email);
    curCode = o.id.pushNew(id);
    firstRows.push(row);
    o.number.push(name);
    o.createdAt.push(created);
    // Customers order again and again: cache their key's dictionary code by email (or id),
    // which skips both hashing and the dictionary lookup for repeat customers.
    const who = str(f, c.customerId) || email;
    const known = customerCodes.get(who);
    if (known !== undefined) o.customerKey.pushCode(known);
    else {
      o.customerKey.push(customerKeyOf(who, salt));
      customerCodes.set(own(who), o.customerKey.lastPushedCode);
    }
    o.currency.push(currency);
    o.subtotal.push(subtotal);
    o.discounts.push(Math.abs(discounts));
    o.shipping.push(shipping);
    o.taxes.push(taxes);
    o.total.push(total);
    o.refunded.push(Math.abs(refunded));
    o.refundedAt.push(NaN);
    o.refundedShipping.push(NaN);
    o.refundedTaxes.push(NaN);
    o.kind.push('order');
    o.financialStatus.push(str(f, c.financial).toLowerCase());
    o.fulfillmentStatus.push(str(f, c.fulfillment).toLowerCase());
    o.cancelledAt.push(cancelledAt);
    o.channel.push(channel(str(f, c.source)));
    o.utmSource.push('');
    o.utmMedium.push('');
    o.utmCampaign.push('');
    o.referrer.push('');
    o.landingPage.push('');
    o.discountCode.push(str(f, c.discountCode));
    o.country.push(country(str(f, c.billingCountry)) || country(str(f, c.shippingCountry)));
    o.gateway.push(clip(str(f, c.gateway)));
    // The export has one refund per order, undated: no refunds of their own.
    o.refunds.push('');
    emails?.push(own(email.toLowerCase()));
    return true;
  }

  function addLine(f: string[], row: number): boolean {
    const errorsBefore = ctx.errors.length;
    let qty = NaN;
    const qs = c.qty >= 0 ? f[c.qty]!.trim() : '';
    if (qs === '')
      ctx.error(
        row,
        c.qty,
        `'Lineitem quantity' is empty. Each row is one line item and needs its quantity.`,
      );
    else {
      qty = wholeNumber(ctx, f, c.qty, row) ?? NaN;
      if (qty < 0) {
        ctx.error(
          row,
          c.qty,
          `'Lineitem quantity' is negative (got '${qs}'). Quantities must be 0 or more; Shopify records returns as refunds, not negative lines.`,
        );
      }
    }
    if (c.linePrice >= 0 && f[c.linePrice] === '')
      ctx.error(
        row,
        c.linePrice,
        `'Lineitem price' is empty. Each line item needs its unit price.`,
      );
    const price = ctx.money(f, c.linePrice, row, curDigits, NaN);
    const discount = ctx.money(f, c.lineDiscount, row, curDigits);
    if (ctx.errors.length > errorsBefore || Number.isNaN(qty + price + discount) || qty < 0)
      return false;
    // The order's id code: lines share the orders' id dictionary (set at finish), no lookup.
    l.orderId.pushCode(curCode);
    l.createdAt.push(curCreated);
    // A SKU nearly always comes with the same title and vendor: one lookup by SKU, then cheap
    // equality checks, instead of three dictionary lookups per line.
    const sku = str(f, c.lineSku);
    const title = str(f, c.lineName);
    const vendor = str(f, c.vendor);
    const known = skuCache.get(sku);
    if (known !== undefined && known.title === title && known.vendor === vendor) {
      l.sku.pushCode(known.sku);
      l.title.pushCode(known.titleCode);
      l.vendor.pushCode(known.vendorCode);
    } else {
      l.sku.push(sku);
      l.title.push(title);
      l.vendor.push(vendor);
      skuCache.set(own(sku), {
        sku: l.sku.lastPushedCode,
        title: own(title),
        titleCode: l.title.lastPushedCode,
        vendor: own(vendor),
        vendorCode: l.vendor.lastPushedCode,
      });
    }
    l.productId.push('');
    l.variantId.push('');
    l.productType.push('');
    l.quantity.push(qty);
    l.unitPrice.push(price);
    l.discount.push(Math.abs(discount));
    l.refundedQuantity.push(0);
    l.giftCard.push(giftCard(title, str(f, c.lineShipping)) ? 1 : 0);
    l.currency.push(curCurrency);
    return true;
  }

  /**
   * Drops the current order with the rows taken so far, because its row `row` was rejected
   * (`unread`: the reader could not split it into the header's columns).
   */
  function dropOrder(row: number, unread: boolean): void {
    curOk = false;
    curReason = `its row ${ctx.rowRef(row)} ${unread ? 'could not be read' : 'was rejected'}`;
    truncateTable(o, o.id.length - 1);
    truncateTable(l, curLineStart);
    emails?.pop();
    if (curTaken === 0) return;
    ctx.rejected += curTaken;
    ctx.errorBefore(
      curRow,
      c.name,
      `Order '${clip(curName)}' was not imported: ${curReason}. An order is imported with all its rows or not at all; fix row ${ctx.rowRef(row)} and import again.`,
    );
  }

  return {
    want,
    ...(c.name >= 0 && { group: c.name }),
    row(f, row) {
      const name = str(f, c.name);
      if (name === '') {
        ctx.error(
          row,
          c.name,
          `'Name' (the order number) is empty. Every row needs the order it belongs to.`,
        );
        ctx.rejected++;
        return;
      }
      if (name !== curName) {
        curName = name;
        curRow = row;
        curOk = startOrder(f, row, name);
        if (!curOk) {
          curReason = `its first row ${ctx.rowRef(row)} was rejected`;
          ctx.rejected++;
          return;
        }
      } else if (!curOk) {
        ctx.error(
          row,
          c.name,
          `Skipped: order '${clip(name)}' was not imported (${curReason}). Fix that row and import again.`,
        );
        ctx.rejected++;
        return;
      }
      if (noLines || addLine(f, row)) curTaken++;
      else {
        ctx.rejected++;
        dropOrder(row, false);
      }
    },
    reject(name, row) {
      if (name === curName) {
        if (curOk) dropOrder(row, true);
        return;
      }
      // The order's first row could not be read: its other rows must not become an order of their own.
      curName = name;
      curRow = row;
      curOk = false;
      curReason = `its first row ${ctx.rowRef(row)} could not be read`;
    },
    finish() {
      if (c.discountAmount < 0 && o.id.length > 0)
        ctx.warnings.push(
          `This file has no 'Discount Amount' column: discounts read as 0, so gross sales are net of any discounts given.`,
        );
      // No counts in these notes: a big file is read in ranges whose notes must agree.
      if (subtotalGaps > 0)
        ctx.warnings.push(
          taxInclusive === subtotalGaps
            ? `In this file Subtotal + Shipping = Total: the prices include taxes. Net sales are read as Total − Shipping − Taxes, without the taxes, as Shopify reports them.`
            : `In some orders Total − Shipping − Taxes differs from Subtotal (tips, duties or prices that include taxes). Net sales are read from Total − Shipping − Taxes, not from Subtotal.`,
        );
      const ordersTable = buildTable(orderColumns, o);
      const linesTable = buildTable(lineColumns, l);
      // Every line's order id is an accepted order's: one dictionary (an order whose lines were
      // all rejected leaves an unused entry, which is harmless).
      linesTable.columns.orderId.dict = ordersTable.columns.id.dict.slice();
      return {
        ordersTable,
        ...(!noLines && { linesTable }),
        ...(emails && { orderEmails: emails }),
      };
    },
  };
}
