import {
  lineColumns,
  orderColumns,
  spendColumns,
  labelColumns,
  tableFromRows,
  trafficColumns,
} from '../schema/columns.ts';
import type {
  LabelsTable,
  LinesTable,
  OrdersTable,
  SpendTable,
  StrColumn,
  TrafficTable,
} from '../schema/columns.ts';
import type { Line, Order } from '../schema/store.ts';
import { own } from './builders.ts';
import { CsvTokenizer, sniffDelimiter } from './csv.ts';
import { guessTimezone, timezoneCandidates, zoneOf, type Zone } from './dates.ts';
import { currencyGuess } from './currency.ts';
import { StreamDecoder, type TextEncoding } from './decode.ts';
import { detectFormat, missingColumns } from './detect.ts';
import { IngestError } from './errors.ts';
import { Context, type Sink } from './formats/context.ts';
import { normHeader } from './header.ts';
import { FORMAT_LIST, type FormatId, type ImportFormat } from './registry.ts';
import type { ExportReading, ReadOptions } from './types.ts';

export interface ReaderProgress {
  /** Bytes pushed so far. */
  bytes: number;
  /** Data rows read so far. */
  rows: number;
}

export interface ExportReaderOptions<F extends string = FormatId> extends ReadOptions {
  /**
   * The formats to detect and read, in detection order: the registry (`FORMAT_LIST`) unless
   * given. A new format is tried out by passing the registry plus its object.
   */
  formats?: readonly ImportFormat<F>[];
  /** Aborting makes the next push/finish throw an AbortError. */
  signal?: AbortSignal;
  /** Called after each pushed chunk. */
  onProgress?: (p: ReaderProgress) => void;
}

/** A streaming export reader: push byte chunks as they are read from the file, then finish. */
export interface ExportReader<F extends string = FormatId> {
  push(chunk: Uint8Array): void;
  finish(): ExportReading<F>;
  readonly progress: ReaderProgress;
  /** The format, once the header row has been read (null before). */
  readonly format: F | null;
  /** Detection confidence 0..1, once the header has been read. */
  readonly confidence: number;
  readonly header: string[];
  /** The first data rows read so far (up to 10), for a preview before the whole file is read. */
  readonly preview: string[][];
  /** The delimiter and the text encoding, once the head of the file has been read. */
  readonly delimiter: string | null;
  readonly encoding: TextEncoding | null;
}

// Title lines above the header (Google Ads writes two) are skipped; more means there is no header.
const MAX_PREAMBLE_ROWS = 30;
// Text gathered before choosing delimiter and mode: enough for title lines plus the header.
const HEAD_CHARS = 64 * 1024;
const PREVIEW_ROWS = 10;

/** 'Currency', 'Currency' and 'Total', 'A', 'B' and 'C'. */
function columnList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length < 2 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** "This Shopify orders export has no 'Total' column: every order total would read as 0. …" */
function missingColumnsError(format: ImportFormat, missing: readonly string[]): IngestError {
  const why = missing
    .map((name) => format.requiredColumns.find((c) => c.name === name)!)
    .map((c) => (missing.length > 1 ? `without '${c.name}', ${c.why}` : c.why));
  const label = format.label.replace(/ \(.*\)$/, '');
  return new IngestError(
    'missing-columns',
    `This ${label} has no ${columnList(missing)} column${missing.length > 1 ? 's' : ''}: ${why.join('; ')}. Nothing was read. Export the file again with all its columns (${format.source}) and import it, without removing columns in a spreadsheet.`,
  );
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The import was cancelled.', 'AbortError');
}

