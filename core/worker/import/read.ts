/**
 * Reading the chosen files: each streamed (gunzipped when gzip) through core/ingest, a big export
 * in byte ranges on several threads (see core/ingest/parts.ts), with progress for the screen.
 */
import {
  createExportReader,
  findSplit,
  IngestError,
  MIN_PART_BYTES,
  mergePartReadings,
  normHeader,
  SPLIT_WINDOW_BYTES,
  SPLITTABLE_FORMATS,
  type ExportReading,
  type ReadOptions,
} from '../../ingest/index.ts';
import { PROGRESS_EVERY_MS, pushInPieces, readRange, type PartRequest } from '../parts.ts';
import { WorkerApiError } from '../errors.ts';
import { gunzipCapped } from '../../ingest/decode.ts';
import type { ImportDeps, ImportOptions, ImportProgress } from './types.ts';

/** One file as read: its name, size, reading, place in the chosen list and ranges read. */
export interface FileReading {
  name: string;
  bytes: number;
  reading: ExportReading;
  index: number;
  ranges: number;
}

// How long the first range waits for the other threads to start before it starts anyway.
const PART_START_TIMEOUT_MS = 2000;

// Bundles merge through core/worker/sync in their own transaction: never inside a CSV batch.
function bundleError(fileName: string): WorkerApiError {
  return new WorkerApiError(
    'BundleInBatchError',
    'bundle-in-batch',
    `${fileName} is a Storelens bundle (the sync format). Import it on its own: it is merged with this device's data separately from CSV exports.`,
  );
}

/** The file's name (a File keeps it; a Blob cloned by some runtimes does not). */
export function nameOf(file: Blob, i: number): string {
  const n = (file as Partial<File>).name;
  return typeof n === 'string' && n !== '' ? n : `file ${i + 1}`;
}

export async function isGzip(file: Blob): Promise<boolean> {
  const b = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  return b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * The file's bytes as a stream (gunzipped when gzip, refused past the device's inflation cap),
 * counting the file bytes read.
 */
export function byteStream(
  file: Blob,
  gzip: boolean,
  counted: { bytes: number },
): ReadableStream<Uint8Array> {
  const raw = file.stream() as ReadableStream<Uint8Array>;
  if (!gzip) return raw;
  const count = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      counted.bytes += chunk.byteLength;
      ctl.enqueue(chunk);
    },
  });
  return gunzipCapped(raw.pipeThrough(count));
}

/**
 * Reads a big export in byte ranges on several threads and stitches the readings (see
 * core/ingest/parts.ts); null when the file is small, compressed, not UTF-8, of a format read
 * in one go, or when the ranges did not join exactly — the caller then reads it in one go.
 */
export async function readInParts(
  deps: PartDeps,
  file: File,
  options: ReadOptions,
  onProgress: (bytes: number, rows: number) => void,
): Promise<{ reading: ExportReading; ranges: number } | null> {
  const runPart = deps.runPart;
  const minPart = deps.minPartBytes ?? MIN_PART_BYTES;
  const parts = Math.min(
    deps.maxParts ?? Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1),
    Math.floor(file.size / minPart),
  );
  if (!runPart || parts < 2) return null;
  const headBytes = new Uint8Array(await file.slice(0, SPLIT_WINDOW_BYTES).arrayBuffer());
  if (headBytes[0] === 0x1f && headBytes[1] === 0x8b) return null;
  let probe;
  try {
    probe = createExportReader(options);
    probe.push(headBytes);
  } catch {
    return null; // the one-go read gives the message
  }
  const groupCol = probe.header.findIndex((h) => normHeader(h) === normHeader('Name'));
  const lf = headBytes.indexOf(0x0a);
  if (
    !probe.format ||
    !SPLITTABLE_FORMATS.includes(probe.format) ||
    probe.encoding !== 'utf-8' ||
    !probe.delimiter ||
    groupCol < 0 ||
    lf < 0
  )
    return null;
  // The header line, read again before each later range. A header with title lines above it or
  // a line break inside would read differently there, and the stitcher refuses differing headers.
  const head = headBytes.slice(0, lf + 1);
  // This thread's range is a tenth bigger: the others start a fresh worker (and a cold JIT).
  const cuts = [0];
  const share = 1 / (parts + 0.1);
  for (let k = 1; k < parts; k++) {
    const at = Math.round(file.size * share * (k + 0.1));
    const window = new Uint8Array(await file.slice(at, at + SPLIT_WINDOW_BYTES).arrayBuffer());
    const cut = findSplit(window, at, groupCol, probe.delimiter);
    if (cut !== null && cut > cuts[cuts.length - 1]! && cut < file.size) cuts.push(cut);
  }
  if (cuts.length < 2) return null;
  cuts.push(file.size);
  const done = cuts.slice(1).map(() => ({ bytes: 0, rows: 0 }));
  const progress = (k: number) => (bytes: number, rows: number) => {
    done[k] = { bytes, rows };
    onProgress(
      done.reduce((a, d) => a + d.bytes, 0),
      done.reduce((a, d) => a + d.rows, 0),
    );
  };
  const request = (k: number): PartRequest => ({
    file,
    start: cuts[k]!,
    end: cuts[k + 1]!,
    head: k === 0 ? null : head,
    options,
  });
  const others = done.slice(1).map((_, j) => runPart(request(j + 1), progress(j + 1)));
  // A worker started from this one loads through this thread: wait until the others run before
  // this thread reads the first range (a busy thread would hold them back until it is done).
  await Promise.race([
    Promise.allSettled(others.map((o) => o.started)),
    new Promise((resolve) => setTimeout(resolve, PART_START_TIMEOUT_MS)),
  ]);
  const jobs = [readRange(request(0), progress(0)), ...others.map((o) => o.done)];
  const settled = await Promise.allSettled(jobs);
  if (settled.some((r) => r.status === 'rejected')) return null;
  const reading = mergePartReadings(
    settled.map((r) => (r as PromiseFulfilledResult<ExportReading>).value),
    options.preferredTimezone,
  );
  return reading && { reading, ranges: jobs.length };
}

