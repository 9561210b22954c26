import { factTables, type ColumnTable, type FactTableName } from '../../../core/schema/columns.ts';

/**
 * A table read from storage in the types tables built in memory use: reading keeps string codes as
 * narrow as their dictionary allows (1 or 2 bytes), whole-cent f64 columns as Int32Array and
 * small integers as Int8Array / Int16Array, so a round-trip is compared by value.
 */
export function asBuilt<T extends ColumnTable | null>(table: T, name: FactTableName): T {
  if (!table) return table;
  const spec = factTables[name] as Record<string, string>;
  const columns: Record<string, unknown> = {};
  for (const [col, c] of Object.entries(table.columns as Record<string, unknown>)) {
    const s = c as { codes?: ArrayLike<number>; dict?: string[] };
    columns[col] =
      s.codes && s.dict
        ? { codes: Int32Array.from(s.codes), dict: s.dict }
        : spec[col] === 'f64'
          ? Float64Array.from(c as ArrayLike<number>)
          : spec[col] === 'i32'
            ? Int32Array.from(c as ArrayLike<number>)
            : c;
  }
  return { ...table, columns } as T;
}