/** Starts a streaming read of an export; see `readExport` for the options. */
export function createExportReader(options?: ExportReaderOptions): ExportReader;
export function createExportReader<F extends string>(
  options: ExportReaderOptions<F> & { formats: readonly ImportFormat<F>[] },
): ExportReader<F>;
export function createExportReader(
  options: ExportReaderOptions<string> = {},
): ExportReader<string> {
  const formats: readonly ImportFormat[] = options.formats ?? FORMAT_LIST;
  const byId = new Map(formats.map((f) => [f.id, f]));
  const forced = options.format !== undefined ? byId.get(options.format) : undefined;
  if (options.format !== undefined && !forced) {
    throw new IngestError(
      'bad-option',
      `Unknown format '${options.format}'. Use one of: ${formats.map((f) => f.id).join(', ')}.`,
    );
  }
  const json = formats.find((f) => f.kind === 'json');
  const generic = byId.get('generic');
  let zone: Zone;
  try {
    zone = zoneOf(options.timezone ?? 'UTC');
  } catch {
    throw new IngestError(
      'bad-option',
      `Unknown timezone '${options.timezone}'. Use an IANA name like Europe/Berlin.`,
    );
  }
  const decoder = new StreamDecoder();
  const progress: ReaderProgress = { bytes: 0, rows: 0 };
  let head = '';
  let started = false;
  let bundleText: string[] | null = null;
  let crOnly = false;
  let tokenizer: CsvTokenizer | null = null;
  let delimiter: string | undefined;
  let header: string[] | null = null;
  let format: ImportFormat | null = null;
  let confidence = 0;
  let ctx: Context | null = null;
  let sink: Sink | null = null;
  let headerLen = 0;
  let preambleRows = 0;
  const preview: string[][] = [];
  let lastRecord = 0;
  let lastCount = 0;
  // Reading a range (`part`): the grouping column's value on the first and last data row.
  let groupFirst: string | null = null;
  let groupLast: string | null = null;
  // The grouping column's value on the last data row (the group a cut-off last row belongs to).
  let lastGroup: string | null = null;

  function onHeader(fields: string[], count: number, record: number): void {
    const h = fields.slice(0, count).map((x) => x.replace(/^\uFEFF/, '').trim());
    // Trailing empty header cells (a stray delimiter at the end of the line) are not columns.
    while (h.length > 1 && h[h.length - 1] === '') h.pop();
    const seen = new Map<string, number>();
    h.forEach((name, i) => {
      const n = normHeader(name);
      if (n === '') return;
      const first = seen.get(n);
      if (first !== undefined) {
        throw new IngestError(
          'duplicate-header',
          `The header row (row ${record}) has the column '${name}' twice (columns ${first + 1} and ${i + 1}). Rename or remove one and import again.`,
        );
      }
      seen.set(n, i);
    });
    header = h;
    headerLen = count;
    const detected = detectFormat(h, formats);
    const detectedFormat = byId.get(detected.format) ?? null;
    const mapped = options.mapping !== undefined && Object.keys(options.mapping).length > 0;
    if (forced) {
      format = forced;
      confidence = 1;
      if (forced.detect && detected.format !== forced.id) {
        const missing = missingColumns(forced, h);
        const looks =
          detectedFormat && detectedFormat.detect
            ? `; it looks like ${detectedFormat.article}`
            : '';
        throw new IngestError(
          'wrong-format',
          missing.length > 0
            ? `This file is not ${forced.article}: it has no ${columnList(missing)} column${missing.length > 1 ? 's' : ''}${looks}. Pick the right file or format.`
            : `This file is not ${forced.article}: its header does not have that export's columns${looks}. Pick the right file or format.`,
        );
      }
    } else if (mapped && generic) {
      // A column mapping (e.g. one saved for this header) is an explicit choice: read as generic.
      format = generic;
      confidence = 1;
    } else {
      format = detectedFormat ?? generic ?? null;
      confidence = detected.confidence;
      if (!format)
        throw new IngestError(
          'wrong-format',
          `This file is none of: ${formats.map((f) => f.label).join(', ')}.`,
        );
    }
    if (format.kind === 'json') {
      throw new IngestError('wrong-format', `This file is a CSV, not ${format.article} (.json).`);
    }
    const missing = missingColumns(format, h, options.fileCurrency !== undefined);
    if (missing.length > 0) throw missingColumnsError(format, missing);
    ctx = new Context(h, options, zone, delimiter === ';');
    sink = format.read?.(ctx) ?? null;
    // Without a mapping a generic file is only read for its header and preview (the mapping step).
  }

  // The preview needs every column of the first rows; afterwards only the sink's columns (and
  // one past the header, to tell a stray trailing delimiter from real extra values).
  function narrow(): void {
    if (!sink || !tokenizer) return;
    const w = new Uint8Array(headerLen + 1);
    w.set(sink.want.subarray(0, headerLen));
    w[headerLen] = 1;
    tokenizer.want = w;
  }

  function onRecord(fields: string[], count: number, record: number): void {
    lastRecord = record;
    lastCount = count;
    if (!header) {
      if (count < 2 || fields.slice(0, count).filter((x) => x.trim() !== '').length < 2) {
        if (++preambleRows > MAX_PREAMBLE_ROWS) noHeader();
        return;
      }
      onHeader(fields, count, record);
      return;
    }
    if (count === 0) return;
    progress.rows++;
    if (sink?.group !== undefined) {
      lastGroup = (fields[sink.group] ?? '').trim();
      if (options.part) {
        groupLast = lastGroup;
        groupFirst ??= own(groupLast);
      }
    }
    if (preview.length < PREVIEW_ROWS) {
      preview.push(fields.slice(0, count));
      if (preview.length === PREVIEW_ROWS) narrow();
    }
    if (!sink || !ctx) return;
    const rejectedBefore = ctx.rejected;
    if (count !== headerLen) {
      // Allow a trailing empty column (a stray delimiter at line end) but nothing else.
      if (!(count === headerLen + 1 && fields[headerLen] === '')) {
        ctx.error(
          record,
          -1,
          count < headerLen
            ? `The row has ${count} of the header's ${headerLen} columns. The file may be cut off here, or the row was broken by a line break outside quotes.`
            : `The row has ${count} columns but the header has ${headerLen}. A value probably contains the delimiter '${delimiter === '\t' ? 'tab' : delimiter}' without quotes.`,
        );
        ctx.rejected++;
        noteRejected(fields, count);
        if (sink.group !== undefined) sink.reject?.((fields[sink.group] ?? '').trim(), record);
        return;
      }
    }
    sink.row(fields, record);
    if (ctx.rejected > rejectedBefore) noteRejected(fields, count);
  }

  // The orders (keys) that lost a row to an error, so a re-import keeps their stored version.
  const rejectedKeys = new Set<string>();
  function noteRejected(fields: string[], count: number): void {
    const col = sink?.key ?? sink?.group;
    if (col === undefined || col < 0 || col >= count) return;
    const key = fields[col]!.trim();
    if (key !== '' && !rejectedKeys.has(key)) rejectedKeys.add(own(key));
  }

  let firstLine = '';
  // A whitespace-aligned text file (a report with columns padded by spaces): each line is cut
  // into fields at the gutters found in the head of the file (`cuts`) and handed to the tokenizer
  // tab-separated.
  let cuts: number[] | null = null;
  let carry = '';
  function spacedToTabs(text: string, final: boolean): string {
    const all = carry + text;
    const cut = final ? all.length : all.lastIndexOf('\n') + 1;
    carry = all.slice(cut);
    if (cut === 0) return '';
    const lines = all.slice(0, cut).split('\n');
    const out = lines.map((line) => {
      const t = line.replace(/\r$/, '');
      if (t.trim() === '') return '';
      const f: string[] = [];
      let at = 0;
      for (const c of cuts!) {
        f.push(t.slice(at, c).trim());
        at = c;
      }
      f.push(t.slice(at).trim());
      return f.join('\t');
    });
    return out.join('\n');
  }

  function noHeader(): never {
    if ((firstLine.match(/\|/g) ?? []).length >= 2) {
      throw new IngestError(
        'no-header',
        `The file separates its columns with '|', which Storelens does not read. Save it as CSV with commas, semicolons or tabs and import again.`,
      );
    }
    throw new IngestError(
      'no-header',
      `No header row found${options.fileName ? ` in ${options.fileName}` : ''}: the file should start with a line of column names separated by commas, semicolons or tabs. Check that it is a CSV export and not another kind of file.`,
    );
  }

  function start(final: boolean): void {
    const t = head.replace(/^\uFEFF/, '');
    const firstChar = t.trimStart()[0];
    started = true;
    if ((firstChar === '{' || firstChar === '[') && json) {
      if (forced && forced.kind !== 'json') {
        throw new IngestError(
          'wrong-format',
          `This file is JSON (${json.article}?), not ${forced.article}.`,
        );
      }
      bundleText = [t];
      format = json;
      confidence = 1;
      return;
    }
    if (forced?.kind === 'json') {
      throw new IngestError(
        'bad-json',
        'This file is not a Storelens bundle: it does not start with JSON. Pick the .json file exported by Storelens.',
      );
    }
    if (t.trim() === '') {
      if (final)
        throw new IngestError(
          'empty',
          `The file${options.fileName ? ` ${options.fileName}` : ''} is empty. Export the report again and pick the downloaded file.`,
        );
    }
    const nl = t.indexOf('\n');
    firstLine = t.slice(0, nl < 0 ? 2000 : Math.min(nl, 2000));
    crOnly = nl < 0 && t.includes('\r');
    const text = crOnly ? t.replaceAll('\r', '\n') : t;
    const d = sniffDelimiter(text);
    if (!d) {
      cuts = whitespaceCuts(text);
      if (!cuts) noHeader();
      delimiter = ' ';
      tokenizer = new CsvTokenizer('\t', onRecord);
      tokenizer.push(spacedToTabs(text, final));
      return;
    }
    delimiter = d;
    tokenizer = new CsvTokenizer(d, onRecord);
    tokenizer.comments = t.startsWith('#');
    tokenizer.push(text);
  }

  function feed(text: string, final: boolean): void {
    if (!started) {
      head += text;
      if (head.length < HEAD_CHARS && !final) return;
      start(final);
      head = '';
      return;
    }
    if (bundleText) {
      bundleText.push(text);
      return;
    }
    const t = crOnly ? text.replaceAll('\r', '\n') : text;
    if (cuts) {
      const tabbed = spacedToTabs(t, final);
      if (tabbed) tokenizer!.push(tabbed);
    } else if (t) tokenizer!.push(t);
  }

  return {
    get progress() {
      return progress;
    },
    get format() {
      return format?.id ?? null;
    },
    get header() {
      return header ?? [];
    },
    get confidence() {
      return confidence;
    },
    get preview() {
      return preview;
    },
    get delimiter() {
      return delimiter ?? null;
    },
    get encoding() {
      return decoder.encoding;
    },
    push(chunk) {
      if (options.signal?.aborted) throw abortError(options.signal);
      progress.bytes += chunk.length;
      feed(decoder.push(chunk), false);
      options.onProgress?.(progress);
    },
    finish() {
      if (options.signal?.aborted) throw abortError(options.signal);
      if (progress.bytes === 0) {
        throw new IngestError(
          'empty',
          `The file${options.fileName ? ` ${options.fileName}` : ''} is empty. Export the report again and pick the downloaded file.`,
        );
      }
      feed(decoder.end(), true);
      if (!started) start(true);
      const base = { warnings: decoder.warnings, encoding: decoder.encoding ?? undefined };
      if (bundleText) {
        let bundle: unknown;
        try {
          bundle = JSON.parse(bundleText.join(''));
        } catch (e) {
          throw new IngestError(
            'bad-json',
            `This bundle is not valid JSON (${(e as Error).message}). The file may be cut off; export it again.`,
          );
        }
        return {
          format: format!.id,
          confidence: 1,
          bundle,
          errors: [],
          rejected: 0,
          rows: 0,
          header: [],
          preview: [],
          ...base,
        };
      }
      tokenizer!.end();
      if (!header) noHeader();
      const c = ctx as Context | null;
      if (tokenizer!.unterminatedQuote && c) {
        // One message for the cut-off last row, instead of also "has N of M columns".
        const last = c.errors[c.errors.length - 1];
        if (last && last.row === lastRecord) c.errors.pop();
        else if (lastCount > 0) c.rejected++;
        c.error(
          lastRecord,
          -1,
          'The file ends inside a quoted value: it was probably cut off while downloading. Export it again; the rows before this one were read.',
        );
        // The cut-off row's group (its order) is incomplete: drop it whole.
        if (sink && lastGroup !== null) (sink as Sink).reject?.(lastGroup, lastRecord);
      }
      const part = sink ? (sink as Sink).finish() : {};
      const reading: ExportReading<string> = {
        format: format!.id,
        confidence,
        ...part,
        errors: c ? c.errors : [],
        rejected: c ? c.rejected : 0,
        rows: progress.rows,
        header: header as string[],
        preview,
        delimiter,
        ...base,
        warnings: [...base.warnings, ...(c ? c.warnings : [])],
      };
      if (c && c.skipped.length > 0) reading.skipped = c.skipped;
      if (rejectedKeys.size > 0) reading.rejectedKeys = [...rejectedKeys];
      if (options.part) {
        reading.part = {
          records: tokenizer!.record,
          unterminatedQuote: tokenizer!.unterminatedQuote,
          groupFirst,
          groupLast: groupLast === null ? null : own(groupLast),
          tzSamples: c ? c.tzSamples : [],
          unsureNumbers: c ? c.unsureNumbers : 0,
        };
      }
      if (c && c.tzSamples.length > 0) {
        reading.timezone = guessTimezone(c.tzSamples, options.preferredTimezone);
        reading.timezoneCandidates = timezoneCandidates(c.tzSamples, reading.timezone);
        reading.offsets = [...new Set(c.tzSamples.map((x) => offsetText(x.offset)))];
      } else if (options.timezone) reading.timezone = options.timezone;
      if (c) {
        const guess = currencyGuess(c, reading.timezone);
        if (guess) reading.currencyGuess = guess;
      }
      return completeReading(reading, options);
    },
  };
}

