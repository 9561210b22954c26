/** Fact tables in bundles: columns as JSON arrays (dictionary strings kept as dict + codes). */
import type { ColumnTable, SnapshotsTable, StrColumn, TableSpec } from '../schema/columns.ts';
import { addedColumns, factTables } from '../schema/columns.ts';
import { isCurrencyCode, isSaneDay, isSaneTime } from '../schema/common.ts';
import type { PriceSnapshot } from '../schema/competitive.ts';
import { refundsProblem } from '../schema/refunds.ts';
import type { JsonTable } from './bundle.ts';
import { BundleError } from './bundle.ts';

/** A columnar table as JSON (NaN → null). */
export function tableToJson<S extends TableSpec>(spec: S, t: ColumnTable<S>): JsonTable {
  const columns: JsonTable['columns'] = {};
  for (const [name, kind] of Object.entries(spec)) {
    const col = (t.columns as Record<string, unknown>)[name];
    if (kind === 'str') {
      const s = col as StrColumn;
      columns[name] = { dict: s.dict, codes: Array.from(s.codes) };
    } else {
      columns[name] = Array.from(col as Float64Array | Int32Array, (v) =>
        Number.isNaN(v) ? null : v,
      );
    }
  }
  return { length: t.length, columns };
}

/**
 * Adds to a bundle's table, in place, the columns the schema gained after the bundle was made
 * (schema/columns.ts addedColumns), each with its default on every row: an older bundle loads.
 */
export function fillAddedColumns(name: string, j: JsonTable): JsonTable {
  const spec = (factTables as Record<string, TableSpec>)[name];
  const added = addedColumns[name];
  if (!spec || !added) return j;
  for (const [col, fill] of Object.entries(added)) {
    if (j.columns[col] || !(col in spec)) continue;
    j.columns[col] =
      spec[col] === 'str'
        ? { dict: [String(fill)], codes: new Array<number>(j.length).fill(0) }
        : new Array<number | null>(j.length).fill(
            typeof fill === 'number' && !Number.isNaN(fill) ? fill : null,
          );
  }
  return j;
}

/** A JSON table back to columns, checked against the spec (lengths, codes in range). */
export function tableFromJson<S extends TableSpec>(
  name: string,
  spec: S,
  j: JsonTable,
): ColumnTable<S> {
  const columns: Record<string, unknown> = {};
  fillAddedColumns(name, j);
  for (const [col, kind] of Object.entries(spec)) {
    const c = j.columns[col];
    const fail = (what: string) =>
      new BundleError(
        'invalid',
        `The bundle's ${name} table has a bad "${col}" column (${what}). Nothing was imported.`,
      );
    if (!c) throw fail('missing');
    if (kind === 'str') {
      if (Array.isArray(c)) throw fail('expected text');
      if (c.codes.length !== j.length) throw fail('wrong length');
      const codes = Int32Array.from(c.codes);
      for (const code of codes)
        if (code >= c.dict.length) throw fail('a code outside its dictionary');
      if (new Set(c.dict).size !== c.dict.length) throw fail('a value twice in its dictionary');
      columns[col] = { codes, dict: c.dict };
    } else {
      if (!Array.isArray(c)) throw fail('expected numbers');
      if (c.length !== j.length) throw fail('wrong length');
      columns[col] =
        kind === 'i32' ? Int32Array.from(c, (v) => v ?? 0) : Float64Array.from(c, (v) => v ?? NaN);
    }
  }
  return { length: j.length, columns } as ColumnTable<S>;
}

