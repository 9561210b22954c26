/**
 * The in-memory dataset: raw columns plus everything precomputed once so that a query (range,
 * comparison, filters) is a loop over the orders of the days in range, never over all rows.
 */
import type {
  DatasetLinesColumns,
  DatasetOrdersColumns,
  ExperimentLike,
  LinesColumns,
  OrdersColumns,
  ProductLike,
  SettingsLike,
  IntCol,
  NumCol,
  SparseCol,
  SparseOrderColumn,
  SpendColumns,
  StrCol,
  Table,
  TargetLike,
  TrafficColumns,
} from './types.ts';
import { NO_DAY, dayOf, isoMonthOf, localDays, monthOf } from '../time/index.ts';
import { hasValue, sparse, subtractValues, valueAt } from './sparse.ts';
import { narrowInts, wholeCents } from './width.ts';

export interface DatasetInput {
  /** As read from storage, or a dataset's own orders (their refund and cancel columns sparse). */
  orders: Table<OrdersColumns | DatasetOrdersColumns>;
  lines: Table<LinesColumns | DatasetLinesColumns>;
  traffic?: Table<TrafficColumns>;
  spend?: Table<SpendColumns>;
  products?: ProductLike[];
  experiments?: ExperimentLike[];
  targets?: TargetLike[];
  settings: SettingsLike;
  /** UTC ms "today" for inventory and targets; default the latest order time. */
  now?: number;
}

/** Precomputed state shared by every analytics function. Treat as read-only. */
export interface Dataset {
  input: DatasetInput;
  orders: Table<DatasetOrdersColumns>;
  lines: Table<DatasetLinesColumns>;
  products: ProductLike[];
  /** Reporting currency. */
  currency: string;
  timezone: string;
  refundDating: 'refund' | 'order';
  /** "Today" as UTC ms and as a local day. */
  now: number;
  nowDay: number;
  /** First and last local day with an order (NO_DAY when there are none). */
  firstDay: number;
  lastDay: number;
  /** Latest order timestamp (null when empty). */
  dataAsOf: number | null;

  /** Local day of each order (NO_DAY when createdAt is missing). */
  orderDay: Int32Array;
  /**
   * Minor units of the order's currency → minor units of the reporting currency; NaN = no rate.
   * Read with `fxAt`: one factor per currency and month, and per order its code.
   */
  fx: FxColumn;
  /**
   * Per order, in the order's own currency (minor units). Gross excludes gift cards. Whole cents
   * in an Int32Array when every order's fit (width.ts), as the store holds the order amounts.
   */
  gross: NumCol;
  /**
   * Value of the goods returned (never refunded shipping or taxes, never gift cards). This and
   * the other per-order and per-line values that are 0 on most rows are sparse (read them with
   * `valueAt`, sparse.ts): a few orders of a store are returned, fewer sell gift cards.
   */
  returnAmount: SparseCol;
  /** The refunded shipping and taxes, which reduce Shipping and Taxes, not net sales. */
  returnShipping: SparseCol;
  returnTaxes: SparseCol;
  /** Gift cards sold on the order (a liability until redeemed, never a sale). */
  giftCards: SparseCol;
  /** 1 for a credit note (kind 'return'): its refund counts, it is never an order. */
  creditNote: Uint8Array;
  /** Per order, how its refund's goods value was found (REFUND_RULES index; 0 = no refund). */
  refundRule: Uint8Array;
  /**
   * Local day the return counts on under refund dating, the latest refund's when the order has
   * several (NO_DAY when nothing is returned). Each refund's own day is in the return events.
   */
  returnDay: SparseCol;
  /** Units ordered per order (sum of line quantities), at the width the counts need. */
  units: IntCol;
  /** Orders sorted by day: `byDay[dayStart[d - firstDay] .. dayStart[d - firstDay + 1])`. */
  byDay: Int32Array;
  dayStart: Int32Array;
  /**
   * Return events, what refund dating counts on each day: one per returned order (its whole
   * return on `returnDay`), or for an order whose refunds have their own dates (a store
   * connection's `refunds`) one per local day with a refund, each with that day's goods, shipping
   * and taxes. Per order the events sum to `returnAmount`, `returnShipping` and `returnTaxes`
   * exactly, so order dating and refund dating reconcile. Own currency, minor units.
   */
  retOrder: Int32Array;
  retGoods: Float64Array;
  retShipping: Float64Array;
  retTaxes: Float64Array;
  /**
   * The lines an event returned: `retLine[retLineStart[x] .. retLineStart[x + 1])`, each with the
   * part of its `lineReturn` (and refunded units) the event returned, when the refunds name their
   * lines; else `retShare[x]` of every line's return (1 for an order's single event).
   */
  retShare: Float64Array;
  retLineStart: Int32Array;
  retLine: Int32Array;
  retLineFrac: Float64Array;
  /** Return events sorted by their day, indexed like byDay from `retFirstDay`. */
  retByDay: Int32Array;
  retDayStart: Int32Array;
  retFirstDay: number;
  retLastDay: number;

  /**
   * Lines of order i: `orderLines[orderLineStart[i] .. orderLineStart[i + 1])` (never a gift
   * card, nor a line whose order is not loaded). The only join kept: a line → order array is 4 MB
   * at 1M lines.
   */
  orderLineStart: Int32Array;
  orderLines: Int32Array;
  orphanLines: number;
  /**
   * Per order, what the carrier charged for its shipping labels (their sum, reporting-currency
   * minor units) from a label-cost import; NaN where none was imported. Absent: no such import.
   */
  labelCosts?: Float64Array;
  /**
   * Per line, own currency: the returned value. A line's gross is `quantity × unitPrice`, read
   * where it is needed: one multiplication, where an array of it cost 8 MB at 1M lines.
   */
  lineReturn: SparseCol;

  /** Customer code per order (-1 for a guest order without a customer key). */
  orderCustomer: Int32Array;
  customerCount: number;
  customerFirstDay: Int32Array;
  customerLastDay: Int32Array;
  /** Orders per customer, at the width the counts need. */
  customerOrders: IntCol;
  /** Customers' order histories counted by day (see CustomerHistory). */
  customerHistory: CustomerHistory;
  /** 1 when the order's customer had an earlier order (Shopify's "returning" customer type). */
  repeatOrder: Uint8Array;

