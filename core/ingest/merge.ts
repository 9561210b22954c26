import { concatTables, lineColumns, orderColumns, rowAt, selectRows } from '../schema/columns.ts';
import type {
  ColumnTable,
  LinesTable,
  OrdersTable,
  StrColumn,
  TableSpec,
} from '../schema/columns.ts';

function keysOf(col: StrColumn, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = col.dict[col.codes[i]!]!;
  return out;
}

/** True when every order row has an id of its own: each code once (dictionary values are distinct). */
function distinctCodes(orders: OrdersTable): boolean {
  const { codes, dict } = orders.columns.id;
  const seen = new Uint8Array(dict.length);
  for (let i = 0; i < orders.length; i++) {
    if (seen[codes[i]!]) return false;
    seen[codes[i]!] = 1;
  }
  return true;
}

/**
 * Merges a (re-)imported orders export into the stored tables, idempotently: orders are keyed by
 * id; an incoming order replaces the stored one and all its lines (so a newer export updates
 * status, refunds and cancellations, and a second import of the same file changes nothing).
 * An incoming order that comes without any line (an order-level export: WooCommerce Analytics,
 * a Shopify sales report) keeps the lines stored for it (from a line-level export or a sync).
 * Within the incoming tables the last occurrence of an id wins. Pure: returns new tables.
 */
export function mergeOrders(
  existingOrders: OrdersTable,
  existingLines: LinesTable,
  incoming: { orders: OrdersTable; lines: LinesTable },
): { orders: OrdersTable; lines: LinesTable } {
  // Into an empty store with no id twice (the first import of one export): nothing to merge.
  if (existingOrders.length === 0 && existingLines.length === 0 && distinctCodes(incoming.orders))
    return incoming;
  const inIds = keysOf(incoming.orders.columns.id, incoming.orders.length);
  const lastIndex = new Map<string, number>();
  inIds.forEach((id, i) => lastIndex.set(id, i));

  const keepExisting: number[] = [];
  const exIds = existingOrders.columns.id;
  for (let i = 0; i < existingOrders.length; i++) {
    if (!lastIndex.has(exIds.dict[exIds.codes[i]!]!)) keepExisting.push(i);
  }
  const withLines = new Set(keysOf(incoming.lines.columns.orderId, incoming.lines.length));
  const keepExistingLines: number[] = [];
  const exLineOrder = existingLines.columns.orderId;
  for (let i = 0; i < existingLines.length; i++) {
    const id = exLineOrder.dict[exLineOrder.codes[i]!]!;
    if (!lastIndex.has(id) || !withLines.has(id)) keepExistingLines.push(i);
  }

  // Duplicated ids inside the incoming data: keep the last order row, and only the lines that
  // came with the file once (lines carry no own id, so lines of an order id are taken as a set).
  const keepIncoming: number[] = [];
  inIds.forEach((id, i) => {
    if (lastIndex.get(id) === i) keepIncoming.push(i);
  });
  const incomingOrders = keepDatedRefunds(
    existingOrders,
    existingLines,
    keepIncoming.length === incoming.orders.length
      ? incoming.orders
      : selectRows(orderColumns, incoming.orders, keepIncoming),
    incoming.lines,
  );

  return {
    orders: concatTables(orderColumns, [
      selectRows(orderColumns, existingOrders, keepExisting),
      incomingOrders,
    ]),
    lines: concatTables(lineColumns, [
      selectRows(lineColumns, existingLines, keepExistingLines),
      incoming.lines,
    ]),
  };
}

