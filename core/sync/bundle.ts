/**
 * The Storelens bundle: a versioned, zod-validated JSON document, gzip-compressed with the
 * platform's CompressionStream, that carries any subset of the data between the extension, the
 * PWA and other devices. Records carry ids and update times; deletions are tombstones.
 *
 * Untrusted input: a bundle is validated at the door (size caps, no prototype keys, no dates in
 * the future, every record through its schema) and nothing is stored unless all of it is valid.
 */
import { z, utcMs } from '../schema/common.ts';
import {
  auditSchema,
  catalogItemSchema,
  matchSchema,
  priceSnapshotSchema,
  trackedProductSchema,
} from '../schema/competitive.ts';
import { experimentSchema, productSchema, settingsSchema, targetSchema } from '../schema/store.ts';
import { capText, gunzipCapped, inflateCap } from '../ingest/decode.ts';
import { migrateBundle } from './migrate.ts';
import { bundleTableNames, checkBundleTable } from './tables.ts';

export const BUNDLE_FORMAT = 'storelens-bundle';
export const BUNDLE_VERSION = 4;
/** Largest bundle file accepted; what it may expand to is `inflateCap()` (sized to the device). */
export const MAX_COMPRESSED_BYTES = 256 * 1024 * 1024;
/** Clock skew tolerated for "future" timestamps. */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/** A record may be a tombstone: `deleted: true` with the time of deletion in `updatedAt`. */
const tombstone = z.object({ deleted: z.literal(true), updatedAt: utcMs });

/** A columnar fact table in JSON: numbers as arrays, strings as dictionary + codes. */
const jsonColumn = z.union([
  z.array(z.number().nullable()),
  z.object({ dict: z.array(z.string()), codes: z.array(z.number().int().min(0)) }),
]);
export const jsonTableSchema = z.object({
  length: z.number().int().min(0),
  columns: z.record(z.string(), jsonColumn),
});
export type JsonTable = z.infer<typeof jsonTableSchema>;

export const bundleEntitiesSchema = z.object({
  trackedProducts: z.array(trackedProductSchema).optional(),
  snapshots: z.array(priceSnapshotSchema).optional(),
  audits: z.array(auditSchema).optional(),
  matches: z.array(matchSchema).optional(),
  catalog: z
    .array(z.union([catalogItemSchema, tombstone.extend({ sku: z.string().min(1) })]))
    .optional(),
  products: z.array(productSchema).optional(),
  experiments: z.array(experimentSchema).optional(),
  targets: z.array(targetSchema).optional(),
  settings: settingsSchema.optional(),
  /** Store fact tables (orders, lines, traffic, spend, label costs) as columns. */
  tables: z
    .object({
      orders: jsonTableSchema.optional(),
      lines: jsonTableSchema.optional(),
      traffic: jsonTableSchema.optional(),
      spend: jsonTableSchema.optional(),
      /** Carrier label costs (a label-cost import); absent from bundles made before them. */
      labels: jsonTableSchema.optional(),
    })
    .optional(),
});
export type BundleEntities = z.infer<typeof bundleEntitiesSchema>;

export const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: utcMs,
  /** Which app wrote it, for the user's preview ("from the extension on …"). */
  source: z.object({ app: z.enum(['pwa', 'extension']), label: z.string().default('') }),
  entities: bundleEntitiesSchema,
});
export type Bundle = z.infer<typeof bundleSchema>;

/** A bundle that cannot be used, with one message for the user. */
export class BundleError extends Error {
  override name = 'BundleError';
  constructor(
    readonly code:
      | 'too-large'
      | 'not-gzip'
      | 'truncated'
      | 'not-json'
      | 'foreign'
      | 'newer-version'
      | 'invalid'
      | 'unsafe-key'
      | 'future-date',
    message: string,
  ) {
    super(message);
  }
}

/** Makes a bundle object (not yet compressed). */
export function makeBundle(
  app: 'pwa' | 'extension',
  entities: BundleEntities,
  now = Date.now(),
  label = '',
): Bundle {
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: now,
    source: { app, label },
    entities,
  };
}

async function pipeBytes(
  bytes: Uint8Array,
  transform: GenerateTransformStream,
  limit: number,
  onLimit: () => Error,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw onLimit();
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
type GenerateTransformStream = TransformStream<Uint8Array, Uint8Array>;

/** A stream's bytes in one array. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Serialises and gzips a bundle (CompressionStream). */
export async function encodeBundle(bundle: Bundle): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(bundle));
  return pipeBytes(
    json,
    new CompressionStream('gzip') as unknown as GenerateTransformStream,
    Number.MAX_SAFE_INTEGER,
    () => new Error('unreachable'),
  );
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse that refuses prototype-polluting keys anywhere in the document. */
function parseJsonSafely(text: string): unknown {
  return JSON.parse(text, function (key, value) {
    if (UNSAFE_KEYS.has(key)) {
      throw new BundleError(
        'unsafe-key',
        `The bundle contains a forbidden key "${key}". It was not imported; export it again from Storelens.`,
      );
    }
    return value;
  });
}