  traffic: Table<TrafficColumns> | null;
  trafficDay: Int32Array;
  spend: Table<SpendColumns> | null;
  spendDay: Int32Array;
  /** Spend converted to reporting minor units (NaN = no rate). */
  spendReporting: Float64Array;
  /** Attribution keys of spend channels, and per order the spend channel it is attributed to. */
  spendChannelKeys: string[];
  spendRowChannel: Int32Array;
  /** -1: no spend channel (at the width the channel count needs). */
  orderAttributedChannel: IntCol;

  /** Per-day sums of all orders (no filters), the fast path of unfiltered queries. */
  daily: DailyAggregates;
  /** Sessions per day over all traffic channels, indexed from `trafficFirstDay`. */
  trafficSessions: Float64Array;
  trafficFirstDay: number;

  /** Products by SKU. */
  productBySku: Map<string, ProductLike>;
  /**
   * Product keys that are not a SKU: lines without one are keyed by variant id, product id or
   * title (see productKeys). Screens show no SKU for these.
   */
  keylessSkus: ReadonlySet<string>;
  experiments: ExperimentLike[];
  targets: TargetLike[];
}

/**
 * What the customers' order histories say, counted by day instead of kept per customer (a few KB):
 * the repeat purchase rate up to any day and the time between orders need no loop over customers.
 */
export interface CustomerHistory {
  /** Customers whose first (second) order is on or before day `firstDay + k`. */
  firstBy: Int32Array;
  secondBy: Int32Array;
  /** Gaps between a customer's consecutive orders, and from first to second order, by days. */
  gapCount: Int32Array;
  secondGapCount: Int32Array;
}

/**
 * The rules a refund's goods value comes from (REFERENCE.md: say which rule was used), by the
 * code `Dataset.refundRule` holds (index + 1).
 */
export const REFUND_RULES = ['split', 'full', 'proRata', 'cancelled', 'creditNote'] as const;
export type RefundRule = (typeof REFUND_RULES)[number];
/** How many refunds each rule settled. */
export type RefundRules = Record<RefundRule, number>;
const RULE = { split: 1, full: 2, proRata: 3, cancelled: 4, creditNote: 5 } as const;

/**
 * Per-day sums (reporting minor units) of orders with an FX rate, indexed by day − firstDay; returns
 * by return day are indexed by day − retFirstDay. Orders without a rate are summed per currency
 * code in their own minor units (`unc*`, row-major day × currency code).
 */
export interface DailyAggregates {
  gross: Float64Array;
  discounts: Float64Array;
  shipping: Float64Array;
  taxes: Float64Array;
  orders: Float64Array;
  units: Float64Array;
  returnsByOrderDay: Float64Array;
  returnsByReturnDay: Float64Array;
  /** Refunded shipping and taxes, by order day and by return day. */
  retShippingByOrderDay: Float64Array;
  retShippingByReturnDay: Float64Array;
  retTaxesByOrderDay: Float64Array;
  retTaxesByReturnDay: Float64Array;
  giftCards: Float64Array;
  /** Total sales of orders attributed to an ad channel, by order day (gift cards apart). */
  attributed: Float64Array;
  /** Their refunds (goods, shipping and taxes), by order day and by return day. */
  attributedRefundsByOrderDay: Float64Array;
  attributedRefundsByReturnDay: Float64Array;
  currencies: number;
  uncOrders: Float64Array;
  uncTotal: Float64Array;
  uncReturnsByOrderDay: Float64Array;
  uncReturnsByReturnDay: Float64Array;
}

const decimalsCache = new Map<string, number>();
/** Minor-unit exponent of an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export function currencyDecimals(code: string): number {
  let d = decimalsCache.get(code);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits!;
    } catch {
      d = 2;
    }
    decimalsCache.set(code, d);
  }
  return d;
}

/** Canonical attribution key of a source, medium or ad channel name ("Facebook Ads" → "meta"). */
export function attributionKey(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!s) return '';
  for (const [key, words] of ALIASES) {
    for (const w of words) if (s === w || s.startsWith(w + ' ') || s.includes(' ' + w)) return key;
  }
  return s;
}
/**
 * UTM mediums of unpaid visits in Google Analytics' default channel groups
 * (support.google.com/analytics/answer/9756891): "organic" is Organic Search, "referral" Referral,
 * "(none)" / "(not set)" Direct. Their orders are attributed to no ad spend.
 */
const UNPAID_MEDIUMS = new Set(['organic', 'referral', '(none)', 'none', '(not set)']);
const ALIASES: [string, string[]][] = [
  ['google', ['google', 'adwords', 'gads', 'youtube', 'cpc google']],
  ['meta', ['meta', 'facebook', 'fb', 'instagram', 'ig']],
  ['microsoft', ['bing', 'microsoft']],
  ['tiktok', ['tiktok']],
  ['pinterest', ['pinterest']],
  ['snapchat', ['snapchat']],
  ['linkedin', ['linkedin']],
  ['email', ['email', 'e mail', 'newsletter', 'klaviyo', 'mailchimp']],
];

