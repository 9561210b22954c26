import {
  currencyDigits,
  MAX_COUNT,
  parseCount,
  parseMinor,
  separatorEvidence,
} from '../numbers.ts';
import { lastParsed, parseTimestamp, parseWithFormat, type Zone } from '../dates.ts';
import type { RowError } from '../errors.ts';
import type { ExportReading, ReadOptions } from '../types.ts';
import { normHeader } from '../header.ts';

/** Brackets a range-relative row number in a message (see Context.rowRef). */
export const ROW_MARK = '\u0001';

/** Errors listed in full; past this only the count grows, so a hopeless file cannot exhaust memory. */
export const MAX_LISTED_ERRORS = 10_000;

/** A format's row handler: gets every data row, returns its part of the reading at the end. */
export interface Sink {
  /** Per header column: 1 when the sink reads it (others are never turned into strings). */
  readonly want: Uint8Array;
  /**
   * The column whose value groups consecutive rows (Shopify orders: 'Name'), when rows of a
   * group must be read together; a file split into ranges is split between groups only.
   * Absent: the sink cannot read a file in ranges.
   */
  readonly group?: number;
  /**
   * The column naming the record a row belongs to (generic orders: the order id), when it is not
   * `group`: a rejected row's value there lands in the reading's `rejectedKeys`.
   */
  readonly key?: number;
  row(fields: string[], row: number): void;
  /**
   * A row of group `group` (the grouping column's value) that the reader could not read at all
   * (wrong number of columns, cut off): the sink drops the whole group, as one it rejected itself.
   */
  reject?(group: string, row: number): void;
  finish(): Partial<ExportReading>;
}

/** What every sink shares: the header, options, error list and value parsers with messages. */
export class Context {
  readonly norm: string[];
  readonly errors: RowError[] = [];
  readonly warnings: string[] = [];
  rejected = 0;
  /** Rows read without error but not stored (a variable parent, an image-only row): row, column, why. */
  readonly skipped: RowError[] = [];
  /** (UTC ms, offset) pairs seen, for guessing the store timezone. */
  readonly tzSamples: { ms: number; offset: number }[] = [];
  private lastOffset = NaN;
  private lastSampleMonth = -1;
  /**
   * Per column, the decimal separator its amounts showed (46 '.', 44 ','; 0: not yet shown): the
   * file's number locale, learnt from values like "12,50" or "1,234.56", so that "1.234" in a
   * column written the German way is 1234, not 1.234.
   */
  private readonly decimalSep: Uint8Array;
  /** Amounts met whose lone separator reads two ways ("1.234"): a range's reading depends on them. */
  unsureNumbers = 0;
  /** Currency codes read from a currency column, with their counts (for the store currency guess). */
  readonly currenciesSeen = new Map<string, number>();
  /** Symbols or codes written around amounts ("£", "A$", "EUR"), with their counts. */
  readonly symbolsSeen = new Map<string, number>();

  constructor(
    readonly header: string[],
    readonly options: ReadOptions,
    readonly zone: Zone,
    readonly decimalComma: boolean,
  ) {
    this.norm = header.map(normHeader);
    this.decimalSep = new Uint8Array(header.length + 1);
  }

  /** Index of the first header column with one of these names (compared loosely), or -1. */
  col(...names: string[]): number {
    for (const n of names) {
      const i = this.norm.indexOf(normHeader(n));
      if (i >= 0) return i;
    }
    return -1;
  }

  /** Index of the first header column matching a pattern (on the loose form), or -1. */
  colMatch(re: RegExp): number {
    return this.norm.findIndex((h) => re.test(h));
  }

  /** A want-mask for these column indexes (-1 ignored). */
  wantOf(cols: number[]): Uint8Array {
    const w = new Uint8Array(this.header.length);
    for (const c of cols) if (c >= 0) w[c] = 1;
    return w;
  }

  /**
   * A row number inside a message. Reading a range (`part`), rows are numbered from the range's
   * start; the marker lets the stitcher rewrite them once the rows before the range are counted.
   */
  rowRef(row: number): string {
    return this.options.part ? `${ROW_MARK}${row}${ROW_MARK}` : String(row);
  }

  error(row: number, col: number, message: string): void {
    if (this.errors.length < MAX_LISTED_ERRORS) {
      const column = col >= 0 ? this.header[col] : undefined;
      this.errors.push(column === undefined ? { row, message } : { row, column, message });
    }
  }

  /**
   * A row that is read but deliberately not stored (it is no sellable variant): listed with the
   * column that says so and why, so that every row of the file is accounted for.
   */
  skip(row: number, col: number, message: string): void {
    if (this.skipped.length < MAX_LISTED_ERRORS) {
      const column = col >= 0 ? this.header[col] : undefined;
      this.skipped.push(column === undefined ? { row, message } : { row, column, message });
    }
  }