/** Price snapshots of the columnar table as records (the columns keep no per-field sources). */
export function snapshotRecordsOf(t: SnapshotsTable): PriceSnapshot[] {
  const c = t.columns;
  const out: PriceSnapshot[] = [];
  for (let i = 0; i < t.length; i++) {
    const price = c.price[i]!;
    const was = c.wasPrice[i]!;
    out.push({
      productId: c.productId.dict[c.productId.codes[i]!]!,
      at: c.at[i]!,
      price: Number.isNaN(price) ? null : price,
      wasPrice: Number.isNaN(was) ? null : was,
      currency: c.currency.dict[c.currency.codes[i]!] || null,
      availability: (c.availability.dict[c.availability.codes[i]!] ||
        'Unknown') as PriceSnapshot['availability'],
      sources: {},
      error: c.error.dict[c.error.codes[i]!] || null,
    });
  }
  return out;
}

/**
 * How each column of a bundle's fact table is checked, as strictly as a CSV row is: text ids not
 * empty, ISO currencies, ISO 3166 countries, dates from 1990 up to two years ahead, amounts as
 * safe integers of minor units, counts as whole numbers 0 or more.
 */
type Rule =
  | 'id'
  | 'text'
  | 'currency'
  | 'country'
  | 'day'
  | 'day?'
  | 'time'
  | 'time?'
  | 'minor'
  | 'minor?'
  | 'count'
  | 'kind'
  | 'refunds'
  | 'flag';

const tableRules: Record<BundleTableName, Record<string, Rule>> = {
  orders: {
    id: 'id',
    number: 'text',
    createdAt: 'time',
    customerKey: 'text',
    currency: 'currency',
    subtotal: 'minor',
    discounts: 'minor',
    shipping: 'minor',
    taxes: 'minor',
    total: 'minor',
    refunded: 'minor',
    refundedAt: 'time?',
    refundedShipping: 'minor?',
    refundedTaxes: 'minor?',
    kind: 'kind',
    financialStatus: 'text',
    fulfillmentStatus: 'text',
    cancelledAt: 'time?',
    channel: 'text',
    utmSource: 'text',
    utmMedium: 'text',
    utmCampaign: 'text',
    referrer: 'text',
    landingPage: 'text',
    discountCode: 'text',
    country: 'country',
    gateway: 'text',
    refunds: 'refunds',
  },
  lines: {
    orderId: 'id',
    createdAt: 'time',
    sku: 'text',
    productId: 'text',
    variantId: 'text',
    title: 'text',
    productType: 'text',
    vendor: 'text',
    quantity: 'count',
    unitPrice: 'minor',
    discount: 'minor',
    refundedQuantity: 'count',
    giftCard: 'flag',
    currency: 'currency',
  },
  traffic: {
    date: 'day',
    channel: 'text',
    sessions: 'count',
    productViews: 'count',
    addToCarts: 'count',
    checkouts: 'count',
    purchases: 'count',
  },
  spend: {
    date: 'day',
    channel: 'text',
    campaign: 'text',
    currency: 'currency',
    spend: 'minor',
    impressions: 'count',
    clicks: 'count',
  },
  labels: {
    orderNumber: 'id',
    shippedOn: 'day?',
    carrier: 'text',
    tracking: 'text',
    cost: 'minor',
    currency: 'currency',
  },
};

export type BundleTableName = 'orders' | 'lines' | 'traffic' | 'spend' | 'labels';
/** The store fact tables a bundle may carry, in the order they are checked and counted. */
export const bundleTableNames = [
  'orders',
  'lines',
  'traffic',
  'spend',
  'labels',
] as const satisfies readonly BundleTableName[];

/** Longest text accepted in a fact-table cell (a CSV cell is clipped far below this). */
const MAX_TEXT = 10_000;
const I32_MAX = 2 ** 31 - 1;

