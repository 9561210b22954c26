/**
 * The columnar store shared by both databases (the PWA's and the extension's): a fact table is
 * kept as one meta record (length, column kinds, small string dictionaries) plus, per column,
 * chunks of CHUNK_ROWS rows as typed arrays (and a big dictionary as a record of its own). DESIGN.md measured this layout at 0.38 s write / 0.15 s read for
 * 1M lines, against 129 s / 14 s for one record per line.
 *
 * The functions here take object stores, not a database, so the caller owns the transaction and
 * can put several tables (and records) into one all-or-nothing write.
 */
import type { Codes, ColumnKind, ColumnTable, StrColumn, TableSpec } from '../schema/columns.ts';
import { addedColumns, codesFor, intsFor } from '../schema/columns.ts';
import { TableShapeError } from './errors.ts';

/** Rows per stored chunk: big enough that 1M rows are ~16 records per column. */
export const CHUNK_ROWS = 65_536;

/** Key of a chunk record: [table, column, chunk index]. */
export type ChunkKey = [string, string, number];

/**
 * The chunk index of a big dictionary's record ([table, column, DICT_CHUNK]): beside its
 * column's chunks, so a table's or a column's key range reads (and deletes) it with them.
 */
export const DICT_CHUNK = -1;

/**
 * One chunk of one column. String columns store their Int32Array codes here; an f64 column's
 * chunk is an Int32Array when all its values are int32 (reading widens it back). At index
 * DICT_CHUNK, a string column's big dictionary: `text` packed, `data` the end of each entry.
 */
export interface ChunkRecord {
  table: string;
  column: string;
  index: number;
  /** Narrower than the column where the values allow (read back into the column's type). */
  data: Float64Array | Int32Array | Uint16Array | Uint8Array;
  /** A dictionary record's entries, joined (DICT_CHUNK only). */
  text?: string;
}

export interface StoredColumn {
  kind: ColumnKind;
  /** The dictionary of a string column, stored once per table column (small dictionaries). */
  dict?: string[];
  /**
   * A large dictionary's entry count: the dictionary itself is the column's DICT_CHUNK record,
   * packed as one string and the end offset of each entry (structured clone reads one string
   * ~15× faster than 500k small ones: order ids, customer keys). Kept out of the meta record,
   * which the startup check reads for every table before any data (core/worker/startup.ts).
   */
  dictChunk?: number;
  /**
   * Stores written before dictChunk kept a large dictionary packed here, in the meta record:
   * still read (the next write of the table moves it into its own record).
   */
  dictText?: string;
  dictEnds?: Int32Array;
}

/** Dictionaries at least this long are stored packed, in a record of their own. */
const PACK_FROM = 1024;

/** The stored form of a dictionary: in the meta column, or its count there and its own record. */
export function packDict(
  table: string,
  column: string,
  dict: readonly string[],
): { stored: Pick<StoredColumn, 'dict' | 'dictChunk'>; record?: ChunkRecord } {
  if (dict.length < PACK_FROM) return { stored: { dict: [...dict] } };
  const ends = new Int32Array(dict.length);
  let at = 0;
  for (let i = 0; i < dict.length; i++) ends[i] = at += dict[i]!.length;
  return {
    stored: { dictChunk: dict.length },
    record: { table, column, index: DICT_CHUNK, data: ends, text: dict.join('') },
  };
}

/**
 * Unpacked dictionaries of one read, so equal dictionaries come back as one shared array: the
 * lines' order ids are the orders' ids in the same order (an export lists lines by order), and
 * sharing saves the worker ~15 MB per 500k ids and lets analytics join them without a hash map.
 */
export type DictCache = Map<number, { text: string; ends: Int32Array; dict: string[] }[]>;

function sameEnds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The dictionary of a stored string column: inline, in its DICT_CHUNK record (`record`), or
 * packed in the meta record (stores written before dictChunk).
 */
