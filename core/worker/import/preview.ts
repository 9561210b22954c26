/**
 * The preview of one chosen file, from its head only: format, header, first rows, the store
 * timezone and currency it suggests, mapping suggestions for a generic CSV; a bundle's preview
 * comes from core/worker/sync. Nothing is written.
 */
import {
  createExportReader,
  FORMATS,
  headerSignature,
  needsFileCurrency,
  IngestError,
  MAPPABLE_FIELDS,
  suggestMapping,
  type ExportReading,
} from '../../ingest/index.ts';
import type { Settings } from '../../schema/store.ts';
import { findMapping, type StoreDb } from '../../db/store.ts';
import { previewBundle } from '../sync.ts';
import { byteStream, isGzip, nameOf } from './read.ts';
import { currencyCounts, mostCommon } from './plan.ts';
import type { FilePreview, PreviewOptions, StoredMapping } from './types.ts';

// Enough for the header, title lines and well over the previewed rows of any export.
const PREVIEW_BYTES = 256 * 1024;
/** The kind of the saved column mappings of generic CSVs. */
export const MAPPING_KIND = 'generic';
// The fields core/ingest's generic reader requires per entity (it checks them again on import).
// An order total is not among them: a line-level file's totals come from quantity × unit price.
const REQUIRED_FIELDS: readonly string[] = [
  'order.id',
  'order.createdAt',
  'product.sku',
  'product.price',
  'traffic.date',
  'traffic.sessions',
  'spend.date',
  'spend.spend',
];

export interface PreviewDeps {
  db: () => Promise<StoreDb>;
  /** The store's real settings (the demo store's do not count). */
  storeSettings: (db: StoreDb) => Promise<Settings | null>;
  localTimezone: () => string;
}

/**
 * The rows of a preview's reading that an import would not store, in row order: all rejected and
 * skipped rows when the whole file was read, else only the skipped ones (a head cut inside a row
 * or an order makes rejections of its own; a cut row has too few columns to be skipped).
 */
function notStoredRows(r: ExportReading, whole: boolean): FilePreview['notStored'] {
  const skipped = (r.skipped ?? []).map((e) => ({ ...e, skipped: true }));
  if (!whole) return skipped;
  return [...r.errors.map((e) => ({ ...e, skipped: false })), ...skipped].sort(
    (a, b) => a.row - b.row,
  );
}

/** Reads the head of a file: format, header, first rows, mapping suggestions, store settings. */
export async function previewFile(
  deps: PreviewDeps,
  file: File,
  opts: PreviewOptions = {},
): Promise<FilePreview> {
  const fileName = nameOf(file, 0);
  const db = await deps.db();
  const settings = await deps.storeSettings(db);
  const store = settings ? { timezone: settings.timezone, currency: settings.currency } : null;
  const base = {
    fileName,
    bytes: file.size,
    problem: null,
    encoding: null,
    delimiter: null,
    warnings: [],
    timezone: null,
    timezoneCandidates: [],
    needsCurrency: false,
    currency: null,
    notStored: [],
    suggestedMapping: null,
    savedMapping: null,
    fields: null,
    bundle: null,
    store,
  };
  const bundleFile = async (): Promise<FilePreview> => {
    const out: FilePreview = {
      ...base,
      format: 'storelens-bundle',
      confidence: 1,
      header: [],
      rows: [],
      headerSignature: '',
    };
    try {
      out.bundle = await previewBundle(db, new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      out.problem = (e as Error).message;
    }
    return out;
  };
  const head = file.slice(0, PREVIEW_BYTES);
  const counted = { bytes: 0 };
  const gzip = await isGzip(file);
  const stream = byteStream(head, gzip, counted);
  let pushed = 0;
  const reader = createExportReader({
    ...(opts.format !== undefined && { format: opts.format }),
    ...(opts.mapping && { mapping: opts.mapping }),
    ...(opts.dateFormat !== undefined && { dateFormat: opts.dateFormat }),
    timezone: settings?.timezone ?? opts.timezone ?? deps.localTimezone(),
    preferredTimezone: deps.localTimezone(),
    // Only the format and the first rows matter here; the currency is asked before importing.
    reportingCurrency: settings?.currency ?? opts.currency ?? 'USD',
    // A file without its currency column is previewed; the screen asks for its currency.
    fileCurrency: settings?.currency ?? opts.currency ?? 'USD',
    fileName,
    records: false,
  });
  const it = stream.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await it.read();
    } catch (e) {
      // A decompression bomb is refused already here ("expands to more than …").
      if ((e as { code?: string }).code === 'too-large') throw e;
      if (gzip && pushed === 0) {
        throw new IngestError(
          'gzip',
          `${fileName} is gzip-compressed but cannot be decompressed: it is damaged or cut off. Download or export it again.`,
        );
      }
      // The head of a gzip file ends mid-stream: what was decompressed is enough for a preview.
      break;
    }
    if (chunk.done) break;
    pushed += chunk.value.byteLength;
    reader.push(chunk.value);
    if (reader.format === 'storelens-bundle') {
      void it.cancel().catch(() => undefined);
      return bundleFile();
    }
  }
  let r: ExportReading;
  try {
    r = reader.finish();
  } catch (e) {
    // JSON cut off at the end of the previewed head: a bundle, read whole by the sync module.
    if ((e as { code?: string }).code === 'bad-json' && reader.format === 'storelens-bundle')
      return bundleFile();
    throw e;
  }
  if (r.format === 'storelens-bundle') return bundleFile();
  const sig = headerSignature(r.header);
  const needsCurrency = needsFileCurrency(FORMATS[r.format], r.header);
  const preview: FilePreview = {
    ...base,
    format: r.format,
    confidence: r.confidence,
    header: r.header,
    rows: r.preview,
    encoding: r.encoding ?? null,
    delimiter: r.delimiter ?? null,
    warnings: r.warnings,
    timezone: r.timezone ?? null,
    timezoneCandidates: r.timezoneCandidates ?? [],
    needsCurrency,
    // A file without its currency column was read in a stand-in currency: it says none.
    currency: needsCurrency
      ? null
      : (mostCommon(currencyCounts([r.ordersTable])) ?? r.products?.[0]?.currency ?? null),
    headerSignature: sig,
    notStored: notStoredRows(r, file.size <= PREVIEW_BYTES),
  };
  if (r.format === 'generic') {
    preview.fields = Object.keys(MAPPABLE_FIELDS).map((field) => ({
      field,
      required: REQUIRED_FIELDS.includes(field),
    }));
    preview.suggestedMapping = suggestMapping(r.header);
    const saved = (await findMapping(db, MAPPING_KIND, sig)) as StoredMapping | undefined;
    if (saved) {
      preview.savedMapping = {
        mapping: saved.mapping,
        ...(saved.dateFormat !== undefined && { dateFormat: saved.dateFormat }),
      };
    }
  }
  return preview;
}
