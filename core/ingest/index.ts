/**
 * core/ingest: reads the store's own exports (Shopify, WooCommerce, GA4, Google/Meta Ads, generic
 * CSV, Storelens bundles) into schema records and columnar tables, row by row validated.
 * Runs in Node, Web Workers and MV3 extension pages: no DOM, no eval.
 */
import { IngestError } from './errors.ts';
import { gunzipCapped } from './decode.ts';
import { createExportReader, type ExportReaderOptions } from './reader.ts';
import type { ImportFormat } from './registry.ts';
import type { ExportReading } from './types.ts';

export { createExportReader, ordersFromTable, linesFromTable } from './reader.ts';
export type { ExportReader, ExportReaderOptions, ReaderProgress } from './reader.ts';
export type { ExportReading, ReadOptions } from './types.ts';
export { detectFormat, missingColumns, needsFileCurrency, normHeader } from './detect.ts';
export { FORMAT_IDS, FORMATS, FORMAT_LIST, formatOf } from './registry.ts';
export type { FormatId, ImportFormat, RequiredColumn } from './registry.ts';
export type { Context, Sink } from './formats/context.ts';
// For writing a format's reader: trimmed fields, shortened values in messages, whole numbers.
export { clip, str, wholeNumber } from './formats/context.ts';
export { IngestError, isIngestError, errorsToCsv, formatRowError } from './errors.ts';
export type { RowError, IngestErrorCode } from './errors.ts';
export { channelOf, CHANNELS } from './channel.ts';
export type { Channel, ChannelInput } from './channel.ts';
export { customerKeyOf } from './hash.ts';
export { suggestMapping, headerSignature } from './mapping.ts';
export type { MappingEntity } from './mapping.ts';
export { MAPPABLE_FIELDS } from './formats/generic.ts';
export type { StockLevel } from './formats/products.ts';
export { mergeOrders, mergeByKey, mergeTableByKey, mergeKeys } from './merge.ts';
export { parseMinor, parseCount, currencyDigits } from './numbers.ts';
export { guessTimezone, parseTimestamp, parseDay, zoneOf } from './dates.ts';
export { CsvTokenizer, sniffDelimiter } from './csv.ts';
export {
  findSplit,
  mergePartReadings,
  MIN_PART_BYTES,
  SPLIT_WINDOW_BYTES,
  SPLITTABLE_FORMATS,
} from './parts.ts';

// Big enough to amortise per-chunk work, small enough to yield progress often.
const CHUNK = 1 << 20;

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // Refused past the device's inflation cap (decompression bombs), as the streamed path is.
  const stream = gunzipCapped(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream());
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Reads a whole export held in memory: detects (or takes) the format, parses, validates every row
 * and returns the good rows as records and columnar tables with the bad rows listed. Throws an
 * IngestError for files that cannot be read at all. For big files use `createExportReader`.
 */
export async function readExport(
  bytes: Uint8Array,
  options?: ExportReaderOptions,
): Promise<ExportReading>;
export async function readExport<F extends string>(
  bytes: Uint8Array,
  options: ExportReaderOptions<F> & { formats: readonly ImportFormat<F>[] },
): Promise<ExportReading<F>>;
export async function readExport(
  bytes: Uint8Array,
  options: ExportReaderOptions<string> = {},
): Promise<ExportReading<string>> {
  // Storelens bundles are gzipped JSON; decompress and read as JSON.
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes);
  const reader = createExportReader(
    options as ExportReaderOptions<string> & { formats: readonly ImportFormat[] },
  );
  for (let at = 0, n = 1; at < bytes.length; at += CHUNK, n++) {
    reader.push(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)));
    // Let the worker handle messages (a cancel, progress display) every few MB.
    if (n % YIELD_EVERY === 0 && at + CHUNK < bytes.length) await yieldToEventLoop();
  }
  return reader.finish();
}

const YIELD_EVERY = 4;

/** Resolves after pending events (messages, abort signals) had a chance to run. */
function yieldToEventLoop(): Promise<void> {
  // A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
  if (typeof MessageChannel === 'undefined')
    return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Reads an export from a byte stream (e.g. `file.stream()` in the import worker) chunk by chunk,
 * so the file is never whole in memory; gzip (a compressed bundle) is decompressed on the way.
 * Abort with `options.signal`; follow progress with `options.onProgress`.
 */
export async function readExportStream(
  stream: ReadableStream<Uint8Array>,
  options?: ExportReaderOptions,
): Promise<ExportReading>;
export async function readExportStream<F extends string>(
  stream: ReadableStream<Uint8Array>,
  options: ExportReaderOptions<F> & { formats: readonly ImportFormat<F>[] },
): Promise<ExportReading<F>>;
export async function readExportStream(
  stream: ReadableStream<Uint8Array>,
  options: ExportReaderOptions<string> = {},
): Promise<ExportReading<string>> {
  let source = stream.getReader();
  let first = await source.read();
  if (!first.done && first.value[0] === 0x1f && first.value[1] === 0x8b) {
    if (typeof DecompressionStream === 'undefined') {
      await source.cancel();
      throw new IngestError(
        'gzip',
        'This file is gzip-compressed and this browser cannot decompress it. Decompress it first.',
      );
    }
    const head = first.value;
    const rest = source;
    const joined = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(head);
      },
      async pull(c) {
        const r = await rest.read();
        if (r.done) c.close();
        else c.enqueue(r.value);
      },
      cancel(reason) {
        return rest.cancel(reason);
      },
    });
    source = gunzipCapped(joined).getReader();
    first = await source.read();
  }
  const reader = createExportReader(
    options as ExportReaderOptions<string> & { formats: readonly ImportFormat[] },
  );
  try {
    for (let chunk = first; !chunk.done; chunk = await source.read()) reader.push(chunk.value);
  } catch (e) {
    await source.cancel(e).catch(() => undefined);
    throw e;
  }
  return reader.finish();
}