function dayOfCode(col: StrCol): Int32Array {
  const perCode = new Int32Array(col.dict.length);
  for (let c = 0; c < col.dict.length; c++) {
    try {
      perCode[c] = dayOf(col.dict[c]!);
    } catch {
      perCode[c] = NO_DAY;
    }
  }
  const out = new Int32Array(col.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = perCode[col.codes[i]!]!;
  return out;
}

/**
 * The product key of each line: its SKU, or for a line without one its variant id, product id or
 * else its title (REFERENCE.md: a line without SKU belongs to its own product, never another's).
 */
function productKeys(lc: Pick<LinesColumns, 'sku' | 'variantId' | 'productId' | 'title'>): {
  col: StrCol;
  keyless: Set<string>;
} {
  const keyless = new Set<string>();
  const empty = lc.sku.dict.indexOf('');
  if (empty < 0) return { col: lc.sku, keyless };
  const dict = lc.sku.dict.slice();
  const skus = new Set(dict);
  const index = new Map(dict.map((v, c) => [v, c]));
  // Int32Array: the keyless products extend the dictionary past what the stored codes' width holds.
  const codes = new Int32Array(lc.sku.codes);
  const text = (col: StrCol, j: number) => col.dict[col.codes[j]!] ?? '';
  for (let j = 0; j < codes.length; j++) {
    if (codes[j] !== empty) continue;
    let key = text(lc.variantId, j) || text(lc.productId, j) || text(lc.title, j);
    // A title that happens to equal another product's SKU must not join that product.
    if (skus.has(key)) key = `${key} (no SKU)`;
    let c = index.get(key);
    if (c === undefined) {
      c = dict.length;
      dict.push(key);
      index.set(key, c);
      keyless.add(key);
    }
    codes[j] = c;
  }
  return { col: { codes, dict }, keyless };
}

/** Per order a code into `factor`, the FX factor of its currency and month (NaN: no rate). */
export interface FxColumn {
  code: IntCol;
  factor: Float64Array;
}

/** Order i's FX factor: its currency's minor units → the reporting currency's (NaN = no rate). */
export function fxAt(fx: FxColumn, i: number): number {
  return fx.factor[fx.code[i]!]!;
}

/** The order columns a dataset holds sparse, and the value of their rows without one. */
export const SPARSE_ORDER_COLUMNS: Readonly<Record<SparseOrderColumn, number>> = {
  refunded: 0,
  refundedAt: NaN,
  refundedShipping: NaN,
  refundedTaxes: NaN,
  cancelledAt: NaN,
};

/** The orders with their refund and cancel columns sparse (those already sparse kept). */
function sparseOrders(orders: DatasetInput['orders']): Table<DatasetOrdersColumns> {
  const columns = { ...orders.columns } as unknown as DatasetOrdersColumns;
  for (const [name, empty] of Object.entries(SPARSE_ORDER_COLUMNS))
    columns[name as SparseOrderColumn] = sparse(
      orders.columns[name as SparseOrderColumn],
      empty,
      orders.length,
    );
  return { length: orders.length, columns };
}

/** Builds the dataset once; every analytics function then reads it without copying rows. */
export function createDataset(datasetInput: DatasetInput): Dataset {
  // The refund and cancel columns and the line discounts are kept sparse only, also in `input`
  // (reconcile builds from it).
  const O = sparseOrders(datasetInput.orders);
  const lines = datasetInput.lines;
  const sparseLines: Table<DatasetLinesColumns> = {
    length: lines.length,
    columns: { ...lines.columns, discount: sparse(lines.columns.discount, 0, lines.length) },
  };
  const input = { ...datasetInput, orders: O, lines: sparseLines };
  const { settings } = input;
  const L = { ...sparseLines, columns: { ...sparseLines.columns } };
  const oc = O.columns;
  const lc = L.columns;
  const keys = productKeys(lc);
  lc.sku = keys.col;
  const n = O.length;
  const currency = settings.currency;
  const orderDay = localDays(oc.createdAt.subarray(0, n), settings.timezone);

  let firstDay = NO_DAY;
  let lastDay = NO_DAY;
  let dataAsOf: number | null = null;
  for (let i = 0; i < n; i++) {
    const d = orderDay[i]!;
    if (d === NO_DAY) continue;
    if (firstDay === NO_DAY || d < firstDay) firstDay = d;
    if (lastDay === NO_DAY || d > lastDay) lastDay = d;
    const t = oc.createdAt[i]!;
    if (dataAsOf === null || t > dataAsOf) dataAsOf = t;
  }
  const now = input.now ?? dataAsOf ?? 0;

  // Month of each order via a per-day table: Date objects once per day, not per row.
  const orderMonth = new Int32Array(n);
  if (firstDay !== NO_DAY) {
    const span = lastDay - firstDay + 1;
    const dayMonth = new Int32Array(span);
    for (let k = 0; k < span; k++) dayMonth[k] = monthOf(firstDay + k);
    for (let i = 0; i < n; i++) {
      const d = orderDay[i]!;
      orderMonth[i] = d === NO_DAY ? 0 : dayMonth[d - firstDay]!;
    }
  }

  // FX: factor per (currency code, month); reporting currency is always 1 (factor code 0).
  const rates = new Map<string, number>();
  for (const r of settings.fxRates) rates.set(`${r.month}|${r.from}`, r.rate);
  const fx = new Float64Array(n);
  const fxCodes = new Int32Array(n);
  const factors = [1];
  const curDict = oc.currency.dict;
  const factorCache = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const code = oc.currency.codes[i]!;
    const from = curDict[code] ?? '';
    if (from === currency || from === '') {
      fx[i] = 1;
      continue;
    }
    const key = orderMonth[i]! * 4096 + code;
    let c = factorCache.get(key);
    if (c === undefined) {
      const rate = rates.get(`${isoMonthOf(orderMonth[i]!)}|${from}`);
      c = factors.length;
      factors.push(
        rate === undefined
          ? NaN
          : rate * 10 ** (currencyDecimals(currency) - currencyDecimals(from)),
      );
      factorCache.set(key, c);
    }
    fxCodes[i] = c;
    fx[i] = factors[c]!;
  }

  // Lines → orders, and the per-order line lists (CSR).
  const nl = L.length;
  const idCodeToRow = new Int32Array(oc.id.dict.length).fill(-1);
  for (let i = 0; i < n; i++) idCodeToRow[oc.id.codes[i]!] = i;
  const lineCodeToOrder = new Int32Array(lc.orderId.dict.length);
  {
    // Lines usually list their orders in the orders' own order, so walk both dictionaries in step
    // and only build a hash index (slow for 10⁵–10⁶ ids) from the first mismatch on.
    const od = oc.id.dict;
    const ld = lc.orderId.dict;
    let idIndex: Map<string, number> | null = null;
    let p = 0;
    for (let c = 0; c < ld.length; c++) {
      const id = ld[c]!;
      if (idIndex === null) {
        while (p < od.length && idCodeToRow[p] === -1) p++;
        if (p < od.length && od[p] === id) {
          lineCodeToOrder[c] = idCodeToRow[p++]!;
          continue;
        }
        idIndex = new Map<string, number>();
        for (let k = 0; k < od.length; k++)
          if (idCodeToRow[k]! >= 0) idIndex.set(od[k]!, idCodeToRow[k]!);
      }
      lineCodeToOrder[c] = idIndex.get(id) ?? -1;
    }
  }
  // Gift-card lines belong to no product and to no order's goods: they are listed apart.
  const lineOrder = new Int32Array(nl);
  const orderLineStart = new Int32Array(n + 1);
  const giftCards = new Float64Array(n);
  let orphanLines = 0;
  let giftLines = 0;
  for (let j = 0; j < nl; j++) {
    const o = lineCodeToOrder[lc.orderId.codes[j]!]!;
    if (o < 0) {
      lineOrder[j] = -1;
      orphanLines++;
    } else if (lc.giftCard[j] === 1) {
      lineOrder[j] = -1;
      giftLines++;
      giftCards[o]! += lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j);
    } else {
      lineOrder[j] = o;
      orderLineStart[o + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) orderLineStart[i + 1]! += orderLineStart[i]!;
  const orderLines = new Int32Array(nl - orphanLines - giftLines);
  {
    const fill = orderLineStart.slice(0, n);
    for (let j = 0; j < nl; j++) {
      const o = lineOrder[j]!;
      if (o >= 0) orderLines[fill[o]!++] = j;
    }
  }

  // Per-order money. Gross comes from the total, which is unambiguous across platforms
  // (total = gross − discounts + shipping + taxes), whatever "subtotal" meant in the export.
  const gross = new Float64Array(n);
  const returnAmount = new Float64Array(n);
  const returnShipping = new Float64Array(n);
  const returnTaxes = new Float64Array(n);
  const returnDay = new Int32Array(n).fill(NO_DAY);
  const creditNote = new Uint8Array(n);
  {
    const kind = oc.kind;
    const returnCode = kind.dict.indexOf('return');
    if (returnCode >= 0)
      for (let i = 0; i < n; i++) creditNote[i] = kind.codes[i] === returnCode ? 1 : 0;
  }
  // Only a few orders are refunded or cancelled: convert just their dates to local days.
  const { cancelledAt, refundedAt } = oc;
  const cancelled = (i: number) => hasValue(cancelledAt, i);
  const refundedOn = (i: number) => valueAt(oc.refunded, i) > 0 && hasValue(refundedAt, i);
  let nRet = 0;
  for (let i = 0; i < n; i++) if (cancelled(i) || refundedOn(i)) nRet++;
  const retIdx = new Int32Array(nRet);
  const retTimes = new Float64Array(nRet);
  for (let i = 0, k = 0; i < n; i++) {
    if (cancelled(i)) {
      retIdx[k] = i;
      retTimes[k++] = valueAt(cancelledAt, i);
    } else if (refundedOn(i)) {
      retIdx[k] = i;
      retTimes[k++] = valueAt(refundedAt, i);
    }
  }
  const retLocal = localDays(retTimes, settings.timezone);
  for (let k = 0; k < nRet; k++) returnDay[retIdx[k]!] = retLocal[k]!;
  const refundRule = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const total = oc.total[i]!;
    const shipping = oc.shipping[i]!;
    const taxes = oc.taxes[i]!;
    gross[i] = total + oc.discounts[i]! - shipping - taxes - giftCards[i]!;
    const goods = gross[i]! - oc.discounts[i]!;
    const refunded = valueAt(oc.refunded, i) || 0;
    if (orderDay[i] === NO_DAY) {
      returnDay[i] = NO_DAY;
      continue;
    }
    const rs = valueAt(oc.refundedShipping, i);
    const rt = valueAt(oc.refundedTaxes, i);
    if (creditNote[i] === 1) {
      // A credit note: its refund is the goods value (less any shipping and tax parts it names).
      returnAmount[i] = Math.max(0, refunded - (rs || 0) - (rt || 0));
      returnShipping[i] = rs || 0;
      returnTaxes[i] = rt || 0;
      refundRule[i] = RULE.creditNote;
      if (returnDay[i] === NO_DAY) returnDay[i] = orderDay[i]!;
    } else if (cancelled(i)) {
      // Shopify: a cancelled order is a sale on its day and a return of all of it on the cancel
      // day: its goods, and its shipping and taxes against them.
      returnAmount[i] = goods;
      returnShipping[i] = shipping;
      returnTaxes[i] = taxes;
      refundRule[i] = RULE.cancelled;
    } else if (refunded > 0) {
      if (rs === rs || rt === rt) {
        // The export split the refund: goods = refund − its shipping and tax parts.
        returnShipping[i] = rs || 0;
        returnTaxes[i] = rt || 0;
        returnAmount[i] = Math.max(0, refunded - returnShipping[i]! - returnTaxes[i]!);
        refundRule[i] = RULE.split;
      } else if (refunded >= total) {
        // Full refund: goods = total − shipping − taxes (gift cards apart).
        returnAmount[i] = goods;
        returnShipping[i] = shipping;
        returnTaxes[i] = taxes;
        refundRule[i] = RULE.full;
      } else {
        // Partial refund, not split: goods, shipping and taxes pro rata to the total.
        const share = total > 0 ? refunded / total : 0;
        returnAmount[i] = share * goods;
        returnShipping[i] = share * shipping;
        returnTaxes[i] = share * taxes;
        refundRule[i] = RULE.proRata;
      }
      // A refund without a date counts on the order day.
      if (returnDay[i] === NO_DAY) returnDay[i] = orderDay[i]!;
    }
  }

  const ev = returnEvents(
    oc,
    lc,
    lineCodeToOrder,
    n,
    returnDay,
    returnAmount,
    returnShipping,
    returnTaxes,
    refundRule,
    settings.timezone,
  );

  // Lines: their gross, and their part of the order's return, by the same definition as the order
  // (refunded quantity × net unit price where the export has it, else the order's goods return
  // shared by line value), so a product filter never switches definitions.
  const units = new Int32Array(n);
  const lineReturn = new Float64Array(nl);
  const lineNet = new Float64Array(n);
  const lineQtyReturn = new Float64Array(n);
  for (let j = 0; j < nl; j++) {
    const o = lineOrder[j]!;
    if (o < 0) continue;
    const q = lc.quantity[j]!;
    const g = q * lc.unitPrice[j]!;
    units[o]! += q;
    lineNet[o]! += g - valueAt(lc.discount, j);
    const rq = lc.refundedQuantity[j]!;
    if (rq > 0 && !cancelled(o)) {
      lineReturn[j] =
        q > 0
          ? rq * (lc.unitPrice[j]! - valueAt(lc.discount, j) / q)
          : rq * lc.unitPrice[j]! - valueAt(lc.discount, j);
      lineQtyReturn[o]! += lineReturn[j]!;
    }
  }
  for (let j = 0; j < nl; j++) {
    const o = lineOrder[j]!;
    if (o < 0 || returnAmount[o]! <= 0 || lineQtyReturn[o]! > 0) continue;
    const net = lc.quantity[j]! * lc.unitPrice[j]! - valueAt(lc.discount, j);
    lineReturn[j] = lineNet[o]! > 0 ? (returnAmount[o]! * net) / lineNet[o]! : 0;
  }

  // Orders by day (counting sort) and returns by return day.
  const span = firstDay === NO_DAY ? 0 : lastDay - firstDay + 1;
  const dayStart = new Int32Array(span + 1);
  for (let i = 0; i < n; i++) {
    const d = orderDay[i]!;
    if (d !== NO_DAY) dayStart[d - firstDay + 1]!++;
  }
  for (let k = 0; k < span; k++) dayStart[k + 1]! += dayStart[k]!;
  const byDay = new Int32Array(dayStart[span] ?? 0);
  {
    const fill = dayStart.slice(0, Math.max(span, 0));
    for (let i = 0; i < n; i++) {
      const d = orderDay[i]!;
      if (d !== NO_DAY) byDay[fill[d - firstDay]!++] = i;
    }
  }
  let retFirstDay = NO_DAY;
  let retLastDay = NO_DAY;
  const nEv = ev.order.length;
  for (let x = 0; x < nEv; x++) {
    const d = ev.day[x]!;
    if (retFirstDay === NO_DAY || d < retFirstDay) retFirstDay = d;
    if (retLastDay === NO_DAY || d > retLastDay) retLastDay = d;
  }
  const retSpan = retFirstDay === NO_DAY ? 0 : retLastDay - retFirstDay + 1;
  const retDayStart = new Int32Array(retSpan + 1);
  for (let x = 0; x < nEv; x++) retDayStart[ev.day[x]! - retFirstDay + 1]!++;
  for (let k = 0; k < retSpan; k++) retDayStart[k + 1]! += retDayStart[k]!;
  const retByDay = new Int32Array(nEv);
  {
    const fill = retDayStart.slice(0, retSpan);
    for (let x = 0; x < nEv; x++) retByDay[fill[ev.day[x]! - retFirstDay]!++] = x;
  }

  // Customers: a guest order (empty key) belongs to no customer. Orders day by day, so each
  // customer's orders come in day order: their latest day so far and their count give the gaps
  // between consecutive orders and the day of their second order in the same pass.
  const keyDict = oc.customerKey.dict;
  const keyCodes = oc.customerKey.codes;
  const customerCount = keyDict.length;
  const orderCustomer = new Int32Array(n).fill(-1);
  const customerFirstDay = new Int32Array(customerCount).fill(2147483647);
  const customerLastDay = new Int32Array(customerCount).fill(NO_DAY);
  const customerOrders = new Int32Array(customerCount);
  const customerFirstOrder = new Int32Array(customerCount).fill(-1);
  const customerHistory: CustomerHistory = {
    firstBy: new Int32Array(span),
    secondBy: new Int32Array(span),
    gapCount: new Int32Array(span),
    secondGapCount: new Int32Array(span),
  };
  const { firstBy, secondBy, gapCount, secondGapCount } = customerHistory;
  const guest = keyDict.indexOf('');
  for (let k = 0; k < span; k++) {
    const d = firstDay + k;
    const end = dayStart[k + 1]!;
    for (let at = dayStart[k]!; at < end; at++) {
      const i = byDay[at]!;
      const c = keyCodes[i]!;
      if (c === guest || creditNote[i] === 1) continue;
      orderCustomer[i] = c;
      const seen = customerOrders[c]!;
      customerOrders[c] = seen + 1;
      if (seen === 0) {
        customerFirstDay[c] = d;
        customerFirstOrder[c] = i;
        firstBy[k]!++;
      } else {
        const gap = d - customerLastDay[c]!;
        gapCount[gap]!++;
        if (seen === 1) {
          secondBy[k]!++;
          secondGapCount[gap]!++;
        }
        // Only an order of the first day can be earlier than the first one seen.
        if (d === customerFirstDay[c] && oc.createdAt[i]! < oc.createdAt[customerFirstOrder[c]!]!)
          customerFirstOrder[c] = i;
      }
      customerLastDay[c] = d;
    }
  }
  for (let k = 1; k < span; k++) {
    firstBy[k]! += firstBy[k - 1]!;
    secondBy[k]! += secondBy[k - 1]!;
  }
  // Shopify's customer type, per order: returning when the customer had an earlier order.
  const repeatOrder = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = orderCustomer[i]!;
    if (c >= 0 && customerFirstOrder[c] !== i) repeatOrder[i] = 1;
  }

  // Traffic and spend: day per row (parsed once per distinct date string).
  const traffic = input.traffic ?? null;
  const trafficDay = traffic ? dayOfCode(traffic.columns.date) : new Int32Array(0);
  const spend = input.spend ?? null;
  const spendDay = spend ? dayOfCode(spend.columns.date) : new Int32Array(0);
  const spendReporting = new Float64Array(spend?.length ?? 0);
  const spendChannelKeys: string[] = [];
  const spendRowChannel = new Int32Array(spend?.length ?? 0);
  if (spend) {
    const sc = spend.columns;
    const keyOfCode = sc.channel.dict.map((name) => {
      const k = attributionKey(name);
      let at = spendChannelKeys.indexOf(k);
      if (at < 0) {
        at = spendChannelKeys.length;
        spendChannelKeys.push(k);
      }
      return at;
    });
    for (let r = 0; r < spend.length; r++) {
      spendRowChannel[r] = keyOfCode[sc.channel.codes[r]!]!;
      const from = sc.currency.dict[sc.currency.codes[r]!] ?? '';
      const amount = sc.spend[r]!;
      if (from === currency || from === '') spendReporting[r] = amount;
      else {
        const d = spendDay[r]!;
        const rate = d === NO_DAY ? undefined : rates.get(`${isoMonthOf(monthOf(d))}|${from}`);
        spendReporting[r] =
          rate === undefined
            ? NaN
            : amount * rate * 10 ** (currencyDecimals(currency) - currencyDecimals(from));
      }
    }
  }
  // Last-click attribution: the order's UTM source (else medium) mapped to a spend channel, else
  // the order's channel: imported ad reports name their channel by campaign type ("Paid search",
  // "Paid social"), which an order tagged utm_source=google&utm_medium=cpc falls in.
  // A visit whose medium says it was not paid (organic, referral, direct) is no ad channel's.
  const orderAttributedChannel = new Int32Array(n).fill(-1);
  if (spendChannelKeys.length > 0) {
    const keyOf = (s: string) => (s ? spendChannelKeys.indexOf(attributionKey(s)) : -1);
    const srcKey = oc.utmSource.dict.map(keyOf);
    const medKey = oc.utmMedium.dict.map(keyOf);
    const chKey = oc.channel.dict.map(keyOf);
    const unpaid = oc.utmMedium.dict.map((m) => UNPAID_MEDIUMS.has(m.trim().toLowerCase()));
    for (let i = 0; i < n; i++) {
      if (unpaid[oc.utmMedium.codes[i]!]) continue;
      const s = oc.utmSource.dict[oc.utmSource.codes[i]!]
        ? srcKey[oc.utmSource.codes[i]!]!
        : medKey[oc.utmMedium.codes[i]!]!;
      orderAttributedChannel[i] = s >= 0 ? s : chKey[oc.channel.codes[i]!]!;
    }
  }

  // The per-day aggregates of the unfiltered fast path.
  const nCur = oc.currency.dict.length;
  const daily: DailyAggregates = {
    gross: new Float64Array(span),
    discounts: new Float64Array(span),
    shipping: new Float64Array(span),
    taxes: new Float64Array(span),
    orders: new Float64Array(span),
    units: new Float64Array(span),
    returnsByOrderDay: new Float64Array(span),
    returnsByReturnDay: new Float64Array(retSpan),
    retShippingByOrderDay: new Float64Array(span),
    retShippingByReturnDay: new Float64Array(retSpan),
    retTaxesByOrderDay: new Float64Array(span),
    retTaxesByReturnDay: new Float64Array(retSpan),
    giftCards: new Float64Array(span),
    attributed: new Float64Array(span),
    attributedRefundsByOrderDay: new Float64Array(span),
    attributedRefundsByReturnDay: new Float64Array(retSpan),
    currencies: nCur,
    uncOrders: new Float64Array(span * nCur),
    uncTotal: new Float64Array(span * nCur),
    uncReturnsByOrderDay: new Float64Array(span * nCur),
    uncReturnsByReturnDay: new Float64Array(retSpan * nCur),
  };
  for (let i = 0; i < n; i++) {
    const f = fx[i]!;
    const ret = returnAmount[i]!;
    const rs = returnShipping[i]!;
    const rt = returnTaxes[i]!;
    const d = orderDay[i]!;
    if (d === NO_DAY) continue;
    const k = d - firstDay;
    const sale = creditNote[i] === 0;
    if (f !== f) {
      const c = oc.currency.codes[i]!;
      if (sale) daily.uncOrders[k * nCur + c]!++;
      daily.uncTotal[k * nCur + c]! += oc.total[i]! - giftCards[i]!;
      daily.uncReturnsByOrderDay[k * nCur + c]! += ret + rs + rt;
      continue;
    }
    if (sale) {
      daily.gross[k]! += gross[i]! * f;
      daily.discounts[k]! += oc.discounts[i]! * f;
      daily.shipping[k]! += oc.shipping[i]! * f;
      daily.taxes[k]! += oc.taxes[i]! * f;
      daily.orders[k]!++;
      daily.units[k]! += units[i]!;
      daily.giftCards[k]! += giftCards[i]! * f;
    }
    daily.returnsByOrderDay[k]! += ret * f;
    daily.retShippingByOrderDay[k]! += rs * f;
    daily.retTaxesByOrderDay[k]! += rt * f;
    if (orderAttributedChannel[i]! >= 0) {
      daily.attributed[k]! += (oc.total[i]! - giftCards[i]!) * f;
      daily.attributedRefundsByOrderDay[k]! += (ret + rs + rt) * f;
    }
  }
  // Returns by return day: each return event on its own day.
  for (let x = 0; x < nEv; x++) {
    const i = ev.order[x]!;
    const f = fx[i]!;
    const r = ev.day[x]! - retFirstDay;
    const g = ev.goods[x]!;
    const rs = ev.shipping[x]!;
    const rt = ev.taxes[x]!;
    if (f !== f) {
      daily.uncReturnsByReturnDay[r * nCur + oc.currency.codes[i]!]! += g + rs + rt;
      continue;
    }
    daily.returnsByReturnDay[r]! += g * f;
    daily.retShippingByReturnDay[r]! += rs * f;
    daily.retTaxesByReturnDay[r]! += rt * f;
    if (orderAttributedChannel[i]! >= 0)
      daily.attributedRefundsByReturnDay[r]! += (g + rs + rt) * f;
  }
  let trafficFirstDay = NO_DAY;
  let trafficSessions = new Float64Array(0);
  if (traffic) {
    let lo = NO_DAY;
    let hi = NO_DAY;
    for (let r = 0; r < traffic.length; r++) {
      const d = trafficDay[r]!;
      if (d === NO_DAY) continue;
      if (lo === NO_DAY || d < lo) lo = d;
      if (hi === NO_DAY || d > hi) hi = d;
    }
    if (lo !== NO_DAY) {
      trafficFirstDay = lo;
      trafficSessions = new Float64Array(hi - lo + 1);
      for (let r = 0; r < traffic.length; r++) {
        const d = trafficDay[r]!;
        if (d !== NO_DAY) trafficSessions[d - lo]! += traffic.columns.sessions[r]!;
      }
    }
  }

  const products = input.products ?? [];
  const productBySku = new Map<string, ProductLike>();
  for (const p of products) productBySku.set(p.sku, p);

  return {
    input,
    orders: O,
    lines: L,
    products,
    currency,
    timezone: settings.timezone,
    refundDating: settings.refundDating,
    now,
    nowDay: localDays(Float64Array.of(now), settings.timezone)[0]!,
    firstDay,
    lastDay,
    dataAsOf,
    orderDay,
    fx: { code: narrowInts(fxCodes), factor: Float64Array.from(factors) },
    gross: wholeCents(gross),
    returnAmount: sparse(returnAmount, 0),
    returnShipping: sparse(returnShipping, 0),
    returnTaxes: sparse(returnTaxes, 0),
    giftCards: sparse(giftCards, 0),
    creditNote,
    refundRule,
    returnDay: sparse(returnDay, NO_DAY),
    units: narrowInts(units),
    byDay,
    dayStart,
    retOrder: ev.order,
    retGoods: ev.goods,
    retShipping: ev.shipping,
    retTaxes: ev.taxes,
    retShare: ev.share,
    retLineStart: ev.lineStart,
    retLine: ev.line,
    retLineFrac: ev.lineFrac,
    retByDay,
    retDayStart,
    retFirstDay,
    retLastDay,
    orderLineStart,
    orderLines,
    orphanLines,
    lineReturn: sparse(lineReturn, 0),
    orderCustomer,
    customerCount,
    customerFirstDay,
    customerLastDay,
    customerOrders: narrowInts(customerOrders),
    customerHistory,
    repeatOrder,
    traffic,
    trafficDay,
    spend,
    spendDay,
    spendReporting,
    spendChannelKeys,
    spendRowChannel,
    orderAttributedChannel: narrowInts(orderAttributedChannel),
    daily,
    trafficSessions,
    trafficFirstDay,
    productBySku,
    keylessSkus: keys.keyless,
    experiments: input.experiments ?? [],
    targets: input.targets ?? [],
  };
}