export function unpackDict(
  c: StoredColumn | undefined,
  cache?: DictCache,
  record?: ChunkRecord,
): string[] {
  if (!c) return [];
  if (c.dict) return c.dict;
  const { dictText = '', dictEnds } =
    c.dictChunk !== undefined
      ? { dictText: record?.text, dictEnds: record?.data as Int32Array | undefined }
      : c;
  if (!dictEnds) return [];
  const seen = cache?.get(dictText.length);
  for (const e of seen ?? []) {
    if (e.text === dictText && sameEnds(e.ends, dictEnds)) return e.dict;
  }
  const out = unpackText(dictText, dictEnds);
  if (cache) {
    if (seen) seen.push({ text: dictText, ends: dictEnds, dict: out });
    else cache.set(dictText.length, [{ text: dictText, ends: dictEnds, dict: out }]);
  }
  return out;
}

function unpackText(dictText: string, dictEnds: Int32Array): string[] {
  const out = new Array<string>(dictEnds.length);
  let prev = 0;
  for (let i = 0; i < dictEnds.length; i++) {
    const end = dictEnds[i]!;
    out[i] = dictText.slice(prev, end);
    prev = end;
  }
  return out;
}

/** The meta record of a stored fact table. */
export interface TableMeta {
  table: string;
  length: number;
  chunkRows: number;
  columns: Record<string, StoredColumn>;
  writtenAt: number;
  /** The import that last wrote this table (imports store, db v2+). */
  importId?: string;
}

/** The parts of an idb object store the helper uses (idb's typed stores satisfy these). */
export interface ChunkReader {
  get(key: ChunkKey): Promise<ChunkRecord | undefined>;
  getAll(query: IDBKeyRange): Promise<ChunkRecord[]>;
}
export interface ChunkStore extends ChunkReader {
  put(value: ChunkRecord): Promise<unknown>;
  delete(query: IDBKeyRange): Promise<unknown>;
}
export interface MetaReader {
  get(key: string): Promise<TableMeta | undefined>;
}
export interface MetaStore extends MetaReader {
  put(value: TableMeta): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

/** Every chunk of one table: arrays sort after strings, so [t, []] bounds all [t, column, i]. */
export function tableChunkRange(table: string): IDBKeyRange {
  return IDBKeyRange.bound([table], [table, []]);
}

/** A table prepared for writing: chunks already copied out, so the transaction only stores. */
export interface TableWrite {
  meta: TableMeta;
  chunks: ChunkRecord[];
  bytes: number;
}

type AnyColumn = Float64Array | Int32Array | Int16Array | Int8Array | StrColumn;

function columnOf(table: ColumnTable, name: string): AnyColumn | undefined {
  return (table.columns as Record<string, AnyColumn | undefined>)[name];
}

/** Checks a table against its spec; the error names the table and column. */
export function checkTable(name: string, spec: TableSpec, table: ColumnTable): void {
  if (!Number.isInteger(table.length) || table.length < 0) {
    throw new TableShapeError(`Table '${name}' has an invalid length (${String(table.length)}).`);
  }
  for (const [col, kind] of Object.entries(spec)) {
    const c = columnOf(table, col);
    const where = `Table '${name}', column '${col}'`;
    if (!c) throw new TableShapeError(`${where} is missing.`);
    if (kind === 'str') {
      const s = c as StrColumn;
      const codesOk =
        s.codes instanceof Int32Array ||
        s.codes instanceof Uint16Array ||
        s.codes instanceof Uint8Array;
      if (!codesOk || !Array.isArray(s.dict)) {
        throw new TableShapeError(`${where} must be dictionary-encoded ({ codes, dict }).`);
      }
      if (s.codes.length !== table.length) {
        throw new TableShapeError(`${where} has ${s.codes.length} rows, expected ${table.length}.`);
      }
    } else {
      // A table read from storage holds whole-cent f64 columns as Int32Array and small integers
      // as Int8Array / Int16Array (assembleTable): writing it back (a merge that adds nothing to
      // it, an undo) must not fail.
      const ok =
        kind === 'i32'
          ? c instanceof Int32Array || c instanceof Int16Array || c instanceof Int8Array
          : c instanceof Float64Array || c instanceof Int32Array;
      if (!ok) {
        throw new TableShapeError(
          `${where} must be a ${kind === 'i32' ? 'Int32Array' : 'Float64Array'}.`,
        );
      }
      const rows = (c as Float64Array | Int32Array).length;
      if (rows !== table.length) {
        throw new TableShapeError(`${where} has ${rows} rows, expected ${table.length}.`);
      }
    }
  }
}

function dictBytes(dict: readonly string[]): number {
  let n = 0;
  for (const s of dict) n += 2 * s.length + 8;
  return n;
}

/**
 * True when every value is an integer that fits an Int32 (amounts in cents, counts): such a
 * chunk of an f64 column is stored at half the size and widened again on read.
 */
function allInt32(a: Float64Array | Int32Array): boolean {
  if (a instanceof Int32Array) return false;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v !== (v | 0) || (v === 0 && 1 / v < 0)) return false;
  }
  return true;
}