  /** Like `error`, for a row before rows already reported: kept in row order. */
  errorBefore(row: number, col: number, message: string): void {
    const n = this.errors.length;
    this.error(row, col, message);
    if (this.errors.length === n) return;
    const e = this.errors.pop()!;
    let at = n;
    while (at > 0 && this.errors[at - 1]!.row > row) at--;
    this.errors.splice(at, 0, e);
  }

  name(col: number): string {
    return this.header[col] ?? '';
  }

  /** Money in minor units; empty → `empty`. Invalid → NaN plus a row error. */
  money(f: string[], col: number, row: number, digits: number, empty = 0): number {
    if (col < 0) return empty;
    const s = f[col]!;
    if (s === '') return empty;
    const first = s.charCodeAt(0);
    const last = s.charCodeAt(s.length - 1);
    if (((first < 48 || first > 57) && first !== 45 && first !== 46) || last < 48 || last > 57)
      this.noteSymbol(s);
    let sep = this.decimalSep[col]!;
    if (sep === 0) {
      const ev = separatorEvidence(s);
      if (ev === '.' || ev === ',') this.decimalSep[col] = sep = ev === '.' ? 46 : 44;
      else if (ev !== '') {
        this.unsureNumbers++;
        // A lone separator that is the file's decimal one by its delimiter ('.' in a comma file,
        // ',' in a semicolon file) but that the column has not shown to be: refuse, do not guess.
        if (ev === (this.decimalComma ? '?,' : '?.')) {
          const mark = ev[1]!;
          this.error(
            row,
            col,
            `'${this.name(col)}' is '${clip(s)}', which reads as a thousand-something (with '${mark}' between thousands) or as a small amount (with '${mark}' as the decimal separator), and no earlier amount in this column shows which. Write the amounts with their decimals (like ${mark === '.' ? '1.234,00' : '1,234.00'}), and import again.`,
          );
          return NaN;
        }
      }
    } else if (this.options.part && maybeUnsure(s) && separatorEvidence(s).startsWith('?')) {
      // Read by what the column showed before; a later range does not see that.
      this.unsureNumbers++;
    }
    const v = parseMinor(s, digits, sep === 0 ? this.decimalComma : sep === 44);
    if (Number.isNaN(v)) {
      this.error(
        row,
        col,
        `'${this.name(col)}' is not an amount (got '${clip(s)}'). Use a number like 1234.56 or 1.234,56.`,
      );
    }
    return v;
  }

  /** A count (≥ 0 integer); empty → `empty`. Invalid or negative → NaN plus a row error. */
  count(f: string[], col: number, row: number, empty = 0): number {
    if (col < 0) return empty;
    const s = f[col]!;
    if (s === '') return empty;
    const sep = this.decimalSep[col]!;
    const v = parseCount(s, sep === 0 ? this.decimalComma : sep === 44);
    if (Number.isNaN(v)) {
      this.error(row, col, `'${this.name(col)}' is not a whole number (got '${clip(s)}').`);
      return NaN;
    }
    if (v > MAX_COUNT) {
      this.error(
        row,
        col,
        `'${this.name(col)}' is too large (got '${clip(s)}'). A count above ${MAX_COUNT} is not a real figure; check the cell.`,
      );
      return NaN;
    }
    if (v < 0) {
      this.error(
        row,
        col,
        `'${this.name(col)}' is negative (got '${clip(s)}'). It must be 0 or more.`,
      );
      return NaN;
    }
    return v;
  }

  /** A timestamp → UTC ms; empty → `empty`. Invalid → NaN plus a row error. Offsets feed the timezone guess. */
  time(f: string[], col: number, row: number, empty = NaN): number {
    if (col < 0) return empty;
    const s = f[col]!;
    if (s === '') return empty;
    const fmt = this.options.dateFormat;
    let ms = fmt ? parseWithFormat(s, fmt, this.zone) : parseTimestamp(s, this.zone);
    if (fmt && Number.isNaN(ms)) ms = parseTimestamp(s, this.zone);
    if (Number.isNaN(ms) || ms < 0 || ms > 8.64e15) {
      this.error(
        row,
        col,
        `'${this.name(col)}' is not a date (got '${clip(s)}'). Check the file's date format${fmt ? ` (expected ${fmt})` : ''}.`,
      );
      return NaN;
    }
    if (!fmt && !Number.isNaN(lastParsed.offset)) this.noteOffset(ms, lastParsed.offset);
    return ms;
  }

  private noteSymbol(s: string): void {
    if (this.symbolsSeen.size > 20) return;
    const m = /^[\s(+-]*([^\d\s.,()+-]+)|([^\d\s.,()+-]+)[\s)]*$/.exec(s);
    const sym = (m?.[1] ?? m?.[2] ?? '').trim();
    if (sym !== '') this.symbolsSeen.set(sym, (this.symbolsSeen.get(sym) ?? 0) + 1);
  }