/** Reports progress to the screen at most every PROGRESS_EVERY_MS (forced: always). */
export type Report = (
  p: Omit<ImportProgress, 'files' | 'totalBytes' | 'rowsPerSecond'>,
  force?: boolean,
) => void;

export function progressReporter(
  onProgress: ((p: ImportProgress) => void) | undefined,
  files: number,
  totalBytes: number,
  now: () => number,
  t0: number,
): Report {
  let lastReport = -Infinity;
  return (p, force = false) => {
    if (!onProgress) return;
    const t = now();
    if (!force && t - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = t;
    const secs = Math.max((t - t0) / 1000, 1e-3);
    // The callback is a comlink proxy: do not wait for the page, and ignore a closed page.
    void Promise.resolve(
      onProgress({
        ...p,
        files,
        totalBytes,
        rowsPerSecond: Math.round(p.rows / secs),
      }),
    ).catch(() => undefined);
  };
}

/** Reading threads: how many, and from what size a range is worth one. */
export type PartDeps = Pick<ImportDeps, 'runPart' | 'maxParts' | 'minPartBytes'>;

/** How every file of one import is read (the store's zone, currency and salt). */
export interface ReadContext {
  readZone: string;
  browserZone: string;
  reportingCurrency: string | undefined;
  salt: string;
  keepEmails: boolean;
}

/**
 * Reads every file, one after the other, streaming; a file that cannot be imported at all
 * throws (named in the message), so nothing is written.
 */
export async function readFiles(
  files: File[],
  names: string[],
  opts: ImportOptions,
  rc: ReadContext,
  parts: PartDeps,
  report: Report,
): Promise<{ readings: FileReading[]; bytes: number; rows: number }> {
  const { readZone, browserZone, reportingCurrency, salt, keepEmails } = rc;
  let doneBytes = 0;
  let doneRows = 0;
  const readings: FileReading[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const name = names[i]!;
    const format = opts.formats?.[name];
    const mapping = opts.mappings?.[name];
    const dateFormat = opts.dateFormats?.[name];
    const fileCurrency = opts.fileCurrencies?.[name];
    const counted = { bytes: 0 };
    let pushed = 0;
    let reader;
    try {
      const plain: ReadOptions = {
        ...(format !== undefined && { format }),
        ...(mapping && { mapping }),
        ...(dateFormat !== undefined && { dateFormat }),
        ...(fileCurrency !== undefined && { fileCurrency }),
        timezone: readZone,
        preferredTimezone: browserZone,
        ...(reportingCurrency !== undefined && { reportingCurrency }),
        salt,
        keepEmails,
        records: false,
        fileName: name,
      };
      const inParts = await readInParts(parts, file, plain, (bytes, rows) =>
        report({
          phase: 'reading',
          fileName: name,
          fileIndex: i,
          bytes: doneBytes + Math.min(bytes, file.size),
          rows: doneRows + rows,
        }),
      );
      if (inParts) {
        readings.push({
          name,
          bytes: file.size,
          reading: inParts.reading,
          index: i,
          ranges: inParts.ranges,
        });
        const reading = inParts.reading;
        doneRows += reading.rows;
        doneBytes += file.size;
        report(
          { phase: 'reading', fileName: name, fileIndex: i, bytes: doneBytes, rows: doneRows },
          true,
        );
        continue;
      }
      reader = createExportReader(plain);
      const gz = await isGzip(file);
      const stream = byteStream(file, gz, counted);
      const it = stream.getReader();
      for (;;) {
        const chunk = await it.read();
        if (chunk.done) break;
        pushInPieces(reader, chunk.value);
        pushed += chunk.value.byteLength;
        if (reader.format === 'storelens-bundle') {
          void it.cancel().catch(() => undefined);
          throw bundleError(name);
        }
        const fileBytes = gz ? counted.bytes : pushed;
        report({
          phase: 'reading',
          fileName: name,
          fileIndex: i,
          bytes: doneBytes + Math.min(fileBytes, file.size),
          rows: doneRows + reader.progress.rows,
        });
      }
      const reading = reader.finish();
      if (reading.format === 'storelens-bundle') throw bundleError(name);
      if (reading.format === 'generic' && !mapping) {
        throw new IngestError(
          'missing-columns',
          `${name}: Storelens does not recognise this file's columns. Map them (which column holds the order id, date, total, …) and import again.`,
        );
      }
      readings.push({ name, bytes: file.size, reading, index: i, ranges: 1 });
      doneRows += reading.rows;
    } catch (e) {
      // Name the file in the one message the user sees (the reader's messages say what, not which).
      if (
        (e as { name?: string }).name === 'IngestError' &&
        !String((e as Error).message).startsWith(name)
      ) {
        const err = new IngestError((e as IngestError).code, `${name}: ${(e as Error).message}`);
        throw Object.assign(err, { fileName: name });
      }
      throw e;
    }
    doneBytes += file.size;
    report(
      { phase: 'reading', fileName: name, fileIndex: i, bytes: doneBytes, rows: doneRows },
      true,
    );
  }
  return { readings, bytes: doneBytes, rows: doneRows };
}