/** Splits a table into chunk records (copies: a stored subarray would drag its whole buffer). */
export function planTableWrite(
  name: string,
  spec: TableSpec,
  table: ColumnTable,
  opts: { chunkRows?: number; now?: number; importId?: string } = {},
): TableWrite {
  checkTable(name, spec, table);
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const columns: Record<string, StoredColumn> = {};
  const chunks: ChunkRecord[] = [];
  let bytes = 0;
  for (const [col, kind] of Object.entries(spec)) {
    const c = columnOf(table, col)!;
    const data = kind === 'str' ? (c as StrColumn).codes : (c as Float64Array | Int32Array);
    if (kind === 'str') {
      const dict = (c as StrColumn).dict;
      const { stored, record } = packDict(name, col, dict);
      columns[col] = { kind, ...stored };
      if (record) chunks.push(record);
      bytes += dictBytes(dict);
    } else {
      columns[col] = { kind };
    }
    // Codes of a small dictionary fit 1 or 2 bytes: most text columns (status, channel, currency,
    // country) are stored at a quarter of the size.
    const dictLength = kind === 'str' ? (c as StrColumn).dict.length : 0;
    const Codes = dictLength <= 0x100 ? Uint8Array : dictLength <= 0x10000 ? Uint16Array : null;
    for (let index = 0, at = 0; at < table.length; index++, at += chunkRows) {
      const end = Math.min(at + chunkRows, table.length);
      const part =
        kind === 'str' && Codes
          ? new Codes(data.subarray(at, end))
          : kind === 'f64' && allInt32((data as Float64Array).subarray(at, end))
            ? new Int32Array(data.subarray(at, end))
            : data.slice(at, end);
      bytes += part.byteLength;
      chunks.push({ table: name, column: col, index, data: part });
    }
  }
  const meta: TableMeta = {
    table: name,
    length: table.length,
    chunkRows,
    columns,
    writtenAt: opts.now ?? Date.now(),
  };
  if (opts.importId !== undefined) meta.importId = opts.importId;
  return { meta, chunks, bytes };
}

/**
 * Replaces a table inside the caller's readwrite transaction. Returns the request promises
 * without awaiting them: the caller awaits them together with `tx.done`.
 */
export function putTable(
  chunks: ChunkStore,
  metas: MetaStore,
  w: TableWrite,
  requests: Promise<unknown>[] = [],
): Promise<unknown>[] {
  // Pushed one by one so a request that throws leaves the earlier ones visible to the caller.
  requests.push(chunks.delete(tableChunkRange(w.meta.table)));
  for (const c of w.chunks) requests.push(chunks.put(c));
  requests.push(metas.put(w.meta));
  return requests;
}

/** Removes a table (chunks and meta) inside the caller's transaction. */
export function deleteTable(
  chunks: ChunkStore,
  metas: MetaStore,
  table: string,
): Promise<unknown>[] {
  return [chunks.delete(tableChunkRange(table)), metas.delete(table)];
}