const orderNets = new WeakMap<Dataset, Float64Array>();

/**
 * Net sales per order in reporting minor units, returns counted with the order (NaN = no FX
 * rate). Built on the first call for a dataset (the customer screens; the Overview never needs
 * it), not with the dataset: 4 MB at 500k orders.
 */
export function orderNet(ds: Dataset): Float64Array {
  let net = orderNets.get(ds);
  if (!net) {
    const { gross, fx, returnAmount } = ds;
    const discounts = ds.orders.columns.discounts;
    const { code, factor } = fx;
    net = new Float64Array(ds.orders.length);
    // (gross − discounts − returned goods) × FX, in that order, in three plain passes: the
    // returns only on the orders that have one.
    for (let i = 0; i < net.length; i++) net[i] = gross[i]! - discounts[i]!;
    subtractValues(net, returnAmount);
    for (let i = 0; i < net.length; i++) net[i]! *= factor[code[i]!]!;
    orderNets.set(ds, net);
  }
  return net;
}

/** The return events of `Dataset` (see there), in order of order row, then day. */
interface ReturnEvents {
  order: Int32Array;
  day: Int32Array;
  goods: Float64Array;
  shipping: Float64Array;
  taxes: Float64Array;
  share: Float64Array;
  lineStart: Int32Array;
  line: Int32Array;
  lineFrac: Float64Array;
}

