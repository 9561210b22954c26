/** Fact tables in bundles: columns as JSON arrays (dictionary strings kept as dict + codes). */
import type { ColumnTable, SnapshotsTable, StrColumn, TableSpec } from '../schema/columns.ts';
import type { PriceSnapshot } from '../schema/competitive.ts';
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

/** A JSON table back to columns, checked against the spec (lengths, codes in range). */
export function tableFromJson<S extends TableSpec>(
  name: string,
  spec: S,
  j: JsonTable,
): ColumnTable<S> {
  const columns: Record<string, unknown> = {};
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