/** "+10:00" for 600 minutes east of UTC. */
function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * Where to cut the lines of a text file with no comma, semicolon or tab whose columns are
 * aligned with spaces: the gutters are the character positions blank on the header and on every
 * line of the head of the file (a blank cell stays a blank field). Gutters must be two spaces
 * wide when the header's names hold single spaces ("Invoice Date"). Returns the start of each
 * gutter between columns (≥ 1 of them), or null when the text is not laid out so.
 */
function whitespaceCuts(text: string): number[] | null {
  const all = text.split('\n');
  if (!text.endsWith('\n')) all.pop();
  const lines = all
    .map((l) => l.replace(/\r$/, '').replace(/\s+$/, ''))
    .filter((l) => l !== '' && !l.startsWith('#'))
    .slice(0, 500);
  if (lines.length < 2 || lines[0]!.includes('|') || /\t/.test(lines[0]!)) return null;
  const width = Math.max(...lines.map((l) => l.length));
  const blank = new Uint8Array(width).fill(1);
  for (const l of lines) for (let i = 0; i < l.length; i++) if (l[i] !== ' ') blank[i] = 0;
  const minGap = lines[0]!.trim().split(/\s{2,}/).length >= 2 ? 2 : 1;
  const cuts: number[] = [];
  let i = 0;
  while (i < width && blank[i]) i++;
  while (i < width) {
    while (i < width && !blank[i]) i++;
    const gapStart = i;
    while (i < width && blank[i]) i++;
    if (i < width && i - gapStart >= minGap) cuts.push(gapStart);
  }
  if (cuts.length === 0) return null;
  // Every column has a name in the header.
  const header = lines[0]!;
  const edges = [0, ...cuts, width];
  for (let k = 0; k + 1 < edges.length; k++)
    if (header.slice(edges[k], edges[k + 1]).trim() === '') return null;
  return cuts;
}