/** Builds a column table from its meta and chunk records (any order); fills columns the spec added since. */
export function assembleTable<S extends TableSpec>(
  spec: S,
  meta: TableMeta,
  records: readonly ChunkRecord[],
  dictCache?: DictCache,
): ColumnTable<S> {
  const n = meta.length;
  const byColumn = new Map<string, ChunkRecord[]>();
  const dictRecords = new Map<string, ChunkRecord>();
  for (const r of records) {
    if (r.index === DICT_CHUNK) {
      dictRecords.set(r.column, r);
      continue;
    }
    let list = byColumn.get(r.column);
    if (!list) byColumn.set(r.column, (list = []));
    list.push(r);
  }
  const columns: Record<string, AnyColumn> = {};
  for (const [col, kind] of Object.entries(spec)) {
    const stored = meta.columns[col];
    if (kind === 'str' && (!stored || stored.kind !== kind)) {
      // A string column the schema added after this table was written: one value, its declared
      // default (schema/columns.ts addedColumns), else "".
      const fill = addedColumns[meta.table]?.[col];
      columns[col] = { codes: new Uint8Array(n), dict: [typeof fill === 'string' ? fill : ''] };
      continue;
    }
    // Codes at the width the dictionary needs (the chunks were stored so too): a third of the
    // worker's order and line columns are small-dictionary text (status, channel, SKU, vendor).
    const dictRecord = dictRecords.get(col);
    if (kind === 'str' && stored?.dictChunk !== undefined) {
      if (dictRecord?.data.length !== stored.dictChunk) {
        throw new TableShapeError(
          `Stored table '${meta.table}' is incomplete (column '${col}' has ${dictRecord?.data.length ?? 0} of its ${stored.dictChunk} dictionary values). ` +
            'Delete the stored data in Settings and import again.',
        );
      }
    }
    const dict = kind === 'str' ? unpackDict(stored, dictCache, dictRecord) : null;
    // An f64 column whose every chunk was stored as whole int32 values (amounts in cents) stays
    // an Int32Array: half the memory for totals, discounts, shipping, taxes and prices.
    const chunksOf = byColumn.get(col) ?? [];
    const wholeCents =
      kind === 'f64' && chunksOf.length > 0 && chunksOf.every((r) => r.data instanceof Int32Array);
    // An i32 column in the narrowest type its values fit (a quantity, a 0/1 flag: 1 byte).
    let lo = 0;
    let hi = 0;
    const fill = addedColumns[meta.table]?.[col];
    if (kind === 'i32' && stored?.kind === kind) {
      for (const r of chunksOf) {
        for (let i = 0; i < r.data.length; i++) {
          const v = r.data[i]!;
          if (v < lo) lo = v;
          else if (v > hi) hi = v;
        }
      }
    } else if (kind === 'i32' && typeof fill === 'number') lo = hi = fill;
    const data =
      dict !== null
        ? codesFor(dict.length, n)
        : kind === 'i32'
          ? intsFor(lo, hi, n)
          : wholeCents
            ? new Int32Array(n)
            : new Float64Array(n);
    if (!stored || stored.kind !== kind) {
      // A number column the schema added after this table was written (or whose kind changed):
      // its declared default (schema/columns.ts addedColumns), else missing (NaN; 0 for integers).
      if (typeof fill === 'number') data.fill(fill);
      else if (kind === 'f64') data.fill(NaN);
      columns[col] = data as Float64Array | Int32Array | Int16Array | Int8Array;
      continue;
    }
    let filled = 0;
    for (const r of chunksOf) {
      const at = r.index * meta.chunkRows;
      if (at + r.data.length > n) {
        throw new TableShapeError(
          `Stored table '${meta.table}' is damaged (column '${col}', chunk ${r.index} runs past ${n} rows). ` +
            'Delete the stored data in Settings and import again.',
        );
      }
      data.set(r.data, at);
      filled += r.data.length;
    }
    if (filled !== n) {
      throw new TableShapeError(
        `Stored table '${meta.table}' is incomplete (column '${col}' has ${filled} of ${n} rows). ` +
          'Delete the stored data in Settings and import again.',
      );
    }
    columns[col] =
      dict !== null
        ? { codes: data as Codes, dict }
        : (data as Float64Array | Int32Array | Int16Array | Int8Array);
  }
  return { length: n, columns } as ColumnTable<S>;
}

/** Reads a stored table (null when it was never written). */
export async function readStoredTable<S extends TableSpec>(
  chunks: ChunkReader,
  metas: MetaReader,
  name: string,
  spec: S,
): Promise<ColumnTable<S> | null> {
  const [meta, records] = await Promise.all([metas.get(name), readChunks(chunks, name, spec)]);
  if (!meta) return null;
  return assembleTable(spec, meta, records);
}

