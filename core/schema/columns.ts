/**
 * The columnar layout of fact tables (DESIGN.md: 100–300× faster than row records in IndexedDB).
 * Numbers are typed arrays; strings are dictionary-encoded (Int32Array codes into a string table).
 * Missing optional timestamps are NaN. Money stays in minor units of the row's currency.
 */

export type ColumnKind = 'f64' | 'i32' | 'str';
export type TableSpec = Readonly<Record<string, ColumnKind>>;

/**
 * The codes of a string column, never negative. Tables built in memory use Int32Array; tables read
 * from storage hold them at the width their dictionary needs (codesFor), so a 12-value channel
 * column costs 1 byte a row in the analytics worker instead of 4. Write into a copy only through
 * codesFor or an Int32Array: a new code may not fit the narrow type.
 */
export type Codes = Int32Array | Uint16Array | Uint8Array;

/** A zeroed code array of n rows, as narrow as codes below `dictLength` allow. */
export function codesFor(dictLength: number, n: number): Codes {
  return dictLength <= 0x100
    ? new Uint8Array(n)
    : dictLength <= 0x10000
      ? new Uint16Array(n)
      : new Int32Array(n);
}

/**
 * A dictionary-encoded string column: `dict[codes[i]]` is row i's value. Dictionary values are
 * distinct (every builder keeps them so; bundles are checked where they are read), so equal codes
 * mean equal values and the other way round.
 */
export interface StrColumn {
  codes: Codes;
  dict: string[];
}

/**
 * An f64 column read from storage is an Int32Array when all its values are whole int32 numbers
 * (amounts in cents): half the memory in the analytics worker. Tables built in memory use
 * Float64Array; code that writes into a column writes into its own Float64Array.
 */
export type F64Column = Float64Array | Int32Array;

/**
 * An i32 column read from storage is held in the narrowest signed type its values fit (intsFor):
 * quantities and 0/1 flags take 1 byte a row in the analytics worker. Built tables use Int32Array.
 */
export type I32Column = Int32Array | Int16Array | Int8Array;

/** A zeroed integer array of n rows, as narrow as values in [lo, hi] allow. */
export function intsFor(lo: number, hi: number, n: number): I32Column {
  return lo >= -0x80 && hi < 0x80
    ? new Int8Array(n)
    : lo >= -0x8000 && hi < 0x8000
      ? new Int16Array(n)
      : new Int32Array(n);
}

export type Column<K extends ColumnKind> = K extends 'str'
  ? StrColumn
  : K extends 'i32'
    ? I32Column
    : F64Column;

/** A fact table held as columns; every column has `length` rows. */
export interface ColumnTable<S extends TableSpec = TableSpec> {
  length: number;
  columns: { [C in keyof S]: Column<S[C]> };
}

export const orderColumns = {
  id: 'str',
  number: 'str',
  createdAt: 'f64',
  customerKey: 'str',
  currency: 'str',
  subtotal: 'f64',
  discounts: 'f64',
  shipping: 'f64',
  taxes: 'f64',
  total: 'f64',
  refunded: 'f64',
  refundedAt: 'f64',
  /** NaN = the export did not split the refund. */
  refundedShipping: 'f64',
  refundedTaxes: 'f64',
  /** 'order' or 'return' (a credit note). */
  kind: 'str',
  financialStatus: 'str',
  fulfillmentStatus: 'str',
  cancelledAt: 'f64',
  channel: 'str',
  utmSource: 'str',
  utmMedium: 'str',
  utmCampaign: 'str',
  referrer: 'str',
  landingPage: 'str',
  discountCode: 'str',
  country: 'str',
  /** Payment gateway(s), " + "-joined; "" when unknown (tables stored before it: ""). */
  gateway: 'str',
  /**
   * Each refund with its own date and split, when a store connection read them (schema/refunds.ts:
   * `at,amount,shipping,taxes;…`); "" for CSV imports (one refund: refunded on refundedAt).
   */
  refunds: 'str',
} as const satisfies TableSpec;