const ruleText: Record<Rule, string> = {
  id: 'it must not be empty',
  text: `it must be text of at most ${MAX_TEXT} characters`,
  currency: 'it must be a 3-letter ISO 4217 currency code such as USD',
  country: 'it must be a 2-letter ISO 3166 country code or empty',
  day: 'it must be a day as YYYY-MM-DD from 1990 up to two years from now',
  'day?': 'it must be empty or a day as YYYY-MM-DD from 1990 up to two years from now',
  time: 'it must be a date from 1990 up to two years from now',
  'time?': 'it must be empty or a date from 1990 up to two years from now',
  minor: 'it must be a whole amount in minor units (cents) within the safe range',
  'minor?': 'it must be empty or a whole amount in minor units (cents) within the safe range',
  kind: 'it must be "order" or "return"',
  refunds: 'it must be empty or refunds as "date,amount,shipping,taxes,lines" separated by ";"',
  flag: 'it must be 0 or 1',
  count: `it must be a whole number from 0 to ${I32_MAX}`,
};

function okText(rule: Rule, v: string, now: number): boolean {
  switch (rule) {
    case 'id':
      return v !== '' && v.length <= MAX_TEXT;
    case 'text':
      return v.length <= MAX_TEXT;
    case 'currency':
      return isCurrencyCode(v);
    case 'country':
      return v === '' || /^[A-Z]{2}$/.test(v);
    case 'day':
      return isSaneDay(v, now);
    case 'day?':
      return v === '' || isSaneDay(v, now);
    case 'kind':
      return v === 'order' || v === 'return';
    case 'refunds':
      return refundsProblem(v, now) === null;
    default:
      return false;
  }
}

function okNumber(rule: Rule, v: number | null, now: number): boolean {
  switch (rule) {
    case 'time':
      return v !== null && isSaneTime(v, now);
    case 'time?':
      return v === null || isSaneTime(v, now);
    case 'minor':
      return v !== null && Number.isSafeInteger(v);
    case 'minor?':
      return v === null || Number.isSafeInteger(v);
    case 'flag':
      return v === 0 || v === 1;
    case 'count':
      return v !== null && Number.isInteger(v) && v >= 0 && v <= I32_MAX;
    default:
      return false;
  }
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/**
 * Checks every cell of a bundle's fact table (before anything is read from it). Throws a
 * BundleError naming the table, the row (1-based) and the field; nothing is stored.
 */
export function checkBundleTable(name: BundleTableName, j: JsonTable, now = Date.now()): void {
  const spec = factTables[name] as TableSpec;
  const rules = tableRules[name];
  const fail = (col: string, row: number | null, what: string) =>
    new BundleError(
      'invalid',
      `The bundle's ${name} table${row === null ? '' : `, row ${row + 1},`} field "${col}": ${what}. Nothing was imported; export the bundle again from Storelens.`,
    );
  for (const col of Object.keys(j.columns)) {
    if (!(col in spec)) throw fail(col, null, 'this column is not part of the table');
  }
  // A bundle made before a column was added gets the column's default (it is not missing).
  fillAddedColumns(name, j);
  for (const [col, kind] of Object.entries(spec)) {
    const c = j.columns[col];
    const rule = rules[col]!;
    if (!c) throw fail(col, null, 'the column is missing');
    if (kind === 'str') {
      if (Array.isArray(c)) throw fail(col, null, 'expected text, got numbers');
      if (c.codes.length !== j.length) throw fail(col, null, 'the column has the wrong length');
      // Each distinct value is checked once; a bad one is reported at its first row.
      const bad = c.dict.map((v) => !okText(rule, v, now));
      for (let i = 0; i < c.codes.length; i++) {
        const code = c.codes[i]!;
        if (code >= c.dict.length) throw fail(col, i, 'a code outside its dictionary');
        if (bad[code]) throw fail(col, i, `${shown(c.dict[code])} is not valid: ${ruleText[rule]}`);
      }
    } else {
      if (!Array.isArray(c)) throw fail(col, null, 'expected numbers, got text');
      if (c.length !== j.length) throw fail(col, null, 'the column has the wrong length');
      for (let i = 0; i < c.length; i++) {
        const v = c[i]!;
        if (!okNumber(rule, v, now))
          throw fail(col, i, `${shown(v)} is not valid: ${ruleText[rule]}`);
      }
    }
  }
}