interface DatedRefunds {
  at: number[];
  amount: number[];
  shipping: number[];
  taxes: number[];
  /** Per refund, its refunded units as [line position, quantity, …]. */
  units: number[][];
  /** Every refund gives its shipping and tax parts. */
  split: boolean;
}

/**
 * An order's dated refunds (core/schema refunds.ts: `at,amount,shipping,taxes,lines;…`); null
 * when the cell is not readable (then the order's one refund on `refundedAt` counts, as for a
 * CSV import). Bundles are checked cell by cell before they are stored; this only guards. Read
 * with indexOf rather than split: a store with every refund synced has one cell per refunded order.
 */
function parseRefunds(cell: string): DatedRefunds | null {
  const p: DatedRefunds = { at: [], amount: [], shipping: [], taxes: [], units: [], split: true };
  const len = cell.length;
  for (let from = 0; from < len;) {
    let end = cell.indexOf(';', from);
    if (end < 0) end = len;
    const c1 = cell.indexOf(',', from);
    const c2 = c1 < 0 ? -1 : cell.indexOf(',', c1 + 1);
    const c3 = c2 < 0 ? -1 : cell.indexOf(',', c2 + 1);
    const c4 = c3 < 0 ? -1 : cell.indexOf(',', c3 + 1);
    if (c4 < 0 || c4 >= end || c1 === from || c2 === c1 + 1) return null;
    const t = Number(cell.slice(from, c1));
    const a = Number(cell.slice(c1 + 1, c2));
    if (!Number.isFinite(t) || !Number.isFinite(a)) return null;
    if (c3 === c2 + 1 || c4 === c3 + 1) p.split = false;
    const units: number[] = [];
    for (let u = c4 + 1; u < end;) {
      let ue = cell.indexOf(' ', u);
      if (ue < 0 || ue > end) ue = end;
      const colon = cell.indexOf(':', u);
      if (colon < 0 || colon >= ue) return null;
      const pos = Number(cell.slice(u, colon));
      const q = Number(cell.slice(colon + 1, ue));
      if (!(pos >= 0) || !(q >= 0)) return null;
      units.push(pos, q);
      u = ue + 1;
    }
    p.at.push(t);
    p.amount.push(a);
    p.shipping.push(Number(cell.slice(c2 + 1, c3)) || 0);
    p.taxes.push(Number(cell.slice(c3 + 1, c4)) || 0);
    p.units.push(units);
    from = end + 1;
  }
  return p.at.length > 0 ? p : null;
}