/** Lines per order id, counted for the ids in `only`. */
function lineCounts(lines: LinesTable, only: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  const col = lines.columns.orderId;
  for (let i = 0; i < lines.length; i++) {
    const id = col.dict[col.codes[i]!]!;
    if (only.has(id)) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/**
 * A CSV export has one refund per order (its latest date); a store connection read each refund
 * with its own date and split (schema/refunds.ts). When an export brings again an order whose
 * dated refunds are stored, with the same refunded amount in the same currency, those refunds
 * still describe it: they are kept, so re-importing an export after a sync does not move every
 * refund to its order's latest refund day. A different amount means a refund the stored ones do
 * not know, and the export's own figures take over. The refunds' split (refunded shipping and
 * taxes) comes with them where the export did not split its refund. The refunded lines are kept
 * by position, so only while the order's lines stay as the connection wrote them: the export
 * brings none (its stored lines are kept) or as many as are stored.
 */
function keepDatedRefunds(
  existingOrders: OrdersTable,
  existingLines: LinesTable,
  incoming: OrdersTable,
  incomingLines: LinesTable,
): OrdersTable {
  const refunds = incoming.columns.refunds;
  const exRefunds = existingOrders.columns.refunds;
  if (!exRefunds.dict.some((r) => r !== '')) return incoming;
  const inIds = incoming.columns.id;
  const blank = new Set<string>();
  for (let i = 0; i < incoming.length; i++) {
    if (refunds.dict[refunds.codes[i]!] === '') blank.add(inIds.dict[inIds.codes[i]!]!);
  }
  const stored = new Map<string, number>();
  const exIds = existingOrders.columns.id;
  for (let i = 0; i < existingOrders.length; i++) {
    const id = exIds.dict[exIds.codes[i]!]!;
    if (blank.has(id) && exRefunds.dict[exRefunds.codes[i]!] !== '') stored.set(id, i);
  }
  if (stored.size === 0) return incoming;
  const ids = new Set(stored.keys());
  const inCount = lineCounts(incomingLines, ids);
  const exCount = lineCounts(existingLines, ids);
  const cur = (t: OrdersTable, i: number) => t.columns.currency.dict[t.columns.currency.codes[i]!];
  const dict = [...refunds.dict];
  const codeOf = new Map(dict.map((r, c) => [r, c]));
  const codes = Int32Array.from(refunds.codes);
  // The refunds' own split goes with them where the export did not split its refund (NaN).
  const refundedShipping = Float64Array.from(incoming.columns.refundedShipping);
  const refundedTaxes = Float64Array.from(incoming.columns.refundedTaxes);
  let kept = 0;
  for (let i = 0; i < incoming.length; i++) {
    const id = inIds.dict[inIds.codes[i]!]!;
    const at = stored.get(id);
    if (at === undefined || refunds.dict[refunds.codes[i]!] !== '') continue;
    if (incoming.columns.refunded[i] !== existingOrders.columns.refunded[at]) continue;
    if (cur(incoming, i) !== cur(existingOrders, at)) continue;
    const n = inCount.get(id) ?? 0;
    if (n !== 0 && n !== (exCount.get(id) ?? 0)) continue;
    const text = exRefunds.dict[exRefunds.codes[at]!]!;
    let c = codeOf.get(text);
    if (c === undefined) {
      c = dict.push(text) - 1;
      codeOf.set(text, c);
    }
    codes[i] = c;
    if (Number.isNaN(refundedShipping[i]))
      refundedShipping[i] = existingOrders.columns.refundedShipping[at]!;
    if (Number.isNaN(refundedTaxes[i]))
      refundedTaxes[i] = existingOrders.columns.refundedTaxes[at]!;
    kept++;
  }
  if (kept === 0) return incoming;
  return {
    ...incoming,
    columns: { ...incoming.columns, refunds: { codes, dict }, refundedShipping, refundedTaxes },
  };
}

/** How the orders of an incoming export or sync compare with the stored ones, by order id. */
export interface OrderChanges {
  /** Ids not stored yet. */
  added: number;
  /** Stored orders whose fields or lines differ. */
  changed: number;
  /** Stored orders brought again exactly as they are (a platform's "updated" that changed nothing we keep). */
  unchanged: number;
}

/** A row's values, in the spec's column order, as one comparable string. */
function rowText<S extends TableSpec>(spec: S, t: ColumnTable<S>, i: number): string {
  return JSON.stringify(Object.values(rowAt(spec, t, i)));
}

/**
 * Counts which incoming orders are new, changed or the same as stored, comparing every stored
 * field and the order's lines (as a set: lines carry no id of their own). An incoming order
 * without lines keeps its stored ones on merge (`mergeOrders`), so only its own fields count.
 * The last occurrence of an id wins, as in the merge. Pure; reads only the rows of incoming ids.
 */
export function orderChanges(
  existingOrders: OrdersTable,
  existingLines: LinesTable,
  incoming: { orders: OrdersTable; lines: LinesTable },
): OrderChanges {
  const out: OrderChanges = { added: 0, changed: 0, unchanged: 0 };
  const inIds = keysOf(incoming.orders.columns.id, incoming.orders.length);
  const last = new Map<string, number>();
  inIds.forEach((id, i) => last.set(id, i));
  if (last.size === 0) return out;
  const stored = new Map<string, number>();
  const exIds = existingOrders.columns.id;
  for (let i = 0; i < existingOrders.length; i++) {
    const id = exIds.dict[exIds.codes[i]!]!;
    if (last.has(id)) stored.set(id, i);
  }
  const linesBy = (t: LinesTable, only: Set<string>) => {
    const m = new Map<string, string[]>();
    const col = t.columns.orderId;
    for (let i = 0; i < t.length; i++) {
      const id = col.dict[col.codes[i]!]!;
      if (!only.has(id)) continue;
      let a = m.get(id);
      if (!a) m.set(id, (a = []));
      a.push(rowText(lineColumns, t, i));
    }
    for (const a of m.values()) a.sort();
    return m;
  };
  const both = new Set(stored.keys());
  const inLines = linesBy(incoming.lines, both);
  const exLines = linesBy(existingLines, both);
  for (const [id, i] of last) {
    const at = stored.get(id);
    if (at === undefined) {
      out.added++;
      continue;
    }
    let same =
      rowText(orderColumns, existingOrders, at) === rowText(orderColumns, incoming.orders, i);
    const lines = inLines.get(id);
    if (same && lines) same = (exLines.get(id) ?? []).join('\n') === lines.join('\n');
    if (same) out.unchanged++;
    else out.changed++;
  }
  return out;
}

/**
 * Idempotent merge of fact rows keyed by some columns (traffic by date+channel, spend by
 * date+channel+campaign): incoming rows replace stored rows with the same key.
 */
export function mergeTableByKey<S extends TableSpec>(
  spec: S,
  existing: ColumnTable<S>,
  incoming: ColumnTable<S>,
  key: (keyof S & string)[],
): ColumnTable<S> {
  const keyAt = (t: ColumnTable<S>, i: number) =>
    key
      .map((k) => {
        const col = (t.columns as Record<string, StrColumn | Float64Array | Int32Array>)[k]!;
        return 'codes' in col ? col.dict[col.codes[i]!] : String(col[i]);
      })
      .join('\u0000');
  const incomingLast = new Map<string, number>();
  for (let i = 0; i < incoming.length; i++) incomingLast.set(keyAt(incoming, i), i);
  const keepExisting: number[] = [];
  for (let i = 0; i < existing.length; i++)
    if (!incomingLast.has(keyAt(existing, i))) keepExisting.push(i);
  const keepIncoming = [...incomingLast.values()].sort((a, b) => a - b);
  return concatTables(spec, [
    selectRows(spec, existing, keepExisting),
    selectRows(spec, incoming, keepIncoming),
  ]);
}

/**
 * Idempotent merge of records by a key (products by sku, traffic by date+channel, spend by
 * date+channel+campaign): incoming records replace stored ones with the same key; order kept.
 */
export function mergeByKey<T>(
  existing: readonly T[],
  incoming: readonly T[],
  key: (r: T) => string,
): T[] {
  const map = new Map<string, T>();
  for (const r of existing) map.set(key(r), r);
  for (const r of incoming) map.set(key(r), r);
  return [...map.values()];
}

/** Keys for `mergeByKey`/`mergeTableByKey` per entity. */
export const mergeKeys = {
  product: (p: { sku: string }) => p.sku,
  traffic: (t: { date: string; channel: string }) => `${t.date}\u0000${t.channel}`,
  spend: (s: { date: string; channel: string; campaign: string }) =>
    `${s.date}\u0000${s.channel}\u0000${s.campaign}`,
};
