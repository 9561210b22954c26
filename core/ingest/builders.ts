import type { ColumnTable, StrColumn, TableSpec } from '../schema/columns.ts';

/**
 * A copy of `s` that does not keep the text it was cut from alive. The tokenizer's fields are
 * slices of a ~1 MB chunk of the file, and V8 keeps a slice of 13+ characters as a view of its
 * parent: one order id per chunk kept in a dictionary would keep every chunk, i.e. the whole file,
 * in memory. Concatenating flattens into a fresh string; slicing off the added character leaves a
 * view of that small copy only. Used where strings are kept (dictionaries, caches), not per field.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** A growing dictionary-encoded string column. */
export class StrBuilder {
  codes = new Int32Array(1024);
  readonly dict: string[] = [];
  private readonly index = new Map<string, number>();
  length = 0;
  // Most columns repeat the previous row's value (currency, status, vendor, empty fields):
  // comparing with it is cheaper than hashing the string for the Map.
  private lastValue: string | null = null;
  private lastCode = 0;

  push(v: string): void {
    let code: number | undefined;
    if (v === this.lastValue) code = this.lastCode;
    else {
      code = this.index.get(v);
      if (code === undefined) {
        code = this.dict.length;
        const kept = own(v);
        this.dict.push(kept);
        this.index.set(kept, code);
      }
      this.lastValue = v;
      this.lastCode = code;
    }
    if (this.length === this.codes.length) this.codes = grow(this.codes);
    this.codes[this.length++] = code;
  }

  /** The dictionary code of a value pushed before, or undefined. */
  codeOf(v: string): number | undefined {
    return this.index.get(v);
  }

  /** Appends a value the caller knows is not in the dictionary yet (skips the lookup). */
  pushNew(v: string): number {
    const code = this.dict.length;
    v = own(v);
    this.dict.push(v);
    this.index.set(v, code);
    this.pushCode(code);
    return code;
  }

  /** Appends an existing dictionary code (from an earlier push). */
  pushCode(code: number): void {
    if (this.length === this.codes.length) this.codes = grow(this.codes);
    this.codes[this.length++] = code;
  }

  /** The code of the value pushed last. */
  get lastPushedCode(): number {
    return this.codes[this.length - 1]!;
  }

  build(): StrColumn {
    return { codes: this.codes.slice(0, this.length), dict: this.dict.slice() };
  }
}

/** A growing Float64Array (money in minor units, timestamps; NaN = missing). */
export class F64Builder {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data);
    this.data[this.length++] = v;
  }
  build(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** A growing Int32Array (quantities, counts). */
export class I32Builder {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data);
    this.data[this.length++] = v;
  }
  build(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const next = new (a.constructor as { new (n: number): T })(a.length * 2);
  next.set(a);
  return next;
}

type BuilderOf<K> = K extends 'str' ? StrBuilder : K extends 'i32' ? I32Builder : F64Builder;

/** Column builders for a table spec, filled row by row without making row objects. */
export type TableBuilder<S extends TableSpec> = { [C in keyof S]: BuilderOf<S[C]> };

/** Empty builders for every column of a spec. */
export function tableBuilder<S extends TableSpec>(spec: S): TableBuilder<S> {
  const out: Record<string, StrBuilder | I32Builder | F64Builder> = {};
  for (const [name, kind] of Object.entries(spec)) {
    out[name] =
      kind === 'str' ? new StrBuilder() : kind === 'i32' ? new I32Builder() : new F64Builder();
  }
  return out as TableBuilder<S>;
}

/**
 * Drops the rows from `length` on (a group of rows rejected after some were added). Dictionary
 * entries they added stay: unused entries are harmless, codes are what count.
 */
export function truncateTable<S extends TableSpec>(b: TableBuilder<S>, length: number): void {
  for (const col of Object.values(b) as (StrBuilder | I32Builder | F64Builder)[])
    if (col.length > length) col.length = length;
}

/** Freezes builders into a ColumnTable (copies to exact length so chunks can be transferred). */
export function buildTable<S extends TableSpec>(spec: S, b: TableBuilder<S>): ColumnTable<S> {
  const columns: Record<string, StrColumn | Int32Array | Float64Array> = {};
  let length = 0;
  for (const name of Object.keys(spec)) {
    const col = (b as Record<string, StrBuilder | I32Builder | F64Builder>)[name]!;
    length = col.length;
    columns[name] = col.build();
  }
  return { length, columns } as ColumnTable<S>;
}