/**
 * One return event per returned order on its `returnDay`, except an order whose refunds have their
 * own dates: one event per local day with a refund. A split refund (Shopify's, WooCommerce's with
 * lines) keeps its own shipping and taxes and its goods = amount − those; otherwise the order's
 * return is shared by the refunds' amounts. The last event takes what rounding left, so an
 * order's events always sum to its return. Cancelled orders and credit notes keep one event.
 *
 * Line returns of a dated order go with the refund that refunded the line's units (its refunded
 * lines, by position in the order), when those add up to every line's refunded quantity; else
 * each event takes its share of the goods returned from every line.
 *
 * Typed arrays sized up front, and nothing per line but for dated orders: a store without dated
 * refunds pays one pass over its orders.
 */
function returnEvents(
  oc: DatasetOrdersColumns,
  lc: DatasetLinesColumns,
  lineCodeToOrder: Int32Array,
  n: number,
  returnDay: Int32Array,
  returnAmount: Float64Array,
  returnShipping: Float64Array,
  returnTaxes: Float64Array,
  refundRule: Uint8Array,
  timezone: string,
): ReturnEvents {
  // Only orders with dated refunds are read: CSV imports have none, and few orders are refunded.
  const dated: DatedRefunds[] = [];
  /** Order → its index in `dated`, -1 for the others (allocated only when some are dated). */
  let datedOf: Int32Array | null = null;
  let nRet = 0;
  let nTimes = 0;
  let nUnits = 0;
  const col = oc.refunds;
  const emptyCode = col ? col.dict.indexOf('') : -1;
  const anyDated = !!col && col.dict.length > (emptyCode >= 0 ? 1 : 0);
  for (let i = 0; i < n; i++) {
    if (returnDay[i] === NO_DAY) continue;
    nRet++;
    if (!anyDated) continue;
    const code = col.codes[i]!;
    if (code === emptyCode) continue;
    const rule = refundRule[i]!;
    if (rule !== RULE.split && rule !== RULE.full && rule !== RULE.proRata) continue;
    const p = parseRefunds(col.dict[code]!);
    if (!p) continue;
    if (!datedOf) datedOf = new Int32Array(n).fill(-1);
    datedOf[i] = dated.length;
    dated.push(p);
    nTimes += p.at.length;
    for (const u of p.units) nUnits += u.length / 2;
  }
  const times = new Float64Array(nTimes);
  {
    let t = 0;
    for (const p of dated) for (const at of p.at) times[t++] = at;
  }
  const local = localDays(times, timezone);
  // The line rows of each dated order, in table order (gift cards included), as CSR by its
  // index in `dated`: position k of dated order d is line rowsOf[rowStart[d] + k].
  const rowStart = new Int32Array(dated.length + 1);
  let rowsOf = new Int32Array(0);
  if (datedOf) {
    const codes = lc.orderId.codes;
    const nl = codes.length;
    for (let j = 0; j < nl; j++) {
      const o = lineCodeToOrder[codes[j]!]!;
      if (o >= 0 && datedOf[o]! >= 0) rowStart[datedOf[o]! + 1]!++;
    }
    for (let d = 0; d < dated.length; d++) rowStart[d + 1]! += rowStart[d]!;
    rowsOf = new Int32Array(rowStart[dated.length]!);
    const fill = rowStart.slice(0, dated.length);
    for (let j = 0; j < nl; j++) {
      const o = lineCodeToOrder[codes[j]!]!;
      if (o >= 0 && datedOf[o]! >= 0) rowsOf[fill[datedOf[o]!]!++] = j;
    }
  }

  const cap = nRet - dated.length + nTimes;
  const order = new Int32Array(cap);
  const day = new Int32Array(cap);
  const goods = new Float64Array(cap);
  const shipping = new Float64Array(cap);
  const taxes = new Float64Array(cap);
  const share = new Float64Array(cap);
  const lineStart = new Int32Array(cap + 1);
  const line = new Int32Array(nUnits);
  const lineFrac = new Float64Array(nUnits);
  let x = 0;
  let nl = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const rd = returnDay[i]!;
    if (rd === NO_DAY) continue;
    const di = datedOf ? datedOf[i]! : -1;
    if (di < 0) {
      order[x] = i;
      day[x] = rd;
      goods[x] = returnAmount[i]!;
      shipping[x] = returnShipping[i]!;
      taxes[x] = returnTaxes[i]!;
      share[x] = 1;
      lineStart[++x] = nl;
      continue;
    }
    const p = dated[di]!;
    const useSplit = p.split && refundRule[i] === RULE.split;
    let sumAmount = 0;
    for (const a of p.amount) sumAmount += a;
    const G = returnAmount[i]!;
    const S = returnShipping[i]!;
    const T = returnTaxes[i]!;
    // The refunded lines name every refunded unit of the order: line returns go by them.
    // (None named: the line returns are the goods returned shared by line value, all events.)
    const r0 = rowStart[di]!;
    const nRows = rowStart[di + 1]! - r0;
    const named = new Float64Array(nRows);
    let byLines = true;
    let namedUnits = 0;
    for (const u of p.units)
      for (let k = 0; k < u.length; k += 2) {
        if (u[k]! < nRows) named[u[k]!]! += u[k + 1]!;
        else byLines = false;
        namedUnits += u[k + 1]!;
      }
    if (namedUnits === 0) byLines = false;
    for (let pos = 0; pos < nRows && byLines; pos++)
      if (named[pos] !== lc.refundedQuantity[rowsOf[r0 + pos]!]) byLines = false;
    const first = x;
    let g0 = 0;
    let s0 = 0;
    let t0 = 0;
    for (let k = 0; k < p.at.length; k++) {
      const d = local[t++]!;
      let g: number;
      let sh: number;
      let tx: number;
      if (useSplit) {
        sh = p.shipping[k]!;
        tx = p.taxes[k]!;
        g = p.amount[k]! - sh - tx;
      } else {
        const w = sumAmount > 0 ? p.amount[k]! / sumAmount : k === p.at.length - 1 ? 1 : 0;
        g = G * w;
        sh = S * w;
        tx = T * w;
      }
      g0 += g;
      s0 += sh;
      t0 += tx;
      // Refunds of one local day make one event.
      if (x === first || day[x - 1] !== d) {
        order[x] = i;
        day[x] = d;
        lineStart[++x] = nl;
      }
      const e = x - 1;
      goods[e]! += g;
      shipping[e]! += sh;
      taxes[e]! += tx;
      if (byLines) {
        const u = p.units[k]!;
        for (let m = 0; m < u.length; m += 2) {
          const j = rowsOf[r0 + u[m]!]!;
          if (lc.giftCard[j] === 1 || u[m + 1]! === 0) continue;
          line[nl] = j;
          lineFrac[nl++] = u[m + 1]! / lc.refundedQuantity[j]!;
        }
        lineStart[x] = nl;
      }
    }
    const last = x - 1;
    goods[last]! += G - g0;
    shipping[last]! += S - s0;
    taxes[last]! += T - t0;
    if (!byLines)
      for (let e = first; e <= last; e++) share[e] = G > 0 ? goods[e]! / G : e === last ? 1 : 0;
  }
  return {
    order: x === cap ? order : order.slice(0, x),
    day: x === cap ? day : day.slice(0, x),
    goods: x === cap ? goods : goods.slice(0, x),
    shipping: x === cap ? shipping : shipping.slice(0, x),
    taxes: x === cap ? taxes : taxes.slice(0, x),
    share: x === cap ? share : share.slice(0, x),
    lineStart: x === cap ? lineStart : lineStart.slice(0, x + 1),
    line: nl === nUnits ? line : line.slice(0, nl),
    lineFrac: nl === nUnits ? lineFrac : lineFrac.slice(0, nl),
  };
}