  private noteOffset(ms: number, offset: number): void {
    // One sample per offset change and per ~month is enough to tell zones (and DST rules) apart.
    const month = Math.floor(ms / 2.6e9);
    if (offset === this.lastOffset && month === this.lastSampleMonth) return;
    this.lastOffset = offset;
    this.lastSampleMonth = month;
    if (this.tzSamples.length < 400) this.tzSamples.push({ ms, offset });
  }

  /** A 3-letter currency code (upper-cased), or "" plus a row error. */
  currency(f: string[], col: number, row: number, fallback: string): string {
    const s = col >= 0 ? f[col]!.trim().toUpperCase() : '';
    if (s === '') return fallback;
    if (s.length === 3) this.currenciesSeen.set(s, (this.currenciesSeen.get(s) ?? 0) + 1);
    if (!/^[A-Z]{3}$/.test(s)) {
      this.error(
        row,
        col,
        `'${this.name(col)}' is not a 3-letter currency code (got '${clip(s)}'). Use an ISO code like USD or EUR.`,
      );
      return '';
    }
    return s;
  }

  digits(currency: string): number {
    return currencyDigits(currency);
  }
}

/**
 * A whole number written plainly ("12", "-3"), for quantities and stock levels: null when empty,
 * NaN plus a row error when it is not one or is beyond ±MAX_COUNT (an exponent like "1e9", a
 * decimal, or a figure too large to be real).
 */
export function wholeNumber(ctx: Context, f: string[], col: number, row: number): number | null {
  const s = str(f, col);
  if (s === '') return null;
  if (!/^-?\d+$/.test(s)) {
    ctx.error(row, col, `'${ctx.name(col)}' is not a whole number (got '${clip(s)}').`);
    return NaN;
  }
  const v = Number(s);
  if (Math.abs(v) > MAX_COUNT) {
    ctx.error(
      row,
      col,
      `'${ctx.name(col)}' is too large (got '${clip(s)}'). A figure above ${MAX_COUNT} is not a real count; check the cell.`,
    );
    return NaN;
  }
  return v;
}

/** Cheap pre-check for `separatorEvidence(s)` being `?.`/`?,`: a separator 3 digits from the end, or not ending in a digit. */
function maybeUnsure(s: string): boolean {
  const n = s.length;
  const last = s.charCodeAt(n - 1);
  if (last < 48 || last > 57) return true;
  const c = s.charCodeAt(n - 4);
  return c === 46 || c === 44;
}

/** Long values are shortened in messages. */
export function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** A trimmed field or "" when the column is absent. */
export function str(f: string[], col: number): string {
  return col >= 0 ? f[col]!.trim() : '';
}

/** ISO 3166-1 alpha-2 from a country field ("US", "us"); "" for names or empties. */
export function country(s: string): string {
  const t = s.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(t)) return t;
  if (t === '') return '';
  let code = countryByName().get(t);
  if (code === undefined) {
    code =
      countryByName().get(
        t
          .replace(/[^A-Z ]+/g, ' ')
          .replace(/ +/g, ' ')
          .trim(),
      ) ?? '';
    countryByName().set(t, code);
  }
  return code;
}

/** Names exports write that are not a region's display name ("EIRE" in UCI Online Retail). */
const COUNTRY_ALIASES: Record<string, string> = {
  USA: 'US',
  'U S A': 'US',
  'UNITED STATES OF AMERICA': 'US',
  UK: 'GB',
  'GREAT BRITAIN': 'GB',
  ENGLAND: 'GB',
  SCOTLAND: 'GB',
  WALES: 'GB',
  'NORTHERN IRELAND': 'GB',
  EIRE: 'IE',
  RSA: 'ZA',
  'CZECH REPUBLIC': 'CZ',
  HOLLAND: 'NL',
  KOREA: 'KR',
  'SOUTH KOREA': 'KR',
  RUSSIA: 'RU',
  UAE: 'AE',
};

/** Region codes that are no country (European Union, United Nations, Outlying Oceania, unknown). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);

function canonicalRegion(code: string): boolean {
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;
  } catch {
    return false;
  }
}

let byName: Map<string, string> | null = null;
/**
 * Country name (upper case) → ISO 3166-1 alpha-2, from the runtime's region names in English and
 * the languages exports are most often written in, plus COUNTRY_ALIASES. Built once, on first use.
 */
function countryByName(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(COUNTRY_ALIASES));
  const A = 65;
  for (const lang of ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl']) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (let a = 0; a < 26; a++)
      for (let b = 0; b < 26; b++) {
        const code = String.fromCharCode(A + a, A + b);
        // Deprecated codes (DD, BU, …) name today's country too: only canonical ones count.
        const name = NOT_COUNTRIES.has(code) || !canonicalRegion(code) ? undefined : names.of(code);
        if (!name) continue;
        const key = name.toUpperCase();
        if (!byName.has(key)) byName.set(key, code);
        const plain = key.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
        if (!byName.has(plain)) byName.set(plain, code);
      }
  }
  return byName;
}