/** Fills in whichever of rows and tables a sink did not build, so both forms are always there. */
function completeReading(r: ExportReading<string>, options: ReadOptions): ExportReading<string> {
  const records = options.records !== false;
  if (r.ordersTable && records)
    r.orders = ordersFromTable(r.ordersTable, options.keepEmails ? r.orderEmails : undefined);
  else if (r.orders && !r.ordersTable) {
    r.ordersTable = tableFromRows(orderColumns, r.orders) as OrdersTable;
    if (options.keepEmails) r.orderEmails = r.orders.map((o) => o.email ?? '');
  }
  if (r.linesTable && records) r.lines = linesFromTable(r.linesTable);
  else if (r.lines && !r.linesTable)
    r.linesTable = tableFromRows(lineColumns, r.lines) as LinesTable;
  if (r.orders && !r.lines && r.format !== 'woocommerce-orders') r.lines = [];
  if (r.traffic) r.trafficTable = tableFromRows(trafficColumns, r.traffic) as TrafficTable;
  if (r.spend) r.spendTable = tableFromRows(spendColumns, r.spend) as SpendTable;
  if (r.labels) r.labelsTable = tableFromRows(labelColumns, r.labels) as LabelsTable;
  if (!records) {
    delete r.orders;
    delete r.lines;
  }
  return r;
}

