/**
 * Bundle migrations: each step takes a bundle of version v to v + 1, on plain JSON, before
 * validation. Unknown fields are kept so a later step or the schema can decide.
 *
 * v1 (the first extension exports): `{ version: 1, exportedAt, app, data: { tracked, snapshots,
 * audits, matches, catalog }, deleted: [{ entity, id, at }] }`, with snapshot prices as decimal
 * major units (12.5 for $12.50) and deletions listed apart.
 * v2: `{ version: 2, createdAt, source: { app, label }, entities: {...} }`, money in minor units,
 * deletions as tombstone records.
 * v3: v2 plus `entities.tables.labels` (carrier label costs) and the settings' profit costs
 * (`settings.costs`). A v2 bundle has neither: it applies as it is, and leaves this device's label
 * costs and profit costs as they are (nothing in it says to remove them). A Storelens that reads
 * only v2 refuses a v3 bundle ("update Storelens") instead of dropping its label costs unseen.
 * v4: v3 plus the orders table's `refunds` column (each refund with its own date and split, from
 * a store connection). A v3 bundle has none: its orders load with "" (one refund per order, as
 * before). A Storelens that reads only v3 says "update Storelens" instead of refusing the column.
 */

import { currencyDigits } from '../schema/money.ts';

type Json = Record<string, unknown>;

const digitsOf = (currency: unknown): number =>
  typeof currency === 'string' ? currencyDigits(currency) : 2;

const toMinor = (v: unknown, currency: unknown) =>
  typeof v === 'number' ? Math.round(v * 10 ** digitsOf(currency)) : v;

function v1ToV2(b: Json): Json {
  const data = (b.data ?? {}) as Json;
  const arr = (v: unknown) => (Array.isArray(v) ? (v as Json[]) : undefined);
  const deleted = arr(b.deleted) ?? [];
  const tombstones = (entity: string, keyField: string) =>
    deleted
      .filter((d) => d.entity === entity)
      .map((d) => ({ [keyField]: d.id, deleted: true, updatedAt: d.at }));
  const tracked = arr(data.tracked)?.map((t) => ({ ...t }));
  // A v1 deletion of a tracked product becomes a tombstone on the full record (the schema needs it).
  for (const t of tombstones('tracked', 'id')) {
    const rec = tracked?.find((x) => x.id === t.id);
    if (rec)
      Object.assign(rec, {
        deleted: true,
        updatedAt: Math.max(Number(rec.updatedAt) || 0, Number(t.updatedAt) || 0),
      });
  }
  const entities: Json = {};
  if (tracked) entities.trackedProducts = tracked;
  const snaps = arr(data.snapshots);
  if (snaps) {
    entities.snapshots = snaps.map((s) => ({
      ...s,
      price: s.price == null ? null : toMinor(s.price, s.currency),
      wasPrice: s.wasPrice == null ? null : toMinor(s.wasPrice, s.currency),
    }));
  }
  if (arr(data.audits)) entities.audits = data.audits;
  if (arr(data.matches)) entities.matches = data.matches;
  const catalog = arr(data.catalog);
  if (catalog || deleted.some((d) => d.entity === 'catalog')) {
    entities.catalog = [
      ...(catalog ?? []).map((c) => ({ ...c, price: toMinor(c.price, c.currency) })),
      ...tombstones('catalog', 'sku'),
    ];
  }
  return {
    format: b.format,
    version: 2,
    createdAt: b.exportedAt,
    source: { app: b.app === 'pwa' ? 'pwa' : 'extension', label: 'migrated from format 1' },
    entities,
  };
}

/** Nothing to convert: v3 only adds optional parts (label costs, profit costs). */
const v2ToV3 = (b: Json): Json => ({ ...b, version: 3 });

/** Nothing to convert: v4 only adds a column (schema/columns.ts addedColumns fills older tables). */
const v3ToV4 = (b: Json): Json => ({ ...b, version: 4 });

const steps: Record<number, (b: Json) => Json> = { 1: v1ToV2, 2: v2ToV3, 3: v3ToV4 };

/** Brings a parsed bundle of any known version up to the current one. */
export function migrateBundle(raw: { version: number }): unknown {
  let b = raw as Json & { version: number };
  while (steps[b.version]) b = steps[b.version]!(b) as Json & { version: number };
  return b;
}
