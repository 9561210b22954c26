import type { ColumnTable } from '../../../core/schema/columns.ts';

/**
 * A table read from storage with its string codes widened to Int32Array, the type tables built in
 * memory use: reading keeps codes as narrow as their dictionary allows (1 or 2 bytes), so a
 * round-trip is compared by value.
 */
export function asBuilt<T extends ColumnTable | null>(table: T): T {
  if (!table) return table;
  const columns: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(table.columns as Record<string, unknown>)) {
    const s = c as { codes?: ArrayLike<number>; dict?: string[] };
    columns[name] = s.codes && s.dict ? { codes: Int32Array.from(s.codes), dict: s.dict } : c;
  }
  return { ...table, columns } as T;
}