export const lineColumns = {
  orderId: 'str',
  createdAt: 'f64',
  sku: 'str',
  productId: 'str',
  variantId: 'str',
  title: 'str',
  productType: 'str',
  vendor: 'str',
  quantity: 'i32',
  unitPrice: 'f64',
  discount: 'f64',
  refundedQuantity: 'i32',
  /** 1 = a gift card sold, 0 = goods. */
  giftCard: 'i32',
  currency: 'str',
} as const satisfies TableSpec;

export const trafficColumns = {
  date: 'str',
  channel: 'str',
  sessions: 'i32',
  productViews: 'i32',
  addToCarts: 'i32',
  checkouts: 'i32',
  purchases: 'i32',
} as const satisfies TableSpec;

export const spendColumns = {
  date: 'str',
  channel: 'str',
  campaign: 'str',
  currency: 'str',
  spend: 'f64',
  impressions: 'i32',
  clicks: 'i32',
} as const satisfies TableSpec;

export const snapshotColumns = {
  productId: 'str',
  at: 'f64',
  price: 'f64',
  wasPrice: 'f64',
  currency: 'str',
  availability: 'str',
  error: 'str',
} as const satisfies TableSpec;

/**
 * What a carrier charged for shipping labels (a label tool's shipments export): one row per order
 * number, tracking number and ship day, costs of the same key summed. Money in minor units.
 */
export const labelColumns = {
  /** The order number as the label tool wrote it, without a leading '#' ("1001"). */
  orderNumber: 'str',
  /** Ship day YYYY-MM-DD, or "". */
  shippedOn: 'str',
  carrier: 'str',
  tracking: 'str',
  cost: 'f64',
  currency: 'str',
} as const satisfies TableSpec;

export const factTables = {
  orders: orderColumns,
  lines: lineColumns,
  traffic: trafficColumns,
  spend: spendColumns,
  snapshots: snapshotColumns,
  labels: labelColumns,
} as const;
export type FactTableName = keyof typeof factTables;

/**
 * Columns added to a fact table after data was first stored, with the value every row of an older
 * table (stored in IndexedDB or in a bundle) gets: such tables load with the default, never fail.
 * A column the spec adds without an entry here starts as NaN (f64), 0 (i32) or "" (str).
 */
export const addedColumns: Readonly<Record<string, Readonly<Record<string, number | string>>>> = {
  orders: { refundedShipping: NaN, refundedTaxes: NaN, kind: 'order', gateway: '', refunds: '' },
  lines: { giftCard: 0 },
};
export type OrdersTable = ColumnTable<typeof orderColumns>;
export type LinesTable = ColumnTable<typeof lineColumns>;
export type TrafficTable = ColumnTable<typeof trafficColumns>;
export type SpendTable = ColumnTable<typeof spendColumns>;
export type SnapshotsTable = ColumnTable<typeof snapshotColumns>;
export type LabelsTable = ColumnTable<typeof labelColumns>;

type RowOf<S extends TableSpec> = { [C in keyof S]: S[C] extends 'str' ? string : number | null };

/** Builds a table from row records. Nullish numbers become NaN, nullish strings "". */
export function tableFromRows<S extends TableSpec>(
  spec: S,
  rows: ReadonlyArray<Partial<Record<keyof S, unknown>>>,
): ColumnTable<S> {
  const n = rows.length;
  const columns = {} as Record<string, Float64Array | Int32Array | StrColumn>;
  for (const [name, kind] of Object.entries(spec)) {
    if (kind === 'str') {
      const index = new Map<string, number>();
      const dict: string[] = [];
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const raw = (rows[i] as Record<string, unknown>)[name];
        const v = raw == null ? '' : String(raw);
        let code = index.get(v);
        if (code === undefined) {
          code = dict.length;
          dict.push(v);
          index.set(v, code);
        }
        codes[i] = code;
      }
      columns[name] = { codes, dict };
    } else {
      const arr = kind === 'i32' ? new Int32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const raw = (rows[i] as Record<string, unknown>)[name];
        arr[i] = raw == null ? NaN : Number(raw);
      }
      columns[name] = arr;
    }
  }
  return { length: n, columns } as ColumnTable<S>;
}

