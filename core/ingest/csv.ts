import { IngestError } from './errors.ts';

/**
 * Called once per record. `count` is the number of fields (0 for a blank line); `record` is the
 * 1-based record number, i.e. the row number a spreadsheet shows. `fields` is reused between
 * calls: copy what you keep. Fields not selected by `want` hold stale values.
 */
export type OnRecord = (fields: string[], count: number, record: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const HASH = 35;

/**
 * A streaming RFC 4180 tokenizer.
 *
 * Why not uDSV's `chunk` API: it skips blank lines without telling (so row numbers in error
 * messages drift), pads short rows (so a truncated last row or a missing column is invisible), does
 * not report an unclosed quote, treats `#` lines as data, and needs one fixed line ending.
 * Import error messages depend on all of these. This tokenizer keeps uDSV's speed tricks
 * (indexOf scans, slices, no per-char string building) and adds one of its own: columns the
 * importer does not need are skipped without creating strings.
 */
export class CsvTokenizer {
  /** Number of records emitted so far (also the number of the last one). */
  record = 0;
  /** Per column: 1 = materialise the field; others are skipped. null = all. */
  want: Uint8Array | null = null;
  /** Treat lines starting with `#` as comments (GA4 exports); they are counted but not emitted. */
  comments = false;
  /** True when the file ended inside a quoted field (a cut-off file or a stray quote). */
  unterminatedQuote = false;
  /** A record longer than this is almost surely an unclosed quote swallowing the file. */
  maxRecordChars = 32 * 1024 * 1024;

  private readonly delim: string;
  private readonly d: number;
  private buf = '';
  private readonly fields: string[] = [];

  constructor(
    delimiter: string,
    private readonly onRecord: OnRecord,
  ) {
    this.delim = delimiter;
    this.d = delimiter.charCodeAt(0);
  }

  /** Feeds more text; complete records are emitted, a partial last record is kept. */
  push(text: string): void {
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.parse(false);
  }

  /** Ends the input: the kept partial record (if any) is emitted as it is. */
  end(): void {
    this.parse(true);
    this.buf = '';
  }

  private parse(final: boolean): void {
    const s = this.buf;
    const len = s.length;
    const D = this.d;
    const delim = this.delim;
    const want = this.want;
    const fields = this.fields;
    let p = 0;
    // Cached positions of the next delimiter / newline; -1 = none left, -2 = not searched yet.
    let nextD = -2;
    let nextN = -2;

    outer: while (p < len) {
      const recStart = p;
      if (this.comments && s.charCodeAt(p) === HASH) {
        let e = s.indexOf('\n', p);
        if (e < 0) {
          if (!final) break;
          e = len;
        }
        this.record++;
        p = e + 1;
        continue;
      }
      let col = 0;
      while (true) {
        if (p >= len) {
          // Input ends right after a delimiter: the last field is empty.
          if (!final) {
            p = recStart;
            break outer;
          }
          fields[col] = '';
          this.emit(col + 1);
          p = len;
          break outer;
        }
        const c = s.charCodeAt(p);
        if (c === QUOTE) {
          let q = p + 1;
          let escaped = false;
          let j: number;
          while (true) {
            j = s.indexOf('"', q);
            if (j < 0) {
              if (!final) {
                p = recStart;
                break outer;
              }
              this.unterminatedQuote = true;
              j = len;
              break;
            }
            if (j + 1 < len) {
              if (s.charCodeAt(j + 1) === QUOTE) {
                escaped = true;
                q = j + 2;
                continue;
              }
            } else if (!final) {
              // A quote at the very end of the buffer may be half of an escaped "".
              p = recStart;
              break outer;
            }
            break;
          }
          const take = want === null || want[col] === 1;
          let value = '';
          if (take) value = escaped ? s.slice(p + 1, j).replaceAll('""', '"') : s.slice(p + 1, j);
          p = j + 1;
          if (p < len) {
            let c2 = s.charCodeAt(p);
            if (c2 !== D && c2 !== LF && c2 !== CR) {
              // Text after the closing quote (`"abc"def`) is not RFC 4180; keep it, as Excel does.
              let e1 = s.indexOf(delim, p);
              let e2 = s.indexOf('\n', p);
              if (e1 < 0) e1 = len;
              if (e2 < 0) e2 = len;
              let e = e1 < e2 ? e1 : e2;
              if (e === len && !final) {
                p = recStart;
                break outer;
              }
              if (e === e2 && e > p && s.charCodeAt(e - 1) === CR) e--;
              if (take) value += s.slice(p, e);
              p = e;
              c2 = p < len ? s.charCodeAt(p) : LF;
            }
            fields[col] = value;
            if (c2 === D) {
              p++;
              col++;
              continue;
            }
            if (c2 === CR) {
              if (p + 1 < len) {
                if (s.charCodeAt(p + 1) === LF) p++;
              } else if (!final) {
                p = recStart;
                break outer;
              }
            }
            p++;
            this.emit(col + 1);
            continue outer;
          }
          if (!final) {
            p = recStart;
            break outer;
          }
          fields[col] = value;
          this.emit(col + 1);
          break outer;
        }
        // Unquoted field: ends at the nearer of the next delimiter and the next newline.
        if (nextD !== -1 && nextD < p) nextD = s.indexOf(delim, p);
        if (nextN !== -1 && nextN < p) nextN = s.indexOf('\n', p);
        let e: number;
        let endsRecord: boolean;
        if (nextD !== -1 && (nextN === -1 || nextD < nextN)) {
          e = nextD;
          endsRecord = false;
        } else if (nextN !== -1) {
          e = nextN;
          endsRecord = true;
        } else {
          if (!final) {
            p = recStart;
            break outer;
          }
          e = len;
          endsRecord = true;
        }
        if (endsRecord) {
          let v = e;
          if (v > p && s.charCodeAt(v - 1) === CR) v--;
          if (col === 0 && v === p) {
            // A blank line still takes a row number, so later row numbers match the spreadsheet.
            this.emit(0);
          } else {
            if (want === null || want[col] === 1) fields[col] = s.slice(p, v);
            this.emit(col + 1);
          }
          p = e + 1;
          continue outer;
        }
        if (want === null || want[col] === 1) fields[col] = s.slice(p, e);
        p = e + 1;
        col++;
      }
    }
    this.buf = p >= len ? '' : s.slice(p);
    if (this.buf.length > this.maxRecordChars) {
      throw new IngestError(
        'record-too-large',
        `Row ${this.record + 1} is over ${Math.round(this.maxRecordChars / 1048576)} MB long: a quote (") is probably never closed. Check that row in a text editor.`,
      );
    }
  }

  private emit(count: number): void {
    this.record++;
    this.onRecord(this.fields, count, this.record);
  }
}

/**
 * Picks the delimiter from the first lines: the one of tab, semicolon, comma that occurs most
 * often outside quotes on one line. Title lines above the header (Google Ads) have few or none.
 */
export function sniffDelimiter(text: string): ',' | ';' | '\t' | null {
  const candidates = [',', ';', '\t'] as const;
  let best: ',' | ';' | '\t' | null = null;
  let bestCount = 0;
  let lineStart = 0;
  for (let line = 0; line < 20 && lineStart < text.length; line++) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    if (text.charCodeAt(lineStart) !== HASH) {
      for (const c of candidates) {
        let n = 0;
        let inQuote = false;
        for (let i = lineStart; i < end; i++) {
          const ch = text[i];
          if (ch === '"') inQuote = !inQuote;
          else if (ch === c && !inQuote) n++;
        }
        if (n > bestCount) {
          bestCount = n;
          best = c;
        }
      }
    }
    lineStart = end + 1;
  }
  return best;
}