function checkFutureDates(value: unknown, limit: number, path: string): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkFutureDates(value[i], limit, `${path}[${i}]`);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (
        (k === 'updatedAt' || k === 'at' || k === 'createdAt') &&
        typeof v === 'number' &&
        v > limit
      ) {
        throw new BundleError(
          'future-date',
          `The bundle has a date in the future at ${path}.${k} (${new Date(v).toISOString()}). Check the clock of the device that exported it, then export again.`,
        );
      }
      if (k !== 'tables') checkFutureDates(v, limit, `${path}.${k}`);
    }
  }
}

const NOTHING = 'Nothing was imported; export the bundle again from Storelens.';

/** "The bundle's products table, row 4, field "currency"" for a validation issue's path. */
function whereInBundle(path: readonly PropertyKey[]): string {
  const [top, entity, row, ...rest] = path.map(String);
  if (top !== 'entities' || entity === undefined) {
    return `The bundle is not valid at ${path.map(String).join('.') || 'its top level'}`;
  }
  if (entity === 'settings') {
    return `The bundle's settings, field "${[row, ...rest].filter(Boolean).join('.')}"`;
  }
  if (row === undefined) return `The bundle's ${entity} table`;
  const n = Number(row);
  const field = rest.join('.');
  return `The bundle's ${entity} table, row ${Number.isInteger(n) ? n + 1 : row}${field ? `, field "${field}"` : ''}`;
}

/**
 * Reads a bundle file: gunzips (or takes plain JSON), parses safely, migrates older versions,
 * validates every record. Throws BundleError with a message for the user; never partial.
 */
export async function decodeBundle(
  bytes: Uint8Array,
  opts: { now?: number; maxJsonBytes?: number } = {},
): Promise<Bundle> {
  const now = opts.now ?? Date.now();
  const maxJson = opts.maxJsonBytes ?? inflateCap();
  const tooBig = (cap: number) =>
    new BundleError(
      'too-large',
      `The bundle expands to more than ${capText(cap)}, more than this device can safely read. It was not imported; export less (the competitor data only, or from a device with more memory).`,
    );
  if (bytes.length > MAX_COMPRESSED_BYTES) {
    throw new BundleError(
      'too-large',
      `The bundle is ${Math.round(bytes.length / 1e6)} MB; the limit is ${MAX_COMPRESSED_BYTES / 1024 / 1024} MB.`,
    );
  }
  let jsonBytes = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      jsonBytes = await readAll(
        gunzipCapped(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), {
          cap: maxJson,
          onLimit: tooBig,
        }),
      );
    } catch (e) {
      if (e instanceof BundleError) throw e;
      throw new BundleError(
        'truncated',
        'The bundle file is damaged or incomplete (the compressed data ends early). Copy or download it again.',
      );
    }
  } else if (bytes.length > maxJson) {
    throw tooBig(maxJson);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(jsonBytes);
  } catch {
    throw new BundleError(
      'not-json',
      'This file is not a Storelens bundle (it is not text). Pick a .storelens file exported by Storelens.',
    );
  }
  let raw: unknown;
  try {
    raw = parseJsonSafely(text);
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(
      'not-json',
      'This file is not a valid Storelens bundle (its JSON is broken). Export it again.',
    );
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw new BundleError(
      'foreign',
      'This file is not a Storelens bundle. Pick a .storelens file exported by Storelens.',
    );
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BundleError(
      'invalid',
      'This bundle has no valid version number. Export it again from Storelens.',
    );
  }
  if (version > BUNDLE_VERSION) {
    throw new BundleError(
      'newer-version',
      `This bundle was made by a newer Storelens (format ${version}; this one reads up to ${BUNDLE_VERSION}). Update Storelens, then import it again.`,
    );
  }
  const migrated = migrateBundle(raw as { version: number });
  checkFutureDates(migrated, now + FUTURE_SLACK_MS, 'bundle');
  const parsed = bundleSchema.safeParse(migrated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundleError('invalid', `${whereInBundle(issue.path)}: ${issue.message}. ${NOTHING}`);
  }
  // Fact tables are columns, checked cell by cell as strictly as CSV rows.
  const tables = parsed.data.entities.tables ?? {};
  for (const name of bundleTableNames) {
    const t = tables[name];
    if (t) checkBundleTable(name, t, now);
  }
  return parsed.data;
}