/** Reads row i of a table back as a record (NaN numbers become null). */
export function rowAt<S extends TableSpec>(spec: S, table: ColumnTable<S>, i: number): RowOf<S> {
  const row: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const col = (table.columns as Record<string, Float64Array | Int32Array | StrColumn>)[name]!;
    if (kind === 'str') {
      const s = col as StrColumn;
      row[name] = s.dict[s.codes[i]!] ?? '';
    } else {
      const v = (col as Float64Array)[i]!;
      row[name] = Number.isNaN(v) ? null : v;
    }
  }
  return row as RowOf<S>;
}

/** All rows of a table as records. For small tables and tests; hot paths stay columnar. */
export function rowsOf<S extends TableSpec>(spec: S, table: ColumnTable<S>): RowOf<S>[] {
  const out: RowOf<S>[] = [];
  for (let i = 0; i < table.length; i++) out.push(rowAt(spec, table, i));
  return out;
}

/** An empty table of a spec. */
export function emptyTable<S extends TableSpec>(spec: S): ColumnTable<S> {
  return tableFromRows(spec, []);
}

/** Keeps the rows whose index is in `keep` (ascending), re-using dictionaries. */
export function selectRows<S extends TableSpec>(
  spec: S,
  table: ColumnTable<S>,
  keep: Int32Array | number[],
): ColumnTable<S> {
  const n = keep.length;
  const columns = {} as Record<string, Float64Array | Int32Array | StrColumn>;
  for (const [name, kind] of Object.entries(spec)) {
    const col = (table.columns as Record<string, Float64Array | Int32Array | StrColumn>)[name]!;
    if (kind === 'str') {
      const s = col as StrColumn;
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = s.codes[keep[i]!]!;
      columns[name] = { codes, dict: s.dict };
    } else {
      const src = col as Float64Array | Int32Array;
      const arr = kind === 'i32' ? new Int32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) arr[i] = src[keep[i]!]!;
      columns[name] = arr;
    }
  }
  return { length: n, columns } as ColumnTable<S>;
}

/**
 * Appends tables of one spec, merging string dictionaries. Columns listed in `disjoint` are known
 * to share no value between the tables (order ids of different ranges of one file, checked by the
 * caller): their dictionaries are appended as they are, without looking each value up.
 */
export function concatTables<S extends TableSpec>(
  spec: S,
  tables: ColumnTable<S>[],
  disjoint: readonly (keyof S & string)[] = [],
): ColumnTable<S> {
  // Appending to nothing (the first import, a merge into an empty store) is the table itself:
  // re-encoding 150k unique order ids through a Map would cost ~50 ms for no change.
  const nonEmpty = tables.filter((t) => t.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const n = tables.reduce((a, t) => a + t.length, 0);
  const columns = {} as Record<string, Float64Array | Int32Array | StrColumn>;
  for (const [name, kind] of Object.entries(spec)) {
    if (kind === 'str' && disjoint.includes(name)) {
      const dict: string[] = [];
      const codes = new Int32Array(n);
      let at = 0;
      for (const t of tables) {
        const s = (t.columns as Record<string, StrColumn>)[name]!;
        const base = dict.length;
        for (const v of s.dict) dict.push(v);
        for (let i = 0; i < t.length; i++) codes[at + i] = base + s.codes[i]!;
        at += t.length;
      }
      columns[name] = { codes, dict };
    } else if (kind === 'str') {
      const index = new Map<string, number>();
      const dict: string[] = [];
      const codes = new Int32Array(n);
      let at = 0;
      for (const t of tables) {
        const s = (t.columns as Record<string, StrColumn>)[name]!;
        const remap = s.dict.map((v) => {
          let code = index.get(v);
          if (code === undefined) {
            code = dict.length;
            dict.push(v);
            index.set(v, code);
          }
          return code;
        });
        for (let i = 0; i < t.length; i++) codes[at + i] = remap[s.codes[i]!]!;
        at += t.length;
      }
      columns[name] = { codes, dict };
    } else {
      const arr = kind === 'i32' ? new Int32Array(n) : new Float64Array(n);
      let at = 0;
      for (const t of tables) {
        arr.set((t.columns as Record<string, Float64Array | Int32Array>)[name]!, at);
        at += t.length;
      }
      columns[name] = arr;
    }
  }
  return { length: n, columns } as ColumnTable<S>;
}