/**
 * The chunk records of a table's columns. When the spec names only some of the table's columns,
 * only theirs are read (one key range per column), so unused columns cost nothing.
 */
export async function readChunks(
  chunks: ChunkReader,
  name: string,
  spec: TableSpec,
  full?: TableSpec,
): Promise<ChunkRecord[]> {
  const cols = Object.keys(spec);
  if (!full || cols.length === Object.keys(full).length)
    return chunks.getAll(tableChunkRange(name));
  const parts = await Promise.all(
    cols.map((c) => chunks.getAll(IDBKeyRange.bound([name, c], [name, c, []]))),
  );
  return parts.flat();
}

/** The sub-spec of the named columns. */
export function pickSpec<S extends TableSpec, K extends keyof S & string>(
  spec: S,
  columns: readonly K[],
): Pick<S, K> {
  const out = {} as Record<string, ColumnKind>;
  for (const c of columns) out[c] = spec[c]!;
  return out as Pick<S, K>;
}

/**
 * Appends rows to a stored table inside the caller's transaction: fills the last partial chunk,
 * adds new ones, and extends the string dictionaries. For small frequent writes (price snapshots);
 * imports replace whole tables with putTable.
 */
export async function appendToTable<S extends TableSpec>(
  chunks: ChunkStore,
  metas: MetaStore,
  name: string,
  spec: S,
  rows: ColumnTable<S>,
  opts: { now?: number; chunkRows?: number } = {},
): Promise<TableMeta> {
  const now = opts.now ?? Date.now();
  checkTable(name, spec, rows);
  const old = await metas.get(name);
  const meta: TableMeta = old
    ? { ...old, columns: { ...old.columns }, writtenAt: now }
    : {
        table: name,
        length: 0,
        chunkRows: opts.chunkRows ?? CHUNK_ROWS,
        columns: {},
        writtenAt: now,
      };
  const start = meta.length;
  const firstChunk = Math.floor(start / meta.chunkRows);
  const offset = start - firstChunk * meta.chunkRows;
  const total = start + rows.length;
  const writes: Promise<unknown>[] = [];
  for (const [col, kind] of Object.entries(spec)) {
    const c = columnOf(rows, col)!;
    let incoming: Float64Array | Int32Array | Int16Array | Int8Array;
    if (kind === 'str') {
      const s = c as StrColumn;
      const had = meta.columns[col];
      const hadRecord =
        had?.dictChunk !== undefined ? await chunks.get([name, col, DICT_CHUNK]) : undefined;
      const dict = had ? [...unpackDict(had, undefined, hadRecord)] : start === 0 ? [] : [''];
      const index = new Map(dict.map((v, i) => [v, i] as const));
      const remap = s.dict.map((v) => {
        let code = index.get(v);
        if (code === undefined) {
          code = dict.length;
          dict.push(v);
          index.set(v, code);
        }
        return code;
      });
      // Int32Array: the merged dictionary may need wider codes than the incoming ones.
      incoming = Int32Array.from(s.codes, (code) => remap[code] ?? 0);
      const { stored, record } = packDict(name, col, dict);
      meta.columns[col] = { kind, ...stored };
      if (record) writes.push(chunks.put(record));
    } else {
      incoming = c as Float64Array | Int32Array | Int16Array | Int8Array;
      meta.columns[col] = { kind };
    }
    const make = (len: number) => (kind === 'f64' ? new Float64Array(len) : new Int32Array(len));
    let taken = 0;
    for (let index = firstChunk; taken < rows.length; index++) {
      const at = index === firstChunk ? offset : 0;
      const room = meta.chunkRows - at;
      const part = Math.min(room, rows.length - taken);
      const data = make(at + part);
      if (at > 0) {
        const prev = await chunks.get([name, col, index]);
        if (prev && prev.data.length >= at) data.set(prev.data.subarray(0, at));
        else if (kind === 'f64') data.fill(NaN, 0, at);
      }
      data.set(incoming.subarray(taken, taken + part), at);
      taken += part;
      writes.push(chunks.put({ table: name, column: col, index, data }));
    }
  }
  meta.length = total;
  writes.push(metas.put(meta));
  await Promise.all(writes);
  return meta;
}