function nullable(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/** Orders table → Order records (NaN timestamps become null; emails only when given). */
export function ordersFromTable(t: OrdersTable, emails?: string[]): Order[] {
  const c = t.columns;
  const s = (col: StrColumn, i: number) => col.dict[col.codes[i]!]!;
  const out: Order[] = new Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const o: Order = {
      id: s(c.id, i),
      number: s(c.number, i),
      createdAt: c.createdAt[i]!,
      customerKey: s(c.customerKey, i),
      currency: s(c.currency, i),
      subtotal: c.subtotal[i]!,
      discounts: c.discounts[i]!,
      shipping: c.shipping[i]!,
      taxes: c.taxes[i]!,
      total: c.total[i]!,
      refunded: c.refunded[i]!,
      refundedAt: nullable(c.refundedAt[i]!),
      refundedShipping: nullable(c.refundedShipping[i]!),
      refundedTaxes: nullable(c.refundedTaxes[i]!),
      kind: s(c.kind, i) === 'return' ? 'return' : 'order',
      financialStatus: s(c.financialStatus, i),
      fulfillmentStatus: s(c.fulfillmentStatus, i),
      cancelledAt: nullable(c.cancelledAt[i]!),
      channel: s(c.channel, i),
      utmSource: s(c.utmSource, i),
      utmMedium: s(c.utmMedium, i),
      utmCampaign: s(c.utmCampaign, i),
      referrer: s(c.referrer, i),
      landingPage: s(c.landingPage, i),
      discountCode: s(c.discountCode, i),
      country: s(c.country, i),
      gateway: s(c.gateway, i),
      refunds: s(c.refunds, i),
    };
    const email = emails?.[i];
    if (email) o.email = email;
    out[i] = o;
  }
  return out;
}

/** Lines table → Line records. */
export function linesFromTable(t: LinesTable): Line[] {
  const c = t.columns;
  const s = (col: StrColumn, i: number) => col.dict[col.codes[i]!]!;
  const out: Line[] = new Array(t.length);
  for (let i = 0; i < t.length; i++) {
    out[i] = {
      orderId: s(c.orderId, i),
      createdAt: c.createdAt[i]!,
      sku: s(c.sku, i),
      productId: s(c.productId, i),
      variantId: s(c.variantId, i),
      title: s(c.title, i),
      productType: s(c.productType, i),
      vendor: s(c.vendor, i),
      quantity: c.quantity[i]!,
      unitPrice: c.unitPrice[i]!,
      discount: c.discount[i]!,
      refundedQuantity: c.refundedQuantity[i]!,
      giftCard: c.giftCard[i] === 1,
      currency: s(c.currency, i),
    };
  }
  return out;
}
